/**
 * The conditions a scenario's `wait for …` waits for (issue #6), decided on a `ClusterSnapshot`
 * exactly as the topology and storage panels would show them, so "the page says so" and "the
 * condition holds" never disagree. Which snapshot fields say what:
 *   - a serving leader: a replica on a running server (its own report, status ACTIVE) with role
 *     LEADER whose takeover finished (`election.servingStrong`, absent for fixed leaders); among
 *     several claimants the highest proposal id (a deposed leader may not have noticed yet);
 *   - `leaders`: every LS of every tenant not being dropped has a serving leader, and LS 1's
 *     replicas applied what its leader committed (the page's `clusterServing` test);
 *   - `server N <status>`: ACTIVE / INACTIVE as the root service lists it (`rsServers`), and
 *     ACTIVE also needs the server itself to be running; STOPPED: the server process is not
 *     running (killed or stopped — its entry is not ACTIVE/BOOTING) or ALTER SYSTEM STOP SERVER
 *     set its stop time;
 *   - `major compaction`: the tenant's root service (the server holding its LS 1 leader) reports
 *     the major IDLE with LAST_SCN ≥ FROZEN_SCN, and every tablet replica of the tenant on a
 *     running server has a MAJOR SSTable at or past the frozen SCN (or finished that MAJOR_MERGE);
 *   - `mini compaction`: no tablet replica of the tenant holds a frozen (inactive) memtable;
 *   - `balance`: no balance job DOING/CANCELING, no transfer task unfinished, no unit-number job
 *     in progress and no LS CREATING/DROPPING/WAIT_OFFLINE;
 *   - `column store conversion`: at least one tablet replica of the tenant on a C replica
 *     (`csConversion` present) and all of them DONE.
 * The `sql` condition is not decided here: the runner runs its query with the target.
 */
import type { ClusterSnapshot, LsReplicaSnapshot, ServerSnapshot } from '../server/snapshot';
import { durationText, lsText, serverText } from './output';
import type { Condition } from './types';

