/**
 * What the page does with a scenario (issue #6 item 2): open one (parse; boot a fresh cluster of
 * its topology in its own storage namespace; create the header's tenants; put the editors'
 * texts), step through its cells, edit a cell, reset, close (back to the user's own cluster), and
 * build a share link. Used by the scenario pane, the Tutorials menu, the share button, share-link
 * boot (main.tsx), teaching mode's "next cell" key and `window.obPlayground`.
 *
 * Invariants:
 * - Nothing runs on its own: opening only boots the cluster and runs the header's setup; a
 *   cell runs only when a user (or automation) asks — content from a link is untrusted.
 * - Actions run one at a time in call order (one queue), like one notebook kernel.
 * - An open or reset bumps the store's epoch; a run that finishes for an older epoch is dropped.
 * - "Run to here" and "Run all" start at the current cell and stop after the first failure (a
 *   failed command or a mismatched expectation): later cells assume the earlier ones worked.
 * - A long `advance` / `wait for` never holds the pane: Stop ends the running cell's waits (it
 *   fails with `ERROR: stopped`), and Close, Reset and opening another scenario stop it first
 *   instead of queueing behind it for up to the 600 s an admin cell may wait.
 */
import { ScenarioRunner } from '../../engine/scenario/runner';
import { parseScenario } from '../../engine/scenario/parse';
import { formatScenario } from '../../engine/scenario/serialize';
import { encodeShareFragment, shareLinkTooLong } from '../../engine/scenario/share_link';
import {
  SCENARIO_CHARS_MAX, SCENARIO_SERVERS_PER_ZONE_MAX, SCENARIO_TENANTS_MAX, SCENARIO_ZONES_MAX,
  type CellRun, type Scenario, type ScenarioParseError, type ScenarioTenant, type SharePayload,
} from '../../engine/scenario/types';
import { bootScenarioCluster, deploymentServers, returnToUserCluster } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { useNetworkStore } from '../state/networkStore';
import { readEditorTexts, restoreEditorTexts, stashEditorTexts, writeEditorTexts } from './editorContents';
import { allowPageTargetSleeps, pageTarget, resetPageTargetSessions, stopPageTargetSleeps } from './pageTarget';
import { clearScenarioState, nextCommandCell, runFailed, useScenarioStore, type ScenarioSource } from './scenarioStore';

export type OpenResult = { ok: true } | { ok: false; errors: ScenarioParseError[] };

let runner: ScenarioRunner | null = null;
let queue: Promise<unknown> = Promise.resolve();
const cellListeners = new Set<(run: CellRun) => void>();

function enqueue<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn);
  queue = next.catch(() => {});
  return next;
}

const get = () => useScenarioStore.getState();
const set = (patch: Partial<ReturnType<typeof get>>) => useScenarioStore.setState(patch);

