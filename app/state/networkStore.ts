/**
 * The network and clock as the host set them (issue #4 items 5–6): the link faults in force, the
 * simulated clock's anchor (rate, pause), the message-trace switch, and the last few seconds of
 * traced datagrams for the RaftScope-style animation. Written only by the host API
 * (app/host/playground.ts); the UI reads it.
 *
 * Invariants: `faults` holds no all-zero (healthy) link and at most one fault per one-way link,
 * ordered by (from, to); `messages` are in arrival order, at most MESSAGES_KEPT of them, none older
 * than TRACE_WINDOW_MS of simulated time behind the newest.
 */
import { create } from 'zustand';
import type { LinkFault } from '../../engine/env/index';
import type { TracedMessage } from '../../workers/message_trace';
import { initialClockState, simNowAt, wallNowUs, type SimClockState } from '../../workers/system_clock';

/** Simulated ms of traced messages kept. */
export const TRACE_WINDOW_MS = 3_000;
/** Traced messages kept at most. */
export const MESSAGES_KEPT = 2_000;

export type { LinkFault, SimClockState, TracedMessage };

export interface NetworkState {
  faults: LinkFault[];
  clock: SimClockState;
  trace: boolean;
  messages: TracedMessage[];
  /** Datagrams the workers reported sending while the trace was on (more than `messages`: sampled). */
  messagesSent: number;
}

const initial = (): NetworkState => ({ faults: [], clock: initialClockState(), trace: false, messages: [], messagesSent: 0 });

export const useNetworkStore = create<NetworkState>(() => initial());

/** Whether a fault leaves the link healthy. */
export function isHealthy(f: LinkFault): boolean {
  return !f.cut && f.delayUs <= 0 && f.lossRate <= 0;
}

/** Sets (or, all zero, clears) the fault of one one-way link; returns the whole new set. */
export function putFault(fault: LinkFault): LinkFault[] {
  const others = useNetworkStore.getState().faults.filter((f) => f.from !== fault.from || f.to !== fault.to);
  const faults = (isHealthy(fault) ? others : [...others, { ...fault }]).sort((a, b) => a.from - b.from || a.to - b.to);
  useNetworkStore.setState({ faults });
  return faults;
}

export function setFaults(faults: LinkFault[]): void {
  useNetworkStore.setState({ faults: faults.filter((f) => !isHealthy(f)).sort((a, b) => a.from - b.from || a.to - b.to) });
}

export function setClockState(clock: SimClockState): void {
  useNetworkStore.setState({ clock: { ...clock } });
}

/** The simulated time now, µs (the clock the workers agree on). */
export function simNowUs(): number {
  return simNowAt(useNetworkStore.getState().clock, wallNowUs());
}

export function setTrace(on: boolean): void {
  useNetworkStore.setState(on ? { trace: true } : { trace: false, messages: [], messagesSent: 0 });
}

/** Adds one worker's traced batch (ignored while the trace is off); drops what left the window. */
export function addMessages(messages: TracedMessage[], total: number): void {
  useNetworkStore.setState((s) => {
    if (!s.trace || messages.length === 0) return s;
    const all = [...s.messages, ...messages];
    const newestMs = Math.max(...messages.map((m) => m.sentAtMs), s.messages.at(-1)?.sentAtMs ?? -Infinity);
    const kept = all.filter((m) => m.sentAtMs >= newestMs - TRACE_WINDOW_MS);
    return { messages: kept.length > MESSAGES_KEPT ? kept.slice(-MESSAGES_KEPT) : kept, messagesSent: s.messagesSent + total };
  });
}

/** Back to a healthy network, the wall-paced clock and no trace (a cluster reset). */
export function resetNetwork(): void {
  useNetworkStore.setState(initial());
}
