/**
 * The recent major rounds as a timeline, oldest left: one column per frozen SCN, one lane per
 * zone; each cell sums the MAJOR_MERGEs that zone's servers finished at that SCN (tablets, rows,
 * bytes written, macroblocks reused, wall time from first start to last finish), or says the
 * round is still running there.
 */
import type { MajorCompactionSnapshot } from '../../../engine/server/snapshot';
import { majorRounds } from '../../format/major';
import { clockTime, formatBytes, formatCount } from '../../format/obclient';
import { formatDurationUs, scnText } from '../../format/storage';
import { useClusterStore } from '../../state/clusterStore';

/** Rounds drawn (the latest). */
const ROUNDS_SHOWN = 4;

export function MajorTimeline({ mc }: { mc: MajorCompactionSnapshot }) {
  const snapshot = useClusterStore((s) => s.snapshot);
  if (!snapshot) return null;
  const rounds = majorRounds(snapshot, mc.tenantId, mc, ROUNDS_SHOWN);
  const zones = mc.zones.map((z) => z.zone);
  if (rounds.length === 0) {
    return (
      <div className="hint timeline-empty" data-testid="major-timeline-empty">
        No major round yet: each <code>ALTER SYSTEM MAJOR FREEZE</code> adds one here, per zone.
      </div>
    );
  }
  return (
    <div className="major-timeline" data-testid="major-timeline">
      <h5>Rounds (oldest left)</h5>
      <div className="rounds" style={{ gridTemplateColumns: `max-content repeat(${rounds.length}, minmax(0, 1fr))` }}>
        <span />
        {rounds.map((r) => (
          <span key={r.compactionScn} className="round-head" title={`frozen SCN ${r.compactionScn}`}>
            SCN {scnText(r.compactionScn)}
            {r.frozenTimeUs !== undefined && <span className="hint"> frozen {clockTime(r.frozenTimeUs)}</span>}
          </span>
        ))}
        {zones.map((zone) => {
          const z = mc.zones.find((x) => x.zone === zone)!;
          return [
            <span key={`${zone}-name`} className="lane-name">
              {zone}
            </span>,
            ...rounds.map((r) => {
              const c = r.byZone[zone];
              const current = r.compactionScn === z.broadcastScn && z.status === 'COMPACTING';
              return (
                <span key={`${zone}-${r.compactionScn}`} className={`round-cell ${c ? 'done' : current ? 'running' : 'none'}`} data-testid="round-cell">
                  {c ? (
                    <>
                      <b>{formatCount(c.tablets, 'tablet')}</b> · {formatDurationUs(c.finishUs - c.startUs)}
                      <br />
                      {formatCount(c.rows, 'row')} · {formatBytes(c.occupyBytes)}
                      <br />
                      <span className="hint">
                        {formatCount(c.macroBlocks, 'macro')}, {c.reusedMacroBlocks} reused
                      </span>
                    </>
                  ) : current ? (
                    '◐ compacting…'
                  ) : (
                    <span className="hint">no merge reported</span>
                  )}
                </span>
              );
            }),
          ];
        })}
      </div>
    </div>
  );
}