/** Calls `cb` after every cell run (not the setup); returns the unsubscribe. */
export function onCellRun(cb: (run: CellRun) => void): () => void {
  cellListeners.add(cb);
  return () => cellListeners.delete(cb);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Boots the scenario's cluster and runs the header's setup, for the store's current epoch. */
async function startCluster(scenario: Scenario, text: string, epoch: number): Promise<void> {
  set({ phase: 'booting', failure: null, setupRun: null });
  resetPageTargetSessions();
  allowPageTargetSleeps();
  try {
    await bootScenarioCluster(scenario.header, text);
  } catch (e) {
    if (get().epoch === epoch) set({ phase: 'failed', failure: `The scenario's cluster did not start: ${message(e)}` });
    return;
  }
  if (get().epoch !== epoch) return;
  set({ phase: 'setup' });
  runner = new ScenarioRunner(scenario, pageTarget);
  const setupRun = await runner.setup();
  if (get().epoch !== epoch) return;
  set({ phase: 'ready', setupRun, failure: setupRun.ok ? null : `Setting up the scenario's tenants failed:\n${setupRun.output}` });
}

/**
 * Opens a scenario document: parses it (errors with line:column, nothing else happens), then boots
 * a fresh cluster of its header's topology in its own namespace (the user's cluster stays on
 * disk), creates its tenants, puts `editors` into the editors (the user's texts are kept for
 * `closeScenario`) and makes cell `step` (or the next command cell after it) current. Runs no
 * cell. Resolves when the cluster serves; a boot failure is shown in the pane (`phase: 'failed'`).
 */
export function openScenario(
  text: string,
  opts: { step?: number; editors?: SharePayload['editors']; source: ScenarioSource },
): Promise<OpenResult> {
  stopRunning('another scenario was opened');
  return enqueue(async () => {
    const parsed: ReturnType<typeof parseScenario> =
      text.length > SCENARIO_CHARS_MAX
        ? { ok: false, errors: [{ message: `the scenario has ${text.length} characters; at most ${SCENARIO_CHARS_MAX} are allowed`, line: 1, column: 1 }] }
        : parseScenario(text);
    clearScenarioState();
    if (!parsed.ok) {
      set({ phase: 'invalid', text, errors: parsed.errors, source: opts.source });
      return { ok: false, errors: parsed.errors };
    }
    const scenario = parsed.scenario;
    const epoch = get().epoch;
    set({ text, scenario, source: opts.source, current: nextCommandCell(scenario, opts.step ?? 0) });
    if (opts.editors) {
      stashEditorTexts();
      await writeEditorTexts(opts.editors);
    }
    await startCluster(scenario, text, epoch);
    return { ok: true };
  });
}

async function runOne(i: number): Promise<CellRun> {
  const s = get();
  if (!s.scenario || !runner) throw new Error('no scenario is open');
  if (s.phase !== 'ready') throw new Error(`the scenario's cluster is not ready (${s.phase})`);
  if (!Number.isInteger(i) || i < 0 || i >= s.scenario.cells.length) throw new RangeError(`no cell ${i} (the scenario has ${s.scenario.cells.length})`);
  const epoch = s.epoch;
  allowPageTargetSleeps();
  set({ runningIndex: i });
  let run: CellRun;
  try {
    run = await runner.runCell(i);
  } catch (e) {
    run = { index: i, ok: false, output: message(e), expectation: 'none', diff: null };
  }
  if (get().epoch !== epoch) return run;
  const { runs, edited, scenario } = get();
  const rest = { ...edited };
  delete rest[i];
  set({ runs: { ...runs, [i]: run }, edited: rest, runningIndex: null, current: scenario ? nextCommandCell(scenario, i + 1) : 0 });
  for (const cb of cellListeners) cb(run);
  return run;
}

/** Runs cell `i` (prose: nothing to do) and makes the next command cell current. */
export function runCell(i: number): Promise<CellRun> {
  return enqueue(() => runOne(i));
}

async function runRange(from: number, to: number): Promise<CellRun[]> {
  const done: CellRun[] = [];
  const scenario = get().scenario;
  if (!scenario) throw new Error('no scenario is open');
  for (let i = nextCommandCell(scenario, from); i <= to && i < scenario.cells.length; i = nextCommandCell(scenario, i + 1)) {
    const run = await runOne(i);
    done.push(run);
    if (runFailed(run)) break;
  }
  return done;
}

/** Runs the command cells from the current one through `i` (just `i` when it is before the current one). */
export function runToHere(i: number): Promise<CellRun[]> {
  return enqueue(() => {
    const { current } = get();
    return runRange(current <= i ? current : i, i);
  });
}

/** Runs every command cell from the current one to the end. */
export function runAll(): Promise<CellRun[]> {
  return enqueue(() => runRange(get().current, Number.MAX_SAFE_INTEGER));
}

/** Runs the current cell (teaching mode's "next cell"); null when every cell has run. */
export function runNextCell(): Promise<CellRun | null> {
  return enqueue(async () => {
    const { scenario, current } = get();
    if (!scenario || current >= scenario.cells.length) return null;
    return runOne(current);
  });
}

/** Ends the waits of what runs now (a cell or the setup), so the queue moves on; no-op when idle. */
function stopRunning(why: string): void {
  const { runningIndex, phase } = get();
  if (runningIndex !== null || phase === 'setup') stopPageTargetSleeps(why);
}

/**
 * Stops the running cell (the pane's Stop): its `advance` / `wait for` ends at once and the cell
 * fails with `ERROR: stopped by the user`; "Run all" stops there. SQL, KV and HBase commands end
 * on their own time limits. No-op when nothing runs.
 */
export function stopRunningCell(): void {
  stopRunning('stopped by the user');
}

/** A fresh cluster of the same topology, the setup again, every run cleared, the first cell current. */
export function resetScenario(): Promise<void> {
  stopRunning('the scenario was reset');
  return enqueue(async () => {
    const { scenario, text } = get();
    if (!scenario) return;
    useScenarioStore.setState((s) => ({ epoch: s.epoch + 1, runs: {}, edited: {}, runningIndex: null, current: nextCommandCell(scenario, 0) }));
    await startCluster(scenario, text, get().epoch);
  });
}

/** Closes the scenario: back to the user's own cluster and editor texts. */
export function closeScenario(): Promise<void> {
  stopRunning('the scenario was closed');
  return enqueue(async () => {
    const wasOpen = get().phase !== 'closed' && get().phase !== 'invalid';
    clearScenarioState();
    runner = null;
    resetPageTargetSessions();
    if (!wasOpen) return;
    await restoreEditorTexts();
    await returnToUserCluster();
  });
}

/** Whether a scenario is open (parsed; its cluster booting or running). */
export function hasScenario(): boolean {
  return get().scenario !== null;
}

/** Replaces cell `i`'s source (its last run is dropped; the document text follows). Not while it runs. */
export function editCell(i: number, source: string): void {
  const { scenario, runningIndex, runs, edited } = get();
  if (!scenario || i < 0 || i >= scenario.cells.length || runningIndex === i) return;
  if (scenario.cells[i].source === source) return;
  const cells = scenario.cells.map((c, k) => (k === i ? { ...c, source } : c));
  const next: Scenario = { ...scenario, cells };
  const rest = { ...runs };
  delete rest[i];
  set({ scenario: next, text: formatScenario(next), runs: rest, edited: { ...edited, [i]: true } });
  if (runner) runner = new ScenarioRunner(next, pageTarget);
}

function identifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** A scenario with no cells for the cluster the page runs now (topology, user tenants, clock rate). */
export function currentTopologyScenario(title = 'My playground'): Scenario {
  const servers = deploymentServers();
  const perZone = new Map<string, number>();
  for (const s of servers) perZone.set(s.zone, (perZone.get(s.zone) ?? 0) + 1);
  const zones = Math.min(SCENARIO_ZONES_MAX, Math.max(1, perZone.size));
  const serversPerZone = Math.min(SCENARIO_SERVERS_PER_ZONE_MAX, Math.max(1, ...perZone.values()));
  const tenants: ScenarioTenant[] = (useClusterStore.getState().snapshot?.tenants ?? [])
    .filter((t) => t.tenantType === 'USER' && t.status === 'NORMAL' && t.tenantName !== 'test' && identifier(t.tenantName))
    .slice(0, SCENARIO_TENANTS_MAX)
    .map((t) => ({ name: t.tenantName, unitNum: Math.min(t.unitNum, serversPerZone), primaryZone: t.primaryZone || null }));
  const clockRate = useNetworkStore.getState().clock.rate;
  return { header: { title, zones, serversPerZone, tenants, seed: null, clockRate }, cells: [] };
}

/**
 * The share-link fragment (`#s=v1.…`) for the open scenario at its current cell with the editors'
 * texts — or, without a scenario, an empty scenario of the current topology with the editors.
 * `tooLong`: over SHARE_LINK_CHARS_MAX (offer Save .md instead).
 */
export function shareFragment(): { fragment: string; tooLong: boolean } {
  const { scenario, text, current } = get();
  const payload: SharePayload = {
    scenario: scenario ? text : formatScenario(currentTopologyScenario()),
    step: scenario ? Math.max(0, Math.min(current, scenario.cells.length - 1)) : 0,
    editors: readEditorTexts(),
  };
  const fragment = encodeShareFragment(payload);
  return { fragment, tooLong: shareLinkTooLong(fragment) };
}

/** The open document's text and title (Save .md). */
export function scenarioDocument(): { text: string; title: string } | null {
  const { scenario, text } = get();
  return scenario ? { text, title: scenario.header.title } : null;
}
