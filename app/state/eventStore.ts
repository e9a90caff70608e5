/**
 * The event timeline: state changes the servers reported through their `EventSink` (role
 * changes, freezes, compaction, DDL, crashes), newest last, bounded.
 */
import { create } from 'zustand';
import type { ObEvent } from '../../engine/env/index';

/** Timeline entries kept; older ones fall off. */
export const TIMELINE_EVENTS_MAX = 300;

export interface TimelineEntry {
  seq: number;
  serverId: number;
  event: ObEvent;
}

interface EventState {
  entries: TimelineEntry[];
  nextSeq: number;
  /** Events received since the last clear (more than `entries` once old ones fall off). */
  received: number;
}

export const useEventStore = create<EventState>(() => ({ entries: [], nextSeq: 1, received: 0 }));

export function appendEvents(serverId: number, events: ObEvent[]): void {
  useEventStore.setState((s) => {
    let seq = s.nextSeq;
    const added = events.map((event) => ({ seq: seq++, serverId, event }));
    const entries = [...s.entries, ...added];
    return {
      entries: entries.length > TIMELINE_EVENTS_MAX ? entries.slice(-TIMELINE_EVENTS_MAX) : entries,
      nextSeq: seq,
      received: s.received + added.length,
    };
  });
}

export function clearEvents(): void {
  useEventStore.setState({ entries: [], received: 0 });
}
