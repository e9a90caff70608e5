/**
 * A command cell (sql | kv | hbase | admin): a kind badge and its options (tenant, server,
 * database), the source editable in place (a monospace textarea; Shift+Enter runs the cell,
 * Escape drops the edit), Run / Run to here, then its last run (CellOutput). The current cell (the
 * next to run) is marked by a bar and a "next" label, the running one by "running…".
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CellRun, ScenarioCell } from '../../engine/scenario/types';
import { CellOutput, RunMark } from './CellOutput';
import { editCell, runCell, runToHere } from './scenarioActions';

const KIND_LABEL: Record<ScenarioCell['kind'], string> = { prose: 'Prose', sql: 'SQL', kv: 'KV', hbase: 'HBase', admin: 'Admin' };
const KIND_TITLE: Record<ScenarioCell['kind'], string> = {
  prose: 'Text',
  sql: 'SQL statements (obclient, MySQL mode)',
  kv: 'An OBKV-Table / HBase client script (TypeScript)',
  hbase: 'HBase shell commands',
  admin: 'Cluster actions: kill/start servers, cut/heal links, freeze, wait for …, advance time',
};

function optionText(cell: ScenarioCell): string {
  const o = cell.options;
  return [o.tenant && `tenant=${o.tenant}`, o.server !== undefined && `server=${o.server}`, o.database && `database=${o.database}`].filter(Boolean).join(' ');
}

export interface CellCommandProps {
  index: number;
  cell: ScenarioCell;
  run: CellRun | undefined;
  current: boolean;
  running: boolean;
  /** Nothing can run now (another cell runs, or the cluster is not ready). */
  busy: boolean;
  edited: boolean;
  readOnly: boolean;
}

export const CellCommand = memo(function CellCommand({ index, cell, run, current, running, busy, edited, readOnly }: CellCommandProps) {
  const [draft, setDraft] = useState(cell.source);
  const focused = useRef(false);
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!focused.current) setDraft(cell.source);
  }, [cell.source]);
  useEffect(() => {
    if (current) item.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [current]);

  const commit = () => editCell(index, draft);
  const run1 = () => {
    commit();
    void runCell(index).catch(() => {});
  };
  const onKey = (ev: KeyboardEvent<HTMLTextAreaElement>) => {
    if (ev.key === 'Enter' && ev.shiftKey && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      ev.stopPropagation();
      if (!busy) run1();
    } else if (ev.key === 'Escape') {
      setDraft(cell.source);
      ev.currentTarget.blur();
    }
  };
  const status = running ? 'running' : run ? (run.ok && run.expectation !== 'fail' ? 'ok' : 'failed') : 'idle';
  const rows = Math.min(16, Math.max(1, draft.split('\n').length));

  return (
    <li
      ref={item}
      className={`scn-cell cmd${current ? ' current' : ''}${running ? ' running' : ''}`}
      data-testid={`scenario-cell-${index}`}
      data-kind={cell.kind}
      data-status={status}
      aria-current={current ? 'step' : undefined}
    >
      <div className="scn-cell-head">
        <span className={`scn-badge kind-${cell.kind}`} title={KIND_TITLE[cell.kind]}>
          {KIND_LABEL[cell.kind]}
        </span>
        {optionText(cell) && <span className="scn-opts">{optionText(cell)}</span>}
        {current && !running && <span className="scn-next">next</span>}
        {running && <span className="scn-running">running…</span>}
        {!running && run && <RunMark run={run} />}
        {!running && edited && !run && <span className="scn-edited">edited</span>}
        <span className="scn-cell-spacer" />
        <button className="btn small primary" data-testid={`cell-run-${index}`} disabled={busy} onClick={run1} title="Run this cell (Shift+Enter in its text)">
          ▶ Run
        </button>
        <button className="btn small" data-testid={`cell-run-to-${index}`} disabled={busy} onClick={() => void runToHere(index).catch(() => {})} title="Run the cells from the next one through this one">
          Run to here
        </button>
      </div>
      <textarea
        className="scn-source"
        data-testid={`cell-source-${index}`}
        aria-label={`${KIND_LABEL[cell.kind]} cell ${index + 1}`}
        spellCheck={false}
        readOnly={readOnly || running}
        rows={rows}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          commit();
        }}
        onKeyDown={onKey}
      />
      <CellOutput index={index} run={run} expected={cell.expected} />
    </li>
  );
});
