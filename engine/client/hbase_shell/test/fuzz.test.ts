/**
 * Robustness of the HBase shell (issue #5: "Errors never crash anything: a malformed script, shell
 * line or filter string gives a message that names what is wrong and where"): property tests
 * running arbitrary text and valid commands with random edits through `HBaseShell.run`. It never
 * throws; every command that failed says so with an `ERROR: …` line; and against a real cluster
 * no error is a JavaScript fault leaking out (`Cannot read properties of undefined`, `x is not a
 * function`, a stack overflow) instead of a message about the input.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../../workers/system_clock';
import { LocalCluster } from '../../../server/local_cluster';
import { createKvClients } from '../../index';
import { HBaseShell, type ShellOutput } from '../shell';
import { fakeHBase } from './fake_api';

const NUM_RUNS = 200;

const VALID = [
  "put 'ft', 'r1', 'f1:a', 'v1'",
  "put 'ft', \"r\\x002\", 'f1:b', 'x', 1700000000000",
  "get 'ft', 'r1', {COLUMN => ['f1:a', 'f2'], VERSIONS => 2}",
  "get 'ft', 'r1', 'f1:a'",
  "scan 'ft', {STARTROW => 'r1', STOPROW => 'r9', LIMIT => 5, REVERSED => true}",
  "scan 'ft', {FILTER => \"ValueFilter(=, 'binary:v1') AND PrefixFilter('r')\", COLUMNS => ['f1']}",
  "scan 'ft', {ROWPREFIXFILTER => 'r', TIMERANGE => [0, 1800000000000]}",
  "count 'ft', INTERVAL => 10, CACHE => 100",
  "delete 'ft', 'r2', 'f1:a'",
  "deleteall 'ft', 'r3'",
  "incr 'ft', 'c1', 'f1:n', 5",
  "get_counter 'ft', 'c1', 'f1:n'",
  "append 'ft', 'r1', 'f1:s', 'tail'",
  "describe 'ft'",
  "exists 'ft'",
  "is_enabled 'ft'",
  'list',
  "list 'f.*'",
  'show_filters',
  "help 'scan'",
];

/** Tokens of the shell's Ruby-like syntax, for insertion. */
const SPECIAL = [
  "'", '"', ',', ' ', '{', '}', '[', ']', '=>', '=', '>', ':', '\\x', '\\', '#', '\n', ';', '(', ')', 'nil', 'true', '-1',
  '99999999999999999999', '1.5', 'VERSIONS', 'LIMIT', 'FILTER', 'COLUMNS', 'STARTROW', 'TIMERANGE', 'put', 'get', 'scan',
  "'ft'", "'nosuch'", "'f1:'", '\u0000', '😀',
];

const edit = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 10 }),
  token: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 3 })),
});

function applyEdits(s: string, edits: { kind: string; at: number; len: number; token: string }[]): string {
  for (const e of edits) {
    const at = s.length === 0 ? 0 : e.at % (s.length + 1);
    if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.len);
    else if (e.kind === 'insert') s = s.slice(0, at) + e.token + s.slice(at);
    else s = s.slice(0, at) + s.slice(at, at + e.len) + s.slice(at);
  }
  return s;
}

const mutated = fc
  .tuple(fc.array(fc.constantFrom(...VALID), { minLength: 1, maxLength: 3 }), fc.array(edit, { minLength: 1, maxLength: 4 }))
  .map(([cmds, edits]) => applyEdits(cmds.join('\n'), edits));

/** What a JavaScript fault (not a message about the input) looks like. */
const JS_FAULT = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Maximum call stack|Invalid array length|Cannot convert|\[object Object\]|\bundefined\b(?! (local variable or method|method))/;

