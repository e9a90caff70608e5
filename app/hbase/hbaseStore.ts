/**
 * The HBase tab's state: the shell transcript (each command's `ShellOutput` in run order, capped),
 * whether a run is in progress, and a failure outside the shell (no client, no server).
 * Nothing here is a database fact: outputs are what the shell printed.
 */
import { create } from 'zustand';
import type { ShellOutput } from '../../engine/client/hbase_shell/index';

/** Commands kept in the transcript (older ones scroll away). */
export const HBASE_TRANSCRIPT_MAX = 500;

interface HBaseState {
  outputs: ShellOutput[];
  running: boolean;
  /** A failure before the shell could run (e.g. the client could not be created). */
  hostError: string | null;
}

export const useHBaseStore = create<HBaseState>(() => ({ outputs: [], running: false, hostError: null }));

export function beginHBaseRun(): void {
  useHBaseStore.setState({ running: true, hostError: null });
}

export function pushHBaseOutput(o: ShellOutput): void {
  useHBaseStore.setState((s) => {
    const outputs = [...s.outputs, o];
    return { outputs: outputs.length > HBASE_TRANSCRIPT_MAX ? outputs.slice(-HBASE_TRANSCRIPT_MAX) : outputs };
  });
}

export function finishHBaseRun(hostError: string | null = null): void {
  useHBaseStore.setState({ running: false, hostError });
}

export function clearHBaseOutput(): void {
  useHBaseStore.setState({ outputs: [], hostError: null });
}
