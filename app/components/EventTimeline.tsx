/**
 * The bottom timeline: events the servers reported (newest first), with server and time.
 * Progress events (a merge's rows done, a sample-data table's rows loaded) are shown once per
 * run of a task: only the newest line, so a running compaction is one updating line rather than
 * a flood of them; every `finished` line stays.
 */
import { clockTime } from '../format/obclient';
import { describeEvent, eventLevel, timelineLines } from '../format/events';
import { useEventStore } from '../state/eventStore';

/** Lines drawn (the store keeps more). */
const TIMELINE_LINES_SHOWN = 100;

export function EventTimeline() {
  const entries = useEventStore((s) => s.entries);
  const received = useEventStore((s) => s.received);
  const shown = timelineLines(entries, TIMELINE_LINES_SHOWN);
  return (
    <footer className="timeline" data-testid="event-timeline" aria-label="Event timeline">
      <div className="head">
        <span>Events (newest first)</span>
        <span>{received === 1 ? '1 event' : `${received.toLocaleString('en-US')} events`}</span>
      </div>
      {shown.length === 0 ? (
        <div className="empty">
          <strong>No events yet.</strong> Run DDL, load sample data or press Minor/Major freeze: DDL, freezes,
          compactions and major-compaction status appear here as the servers report them.
        </div>
      ) : (
        <ol>
          {shown.map((e) => {
            const level = eventLevel(e.event);
            return (
              <li key={e.seq} className={level ? `lvl-${level}` : undefined}>
                <span className="t">{clockTime(e.event.atUs)}</span> <span className="srv">server&nbsp;{e.serverId}</span>{' '}
                <span className="msg">{describeEvent(e.event)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </footer>
  );
}
