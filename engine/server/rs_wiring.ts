/**
 * The root service's runtime wired into one `ObServer` (issue #4; h6_wiring.md): the root service
 * itself (active while the local sys LS 1 replica serves as leader), the heartbeat client, the LS
 * manager, the topology following the cluster state, and the row-to-column conversion of C
 * replicas. Each builder takes the server and closes over it; `ObServer` ticks them.
 *
 *   sys LS 1 apply ─rs record─▶ ClusterStateHolder ─onChange─▶ followState (topology, schemas, C tablets)
 *   tick ─▶ RootService.onTick (checks, liveness) ─▶ HeartbeatClient.onTick ─▶ LsManager.onTick ─▶ ColumnStoreConverter.onTick
 */
import { lsId as toLsId, serverId as toServerId, type TenantId } from '../common/ids';
import { Errors } from '../common/ob_error';
import { applyRsCommand, electionPriority, topologyFromState } from '../rootservice';
import { Balancer } from '../rootservice/balancer';
import { balancerHostFor } from './transfer_service';
import { HeartbeatClient, RootService, leaderReport, type LsLeaderReport } from '../rootservice/root_service';
import type { ClusterState, RsTenant } from '../rootservice/types';
import type { TabletStore } from '../storage/types';
import { LsManager } from './ls_manager';
import type { ObServer } from './ob_server';

/** The server's root service duty (`RootService`): proposes `rs` records on the local sys LS 1 replica while it serves as leader. */
export function buildRootService(s: ObServer): RootService {
  const rs = new RootService({
    serverId: s.serverId,
    clock: s.env.clock,
    events: { emit: (e) => s.env.events.emit(e) },
    holder: s.stateHolder,
    apply: applyRsCommand,
    sysLs: () => {
      const ls = s.lsService.logStream(1, 1);
      if (!ls || ls.isStopped) return null;
      return {
        isServingLeader: () => ls.isServing(),
        submitRs: async (json) => {
          await ls.submit({ type: 'rs', json });
        },
      };
    },
    param: (n) => s.admin.params.get(n),
    log: (level, m) => s.log(level, m),
  });
  // Transfers after UNIT_NUM changes (balancer.ts plans, transfer_service.ts moves the tablets).
  rs.setBalancer(new Balancer(balancerHostFor(s, rs, () => s.stateHolder.state)));
  return rs;
}

/** The heartbeat client: every RS_HEARTBEAT_INTERVAL_US to the root service, with this server's start time and the LSs it leads. */
export function buildHeartbeat(s: ObServer): HeartbeatClient {
  return new HeartbeatClient({
    serverId: s.serverId,
    clock: s.env.clock,
    holder: s.stateHolder,
    call: (to, m, b, t) => s.rpc.call(to, m, b, t),
    rootServiceHint: () => sysLsLeaderHint(s),
    startServiceTimeUs: () => s.startServiceTimeUs,
    leaderReports: () => leaderReports(s),
  });
}

/** The LS manager: opens/closes this server's replicas and steps the PALF configs it leads toward the state (ls_manager.ts). */
export function buildLsManager(s: ObServer): LsManager {
  return new LsManager({
    serverId: s.serverId,
    clock: s.env.clock,
    events: { emit: (e) => s.env.events.emit(e) },
    holder: s.stateHolder,
    log: (level, m) => s.log(level, m),
    localReplicas: () => s.lsService.replicaViews(),
    leaderConfigs: () => s.heartbeat.lsConfigs,
    openReplica: async (spec) => {
      s.ensureTenantSchema(spec.tenantId);
      if (spec.lsId === 1) s.schemaRefresher.onLs1Opened(spec.tenantId);
      await s.lsService.openLogStream({ tenantId: spec.tenantId, lsId: spec.lsId, members: spec.members, learners: spec.learners });
    },
    closeReplica: (r) => s.lsService.closeLogStream(r.tenantId, r.lsId, true),
    ensureTenant: (t: RsTenant) => s.ensureTenantSchema(t.tenantId),
    proposeConfigChange: async (r, change) => {
      const ls = s.lsService.logStream(r.tenantId, r.lsId);
      if (!ls || ls.isStopped) throw Errors.notMaster();
      await ls.changeConfig(change);
    },
    transferLeader: (r, to) => s.lsService.logStream(r.tenantId, r.lsId)?.transferLeader(toServerId(to)),
    priority: electionPriority,
  });
}

/** The sys LS 1 leader per the location cache (the likely root service), or null. */
export function sysLsLeaderHint(s: ObServer): number | null {
  try {
    return s.location.leaderOf(1 as TenantId, toLsId(1));
  } catch {
    return null;
  }
}

/** Heartbeat reports of the LSs this server leads. */
export function leaderReports(s: ObServer): LsLeaderReport[] {
  const out: LsLeaderReport[] = [];
  for (const ls of s.logStreams.values()) {
    if (ls.isStopped) continue;
    const st = ls.palf.status();
    if (st.role === 'LEADER' && st.leader !== null) out.push(leaderReport(st, ls.isServing()));
  }
  return out;
}

/**
 * The state changed: the topology (servers, tenants, LS placements) follows it in place —
 * LocationService and LsService read it live — every tenant gets its schema service, and C
 * replicas' tablets are marked column-store.
 */
export function followState(s: ObServer, state: ClusterState): void {
  const next = topologyFromState(state);
  s.topology.servers.splice(0, s.topology.servers.length, ...next.servers);
  s.topology.tenants.splice(0, s.topology.tenants.length, ...next.tenants);
  s.topology.rootServer = next.rootServer;
  for (const t of state.tenants) if (t.status !== 'DROPPING') s.ensureTenantSchema(t.tenantId);
  for (const ls of s.logStreams.values()) {
    if (s.replicaTypeOf(ls.tenantId, ls.lsId) !== 'COLUMNSTORE') continue;
    for (const t of ls.tablets.values()) if (t.replicaStoreFormat() !== 'column') t.setReplicaStoreFormat('column');
  }
}

/**
 * Row-to-column conversion of a server's COLUMNSTORE replicas (CONVERT_CO_MAJOR_MERGE, reference
 * §3.1): once such a replica has caught up with its leader's commit point, each of its tablets not
 * yet converted in this server's life is converted, one at a time — so also after a restart.
 */
export class ColumnStoreConverter {
  /** Tablets converted in this life (`tenant/tablet`). */
  private readonly converted = new Set<string>();
  private running = false;

  constructor(private readonly s: ObServer) {}

  /** Every PALF tick: starts a conversion pass when a caught-up C replica has unconverted tablets. */
  onTick(): void {
    if (this.running) return;
    const todo: TabletStore[] = [];
    for (const ls of this.s.logStreams.values()) {
      if (ls.isStopped || this.s.replicaTypeOf(ls.tenantId, ls.lsId) !== 'COLUMNSTORE') continue;
      const st = ls.palf.status();
      if (st.leader === null || st.committedLsn === 0 || ls.appliedLsn < st.committedLsn) continue;
      for (const t of ls.tablets.values()) if (!this.converted.has(`${ls.tenantId}/${t.identity.tabletId}`)) todo.push(t);
    }
    if (todo.length === 0) return;
    this.running = true;
    void (async () => {
      for (const t of todo) {
        if (this.s.status !== 'ACTIVE') return;
        this.converted.add(`${t.identity.tenantId}/${t.identity.tabletId}`);
        await t.convertToColumnStore(this.s.yielder()).catch((e) => this.s.log('warn', `column-store conversion of tablet ${t.identity.tabletId}: ${(e as Error).message}`));
      }
    })().finally(() => {
      this.running = false;
    });
  }
}
