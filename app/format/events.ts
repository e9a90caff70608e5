/** One line of text per engine event, for the event timeline. */
import type { ObEvent } from '../../engine/env/index';

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
  }
}

/** `error` / `warn` for the lines to highlight, else null. */
export function eventLevel(e: ObEvent): 'error' | 'warn' | null {
  return e.kind === 'log' && e.level !== 'info' ? e.level : null;
}
