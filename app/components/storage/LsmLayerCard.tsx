/**
 * One layer of the LSM stack: a memtable (active: dashed; frozen: solid) or an SSTable (MINI,
 * MINOR, MAJOR), with rows, bytes, SCN range, and for SSTables the block counts, the bytes before
 * encoding and compression with the ratio, and "Columns…" to open its column view. A columnar
 * MAJOR shows its column-group SSTables side by side. The bar under a layer is its size relative
 * to the largest layer of this replica.
 */
import type { TabletSnapshot } from '../../../engine/server/snapshot';
import { formatBytes } from '../../format/obclient';
import { blockCounts, compressionRatio, layerRole, layerTitle, rowsAndBytes, scnRange, type LsmLayer } from '../../format/storage';
import { openColumnView } from '../../host/columnView';
import { ColumnGroupStrip } from './ColumnGroupStrip';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

export function LsmLayerCard(props: { layer: LsmLayer; maxBytes: number; tablet: TabletSnapshot; serverId: number; svrIp: string; title: string }) {
  const { layer, maxBytes, tablet, serverId, svrIp, title } = props;
  const item = (layer.memtable ?? layer.sstable)!;
  const t = layer.sstable;
  const ratio = t ? compressionRatio(t.rawBytes, t.bytes) : null;
  const widthPct = Math.max(1, Math.round((item.bytes / maxBytes) * 100));
  const open = () =>
    t && void openColumnView({ tenantId: tablet.tenantId, tabletId: tablet.tabletId, serverId, type: t.type }, `${title} · ${t.type} SSTable on ${svrIp}`);
  return (
    <li className={`layer ${layer.level}`} data-testid="lsm-layer" data-level={layer.level}>
      <div className="layer-head">
        <span className="layer-title">{layerTitle(layer.level)}</span>
        <span className="layer-figures">
          {nb(rowsAndBytes(item.rowCount, item.bytes))}
          {t && (
            <button className="btn small" data-testid={`columns-${t.type}`} onClick={open} title="Open the column view: microblocks, encodings and skip-index values">
              Columns…
            </button>
          )}
        </span>
      </div>
      <div className="layer-meta">
        <span className="hint">{layerRole(layer.level)}</span>
        <span className="scn">{scnRange(item.startScn, item.endScn)}</span>
      </div>
      {t && (
        <div className="layer-meta">
          <span>
            {blockCounts(t)}
            {t.format ? ` · ${t.format}` : ''}
            {t.compression ? ` · ${t.compression}` : ''}
            {ratio && (
              <span data-testid="layer-ratio">
                {' '}
                · raw&nbsp;{nb(formatBytes(t.rawBytes!))} → {ratio}&nbsp;smaller
              </span>
            )}
          </span>
        </div>
      )}
      <div className="size-bar" aria-hidden>
        <div style={{ width: `${widthPct}%` }} />
      </div>
      {t?.columnGroups && t.columnGroups.length > 0 && <ColumnGroupStrip groups={t.columnGroups} onOpen={open} />}
    </li>
  );
}
