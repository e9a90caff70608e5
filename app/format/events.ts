/**
 * One line of text per engine event, for the event timeline, and the groups the timeline
 * filters by (issue #4: elections, servers, transfers, tenant jobs, member changes, faults).
 */
import type { ObEvent } from '../../engine/env/index';
import type { TimelineEntry } from '../state/eventStore';

export function describeEvent(e: ObEvent): string {
  switch (e.kind) {
    case 'role-change':
      return `tenant ${e.tenantId} LS ${e.lsId}: this replica is now ${e.role}`;
    case 'freeze':
      return `tenant ${e.tenantId} tablet ${e.tabletId}: freeze (${e.freezeType})`;
    case 'compaction-progress':
      return `tenant ${e.tenantId} tablet ${e.tabletId}: ${e.mergeType} ${e.done.toLocaleString('en-US')}/${e.total.toLocaleString('en-US')} rows`;
    case 'compaction-finished':
      return `tenant ${e.tenantId} tablet ${e.tabletId}: ${e.mergeType} finished`;
    case 'major-freeze':
      return `tenant ${e.tenantId}: major freeze, frozen SCN ${e.frozenScn}, ${e.status}`;
    case 'ddl':
      return `tenant ${e.tenantId} DDL: ${e.statement}`;
    case 'sample-data-progress':
      return `loading ${e.dataset}.${e.table}: ${e.rowsDone.toLocaleString('en-US')}/${e.rowsTotal.toLocaleString('en-US')} rows`;
    case 'log':
      return e.message;
    case 'election':
      return `server ${e.serverId} elected leader of tenant ${e.tenantId} LS ${e.lsId} — ${e.reason} (proposal id ${e.proposalId})`;
    case 'server-status':
      return `server ${e.svrIp} (${e.zone}): ${e.status} — ${e.reason}`;
    case 'transfer':
      return `tenant ${e.tenantId}: transfer ${e.taskId} LS ${e.srcLsId} → LS ${e.destLsId} (${e.tabletIds.length} tablets) ${e.status}`;
    case 'tenant-job':
      return `tenant ${e.tenantId}: ${e.jobType} job ${e.jobId} ${e.status} (${e.progress}%)`;
    case 'ls-member-change':
      return `tenant ${e.tenantId} LS ${e.lsId}: ${e.change} server ${e.serverId}`;
    case 'fault':
      return e.description;
  }
}

/** `error` / `warn` for the lines to highlight, else null. */
export function eventLevel(e: ObEvent): 'error' | 'warn' | null {
  return e.kind === 'log' && e.level !== 'info' ? e.level : null;
}

/**
 * Progress events of one task share a key (server + tablet + merge type for a compaction's
 * progress and its `finished`; dataset + table for a sample-data load), so the timeline can keep
 * only the newest of them; null for every other event.
 */
export function progressKey(serverId: number, e: ObEvent): string | null {
  switch (e.kind) {
    case 'compaction-progress':
    case 'compaction-finished':
      return `merge/${serverId}/${e.tenantId}/${e.tabletId}/${e.mergeType}`;
    case 'sample-data-progress':
      return `sample/${serverId}/${e.dataset}/${e.table}`;
    default:
      return null;
  }
}

/**
 * The timeline's lines: newest first (by the engine's time, then arrival), at most `max`; of the
 * progress events of one run of a task only the newest is kept. A `compaction-finished` always
 * stays (it closes a run, so older progress of that merge belongs to an earlier run and is
 * collapsed under it).
 */
export function timelineLines(entries: readonly TimelineEntry[], max: number): TimelineEntry[] {
  // Batches from different servers interleave: order by the engine's time, newest first.
  const sorted = [...entries].sort((a, b) => b.event.atUs - a.event.atUs || b.seq - a.seq);
  const covered = new Set<string>();
  const shown: TimelineEntry[] = [];
  for (const e of sorted) {
    const key = progressKey(e.serverId, e.event);
    if (key !== null) {
      if (e.event.kind !== 'compaction-finished' && covered.has(key)) continue;
      covered.add(key);
    }
    shown.push(e);
    if (shown.length === max) break;
  }
  return shown;
}

/** The timeline's filter groups, in the order the filter buttons show them. */
export const EVENT_GROUPS = ['elections', 'servers', 'faults', 'members', 'transfers', 'jobs', 'storage', 'other'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

/** Button labels of the groups. */
export const EVENT_GROUP_LABEL: Record<EventGroup, string> = {
  elections: 'Elections & leaders',
  servers: 'Servers',
  faults: 'Faults',
  members: 'Members',
  transfers: 'Transfers',
  jobs: 'Tenant jobs',
  storage: 'Storage',
  other: 'SQL & other',
};

/** Which filter group an event belongs to. */
export function eventGroup(e: ObEvent): EventGroup {
  switch (e.kind) {
    case 'election':
    case 'role-change':
      return 'elections';
    case 'server-status':
      return 'servers';
    case 'fault':
      return 'faults';
    case 'ls-member-change':
      return 'members';
    case 'transfer':
      return 'transfers';
    case 'tenant-job':
      return 'jobs';
    case 'freeze':
    case 'compaction-progress':
    case 'compaction-finished':
    case 'major-freeze':
      return 'storage';
    case 'log':
      return /\b(crashed|stopped|killed|restart)/i.test(e.message) ? 'servers' : 'other';
    default:
      return 'other';
  }
}
