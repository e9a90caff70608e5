/**
 * Guards the engine's one architectural rule (architecture §2, conventions §2): engine/ code touches
 * no browser or Node global and imports nothing from the hosts or the UI. Time, randomness, files and
 * the network come through engine/env. Test files are exempt.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = join(__dirname);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'test' ? [] : sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const BANNED: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/(?<![.\w])(setTimeout|setInterval|setImmediate)\s*\(/, 'timers'],
  [/(?<![.\w])(window|document|navigator|localStorage|process|self)\.[a-zA-Z]/, 'a host global'],
  [/from\s+['"](node:[^'"]+|fs|path|os|react|react-dom|zustand|comlink)['"]/, 'a host or UI import'],
  [/from\s+['"](\.\.\/)+(app|workers)\//, 'an import from app/ or workers/'],
];

describe('engine/ is host-agnostic', () => {
  const files = sources(ENGINE);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('uses no banned global or host import', () => {
    const offences: string[] = [];
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^\s*(\*|\/\*)/.test(line)) return; // doc comments
        for (const [re, what] of BANNED) if (re.test(code)) offences.push(`${relative(ENGINE, f)}:${i + 1} uses ${what}: ${line.trim()}`);
      });
    }
    expect(offences).toEqual([]);
  });
});
