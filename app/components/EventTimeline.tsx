/** The bottom timeline: events the servers reported (newest first), with server and time. */
import { clockTime } from '../format/obclient';
import { describeEvent, eventLevel } from '../format/events';
import { useEventStore } from '../state/eventStore';

/** Lines drawn (the store keeps more). */
const TIMELINE_LINES_SHOWN = 100;

export function EventTimeline() {
  const entries = useEventStore((s) => s.entries);
  // Batches from different servers interleave: order by the engine's time, newest first.
  const shown = entries
    .slice(-TIMELINE_LINES_SHOWN)
    .sort((a, b) => b.event.atUs - a.event.atUs || b.seq - a.seq);
  return (
    <footer className="timeline" data-testid="event-timeline" aria-label="Event timeline">
      <div className="head">
        <span>Events</span>
        <span>{entries.length.toLocaleString('en-US')} events</span>
      </div>
      {shown.length === 0 ? (
        <div className="empty" style={{ padding: '6px 10px' }}>
          Leader elections, freezes, compactions and DDL appear here as the servers report them.
        </div>
      ) : (
        <ol>
          {shown.map((e) => {
            const level = eventLevel(e.event);
            return (
              <li key={e.seq} className={level ? `lvl-${level}` : undefined}>
                <span className="t">{clockTime(e.event.atUs)}</span> <span className="srv">server {e.serverId}</span> {describeEvent(e.event)}
              </li>
            );
          })}
        </ol>
      )}
    </footer>
  );
}
