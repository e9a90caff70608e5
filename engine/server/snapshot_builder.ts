/**
 * Builds `ServerSnapshot` (this server's replicas, tablets, memstore, counters, compaction history
 * and, on a root service, its tenants' major compactions) and
 * `ClusterSnapshot` (every server's snapshot plus the root service's view of zones, unit configs,
 * pools, units, tenants, log streams and tablet locations). Panels and system views both render
 * these objects (architecture §6).
 *
 * Issue #4: replicas report their election state (lease expiry converted from PALF ticks to µs of
 * the simulated clock, vote, whether the leader serves), persisted LSN, config version and
 * learners; an LS's leader in the cluster snapshot is the replica reporting LEADER with the highest
 * proposal id among the reachable servers (unknown while electing); the root service is wherever
 * the sys tenant's LS 1 leader serves. Zones, servers' root-service status (`rsServers`), unit
 * configs, pools, units, tenants, LSs and jobs come from this server's copy of the cluster state
 * (`clusterStateSnapshot`), heartbeat times from the root service while this server is it, and
 * each replica's type (F/R/C) from the state's placement.
 */
import { MEMSTORE_LIMIT_BYTES, PALF_TICK_MS } from '../common/limits';
import { clusterStateSnapshot } from '../rootservice';
import { BUILD_VERSION, CLUSTER_NAME, SQL_PORT, SVR_PORT } from '../rootservice/topology';
import type { ObServer } from './ob_server';
import type { ClusterSnapshot, LsReplicaSnapshot, MemstoreSnapshot, ServerSnapshot, TabletSnapshot } from './snapshot';

const SNAPSHOT_RPC_TIMEOUT_US = 2_000_000;

export function buildServerSnapshot(s: ObServer): ServerSnapshot {
  const lsReplicas: LsReplicaSnapshot[] = [];
  const tablets: TabletSnapshot[] = [];
  const memstore = new Map<number, MemstoreSnapshot>();
  let clogBytes = 0;
  let palfEntriesAppended = 0;
  for (const ls of s.logStreams.values()) {
    const st = ls.palf.status();
    const el = st.election;
    const nowUs = s.env.clock.nowUs();
    lsReplicas.push({
      tenantId: ls.tenantId,
      lsId: ls.lsId,
      role: st.role,
      replicaType: s.replicaTypeOf(ls.tenantId, ls.lsId),
      proposalId: st.proposalId,
      memberList: st.memberList.map(Number),
      learnerList: (st.learnerList ?? []).map(Number),
      configVersion: st.configVersion,
      persistedLsn: st.persistedLsn,
      ...(el !== undefined ? {
        election: {
          electionState: el.state,
          leaseExpiryUs: el.leaseExpiryTick === null ? null : nowUs + (el.leaseExpiryTick - el.nowTick) * PALF_TICK_MS * 1000,
          votedFor: el.votedFor === null ? null : Number(el.votedFor),
          servingStrong: ls.isServing(),
        },
      } : {}),
      leaderServerId: st.leader === null ? null : Number(st.leader),
      lastLsn: st.lastLsn,
      committedLsn: st.committedLsn,
      appliedLsn: ls.appliedLsn,
      appliedScn: ls.appliedScn.toString(),
      checkpointLsn: ls.replayStartLsn() - 1,
      tabletCount: ls.tablets.size,
    });
    clogBytes += ls.clog.bytes;
    palfEntriesAppended += ls.entriesAppended;
    let m = memstore.get(ls.tenantId);
    if (!m) {
      m = {
        tenantId: ls.tenantId, activeBytes: 0, totalBytes: 0, freezeTriggerBytes: s.admin.freezeTriggerBytes(ls.tenantId),
        memstoreLimitBytes: MEMSTORE_LIMIT_BYTES, freezeCount: s.admin.freezeCount.get(ls.tenantId) ?? 0,
      };
      memstore.set(ls.tenantId, m);
    }
    for (const t of ls.tablets.values()) {
      const snap = t.snapshot();
      tablets.push(snap);
      for (const mt of snap.memtables) {
        m.totalBytes += mt.bytes;
        if (mt.isActive) m.activeBytes += mt.bytes;
      }
    }
  }
  const blockStats = s.blocks?.stats();
  const status = s.status === 'ACTIVE' ? 'ACTIVE' : s.status === 'CRASHED' ? 'CRASHED' : s.status === 'BOOTING' ? 'BOOTING' : 'INACTIVE';
  return {
    serverId: s.serverId,
    svrIp: s.config.svrIp,
    svrPort: SVR_PORT,
    sqlPort: SQL_PORT,
    zone: s.config.zone,
    status,
    crashMessage: s.crashMessage,
    withRootserver: s.logStream(1, 1)?.isServing() ?? false,
    startServiceTimeUs: s.startServiceTimeUs,
    buildVersion: BUILD_VERSION,
    lsReplicas,
    tablets,
    memstore: [...memstore.values()],
    counters: {
      sqlStatements: s.sqlStatements,
      rpcIn: s.rpc.counters.rpcIn,
      rpcOut: s.rpc.counters.rpcOut,
      palfEntriesAppended,
      blockCacheHits: blockStats?.blockCacheHits ?? 0,
      blockCacheMisses: blockStats?.blockCacheMisses ?? 0,
      dataFileBytes: blockStats?.fileBytes ?? 0,
      clogBytes,
    },
    requestQueue: s.requestQueue.snapshot(),
    compactionHistory: s.compactionHistory.list(),
    majorCompactions: s.admin.majorService.snapshots(),
    takenAtUs: s.env.clock.nowUs(),
  };
}

