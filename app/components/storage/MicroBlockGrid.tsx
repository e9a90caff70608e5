/**
 * Microblocks × columns of one column group: per cell the encoding the encoder chose for that
 * column in that microblock, bytes after / before, and the skip-index aggregates; a first row
 * totals each column over the listed microblocks (bytes, and how often each encoding was chosen).
 */
import type { SstableDetail } from '../../../engine/server/snapshot';
import { formatBytes, formatCount } from '../../format/obclient';
import { columnLabel } from '../../format/storage';

type Group = SstableDetail['columnGroups'][number];

function encodingCounts(group: Group, column: number): string {
  const counts = new Map<string, number>();
  for (const m of group.microBlocks) {
    const c = m.columns.find((x) => x.column === column);
    if (c) counts.set(c.encoding, (counts.get(c.encoding) ?? 0) + 1);
  }
  return [...counts.entries()].map(([enc, n]) => `${enc}×${n}`).join(' ');
}

/**
 * A cell's skip-index aggregates. Min and max both absent while some row is not NULL means the
 * SSTable keeps no min/max for the column (no SKIP_INDEX on a row-store group), said as such.
 */
function SkipIndex(p: { min: string | null; max: string | null; nullCount: number; sum: string | null; rowCount: number }) {
  const kept = p.min !== null || p.max !== null || p.nullCount >= p.rowCount;
  return (
    <>
      <div className="agg">
        {kept ? (
          <>
            min {p.min ?? <i>NULL</i>} · max {p.max ?? <i>NULL</i>}
          </>
        ) : (
          <span className="hint">no min/max kept</span>
        )}
      </div>
      <div className="agg hint">
        {p.nullCount > 0 ? formatCount(p.nullCount, 'null') : 'no nulls'}
        {p.sum !== null ? ` · sum ${p.sum}` : ''}
      </div>
    </>
  );
}

export function MicroBlockGrid({ detail, group }: { detail: SstableDetail; group: Group }) {
  const columns = group.columns;
  if (group.microBlocks.length === 0) return <div className="empty">This column group has no microblocks (no rows).</div>;
  return (
    <div className="cv-grid-wrap">
      <table className="grid cv-grid" data-testid="cv-grid">
        <thead>
          <tr>
            <th>microblock</th>
            {columns.map((c) => (
              <th key={c}>{columnLabel(detail, c)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="totals">
            <td>
              <b>all listed</b>
            </td>
            {columns.map((c) => {
              let bytes = 0;
              let raw = 0;
              for (const m of group.microBlocks) {
                const x = m.columns.find((y) => y.column === c);
                bytes += x?.bytes ?? 0;
                raw += x?.rawBytes ?? 0;
              }
              return (
                <td key={c}>
                  <div>
                    {formatBytes(bytes)} / {formatBytes(raw)}
                  </div>
                  <div className="hint">{encodingCounts(group, c)}</div>
                </td>
              );
            })}
          </tr>
          {group.microBlocks.map((m) => (
            <tr key={`${m.macroBlockId}-${m.index}`} data-testid="cv-microblock">
              <td className="mb-head">
                <div>
                  #{m.macroBlockId}.{m.index}
                </div>
                <div className="hint">
                  rows {m.rowStart.toLocaleString('en-US')}–{(m.rowStart + m.rowCount - 1).toLocaleString('en-US')}
                </div>
                <div className="hint">
                  {formatBytes(m.bytes)} / {formatBytes(m.rawBytes)}
                </div>
              </td>
              {columns.map((c) => {
                const x = m.columns.find((y) => y.column === c);
                if (!x) return <td key={c} className="hint">–</td>;
                return (
                  <td key={c} data-testid="cv-cell">
                    <div>
                      <span className={`enc enc-${x.encoding.toLowerCase()}`} data-testid="cv-encoding">
                        {x.encoding}
                      </span>
                    </div>
                    <div>
                      {formatBytes(x.bytes)} / {formatBytes(x.rawBytes)}
                    </div>
                    <SkipIndex min={x.min} max={x.max} nullCount={x.nullCount} sum={x.sum} rowCount={m.rowCount} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {group.truncated && <div className="info-line">More microblocks exist than the server lists (at most 256 per column group).</div>}
      <div className="hint cv-legend">
        Each cell: the encoding chosen for the column in that microblock, its bytes encoded / raw, and the skip index (min,
        max, null count, sum) a scan checks to skip the microblock. Under each microblock: its bytes on disk (encoded, then
        compressed) / raw.
      </div>
    </div>
  );
}
