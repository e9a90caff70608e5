/**
 * Adding an OBServer to a zone (issue #4), OceanBase's two steps: "+ OBServer" starts a node
 * (the observer process, with its zone: a new worker), then `ALTER SYSTEM ADD SERVER
 * '<ip>:2882' ZONE '<zone>'` as root@sys registers it. A node that runs but that the root service
 * does not list yet shows the statement and a button that runs it in the sys tenant's session.
 */
import { useState } from 'react';
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import { addServerStatement, useHostNodes } from '../host/hostNodes';
import { addServer, runSql, selectTenant } from '../host/playground';
import { percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';

/** The zone's "+ OBServer" button; disabled while a node of this zone is starting. */
export function AddServerButton({ zone }: { zone: string }) {
  const starting = useHostNodes((s) => s.starting.includes(zone));
  const [error, setError] = useState<string | null>(null);
  const start = () => {
    setError(null);
    addServer(zone).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="add-server">
      <button
        className="btn small"
        data-testid={`add-server-${zone}`}
        disabled={starting}
        onClick={start}
        title={`Start a new OBServer node in ${zone} (then register it with ALTER SYSTEM ADD SERVER)`}
      >
        {starting ? 'Starting OBServer…' : '+ OBServer'}
      </button>
      {error && <div className="crash">{error}</div>}
    </div>
  );
}

/** A node the host is starting that no snapshot reports yet: its address and boot progress. */
export function StartingServer({ info }: { info: WorkerServerInfo }) {
  const progress = useClusterStore((s) => s.progress[info.serverId]);
  const run = useClusterStore((s) => s.runs[info.serverId]);
  const state = run?.state ?? 'booting';
  const pct = percent(progress?.fraction ?? 0, 1);
  return (
    <div className="server BOOTING" data-testid={`new-server-${info.serverId}`} data-server-id={info.serverId}>
      <div className="head">
        <span className="addr">{info.svrIp}:2882</span>
        <span className="state BOOTING">◌ {state === 'booting' ? 'BOOTING' : state.toUpperCase()}</span>
      </div>
      <div className="meta">id&nbsp;{info.serverId} · new node, not in the cluster yet</div>
      {state === 'booting' && (
        <div className="server-progress">
          <div className="progress-label">
            <span>{progress?.stage ?? 'starting worker'}</span>
            <span>{pct}%</span>
          </div>
          <ProgressBar percent={pct} label={`server ${info.serverId} boot progress`} />
        </div>
      )}
      {run?.message && <div className="crash">{run.message}</div>}
    </div>
  );
}

/** Under a running node the root service does not list yet: the statement that registers it. */
export function RegisterServerNote({ info }: { info: Pick<WorkerServerInfo, 'serverId' | 'svrIp' | 'zone'> }) {
  const statement = addServerStatement(info);
  const register = () => {
    selectTenant('sys');
    void runSql(statement).catch(() => {});
  };
  return (
    <div className="rs-note" data-testid={`register-server-${info.serverId}`} role="note">
      <div>Started, but not in the cluster yet. Register it as root@sys:</div>
      <code data-testid={`register-sql-${info.serverId}`} style={{ userSelect: 'all', display: 'block', margin: '4px 0' }}>
        {statement}
      </code>
      <button className="btn small primary" data-testid={`register-run-${info.serverId}`} onClick={register} title="Select the sys tenant and run the statement">
        Run as sys
      </button>
    </div>
  );
}