/** Decimal SCN strings compared numerically (-1, 0, 1). */
export function compareScn(a: string, b: string): number {
  const x = BigInt(a || '0');
  const y = BigInt(b || '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The tenant id of `name`, or null when the snapshot has no such tenant. */
export function tenantIdOf(snap: ClusterSnapshot, name: string): number | null {
  return snap.tenants.find((t) => t.tenantName === name)?.tenantId ?? null;
}

function running(s: ServerSnapshot): boolean {
  return s.status === 'ACTIVE';
}

/** The serving leader of a tenant's LS (its replica and server), or null while there is none. */
export function servingLeader(snap: ClusterSnapshot, tenantId: number, lsId: number): { server: ServerSnapshot; replica: LsReplicaSnapshot } | null {
  let best: { server: ServerSnapshot; replica: LsReplicaSnapshot } | null = null;
  for (const server of snap.servers) {
    if (!running(server)) continue;
    for (const r of server.lsReplicas) {
      if (r.tenantId !== tenantId || r.lsId !== lsId || r.role !== 'LEADER' || r.election?.servingStrong === false) continue;
      if (!best || r.proposalId > best.replica.proposalId) best = { server, replica: r };
    }
  }
  return best;
}

/** Every LS of every live tenant has a serving leader and LS 1's replicas caught up (the page's test). */
export function clusterServing(snap: ClusterSnapshot): boolean {
  const replicas = snap.servers.flatMap((s) => (running(s) ? s.lsReplicas : []));
  for (const t of snap.tenants) {
    if (t.status === 'DROPPING') continue;
    for (const ls of t.ls) {
      const leader = servingLeader(snap, t.tenantId, ls.lsId);
      if (!leader) return false;
      const mine = replicas.filter((r) => r.tenantId === t.tenantId && r.lsId === ls.lsId);
      if (ls.lsId === 1 && mine.some((r) => r.appliedLsn < leader.replica.committedLsn)) return false;
    }
  }
  return true;
}

function leaderHolds(snap: ClusterSnapshot, c: Extract<Condition, { kind: 'leader' }>): boolean {
  const tenantId = tenantIdOf(snap, c.tenant);
  const leader = tenantId === null ? null : servingLeader(snap, tenantId, c.lsId);
  if (!leader) return false;
  if (c.zone !== null && leader.server.zone !== c.zone) return false;
  return c.serverId === null || leader.server.serverId === c.serverId;
}

function serverHolds(snap: ClusterSnapshot, c: Extract<Condition, { kind: 'server' }>): boolean {
  const rs = snap.rsServers?.find((s) => s.serverId === c.serverId);
  const own = snap.servers.find((s) => s.serverId === c.serverId);
  switch (c.status) {
    case 'ACTIVE':
      return rs?.status === 'ACTIVE' && rs.stopTimeUs === 0 && own?.status === 'ACTIVE';
    case 'INACTIVE':
      return rs?.status === 'INACTIVE';
    case 'STOPPED':
      return (rs?.stopTimeUs ?? 0) > 0 || (own !== undefined && own.status !== 'ACTIVE' && own.status !== 'BOOTING');
  }
}

function majorMergedTo(server: ServerSnapshot, tenantId: number, tabletId: number, scn: string): boolean {
  const tablet = server.tablets.find((t) => t.tenantId === tenantId && t.tabletId === tabletId);
  if (tablet?.sstables.some((s) => s.type === 'MAJOR' && compareScn(s.endScn, scn) >= 0)) return true;
  return (server.compactionHistory ?? []).some(
    (h) => h.tenantId === tenantId && h.tabletId === tabletId && h.mergeType === 'MAJOR_MERGE' && compareScn(h.compactionScn, scn) >= 0,
  );
}

function majorDone(snap: ClusterSnapshot, tenant: string): boolean {
  const tenantId = tenantIdOf(snap, tenant);
  if (tenantId === null) return false;
  const mc = snap.servers.filter(running).map((s) => s.majorCompactions?.find((m) => m.tenantId === tenantId)).find((m) => m !== undefined);
  if (!mc || mc.status !== 'IDLE' || compareScn(mc.lastScn, mc.frozenScn) < 0) return false;
  if (compareScn(mc.frozenScn, '0') === 0) return true; // no major freeze yet: nothing to wait for
  return snap.servers
    .filter(running)
    .every((s) => s.tablets.every((t) => t.tenantId !== tenantId || majorMergedTo(s, tenantId, t.tabletId, mc.frozenScn)));
}

function miniDone(snap: ClusterSnapshot, tenant: string): boolean {
  const tenantId = tenantIdOf(snap, tenant);
  if (tenantId === null) return false;
  return snap.servers.filter(running).every((s) => s.tablets.every((t) => t.tenantId !== tenantId || t.memtables.every((m) => m.isActive)));
}

function balanced(snap: ClusterSnapshot, tenant: string): boolean {
  const tenantId = tenantIdOf(snap, tenant);
  if (tenantId === null) return false;
  if ((snap.balanceJobs ?? []).some((j) => j.tenantId === tenantId && (j.status === 'DOING' || j.status === 'CANCELING'))) return false;
  const finished = new Set(['COMPLETED', 'FAILED', 'CANCELED']);
  if ((snap.transferTasks ?? []).some((t) => t.tenantId === tenantId && !finished.has(t.status))) return false;
  const unitJob = (j: { jobType: string }) => j.jobType === 'ALTER_RESOURCE_TENANT_UNIT_NUM' || j.jobType === 'SHRINK_RESOURCE_TENANT_UNIT_NUM';
  if ((snap.tenantJobs ?? []).some((j) => j.tenantId === tenantId && j.jobStatus === 'INPROGRESS' && unitJob(j))) return false;
  const tenantSnap = snap.tenants.find((t) => t.tenantId === tenantId)!;
  return tenantSnap.ls.every((l) => l.status === 'NORMAL');
}

function csConverted(snap: ClusterSnapshot, tenant: string): boolean {
  const tenantId = tenantIdOf(snap, tenant);
  if (tenantId === null) return false;
  const conversions = snap.servers.filter(running).flatMap((s) => s.tablets.filter((t) => t.tenantId === tenantId && t.csConversion).map((t) => t.csConversion!));
  return conversions.length > 0 && conversions.every((c) => c.status === 'DONE');
}

/**
 * Whether snapshot condition `c` holds on `snap` (the module comment says which fields decide).
 * An unknown tenant never holds. The `sql` condition cannot be decided on a snapshot: false.
 */
export function conditionHolds(c: Condition, snap: ClusterSnapshot): boolean {
  switch (c.kind) {
    case 'leader':
      return leaderHolds(snap, c);
    case 'leaders':
      return clusterServing(snap);
    case 'server':
      return serverHolds(snap, c);
    case 'majorDone':
      return majorDone(snap, c.tenant);
    case 'miniDone':
      return miniDone(snap, c.tenant);
    case 'balanced':
      return balanced(snap, c.tenant);
    case 'csConverted':
      return csConverted(snap, c.tenant);
    case 'sql':
      return false;
  }
}

/** What a wait waits for, as `timed out after 30s waiting for <this>` reads it. */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'leader': {
      const where = c.zone !== null ? ` in ${c.zone}` : c.serverId !== null ? ` on server ${c.serverId}` : '';
      return `a leader of ${lsText(c.lsId, c.tenant)}${where}`;
    }
    case 'leaders':
      return 'a leader for every log stream';
    case 'server':
      return `server ${c.serverId} to be ${c.status}`;
    case 'majorDone':
      return `the major compaction of tenant ${c.tenant}`;
    case 'miniDone':
      return `the mini compactions of tenant ${c.tenant}`;
    case 'balanced':
      return `tenant ${c.tenant} to be balanced`;
    case 'csConverted':
      return `the column store conversion of tenant ${c.tenant}`;
    case 'sql':
      return `\`${c.query}\` to return ${c.value}`;
  }
}

/** The admin line printed once `c` holds on `snap` (deterministic: no times, no SCNs). */
export function conditionReachedText(c: Condition, snap: ClusterSnapshot | null): string {
  switch (c.kind) {
    case 'leader': {
      const tenantId = snap ? tenantIdOf(snap, c.tenant) : null;
      const leader = snap && tenantId !== null ? servingLeader(snap, tenantId, c.lsId) : null;
      const where = leader ? serverText(leader.server.serverId, leader.server.zone) : 'a server';
      return `leader of ${lsText(c.lsId, c.tenant)} is on ${where}`;
    }
    case 'leaders':
      return 'every log stream has a leader';
    case 'server':
      return `server ${c.serverId} is ${c.status}`;
    case 'majorDone':
      return `major compaction of tenant ${c.tenant} done`;
    case 'miniDone':
      return `mini compactions of tenant ${c.tenant} done`;
    case 'balanced':
      return `tenant ${c.tenant} is balanced`;
    case 'csConverted':
      return `column store conversion of tenant ${c.tenant} done`;
    case 'sql':
      return `\`${c.query}\` returned ${c.value}`;
  }
}

/** `timed out after 30s waiting for <condition>`. */
export function waitTimedOutText(c: Condition, timeoutMs: number): string {
  return `timed out after ${durationText(timeoutMs)} waiting for ${describeCondition(c)}`;
}
