/**
 * What the page knows about the cluster: the boot state, each server's worker state and boot
 * progress, and the latest `ClusterSnapshot` the engine produced (architecture §6: panels render
 * only this). Written by the host controller (app/host/playground.ts), read by panels through
 * selectors so each panel re-renders only for its own slice.
 */
import { create } from 'zustand';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { ServerRunState } from '../host/clusterHost';
import { clearHistory, recordSnapshot } from './historyStore';

export type BootState = 'locking' | 'another-tab' | 'booting' | 'ready' | 'resetting' | 'failed';

export interface ServerProgress {
  stage: string;
  /** 0..1 */
  fraction: number;
}

export interface ServerRun {
  state: ServerRunState;
  /** The crash (assertion) or boot-failure message the worker reported. */
  message?: string;
}

/** Progress of a sample-data load, from `sample-data-progress` events. */
export interface SampleLoad {
  dataset: string;
  tables: Record<string, { rowsDone: number; rowsTotal: number }>;
  /** The last table reported. */
  current: string;
  finished: boolean;
}

export interface ClusterState {
  boot: BootState;
  bootError?: string;
  progress: Record<number, ServerProgress>;
  runs: Record<number, ServerRun>;
  snapshot: ClusterSnapshot | null;
  sampleLoad: SampleLoad | null;
}

export const useClusterStore = create<ClusterState>(() => ({
  boot: 'locking',
  progress: {},
  runs: {},
  snapshot: null,
  sampleLoad: null,
}));

export function setBoot(boot: BootState, bootError?: string): void {
  useClusterStore.setState({ boot, bootError });
}

export function setServerProgress(serverId: number, stage: string, fraction: number): void {
  useClusterStore.setState((s) => ({ progress: { ...s.progress, [serverId]: { stage, fraction } } }));
}

/** Records a server's worker state; a (re)boot starts its boot progress over. */
export function setServerRun(serverId: number, run: ServerRun): void {
  useClusterStore.setState((s) => ({
    runs: { ...s.runs, [serverId]: run },
    progress: run.state === 'booting' ? { ...s.progress, [serverId]: { stage: 'starting worker', fraction: 0 } } : s.progress,
  }));
}

/** Stores the newest snapshot and records it (with the workers' states) in the history ring. */
export function setSnapshot(snapshot: ClusterSnapshot): void {
  useClusterStore.setState({ snapshot });
  const runs = useClusterStore.getState().runs;
  recordSnapshot(snapshot, Object.fromEntries(Object.entries(runs).map(([id, r]) => [Number(id), r.state])));
}

/** Records a `sample-data-progress` event; ignored unless a load is running (late batches). */
export function noteSampleProgress(dataset: string, table: string, rowsDone: number, rowsTotal: number): void {
  useClusterStore.setState((s) => {
    if (!s.sampleLoad || s.sampleLoad.finished) return {};
    const tables = { ...s.sampleLoad.tables, [table]: { rowsDone, rowsTotal } };
    return { sampleLoad: { dataset, tables, current: table, finished: false } };
  });
}

export function finishSampleLoad(): void {
  useClusterStore.setState((s) => (s.sampleLoad ? { sampleLoad: { ...s.sampleLoad, finished: true } } : {}));
}

export function startSampleLoad(dataset: string): void {
  useClusterStore.setState({ sampleLoad: { dataset, tables: {}, current: '', finished: false } });
}

export function clearClusterState(boot: BootState): void {
  useClusterStore.setState({ boot, bootError: undefined, progress: {}, runs: {}, snapshot: null, sampleLoad: null });
  clearHistory();
}
