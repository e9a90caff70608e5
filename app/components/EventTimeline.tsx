/**
 * The bottom timeline: events the servers reported (newest first), with server and time —
 * elections with their reason, leader changes, server status changes, transfers, tenant jobs,
 * member changes, faults, storage work. Buttons filter by kind. Clicking an event shows the
 * cluster at that moment in the topology panel (the kept snapshot at or before its time; Esc
 * returns to live). Progress events (a merge's rows done, a sample-data table's rows loaded)
 * are shown once per run of a task: only the newest line.
 */
import { clockTime } from '../format/obclient';
import { describeEvent, EVENT_GROUP_LABEL, EVENT_GROUPS, eventGroup, eventLevel, timelineLines } from '../format/events';
import { pinAt, useHistoryStore } from '../state/historyStore';
import { useEventStore } from '../state/eventStore';
import { setRightTab, toggleEventGroup, useUiStore } from '../state/uiStore';

/** Lines drawn (the store keeps more). */
const TIMELINE_LINES_SHOWN = 100;

export function EventTimeline() {
  const entries = useEventStore((s) => s.entries);
  const received = useEventStore((s) => s.received);
  const hidden = useUiStore((s) => s.hiddenEventGroups);
  const pinnedAt = useHistoryStore((s) => s.pinned?.atUs ?? null);
  const visible = hidden.length ? entries.filter((e) => !hidden.includes(eventGroup(e.event))) : entries;
  const shown = timelineLines(visible, TIMELINE_LINES_SHOWN);
  const show = (atUs: number) => {
    if (pinAt(atUs)) setRightTab('cluster');
  };
  return (
    <footer className="timeline" data-testid="event-timeline" aria-label="Event timeline">
      <div className="head">
        <span>Events (newest first; click one to see the cluster then)</span>
        <span className="filters" role="group" aria-label="Show events of these kinds">
          {EVENT_GROUPS.map((g) => {
            const on = !hidden.includes(g);
            return (
              <button key={g} className={`filter ${on ? 'on' : 'off'}`} aria-pressed={on} data-testid={`event-filter-${g}`} onClick={() => toggleEventGroup(g)}>
                <span aria-hidden>{on ? '☑' : '☐'}</span> {EVENT_GROUP_LABEL[g]}
              </button>
            );
          })}
        </span>
        <span>{received === 1 ? '1 event' : `${received.toLocaleString('en-US')} events`}</span>
      </div>
      {shown.length === 0 ? (
        <div className="empty">
          {entries.length === 0 ? (
            <>
              <strong>No events yet.</strong> Run DDL, load sample data, press Minor/Major freeze, or kill a server or cut a link in
              the Cluster tab: elections, server status, faults, freezes and compactions appear here as the servers report them.
            </>
          ) : (
            <>
              <strong>Every event is filtered out.</strong> Tick a kind above to show its events.
            </>
          )}
        </div>
      ) : (
        <ol>
          {shown.map((e) => {
            const level = eventLevel(e.event);
            const group = eventGroup(e.event);
            const cls = [level ? `lvl-${level}` : '', `grp-${group}`, pinnedAt === e.event.atUs ? 'pinned' : ''].filter(Boolean).join(' ');
            return (
              <li key={e.seq} className={cls} data-kind={e.event.kind}>
                <button className="ev" onClick={() => show(e.event.atUs)} title="Show the cluster at this moment">
                  <span className="t">{clockTime(e.event.atUs)}</span> <span className="srv">{e.serverId === 0 ? 'page' : `server\u00a0${e.serverId}`}</span>{' '}
                  <span className="msg">{describeEvent(e.event)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </footer>
  );
}
