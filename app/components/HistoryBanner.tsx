/**
 * Shown while the topology panel draws a past moment (the user clicked a timeline event):
 * "Showing the cluster at HH:MM:SS.mmm — back to live". Esc or the button returns to live.
 */
import { useEffect } from 'react';
import { clockTime } from '../format/obclient';
import { unpin, type Pinned } from '../state/historyStore';

export function HistoryBanner({ pinned }: { pinned: Pinned }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') unpin();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const at = pinned.entry.snapshot.takenAtUs;
  return (
    <div className="history-banner" role="status" data-testid="history-banner">
      <span>
        <span aria-hidden>◀</span> Showing the cluster at <b>{clockTime(at)}</b>
        {pinned.oldestKept ? ` (the oldest snapshot kept; the event was at ${clockTime(pinned.atUs)})` : ''}
      </span>
      <button className="btn small primary" data-testid="back-to-live" onClick={unpin} title="Back to the live cluster (Esc)">
        Back to live
      </button>
    </div>
  );
}
