/**
 * Tenant locality (reference §3.2): `replica_type{1}@zone` items, comma-separated, with full names
 * or abbreviations (`FULL`/`F`, `READONLY`/`R`, `COLUMNSTORE`/`C`); displayed in DBA_OB_TENANTS as
 * `FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3`. Also the one-step rule of ALTER TENANT ...
 * LOCALITY (reference §1.7): one zone added, dropped or changed F↔R per statement; C replicas can
 * only be added or dropped; 2 F → 1 F is forbidden; at least one F must remain.
 */
import { Errors } from '../common/ob_error';
import type { ReplicaType } from '../server/snapshot';
import type { RsLocalityItem } from './types';

const TYPE_NAMES: Record<string, ReplicaType> = {
  F: 'FULL', FULL: 'FULL', R: 'READONLY', READONLY: 'READONLY', C: 'COLUMNSTORE', COLUMNSTORE: 'COLUMNSTORE',
};

const badLocality = () => Errors.invalidArgument('Incorrect arguments to locality');

/**
 * Parses a locality string against the tenant's zones (its pools' zones), returning the items in
 * `zones` order. Throws ObError 1210 `Incorrect arguments to locality` on a syntax error, an
 * unknown replica type, a count other than 1, a zone outside `zones` or a zone given twice, and
 * 4671 `full replica num not enough` when no FULL replica is left.
 */
export function parseLocality(text: string, zones: string[]): RsLocalityItem[] {
  const parts = text.split(',').map((p) => p.trim());
  if (text.trim() === '' || parts.some((p) => p === '')) throw badLocality();
  const byZone = new Map<string, ReplicaType>();
  for (const part of parts) {
    const m = /^([A-Za-z]+)\s*(?:\{\s*(\d+)\s*\})?\s*@\s*(\S+)$/.exec(part);
    if (!m) throw badLocality();
    const type = TYPE_NAMES[m[1].toUpperCase()];
    if (!type || (m[2] !== undefined && Number(m[2]) !== 1)) throw badLocality();
    const zone = m[3];
    if (!zones.includes(zone) || byZone.has(zone)) throw badLocality();
    byZone.set(zone, type);
  }
  if (![...byZone.values()].includes('FULL')) throw Errors.fullReplicaNumNotEnough();
  return zones.filter((z) => byZone.has(z)).map((zone) => ({ replicaType: byZone.get(zone)!, zone }));
}

/** `FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3` (DBA_OB_TENANTS.LOCALITY). */
export function formatLocality(items: RsLocalityItem[]): string {
  return items.map((i) => `${i.replicaType}{1}@${i.zone}`).join(', ');
}

export type LocalityChange =
  | { kind: 'none' }
  | { kind: 'add'; zone: string; replicaType: ReplicaType }
  | { kind: 'drop'; zone: string; replicaType: ReplicaType }
  | { kind: 'retype'; zone: string; from: ReplicaType; to: ReplicaType };

/**
 * The single change from `from` to `to`, or an ObError 4179 when ALTER TENANT ... LOCALITY may
 * not do it in one statement: more than one zone changed, a C replica changed type, or the FULL
 * count would go from 2 to 1 (OceanBase forbids 2F → 1F; 3 → 5 and 5 → 3 happen one step at a
 * time here).
 */
export function localityChange(from: RsLocalityItem[], to: RsLocalityItem[]): LocalityChange {
  const before = new Map(from.map((i) => [i.zone, i.replicaType]));
  const after = new Map(to.map((i) => [i.zone, i.replicaType]));
  const changes: LocalityChange[] = [];
  for (const [zone, t] of after) {
    const old = before.get(zone);
    if (old === undefined) changes.push({ kind: 'add', zone, replicaType: t });
    else if (old !== t) changes.push({ kind: 'retype', zone, from: old, to: t });
  }
  for (const [zone, t] of before) if (!after.has(zone)) changes.push({ kind: 'drop', zone, replicaType: t });
  if (changes.length === 0) return { kind: 'none' };
  if (changes.length > 1) throw Errors.opNotAllow('alter tenant locality with more than one replica change in one statement');
  const change = changes[0];
  if (change.kind === 'retype' && (change.from === 'COLUMNSTORE' || change.to === 'COLUMNSTORE')) {
    throw Errors.opNotAllow('converting a COLUMNSTORE replica to another type');
  }
  const fullCount = (items: RsLocalityItem[]) => items.filter((i) => i.replicaType === 'FULL').length;
  if (fullCount(from) === 2 && fullCount(to) === 1) throw Errors.opNotAllow('alter tenant locality from 2 FULL replicas to 1');
  return change;
}
