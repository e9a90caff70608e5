/**
 * The column-group SSTables of a columnar MAJOR side by side (OceanBase's CO SSTable: one SSTable
 * per column group, combined into a virtual SSTable): each with rows, bytes, the compression
 * ratio and its blocks (reused ones counted).
 */
import type { ColumnGroupSstableSnapshot } from '../../../engine/server/snapshot';
import { formatBytes, formatCount } from '../../format/obclient';
import { compressionRatio } from '../../format/storage';

export function ColumnGroupStrip({ groups, onOpen }: { groups: ColumnGroupSstableSnapshot[]; onOpen: () => void }) {
  return (
    <div className="cg-strip" data-testid="column-groups" aria-label="Column-group SSTables">
      {groups.map((g, i) => {
        const ratio = compressionRatio(g.rawBytes, g.bytes);
        const name = /^\d+$/.test(g.name) ? `column ${g.name}` : g.name;
        return (
          <button key={i} className="cg" data-testid="column-group" onClick={onOpen} title={`Column group ${name}: columns ${g.columns.join(', ')}`}>
            <span className="cg-name">{name}</span>
            <span>{formatCount(g.rowCount, 'row')}</span>
            <span>
              {formatBytes(g.bytes)}
              {ratio ? ` · ${ratio}` : ''}
            </span>
            <span className="hint">
              {formatCount(g.macroBlockCount, 'macro')} · {formatCount(g.microBlockCount, 'micro')}
              {g.reusedMacroBlockCount > 0 ? ` · ${g.reusedMacroBlockCount} reused` : ''}
            </span>
          </button>
        );
      })}
    </div>
  );
}
