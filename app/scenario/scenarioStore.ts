/**
 * The scenario pane's state (issue #6 item 2): the open scenario document and its parse result,
 * each cell's last run (`CellRun`, as the runner reported it), the current cell (the next to run),
 * whether something is running, and where the scenario came from. Written only by
 * scenarioActions.ts; the pane reads it through selectors.
 *
 * Invariants: `scenario` is non-null exactly when the text parsed; `runs` holds at most one run
 * per cell index; `current` is a cell index or `cells.length` (every cell done).
 */
import { create } from 'zustand';
import type { CellRun, Scenario, ScenarioParseError } from '../../engine/scenario/types';

export type ScenarioSource = 'tutorial' | 'file' | 'link' | 'new';

/** What the scenario's cluster is doing: booting it, creating the header's tenants, ready, or failed. */
export type ScenarioPhase = 'closed' | 'invalid' | 'booting' | 'setup' | 'ready' | 'failed';

export interface ScenarioState {
  phase: ScenarioPhase;
  /** The document as opened or last edited (what Save .md and Copy link carry). */
  text: string;
  scenario: Scenario | null;
  errors: ScenarioParseError[];
  source: ScenarioSource | null;
  /** The setup run (the header's tenants), null before it finished. */
  setupRun: CellRun | null;
  /** The last run of each cell, by index. */
  runs: Record<number, CellRun>;
  /** The next cell to run (a command cell), or `cells.length` when done. */
  current: number;
  /** The cell running now, null when idle. */
  runningIndex: number | null;
  /** Cells edited since their last run (their run is gone; shown as "edited"). */
  edited: Record<number, true>;
  /** A failure of the scenario's cluster (boot, setup), shown above the cells. */
  failure: string | null;
  /** Bumped on each open/reset, so late answers of a previous run are ignored. */
  epoch: number;
}

const initial = (): Omit<ScenarioState, 'epoch'> => ({
  phase: 'closed',
  text: '',
  scenario: null,
  errors: [],
  source: null,
  setupRun: null,
  runs: {},
  current: 0,
  runningIndex: null,
  edited: {},
  failure: null,
});

export const useScenarioStore = create<ScenarioState>(() => ({ ...initial(), epoch: 0 }));

/** Back to no scenario (the epoch moves on). */
export function clearScenarioState(): void {
  useScenarioStore.setState((s) => ({ ...initial(), epoch: s.epoch + 1 }));
}

/** The first command cell at or after `from` (cells.length when there is none). */
export function nextCommandCell(scenario: Scenario, from: number): number {
  for (let i = Math.max(0, from); i < scenario.cells.length; i++) if (scenario.cells[i].kind !== 'prose') return i;
  return scenario.cells.length;
}

/** Whether a run counts as a failure (the command failed, or its expectation did not match). */
export function runFailed(run: CellRun): boolean {
  return !run.ok || run.expectation === 'fail';
}
