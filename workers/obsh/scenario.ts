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
 * 2 the file cannot be read or parsed (`file.md:LINE:COL: message`, one per error).
 * `--update` rewrites the failing ```expected blocks with the actual output (an author's tool):
 * the blocks are spliced in place by line, the rest of the document is kept byte for byte.
 */
import * as fs from 'node:fs';
import { isFenceClose, matchFenceOpen, parseScenario } from '../../engine/scenario/parse';
import { ScenarioRunner } from '../../engine/scenario/runner';
import { fenceFor } from '../../engine/scenario/serialize';
import type { CellRun, Scenario, ScenarioCell } from '../../engine/scenario/types';
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
 * keeping every other line of `text`. Cells are located by their opening fence's line.
 */
export function spliceExpected(text: string, cells: readonly ScenarioCell[], outputs: ReadonlyMap<number, string>): string {
  const lines = text.split('\n');
  const edits: { from: number; to: number; replacement: string[] }[] = [];
  for (const [index, output] of outputs) {
    const block = expectedBlock(lines, cells[index].line - 1);
    if (!block) continue;
    const fence = fenceFor(output);
    const body = output === '' ? [] : output.split('\n');
    edits.push({ from: block.open, to: block.close, replacement: [`${fence}expected`, ...body, fence] });
  }
  for (const e of edits.sort((a, b) => b.from - a.from)) lines.splice(e.from, e.to - e.from + 1, ...e.replacement);
  return lines.join('\n');
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

/** Runs the scenario file; resolves to the exit code (module comment). */
export async function runScenarioFile(o: ScenarioFileOptions): Promise<number> {
  let text: string;
  try {
    text = fs.readFileSync(o.file, 'utf8');
  } catch (e) {
    o.err(`obsh: [ERROR] cannot read '${o.file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}.\n`);
    return 2;
  }
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
    if (fixes.size > 0) fs.writeFileSync(o.file, spliceExpected(text, scenario.cells, fixes));
    t.updated = fixes.size;
    t.passed += fixes.size;
    t.failedExpectations = 0;
  }
  o.out(`${summaryLine(t)}\n`);
  const setupFailed = runs.some((r) => r.index < 0 && !r.ok);
  return t.failedExpectations > 0 || t.failedUnchecked > 0 || setupFailed ? 1 : 0;
}