function unreachable(s: ObServer, serverId: number): ServerSnapshot {
  const info = s.location.server(serverId)!;
  return {
    serverId, svrIp: info.svrIp, svrPort: SVR_PORT, sqlPort: SQL_PORT, zone: info.zone, status: 'INACTIVE',
    withRootserver: false, startServiceTimeUs: 0, buildVersion: BUILD_VERSION,
    lsReplicas: [], tablets: [], memstore: [],
    counters: { sqlStatements: 0, rpcIn: 0, rpcOut: 0, palfEntriesAppended: 0, blockCacheHits: 0, blockCacheMisses: 0, dataFileBytes: 0, clogBytes: 0 },
    takenAtUs: s.env.clock.nowUs(),
  };
}

export async function buildClusterSnapshot(s: ObServer): Promise<ClusterSnapshot> {
  const servers = await Promise.all(
    s.topology.servers.map((info) =>
      info.serverId === s.serverId
        ? Promise.resolve(buildServerSnapshot(s))
        : s.rpc.call<ServerSnapshot>(info.serverId as never, 'server.snapshot', {}, SNAPSHOT_RPC_TIMEOUT_US).catch(() => unreachable(s, info.serverId)),
    ),
  );
  const leaders = liveLeaders(servers);
  const view = clusterStateSnapshot(s.stateHolder.state);
  // The root service keeps heartbeat times in memory: overlay them while this server is it.
  const heartbeats = s.rootService.heartbeatTimes();
  const rsServers = view.rsServers.map((r) => ({ ...r, lastHeartbeatUs: heartbeats.get(r.serverId) ?? r.lastHeartbeatUs }));
  const tenants = view.tenants.map((t) => ({
    ...t,
    ls: t.ls.map((l) => {
      const k = `${l.tenantId}/${l.lsId}`;
      return leaders.has(k) ? { ...l, leaderServerId: leaders.get(k)!, leaderKnown: true } : { ...l, leaderServerId: -1, leaderKnown: false };
    }),
  }));
  const tabletLocations = [...s.schemas.entries()].flatMap(([tenantId, schema]) =>
    schema.allTables().flatMap((t) =>
      t.partitions.map((p) => ({
        tenantId,
        databaseName: t.databaseName,
        tableName: t.name,
        tableId: t.tableId,
        partitionName: p.name,
        tabletId: p.tabletId,
        lsId: p.lsId,
        objectId: p.objectId,
      })),
    ),
  );
  return {
    clusterName: CLUSTER_NAME,
    rsServers,
    tenantJobs: view.tenantJobs,
    balanceJobs: view.balanceJobs,
    transferTasks: view.transferTasks,
    rootServerId: s.rootService.isActive() ? s.serverId : (s.heartbeat.rootServerId ?? leaders.get('1/1') ?? null),
    zones: view.zones,
    servers,
    tenants,
    unitConfigs: view.unitConfigs,
    resourcePools: view.resourcePools,
    units: view.units,
    tabletLocations,
    takenAtUs: s.env.clock.nowUs(),
  };
}

/**
 * Each LS's leader as the reachable replicas report it: the one claiming LEADER with the highest
 * proposal id (a deposed leader that has not noticed yet reports a lower one). Keyed `tenant/ls`.
 */
export function liveLeaders(servers: ServerSnapshot[]): Map<string, number> {
  const best = new Map<string, { serverId: number; proposalId: number }>();
  for (const srv of servers) {
    for (const r of srv.lsReplicas) {
      if (r.role !== 'LEADER') continue;
      const k = `${r.tenantId}/${r.lsId}`;
      const b = best.get(k);
      if (!b || r.proposalId > b.proposalId) best.set(k, { serverId: srv.serverId, proposalId: r.proposalId });
    }
  }
  return new Map([...best].map(([k, v]) => [k, v.serverId]));
}
