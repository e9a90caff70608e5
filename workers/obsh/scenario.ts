/**
 * `obsh --scenario FILE [--update]` (issue #6): runs a scenario document headless — parse it, boot
 * its topology as an in-process simulated cluster (scenario_target.ts), run the setup and every
 * cell with the same runner as the page (engine/scenario/runner.ts), print each command cell's
 * output and, for a failed expectation, the diff — so tutorial authors check lessons in CI.
 *
 *   ── cell 3 · sql · line 12 ──
 *   <output>
 *   ✗ differs from the expected output (- expected, + actual):
 *   …
 *   8 cells, 5 checked: 4 passed, 1 FAILED
 *
 * Exit codes: 0 all good; 1 a failed expectation, or a failed command without an expectation;
 * 2 the file cannot be read (missing, larger than a scenario may be, not UTF-8) or parsed
 * (`file.md:LINE:COL: message`, one per error).
 * `--update` rewrites the failing ```expected blocks with the actual output (an author's tool):
 * the blocks are spliced in place by line (in the file's own line endings: \n, \r\n or \r), the
 * rest of the document is kept byte for byte; a file that is not valid UTF-8 is refused rather
 * than rewritten, and the summary counts only the blocks actually rewritten.
 */
import * as fs from 'node:fs';
import { isFenceClose, matchFenceOpen, parseScenario } from '../../engine/scenario/parse';
import { ScenarioRunner } from '../../engine/scenario/runner';
import { fenceFor } from '../../engine/scenario/serialize';
import { SCENARIO_CHARS_MAX, type CellRun, type Scenario, type ScenarioCell } from '../../engine/scenario/types';
import { SimScenarioTarget } from './scenario_target';

export interface ScenarioFileOptions {
  file: string;
  update: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** What a run found, for the summary line and the exit code. */
interface Tally {
  commands: number;
  checked: number;
  passed: number;
  failedExpectations: number;
  failedUnchecked: number;
  updated: number;
}

/** `── cell 3 · sql · line 12 ──` (cells numbered from 1 as in the document, prose included). */
export function cellHeading(index: number, cell: ScenarioCell): string {
  return `── cell ${index + 1} · ${cell.kind} · line ${cell.line} ──`;
}

/** The lines printed for one cell run (heading, output, verdict, diff). */
export function cellReport(run: CellRun, cell: ScenarioCell | null): string[] {
  const lines = [run.index < 0 || !cell ? '── setup ──' : cellHeading(run.index, cell)];
  if (run.output !== '') lines.push(run.output);
  if (run.expectation === 'pass') lines.push('✓ matches the expected output');
  else if (run.expectation === 'fail') {
    lines.push('✗ differs from the expected output (- expected, + actual):');
    for (const d of run.diff ?? []) lines.push(`${d.op} ${d.text}`.replace(/\s+$/, ''));
  } else if (!run.ok) lines.push('✗ the command failed');
  return lines;
}

/** `8 cells, 5 checked: 4 passed, 1 FAILED` (+ failed unchecked commands, + updates). */
export function summaryLine(t: Tally): string {
  const parts = [`${t.passed} passed`];
  if (t.failedExpectations > 0) parts.push(`${t.failedExpectations} FAILED`);
  let line = `${t.commands} cell${t.commands === 1 ? '' : 's'}, ${t.checked} checked: ${parts.join(', ')}`;
  if (t.failedUnchecked > 0) line += `; ${t.failedUnchecked} command${t.failedUnchecked === 1 ? '' : 's'} failed`;
  if (t.updated > 0) line += `; ${t.updated} expected block${t.updated === 1 ? '' : 's'} updated`;
  return line;
}

/**
 * Replaces the content of the ```expected block after each listed cell with `outputs[i]`,
 * keeping every other character of `text`. Cells are located by their opening fence's line
 * (lines end as the parser splits them: \n, \r\n or \r; the new lines take the block's ending).
 * Returns the new text and how many blocks were rewritten.
 */
export function spliceExpectedBlocks(text: string, cells: readonly ScenarioCell[], outputs: ReadonlyMap<number, string>): { text: string; updated: number } {
  // Lines with their endings, split exactly as parseScenario splits them.
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const endings: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    endings.push(parts[i + 1] ?? '');
  }
  const edits: { from: number; to: number; replacement: string[]; endings: string[] }[] = [];
  for (const [index, output] of outputs) {
    const cell = cells[index];
    const block = cell ? expectedBlock(lines, cell.line - 1) : null;
    if (!block) continue;
    const fence = fenceFor(output);
    const replacement = [`${fence}expected`, ...(output === '' ? [] : output.split('\n')), fence];
    const eol = endings[block.open] || '\n';
    edits.push({ from: block.open, to: block.close, replacement, endings: replacement.map((_, k) => (k === replacement.length - 1 ? endings[block.close] : eol)) });
  }
  for (const e of edits.sort((a, b) => b.from - a.from)) {
    lines.splice(e.from, e.to - e.from + 1, ...e.replacement);
    endings.splice(e.from, e.to - e.from + 1, ...e.endings);
  }
  return { text: lines.map((l, i) => l + endings[i]).join(''), updated: edits.length };
}

