/**
 * "Load sample data": TPC-H at a chosen scale factor (SF 0.01 by default) or the `world`
 * database. The server loads it (CALL load_sample_data); progress comes from its events.
 */
import { useState } from 'react';
import { loadSampleData, TPCH_SCALES } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { SampleDataProgress } from './SampleDataProgress';

export function SampleDataMenu() {
  const [open, setOpen] = useState(false);
  const [scale, setScale] = useState<number>(TPCH_SCALES[0]);
  const ready = useClusterStore((s) => s.boot === 'ready');
  const loading = useClusterStore((s) => s.sampleLoad !== null && !s.sampleLoad.finished);
  const load = (dataset: 'tpch' | 'world') => {
    setOpen(false);
    loadSampleData(dataset, dataset === 'tpch' ? scale : undefined).catch(() => {});
  };
  return (
    <span className="menu">
      {loading ? (
        <SampleDataProgress />
      ) : (
        <button className="btn" data-testid="load-sample-data" disabled={!ready} onClick={() => setOpen(!open)} aria-expanded={open} title="Load sample data: TPC-H or world">
          Sample data ▾
        </button>
      )}
      {open && (
        <div className="menu-pop" role="menu">
          <div className="row">
            <span>
              <b>TPC-H</b> <span className="hint">database tpch, 8 tables</span>
            </span>
          </div>
          <div className="row">
            <label className="hint">
              scale factor{' '}
              <select className="select" value={scale} onChange={(e) => setScale(Number(e.target.value))}>
                {TPCH_SCALES.map((sf) => (
                  <option key={sf} value={sf}>
                    SF {sf} (~{Math.round(sf * 8660).toLocaleString('en-US')}k rows)
                  </option>
                ))}
              </select>
            </label>
            <button className="btn small primary" data-testid="load-tpch" onClick={() => load('tpch')}>
              Load
            </button>
          </div>
          <div className="row">
            <span>
              <b>world</b> <span className="hint">countries of the world</span>
            </span>
            <button className="btn small primary" data-testid="load-world" onClick={() => load('world')}>
              Load
            </button>
          </div>
          <div className="hint">Loading again drops and recreates the database.</div>
        </div>
      )}
    </span>
  );
}
