/**
 * The root service runtime over fakes: commands replicated through a fake sys LS 1 to every
 * replica's state holder, heartbeats and the liveness timeline on a virtual clock, failover,
 * LS status / job progress planning and the heartbeat client's retries.
 */
import { describe, expect, it } from 'vitest';
import type { ServerId } from '../common/ids';
import { Errors, ObError, isObError } from '../common/ob_error';
import type { ObEvent } from '../env';
import { VirtualClock } from '../env/memory';
import { decodeTxLog, encodeTxLog } from '../tx/tx_log';
import { applyRsCommand, bootstrapClusterState } from './index';
import {
  ClusterStateHolder, HeartbeatClient, RootService, parseTimeSpanUs, planLsProgress, type LsLeaderReport, type RsHeartbeat,
  type RsHeartbeatReply, type RsRecord, type SysLsHandle,
} from './root_service';
import { defaultServers } from './topology';
import type { ClusterState, RsCommandInput } from './types';

const T0 = 1_700_000_000_000_000;
const GIB = 1024 ** 3;

const unitCmd = (name: string): RsCommandInput => ({
  type: 'createUnitConfig', name, ifNotExists: false, maxCpu: 1, minCpu: null, memorySizeBytes: 5 * GIB, logDiskSizeBytes: null,
  maxIops: null, minIops: null, iopsWeight: null,
});

/** Four servers: zone1..zone3 plus a spare 10.0.0.4 in zone3 (added and heard from). */
function fourServerState(): ClusterState {
  let s = bootstrapClusterState(defaultServers(), T0);
  s = applyRsCommand(s, { atUs: T0, type: 'addServer', svrIp: '10.0.0.4', svrPort: 2882, zone: 'zone3', serverId: 4 });
  s = applyRsCommand(s, { atUs: T0, type: 'serverLiveness', serverId: 4, status: 'ACTIVE', permanentOffline: false, startServiceTimeUs: T0 });
  return s;
}

/**
 * A cluster of root-service duties: one holder per server, a fake sys LS 1 whose leader is
 * `leader` and whose records reach every replica in order (a microtask later).
 */
