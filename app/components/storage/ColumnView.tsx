/**
 * The column view of one SSTable replica, as its server reported it (`sstableDetail`): the
 * format and compression, its column groups (pick one), the group's macroblocks (reused ones
 * marked), and microblocks × columns with, per cell, the encoding chosen, bytes after / before
 * and the skip-index aggregates (min, max, null count, sum). A dialog over the panel, so it has
 * the room to be readable at 1280×720 (rendered into <body>, above the page); Escape closes it.
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { formatBytes, formatCount } from '../../format/obclient';
import { columnGroupLabel, compressionRatio } from '../../format/storage';
import { openColumnView } from '../../host/columnView';
import { closeColumnView, pickColumnGroup, useStorageStore } from '../../state/storageStore';
import { MicroBlockGrid } from './MicroBlockGrid';

export function ColumnView() {
  const cv = useStorageStore((s) => s.columnView);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeColumnView();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  if (!cv) return null;
  const detail = cv.detail;
  const group = detail?.columnGroups[cv.group];
  const bytes = group?.macroBlocks.reduce((n, m) => n + m.bytes, 0) ?? 0;
  const rawBytes = group?.microBlocks.reduce((n, m) => n + m.rawBytes, 0) ?? 0;
  return createPortal(
    <div className="dialog-backdrop" onClick={closeColumnView}>
      <div
        className="dialog column-view"
        role="dialog"
        aria-modal="true"
        aria-label="Column view"
        data-testid="column-view"
        data-loading={cv.loading}
        onClick={(e) => e.stopPropagation()}
      >
        <div className="dialog-head">
          <h3>Column view · {cv.title}</h3>
          <span className="spacer" />
          <button className="btn small" data-testid="column-view-refresh" disabled={cv.loading} onClick={() => void openColumnView(cv, cv.title)}>
            {cv.loading ? 'Loading…' : 'Refresh'}
          </button>
          <button className="btn small" data-testid="column-view-close" onClick={closeColumnView} title="Close (Esc)">
            Close ✕
          </button>
        </div>
        {cv.error ? (
          <div className="error-message" data-testid="column-view-error">
            {cv.error}
          </div>
        ) : detail === undefined ? (
          <div className="empty">Asking the server for the SSTable&apos;s blocks…</div>
        ) : detail === null ? (
          <div className="empty" data-testid="column-view-none">
            <strong>This replica reports no {cv.type} SSTable detail.</strong>{' '}
            {cv.type === 'MAJOR' ? (
              <>
                Run <code>ALTER SYSTEM MAJOR FREEZE</code> to build the baseline, then Refresh.
              </>
            ) : (
              <>It may have been merged away meanwhile: pick the SSTable again from the LSM stack.</>
            )}
          </div>
        ) : (
          <>
            <div className="cv-summary">
              <span>
                <b>{detail.format}</b> microblocks · compression <b>{detail.compression}</b> · {formatCount(detail.columnGroups.length, 'column group')}
              </span>
              {group && (
                <span>
                  this group: {formatCount(group.macroBlocks.length, 'macroblock')}, {formatCount(group.microBlocks.length, 'microblock')} listed ·{' '}
                  {formatBytes(bytes)} on disk{rawBytes > 0 ? ` · raw ${formatBytes(rawBytes)} → ${compressionRatio(rawBytes, bytes) ?? '–'} smaller` : ''}
                </span>
              )}
            </div>
            {detail.columnGroups.length > 1 && (
              <div className="subtabs" role="tablist" aria-label="Column groups">
                {detail.columnGroups.map((g, i) => (
                  <button key={i} className="subtab" role="tab" aria-selected={i === cv.group} data-testid="cv-group" onClick={() => pickColumnGroup(i)}>
                    {columnGroupLabel(detail, g)}
                  </button>
                ))}
              </div>
            )}
            {group && (
              <>
                <div className="macro-strip" aria-label="Macroblocks">
                  {group.macroBlocks.map((m) => (
                    <span key={m.blockId} className={`macro ${m.reused ? 'reused' : ''}`} data-testid="cv-macroblock">
                      macroblock #{m.blockId} · {formatCount(m.rowCount, 'row')} · {formatBytes(m.bytes)} · {formatCount(m.microBlockCount, 'micro')}
                      {m.reused ? ' · ♻ reused' : ''}
                    </span>
                  ))}
                </div>
                <MicroBlockGrid detail={detail} group={group} />
              </>
            )}
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}
