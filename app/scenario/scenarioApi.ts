/**
 * The scenario half of `window.obPlayground` (issue #6 item 7), kept apart from app/host/windowApi.ts
 * so that file only lists the surface: load a scenario, wait for a cluster condition written as in
 * an admin cell (`leader of ls 1001 in zone2`), subscribe to cell runs and timeline events, read the
 * pane's state. Runs nothing on its own.
 */
import { parseAdminLine } from '../../engine/scenario/admin';
import { ScenarioRunner } from '../../engine/scenario/runner';
import type { CellKind, CellRun, Scenario, ScenarioParseError } from '../../engine/scenario/types';
import { whenReady } from '../host/playground';
import { useEventStore, type TimelineEntry } from '../state/eventStore';
import { pageTarget } from './pageTarget';
import { currentTopologyScenario, onCellRun, openScenario } from './scenarioActions';
import { useScenarioStore, type ScenarioPhase, type ScenarioSource } from './scenarioStore';

/** What `window.obPlayground.scenario()` answers. */
export interface ScenarioApiState {
  open: boolean;
  phase: ScenarioPhase;
  source: ScenarioSource | null;
  title: string | null;
  /** The next cell to run (cells.length when every cell ran). */
  current: number;
  runningIndex: number | null;
  cells: { kind: CellKind; source: string; expected: string | null }[];
  /** The last run of each cell that ran, in cell order. */
  runs: CellRun[];
  setupRun: CellRun | null;
  errors: ScenarioParseError[];
  failure: string | null;
}

/** `12:3: message` lines. */
export function parseErrorText(errors: readonly ScenarioParseError[]): string {
  return errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n');
}

/** `loadScenario(text, { step })`: rejects for parse errors (line:col lines) or a cluster that did not start. */
export async function loadScenarioForApi(text: string, step?: number): Promise<void> {
  const r = await openScenario(text, { step, source: 'new' });
  if (!r.ok) throw new Error(`the scenario has errors:\n${parseErrorText(r.errors)}`);
  const s = useScenarioStore.getState();
  if (s.phase === 'failed') throw new Error(s.failure ?? 'the scenario cluster did not start');
}

/**
 * `waitFor('<condition>', timeoutMs?)`: the admin cell's `wait for <condition> [timeout …]`, on the
 * running cluster (a scenario's or the user's). True when it held within the timeout (default the
 * admin default, 30 s simulated), false when it timed out; rejects for a condition that does not
 * parse or a cluster that cannot answer.
 */
export async function scenarioWaitFor(condition: string, timeoutMs?: number): Promise<boolean> {
  const line = `wait for ${condition.trim()}${timeoutMs === undefined ? '' : ` timeout ${Math.round(timeoutMs)}ms`}`;
  const parsed = parseAdminLine(line);
  if (!parsed.ok) throw new Error(`bad condition "${condition}": ${parsed.error.message} (column ${parsed.error.column - 'wait for '.length})`);
  await whenReady();
  const header = useScenarioStore.getState().scenario?.header ?? currentTopologyScenario().header;
  const scenario: Scenario = { header, cells: [{ kind: 'admin', source: line, options: {}, expected: null, line: 1 }] };
  const run = await new ScenarioRunner(scenario, pageTarget).runCell(0);
  if (run.ok) return true;
  if (/timed out/.test(run.output)) return false;
  throw new Error(run.output.replace(/^ERROR: /, ''));
}

/** `on('cell' | 'event', cb)`: returns the unsubscribe. Events: timeline entries appended after the call. */
export function subscribeScenario(event: 'cell' | 'event', cb: (x: never) => void): () => void {
  if (event === 'cell') return onCellRun(cb as (run: CellRun) => void);
  if (event !== 'event') throw new Error(`unknown event "${String(event)}" (use 'cell' or 'event')`);
  const sink = cb as (entry: TimelineEntry) => void;
  let lastSeq = useEventStore.getState().nextSeq - 1;
  return useEventStore.subscribe((s) => {
    for (const e of s.entries) if (e.seq > lastSeq) sink(e);
    lastSeq = s.nextSeq - 1;
  });
}

/** `scenario()`: the pane's state, as plain data. */
export function scenarioApiState(): ScenarioApiState {
  const s = useScenarioStore.getState();
  const cells = s.scenario?.cells ?? [];
  return {
    open: s.scenario !== null,
    phase: s.phase,
    source: s.source,
    title: s.scenario?.header.title ?? null,
    current: s.current,
    runningIndex: s.runningIndex,
    cells: cells.map((c) => ({ kind: c.kind, source: c.source, expected: c.expected })),
    runs: cells.flatMap((_, i) => (s.runs[i] ? [s.runs[i]] : [])),
    setupRun: s.setupRun,
    errors: [...s.errors],
    failure: s.failure,
  };
}
