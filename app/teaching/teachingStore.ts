/**
 * Teaching mode's view state (issue #6): whether the shortcuts overlay is open, and the short
 * toast naming what the last teaching key did ("Killed OBServer 1 (zone1), leader of LS 1001").
 * Nothing here is a database fact; the toast repeats what the host did or reported.
 *
 * Invariants: at most one toast shows; a new one replaces the old and restarts its timer; each
 * toast has a fresh `seq` (so the same text twice is still announced).
 */
import { create } from 'zustand';

/** How long a toast stays, ms of real time. */
export const TOAST_MS = 4_000;

export type ToastTone = 'info' | 'fault' | 'error';

export interface Toast {
  seq: number;
  text: string;
  tone: ToastTone;
}

interface TeachingState {
  overlayOpen: boolean;
  toast: Toast | null;
}

export const useTeachingStore = create<TeachingState>(() => ({ overlayOpen: false, toast: null }));

let toastSeq = 0;
let toastTimer: ReturnType<typeof setTimeout> | null = null;

/** Shows `text` as the toast for TOAST_MS (replacing the one showing). */
export function showToast(text: string, tone: ToastTone = 'info'): void {
  if (toastTimer !== null) clearTimeout(toastTimer);
  const seq = ++toastSeq;
  useTeachingStore.setState({ toast: { seq, text, tone } });
  toastTimer = setTimeout(() => {
    if (useTeachingStore.getState().toast?.seq === seq) useTeachingStore.setState({ toast: null });
  }, TOAST_MS);
}

export function dismissToast(): void {
  useTeachingStore.setState({ toast: null });
}

export function setOverlayOpen(overlayOpen: boolean): void {
  useTeachingStore.setState({ overlayOpen });
}