function cluster(initial: ClusterState, replicaIds = [1, 2, 3]) {
  const clock = new VirtualClock(T0);
  const events: ObEvent[] = [];
  const params = new Map([['lease_time', '10s'], ['server_permanent_offline_time', '60s']]);
  const holders = new Map(initial.servers.map((s) => [s.serverId, new ClusterStateHolder(initial, applyRsCommand)]));
  let leader = 1;
  const log: string[] = [];
  const sysLs = (id: number): SysLsHandle | null => (!replicaIds.includes(id) ? null : {
    isServingLeader: () => leader === id,
    submitRs: (json) => {
      if (leader !== id) return Promise.reject(Errors.notMaster());
      log.push(json);
      return Promise.resolve().then(() => {
        for (const r of replicaIds) holders.get(r)!.onRsRecord(json);
      });
    },
  });
  const services = new Map(initial.servers.map((s) => [s.serverId, new RootService({
    serverId: s.serverId, clock, events: { emit: (e) => events.push(e) }, holder: holders.get(s.serverId)!, apply: applyRsCommand,
    sysLs: () => sysLs(s.serverId), param: (n) => params.get(n)!, log: () => {},
  })]));
  return {
    clock, events, params, holders, log, services,
    setLeader: (id: number) => (leader = id),
    rs: (id: number) => services.get(id)!,
    /** Advances virtual time by `us` in PALF-tick steps, ticking every root service. */
    async run(us: number, eachTick: (nowUs: number) => void = () => {}) {
      const end = clock.nowUs() + us;
      while (clock.nowUs() < end) {
        clock.advance(50_000);
        for (const r of services.values()) r.onTick();
        eachTick(clock.nowUs());
        for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}

const hb = (c: ReturnType<typeof cluster>, serverId: number, leaders: LsLeaderReport[] = []): RsHeartbeat => ({
  serverId, startServiceTimeUs: c.holders.get(serverId)!.state.servers.find((s) => s.serverId === serverId)!.startServiceTimeUs,
  stateVersion: c.holders.get(serverId)!.state.version, leaders,
});

describe('root service commands: validated, proposed on sys LS 1, applied by every replica', () => {
  it('applies a command on every sys LS 1 replica and answers the new version and state', async () => {
    const c = cluster(fourServerState());
    await c.run(100_000);
    expect(c.rs(1).isActive()).toBe(true);
    const v0 = c.holders.get(1)!.state.version;
    const reply = await c.rs(1).handleCommand(unitCmd('u1'));
    expect(reply.version).toBe(v0 + 1);
    for (const id of [1, 2, 3]) expect(c.holders.get(id)!.state.unitConfigs.map((u) => u.name)).toContain('u1');
    // Server 4 hosts no sys LS replica: it has the state only through replies.
    expect(c.holders.get(4)!.state.version).toBe(v0);
    expect(c.holders.get(4)!.adopt(reply.state)).toBe(true);
    expect(c.holders.get(4)!.state.unitConfigs.map((u) => u.name)).toContain('u1');
  });

  it('rejects an invalid command with its ObError and proposes nothing', async () => {
    const c = cluster(fourServerState());
    await c.run(100_000);
    await c.rs(1).handleCommand(unitCmd('u1'));
    const before = c.log.length;
    const err = await c.rs(1).handleCommand(unitCmd('u1')).catch((e: unknown) => e);
    expect(isObError(err) && (err as ObError).mysqlCode).toBe(4649);
    expect(c.log.length).toBe(before);
  });

  it('answers OB_NOT_MASTER on a server that does not lead sys LS 1', async () => {
    const c = cluster(fourServerState());
    await c.run(100_000);
    const err = await c.rs(2).handleCommand(unitCmd('u1')).catch((e: unknown) => e);
    expect((err as ObError).obCode).toBe(Errors.notMaster().obCode);
    expect(() => c.rs(2).handleHeartbeat(hb(c, 2))).toThrow(ObError);
  });

  it('proposes concurrent commands one at a time, each validated against the previous one', async () => {
    const c = cluster(fourServerState());
    await c.run(100_000);
    const results = await Promise.allSettled([c.rs(1).handleCommand(unitCmd('u1')), c.rs(1).handleCommand(unitCmd('u1')), c.rs(1).handleCommand(unitCmd('u2'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const records = c.log.map((j) => JSON.parse(j) as RsRecord);
    expect(records.map((r) => r.version)).toEqual([records[0].version, records[0].version + 1]);
  });

  it('carries the record in the clog as an rs entry', () => {
    const json = JSON.stringify({ version: 7, nonce: '1:0:1', cmd: { atUs: 1, ...unitCmd('u') } });
    expect(decodeTxLog(encodeTxLog({ type: 'rs', json }))).toEqual({ type: 'rs', json });
  });
});

describe('ClusterStateHolder: one monotonic version per server', () => {
  it('skips records it already has, adopts only newer states, and fails a bad record identically', () => {
    const s0 = fourServerState();
    const a = new ClusterStateHolder(s0, applyRsCommand);
    const rec = (version: number, cmd: RsCommandInput, nonce: string) => JSON.stringify({ version, nonce, cmd: { atUs: T0, ...cmd } });
    a.onRsRecord(rec(s0.version + 1, unitCmd('u1'), 'a'));
    expect(a.state.version).toBe(s0.version + 1);
    expect(a.takeOutcome('a')).toBeNull();
    // The same command again (say, a deposed root service's record): fails, version still advances.
    a.onRsRecord(rec(s0.version + 2, unitCmd('u1'), 'b'));
    expect(a.state.version).toBe(s0.version + 2);
    expect(a.takeOutcome('b')?.mysqlCode).toBe(4649);
    expect(a.state.unitConfigs.filter((u) => u.name === 'u1')).toHaveLength(1);
    // Replayed older record: skipped.
    a.onRsRecord(rec(s0.version + 1, unitCmd('u9'), 'c'));
    expect(a.state.unitConfigs.some((u) => u.name === 'u9')).toBe(false);
    expect(a.adopt(s0)).toBe(false);
    expect(a.state.version).toBe(s0.version + 2);
  });

  it('resolves version waiters once the state reaches them', async () => {
    const s0 = fourServerState();
    const h = new ClusterStateHolder(s0, applyRsCommand);
    let done = false;
    void h.whenVersion(s0.version + 1).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    h.adopt({ ...s0, version: s0.version + 1 });
    await Promise.resolve();
    expect(done).toBe(true);
  });
});

describe('liveness: lease_time, permanent offline, failover', () => {
  it('marks a silent server INACTIVE after lease_time and ACTIVE again on its next heartbeat', async () => {
    const c = cluster(fourServerState());
    let beating = [1, 2, 3, 4];
    let last = 0;
    let lastOf3 = 0;
    const beat = (now: number) => {
      if (now - last < 2_000_000) return;
      last = now;
      for (const id of beating) c.rs(1).handleHeartbeat(hb(c, id));
      if (beating.includes(3)) lastOf3 = now;
    };
    await c.run(4_000_000, beat);
    beating = [1, 2, 4];
    await c.run(8_000_000, beat);
    const silentFrom = lastOf3;
    expect(c.holders.get(1)!.state.servers.find((s) => s.serverId === 3)!.status).toBe('ACTIVE');
    await c.run(4_000_000, beat);
    const s3 = c.holders.get(2)!.state.servers.find((s) => s.serverId === 3)!;
    expect(s3.status).toBe('INACTIVE');
    const ev = c.events.find((e) => e.kind === 'server-status' && e.serverId === 3 && e.status === 'INACTIVE')!;
    expect(ev.atUs - silentFrom).toBeGreaterThan(10_000_000);
    expect(ev.atUs - silentFrom).toBeLessThanOrEqual(10_000_000 + 1_000_000 + 50_000); // one check interval late at most
    beating = [1, 2, 3, 4];
    await c.run(3_000_000, beat);
    expect(c.holders.get(1)!.state.servers.find((s) => s.serverId === 3)!.status).toBe('ACTIVE');
    expect(c.events.some((e) => e.kind === 'server-status' && e.serverId === 3 && e.status === 'ACTIVE')).toBe(true);
  });

  it('moves the units of a permanently offline server to a free server of its zone', async () => {
    const c = cluster(fourServerState());
    let last = 0;
    const beat = (now: number) => {
      if (now - last < 2_000_000) return;
      last = now;
      for (const id of [1, 2, 4]) c.rs(1).handleHeartbeat(hb(c, id));
    };
    await c.run(75_000_000, beat);
    const st = c.holders.get(1)!.state;
    expect(st.servers.find((s) => s.serverId === 3)).toMatchObject({ status: 'INACTIVE', permanentOffline: true });
    // Every LS replica that was on server 3 (zone3) is now on server 4 (zone3).
    expect(st.ls.filter((l) => l.replicas.some((r) => r.serverId === 3))).toEqual([]);
    expect(st.ls.filter((l) => l.replicas.some((r) => r.serverId === 4)).length).toBeGreaterThanOrEqual(4);
    expect(st.units.filter((u) => u.serverId === 4).every((u) => u.migrateFromServerId === 3)).toBe(true);
  });

  it('a new root service starts every lease from its takeover', async () => {
    const c = cluster(fourServerState());
    let last = 0;
    const beat = (now: number) => {
      if (now - last < 2_000_000) return;
      last = now;
      for (const id of [1, 2, 4]) {
        for (const rs of c.services.values()) if (rs.isActive()) rs.handleHeartbeat(hb(c, id));
      }
    };
    await c.run(8_000_000, beat); // server 3 silent for 8 s under root service 1
    c.setLeader(2);
    const takeover = c.clock.nowUs();
    await c.run(8_000_000, beat);
    expect(c.rs(2).isActive()).toBe(true);
    expect(c.rs(1).isActive()).toBe(false);
    expect(c.holders.get(2)!.state.servers.find((s) => s.serverId === 3)!.status).toBe('ACTIVE');
    await c.run(4_000_000, beat);
    expect(c.holders.get(2)!.state.servers.find((s) => s.serverId === 3)!.status).toBe('INACTIVE');
    const ev = c.events.find((e) => e.kind === 'server-status' && e.serverId === 3)!;
    expect(ev.atUs - takeover).toBeGreaterThan(10_000_000);
  });
});

describe('planLsProgress: LS status and tenant jobs from the leaders reports', () => {
  const report = (tenantId: number, lsId: number, members: number[], serving = true): LsLeaderReport =>
    ({ tenantId, lsId, serverId: members[0], proposalId: 2, members, learners: [], configChangePending: false, serving });

  it('marks a CREATING LS NORMAL once a leader serves it, and a DROPPING one WAIT_OFFLINE once nobody reports it', () => {
    const s = fourServerState();
    const st: ClusterState = {
      ...s,
      ls: s.ls.map((l) => (l.tenantId === 1002 && l.lsId === 1001 ? { ...l, status: 'CREATING' } : l.tenantId === 1002 && l.lsId === 1002 ? { ...l, status: 'DROPPING' } : l)),
    };
    const reports = new Map([['1002/1001', report(1002, 1001, [1, 2, 3])]]);
    expect(planLsProgress(st, reports, true)).toEqual([
      { type: 'lsStatus', tenantId: 1002, lsId: 1001, status: 'NORMAL' },
      { type: 'lsStatus', tenantId: 1002, lsId: 1002, status: 'WAIT_OFFLINE' },
    ]);
    expect(planLsProgress(st, new Map([['1002/1001', report(1002, 1001, [1, 2, 3], false)]]), false)).toEqual([]);
  });

  it('advances a tenant job with the share of converged LSs, SUCCESS when all are', () => {
    const s = fourServerState();
    const job = { jobId: 1, tenantId: 1002, jobType: 'ALTER_TENANT_LOCALITY' as const, jobStatus: 'INPROGRESS' as const, progress: 0, resultCode: null, sqlText: '', extraInfo: '', startTimeUs: T0, modifyTimeUs: T0 };
    const st: ClusterState = { ...s, tenantJobs: [job] };
    const lss = st.ls.filter((l) => l.tenantId === 1002 || l.tenantId === 1001);
    const all = new Map(lss.map((l) => [`${l.tenantId}/${l.lsId}`, report(l.tenantId, l.lsId, l.replicas.map((r) => r.serverId))]));
    const half = new Map([...all].slice(0, 2));
    expect(planLsProgress(st, half, true)).toEqual([{ type: 'jobProgress', jobId: 1, progress: Math.floor(200 / lss.length), jobStatus: 'INPROGRESS' }]);
    expect(planLsProgress(st, all, true)).toEqual([{ type: 'jobProgress', jobId: 1, progress: 100, jobStatus: 'SUCCESS' }]);
  });
});

describe('HeartbeatClient', () => {
  it('finds the root service past OB_NOT_MASTER and adopts the newer state it answers with', async () => {
    const clock = new VirtualClock(T0);
    const s0 = fourServerState();
    const newer = { ...s0, version: s0.version + 3 };
    const holder = new ClusterStateHolder(s0, applyRsCommand);
    const tried: number[] = [];
    const client = new HeartbeatClient({
      serverId: 4, clock, holder,
      call: async <T,>(to: ServerId, _m: string, body: unknown): Promise<T> => {
        tried.push(to);
        if (to !== 2) throw Errors.notMaster();
        const b = body as RsHeartbeat;
        const reply: RsHeartbeatReply = { rootServerId: 2, state: b.stateVersion < newer.version ? newer : null, lsConfigs: [] };
        return reply as T;
      },
      rootServiceHint: () => 1,
      startServiceTimeUs: () => T0,
      leaderReports: () => [],
    });
    expect(await client.send()).toBe(false);
    expect(holder.synced).toBe(false);
    expect(await client.send()).toBe(true);
    expect(tried).toEqual([1, 2]);
    expect(holder.synced).toBe(true);
    expect(holder.state.version).toBe(newer.version);
    expect(client.rootServerId).toBe(2);
    await client.send();
    expect(tried).toEqual([1, 2, 2]);
  });
});

describe('parseTimeSpanUs', () => {
  it('reads parameter time spans', () => {
    expect(parseTimeSpanUs('10s')).toBe(10_000_000);
    expect(parseTimeSpanUs('3600s')).toBe(3_600_000_000);
    expect(parseTimeSpanUs('500ms')).toBe(500_000);
    expect(parseTimeSpanUs('2m')).toBe(120_000_000);
    expect(parseTimeSpanUs('7')).toBe(7_000_000);
  });
});