/** `spliceExpectedBlocks`'s text only. */
export function spliceExpected(text: string, cells: readonly ScenarioCell[], outputs: ReadonlyMap<number, string>): string {
  return spliceExpectedBlocks(text, cells, outputs).text;
}

/** 0-based lines of the expected fence (open, close) after the command fence opening at `at`. */
function expectedBlock(lines: string[], at: number): { open: number; close: number } | null {
  const command = matchFenceOpen(lines[at] ?? '');
  if (!command) return null;
  let i = at + 1;
  while (i < lines.length && !isFenceClose(lines[i], command)) i++;
  i++;
  while (i < lines.length && lines[i].trim() === '') i++;
  const open = matchFenceOpen(lines[i] ?? '');
  if (!open || open.info.trim().split(/\s+/)[0] !== 'expected') return null;
  let close = i + 1;
  while (close < lines.length && !isFenceClose(lines[close], open)) close++;
  return close < lines.length ? { open: i, close } : null;
}

function tally(scenario: Scenario, runs: CellRun[]): Tally {
  const t: Tally = { commands: 0, checked: 0, passed: 0, failedExpectations: 0, failedUnchecked: 0, updated: 0 };
  for (const run of runs) {
    const cell = scenario.cells[run.index];
    if (cell && cell.kind !== 'prose') t.commands++;
    if (run.expectation === 'pass') t.passed++;
    if (run.expectation !== 'none') t.checked++;
    if (run.expectation === 'fail') t.failedExpectations++;
    if (run.expectation === 'none' && !run.ok) t.failedUnchecked++;
  }
  return t;
}

/** A scenario of SCENARIO_CHARS_MAX characters takes at most this many bytes of UTF-8; larger files are not read. */
const SCENARIO_FILE_BYTES_MAX = 4 * SCENARIO_CHARS_MAX;

/** The file's text (strict UTF-8, at most SCENARIO_FILE_BYTES_MAX bytes), or the message saying why not. */
function readScenarioText(file: string): { text: string } | { error: string } {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > SCENARIO_FILE_BYTES_MAX) return { error: `it is ${size} bytes; a scenario is at most ${SCENARIO_CHARS_MAX} characters` };
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { error: `${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { error: 'it is not valid UTF-8 (save it as UTF-8)' };
  }
}

/** Runs the scenario file; resolves to the exit code (module comment). */
export async function runScenarioFile(o: ScenarioFileOptions): Promise<number> {
  const read = readScenarioText(o.file);
  if ('error' in read) {
    o.err(`obsh: [ERROR] cannot read '${o.file}': ${read.error}.\n`);
    return 2;
  }
  const text = read.text;
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) o.err(`${o.file}:${e.line}:${e.column}: ${e.message}\n`);
    return 2;
  }
  const scenario = parsed.scenario;
  const target = await SimScenarioTarget.boot(scenario.header);
  let runs: CellRun[];
  try {
    const runner = new ScenarioRunner(scenario, target);
    runs = await runner.runAll((run) => {
      const cell = scenario.cells[run.index] ?? null;
      if (cell?.kind === 'prose') return;
      if (run.index < 0 && run.ok && run.output === '') return;
      o.out(`${cellReport(run, cell).join('\n')}\n\n`);
    });
  } finally {
    await target.stop();
  }
  const t = tally(scenario, runs);
  if (o.update) {
    const fixes = new Map(runs.filter((r) => r.expectation === 'fail').map((r) => [r.index, r.output]));
    const spliced = spliceExpectedBlocks(text, scenario.cells, fixes);
    if (spliced.updated > 0) fs.writeFileSync(o.file, spliced.text);
    t.updated = spliced.updated;
    t.passed += spliced.updated;
    t.failedExpectations -= spliced.updated;
  }
  o.out(`${summaryLine(t)}\n`);
  const setupFailed = runs.some((r) => r.index < 0 && !r.ok);
  return t.failedExpectations > 0 || t.failedUnchecked > 0 || setupFailed ? 1 : 0;
}
