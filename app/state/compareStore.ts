/**
 * The row-vs-column comparison: one SELECT run with `NO_USE_COLUMN_TABLE` (row store) and with
 * `USE_COLUMN_TABLE` (column store), each side keeping what the server answered — its storage
 * counters (`storageStats`), server time, row count, the access operators of its plan.
 */
import { create } from 'zustand';
import type { WireResult } from '../../engine/server/api';

export type CompareSideName = 'row' | 'column';

export interface CompareSide {
  /** The statement as run, with its hint. */
  sql: string;
  /** The measured run's result (rows dropped: only their count and a fingerprint are kept). */
  result?: Omit<WireResult, 'rows'> & { rowCount: number };
  /** The table-access lines of the statement's EXPLAIN (e.g. `COLUMN TABLE FULL SCAN`). */
  access: string[];
  /** The server's error text (`ERROR 1146 (42S02): …`) or a host failure. */
  error?: string;
  /** A digest of the rows, to tell whether both sides returned the same rows. */
  fingerprint?: string;
}

export interface CompareState {
  seq: number;
  /** The SELECT as typed. */
  sql: string | null;
  running: boolean;
  /** Why the statement cannot be compared (not a SELECT over a table). */
  refused?: string;
  sides: Partial<Record<CompareSideName, CompareSide>>;
}

export const useCompareStore = create<CompareState>(() => ({ seq: 0, sql: null, running: false, sides: {} }));

export function beginCompare(sql: string): number {
  const seq = useCompareStore.getState().seq + 1;
  useCompareStore.setState({ seq, sql, running: true, refused: undefined, sides: {} });
  return seq;
}

export function refuseCompare(sql: string, why: string): void {
  useCompareStore.setState((s) => ({ seq: s.seq + 1, sql, running: false, refused: why, sides: {} }));
}

export function setCompareSide(seq: number, name: CompareSideName, side: CompareSide): void {
  useCompareStore.setState((s) => (s.seq === seq ? { sides: { ...s.sides, [name]: side } } : {}));
}

export function finishCompare(seq: number): void {
  useCompareStore.setState((s) => (s.seq === seq ? { running: false } : {}));
}

export function resetCompare(): void {
  useCompareStore.setState({ sql: null, running: false, refused: undefined, sides: {} });
}
