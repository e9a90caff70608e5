/**
 * `obsh --scenario` end to end on the simulated cluster: a small scenario passes (SQL, KV, HBase
 * and an admin kill with a wait for the new leader), a wrong expectation exits 1 with its diff, a
 * parse error exits 2 with file:line:col, `--update` rewrites only the failing expected block, and
 * a header tenant is created before the first cell. Also `--scenario` / `--update` as options.
 * Files from disk are untrusted: CRLF / CR files are updated in their own line endings, and a
 * file that is not UTF-8 is refused (exit 2) instead of rewritten with U+FFFD.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from './options';
import { runScenarioFile, spliceExpected, spliceExpectedBlocks } from './scenario';
import { parseScenario } from '../../engine/scenario/parse';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obsh-scenario-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function run(file: string, update = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runScenarioFile({ file, update, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const fence = '```';
const HEADER = `---\ntitle: Failover\nzones: 3\nservers_per_zone: 1\nseed: 3\n---\n`;
const TABLE = `${fence}sql
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10));
INSERT INTO t VALUES (1, 'a'), (2, 'b');
SELECT * FROM t ORDER BY id;
${fence}

${fence}expected
Query OK, 0 rows affected

Query OK, 2 rows affected
Records: 2  Duplicates: 0  Warnings: 0

+----+------+
| id | v    |
+----+------+
|  1 | a    |
|  2 | b    |
+----+------+
2 rows in set
${fence}
`;

const GOOD = `${HEADER}
# Failover

A table, then the leader of its log stream dies.

${TABLE.replace(/\| v {4}\|/g, '| v |').replace(/\+------\+/g, '+---+').replace(/\| a {4}\|/, '| a |').replace(/\| b {4}\|/, '| b |')}
${fence}admin
kill leader of ls 1001
wait for leader of ls 1001 timeout 20s
${fence}

${fence}expected
killed server {...}: leader of LS 1001 (test)
leader of LS 1001 (test) is on server {...}
${fence}

${fence}sql
SELECT COUNT(*) AS n FROM t;
${fence}

${fence}expected
...
| 2 |
...
${fence}

${fence}kv
await client.insert('t', [3], ['v'], ['c']);
print('rows', 3);
return await client.get('t', [3], ['id', 'v']);
${fence}

${fence}expected
rows 3
id | v
3 | c
${fence}

${fence}hbase
list
${fence}
`;

describe('obsh --scenario', () => {
  it('runs a small scenario: every expectation passes, exit 0', async () => {
    const r = await run(write('good.md', GOOD));
    expect(r.err).toBe('');
    expect(r.out).toContain('── cell 2 · sql · line 12 ──');
    expect(r.out).toMatch(/── cell 3 · admin · line \d+ ──\nkilled server \d \(zone\d\): leader of LS 1001 \(test\)\nleader of LS 1001 \(test\) is on server \d \(zone\d\)\n✓ matches/);
    expect(r.out).toContain('rows 3\nid | v\n3 | c\n✓ matches the expected output');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('5 cells, 4 checked: 4 passed');
    expect(r.code).toBe(0);
  }, 60_000);

  it('a wrong expectation exits 1 with the diff; --update rewrites just that block', async () => {
    const file = write('wrong.md', `${HEADER}\n${TABLE}\nAfter.\n`);
    const before = fs.readFileSync(file, 'utf8');
    const r = await run(file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ differs from the expected output (- expected, + actual):\n  Query OK, 0 rows affected');
    expect(r.out).toContain('- | id | v    |\n');
    expect(r.out).toContain('+ | id | v |\n');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('1 cell, 1 checked: 0 passed, 1 FAILED');

    const u = await run(file, true);
    expect(u.code).toBe(0);
    expect(u.out.trimEnd().split('\n').at(-1)).toBe('1 cell, 1 checked: 1 passed; 1 expected block updated');
    const after = fs.readFileSync(file, 'utf8');
    expect(after).toBe(before.replace(/\| v {4}\|/g, '| v |').replace(/\+------\+/g, '+---+').replace('| a    |', '| a |').replace('| b    |', '| b |'));
    expect((await run(file)).code).toBe(0);
  }, 60_000);

  it('a failed command without an expectation exits 1', async () => {
    const r = await run(write('fail.md', `${HEADER}\n${fence}sql\nSELECT * FROM nope;\n${fence}\n`));
    expect(r.out).toContain("ERROR 1146 (42S02): Table 'test.nope' doesn't exist\n✗ the command failed");
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('1 cell, 0 checked: 0 passed; 1 command failed');
    expect(r.code).toBe(1);
  }, 60_000);

  it('a parse error exits 2 with file:line:col before booting anything', async () => {
    const file = write('bad.md', `${HEADER}\n${fence}sql tenant=\nSELECT 1;\n${fence}\n`);
    const r = await run(file);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:\\d+: .+\\n$`));
    expect((await run(path.join(dir, 'missing.md'))).code).toBe(2);
  });

  it('creates the header\'s tenant before the first cell', async () => {
    const text = `---\ntitle: Tenants\nzones: 3\nservers_per_zone: 1\ntenants:\n  - name: app\n    unit_num: 1\n    primary_zone: zone2\n---\n\n${fence}sql tenant=app\nSELECT TENANT_NAME FROM oceanbase.DBA_OB_TENANTS;\n${fence}\n\n${fence}expected\n...\n| app         |\n...\n${fence}\n`;
    const r = await run(write('tenant.md', text));
    expect(r.out).toContain('── setup ──\ncreated tenant app (unit_num 1, primary_zone zone2)');
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('spliceExpected', () => {
  it('updates CRLF and CR files in their own line endings, and counts only blocks it rewrote', () => {
    for (const eol of ['\r\n', '\r']) {
      const doc = (body: string) => ['---', 'title: x', '---', '', `${fence}sql`, 'SELECT 1;', fence, '', `${fence}expected`, body, fence, 'tail', ''].join(eol);
      const parsed = parseScenario(doc('old'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(spliceExpectedBlocks(doc('old'), parsed.scenario.cells, new Map([[0, 'new']]))).toEqual({ text: doc('new'), updated: 1 });
    }
    const noBlock = `---\ntitle: x\n---\n${fence}sql\nSELECT 1;\n${fence}\n`;
    const parsed = parseScenario(noBlock);
    if (!parsed.ok) throw new Error('parse');
    expect(spliceExpectedBlocks(noBlock, parsed.scenario.cells, new Map([[0, 'new']]))).toEqual({ text: noBlock, updated: 0 });
  });

  it('refuses a file that is not UTF-8 and leaves it as it was, even with --update', async () => {
    const file = path.join(dir, 'latin1.md');
    const bytes = Buffer.concat([Buffer.from(`---\ntitle: caf`), Buffer.from([0xe9]), Buffer.from(`\n---\n${fence}sql\nSELECT 1;\n${fence}\n\n${fence}expected\nwrong\n${fence}\n`)]);
    fs.writeFileSync(file, bytes);
    const r = await run(file, true);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not valid UTF-8');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('replaces one expected block, growing the fence when the output holds backticks', () => {
    const text = `---\ntitle: x\n---\n\n${fence}sql\nSELECT 1;\n${fence}\n\n${fence}expected\nold\n${fence}\ntail\n`;
    const parsed = parseScenario(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const out = spliceExpected(text, parsed.scenario.cells, new Map([[0, 'new\n```']]));
    expect(out).toBe(`---\ntitle: x\n---\n\n${fence}sql\nSELECT 1;\n${fence}\n\n\`\`\`\`expected\nnew\n${fence}\n\`\`\`\`\ntail\n`);
  });
});

/** `node workers/obsh/bin.mjs …` as a user runs it: stdout, stderr and the exit code. */
function obsh(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const root = path.resolve(__dirname, '../..');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'workers/obsh/bin.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('the obsh command', () => {
  it('runs --scenario FILE and exits with its code', { timeout: 120_000 }, async () => {
    const ok = await obsh(['--scenario', write('cli.md', `${HEADER}\n${fence}sql tenant=sys\nSELECT COUNT(*) AS zones FROM oceanbase.DBA_OB_ZONES;\n${fence}\n\n${fence}expected\n...\n|     3 |\n...\n${fence}\n`)]);
    expect(ok.stdout).toContain('1 cell, 1 checked: 1 passed');
    expect(ok.code).toBe(0);
    const bad = await obsh([`--scenario=${write('cli_bad.md', 'no header')}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cli_bad\.md:1:1: /);
  });
});

describe('options', () => {
  it('parses --scenario FILE and --update', () => {
    expect(parseOptions(['--scenario', 'a.md', '--update'])).toMatchObject({ scenario: 'a.md', update: true });
    expect(parseOptions(['--scenario=b.md'])).toMatchObject({ scenario: 'b.md', update: false });
  });
});