/** The input for a failure message (long inputs shortened). */
function show(text: string): string {
  return text.length <= 200 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 80))}…(${text.length} chars)`;
}

/** Runs `text`; checks the run resolved and each failure is reported as ERROR lines. */
async function runChecked(shell: HBaseShell, text: string, strict: boolean): Promise<ShellOutput[]> {
  let outputs: ShellOutput[];
  try {
    outputs = await shell.run(text);
  } catch (e) {
    throw new Error(`HBaseShell.run threw for ${show(text)}: ${e instanceof Error ? e.stack : String(e)}`);
  }
  for (const o of outputs) {
    const errors = o.lines.filter((l) => l.kind === 'error');
    expect(o.ok, `${show(text)} → ${JSON.stringify(o.lines)}`).toBe(errors.length === 0);
    for (const l of errors) {
      expect(l.text.startsWith('ERROR: '), l.text).toBe(true);
      expect(l.text.length, `empty error for ${show(text)}`).toBeGreaterThan('ERROR: '.length);
      if (strict) expect(l.text, `JavaScript fault for ${show(o.input)}`).not.toMatch(JS_FAULT);
    }
  }
  return outputs;
}

describe('HBase shell: no input throws; failures are ERROR lines (fake client)', () => {
  it('arbitrary text', async () => {
    const shell = new HBaseShell({ api: fakeHBase().api, nowMs: () => 0 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 120 }), (t) => runChecked(shell, t, false).then(() => {})), { numRuns: NUM_RUNS });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...SPECIAL), { maxLength: 25 }).map((a) => a.join('')), (t) => runChecked(shell, t, false).then(() => {})),
      { numRuns: NUM_RUNS },
    );
  });

  it('nesting deeper than 64 is a syntax error at the offending bracket; the next line still runs', async () => {
    const shell = new HBaseShell({ api: fakeHBase().api, nowMs: () => 0 });
    const prefix = "get 'ft', 'r1', ";
    const out = await runChecked(shell, `${prefix}${'['.repeat(65)}'f1'${']'.repeat(65)}\nshow_filters`, true);
    expect(out.map((o) => o.ok)).toEqual([false, true]);
    expect(out[0].lines[0].text).toBe(`ERROR: syntax error at line 1, column ${prefix.length + 65}: nesting deeper than 64`);
    const hash = await runChecked(shell, `scan 'ft', ${'{A => '.repeat(65)}1${'}'.repeat(65)}`, true);
    // The 65th '{' starts at 0-based offset 11 + 64 * 6 ("scan 'ft', " then 64 × "{A => ").
    expect(hash[0].lines[0].text).toBe(`ERROR: syntax error at line 1, column ${11 + 64 * 6 + 1}: nesting deeper than 64`);
    // 64 levels are within the limit: the command parses (and fails later on its meaning, not its syntax).
    const allowed = await runChecked(shell, `${prefix}${'['.repeat(64)}'f1'${']'.repeat(64)}`, true);
    expect(allowed[0].lines.map((l) => l.text).join('\n')).not.toMatch(/syntax error|nesting/);
  });

  it('deep nesting of arrays and hashes', async () => {
    const shell = new HBaseShell({ api: fakeHBase().api, nowMs: () => 0 });
    for (const depth of [10_000, 100_000]) {
      await runChecked(shell, `get 'ft', 'r1', ${'['.repeat(depth)}'f1'${']'.repeat(depth)}`, false);
      await runChecked(shell, `scan 'ft', ${'{A => '.repeat(depth)}1${'}'.repeat(depth)}`, false);
    }
  });
});

describe('HBase shell on a cluster: edited commands give messages, never JavaScript faults', () => {
  let cluster: LocalCluster;
  let shell: HBaseShell;

  beforeAll(async () => {
    cluster = await LocalCluster.start({ clock: new SystemClock() });
    await cluster.whenLeadersReady();
    const { globals } = createKvClients(cluster.kvTransport());
    shell = new HBaseShell({ api: globals, nowMs: () => 0 });
    const setup = await shell.run("create 'ft', {NAME => 'f1', VERSIONS => 3}, 'f2'\nput 'ft', 'r1', 'f1:a', 'v1'\nput 'ft', 'r2', 'f2:b', 'v2'");
    expect(setup.every((o) => o.ok)).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('the valid commands run without error', async () => {
    const outputs = await runChecked(shell, VALID.join('\n'), true);
    expect(outputs.filter((o) => !o.ok).map((o) => o.input)).toEqual([]);
  });

  it('valid commands with random edits', { timeout: 120_000 }, async () => {
    await fc.assert(fc.asyncProperty(mutated, (t) => runChecked(shell, t, true).then(() => {})), { numRuns: NUM_RUNS });
    // The table still answers normally afterwards.
    const after = await runChecked(shell, "put 'ft', 'z9', 'f1:a', 'ok'\nget 'ft', 'z9'", true);
    expect(after.every((o) => o.ok)).toBe(true);
    expect(after[1].lines.some((l) => l.text.includes('value=ok'))).toBe(true);
  });
});
