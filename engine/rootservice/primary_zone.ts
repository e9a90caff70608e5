/**
 * PRIMARY_ZONE (reference §2.7): zones separated by `;` into priority levels, highest first, and by
 * `,` into zones of equal priority; `RANDOM` means every zone at one level. The number of a user
 * tenant's LSs per unit group is the size of the first level (reference §2.3), and each LS shows
 * its own priority in DBA_OB_LS.PRIMARY_ZONE with one zone of that first level put in front, so
 * the LS leaders spread over the first level's zones.
 */
import { Errors } from '../common/ob_error';

/**
 * Parses `zone1;zone2,zone3` (or `RANDOM`, case-insensitive) against the tenant's zones, returning
 * the levels (`[['zone1'], ['zone2','zone3']]`; RANDOM → `[zones]`). Throws ObError 4643
 * `primary zone 'z9' not in zone list zone1,zone2` for a zone outside `zones`, 4641 for a zone
 * given twice, 1210 `Incorrect arguments to primary_zone` for an empty level.
 */
export function parsePrimaryZone(text: string, zones: string[]): string[][] {
  const trimmed = text.trim();
  if (trimmed.toUpperCase() === 'RANDOM') return [[...zones]];
  const levels = trimmed.split(';').map((lvl) => lvl.split(',').map((z) => z.trim()));
  if (trimmed === '' || levels.some((lvl) => lvl.some((z) => z === ''))) {
    throw Errors.invalidArgument('Incorrect arguments to primary_zone');
  }
  const seen = new Set<string>();
  for (const zone of levels.flat()) {
    if (!zones.includes(zone)) throw Errors.primaryZoneNotInZoneList(zone, zones.join(','));
    if (seen.has(zone)) throw Errors.zoneDuplicated(zone, trimmed);
    seen.add(zone);
  }
  return levels;
}

/** The tenant's PRIMARY_ZONE as stored and shown: `RANDOM` or the normalised `z1;z2,z3`. */
export function normalizePrimaryZone(text: string): string {
  const trimmed = text.trim();
  if (trimmed.toUpperCase() === 'RANDOM') return 'RANDOM';
  return trimmed.split(';').map((lvl) => lvl.split(',').map((z) => z.trim()).join(',')).join(';');
}

/**
 * One LS's own priority string (DBA_OB_LS.PRIMARY_ZONE): `preferred` first, then the other zones
 * of the first level one per level in their order, then the lower levels as written. E.g. levels
 * `[[z1,z2,z3]]`, preferred z2 → `z2;z1;z3`; `[[z1],[z2,z3]]`, preferred z1 → `z1;z2,z3`.
 */
export function lsPrimaryZone(levels: string[][], preferred: string): string {
  const first = levels[0] ?? [];
  const out = [[preferred], ...first.filter((z) => z !== preferred).map((z) => [z]), ...levels.slice(1)];
  return out.map((lvl) => lvl.join(',')).join(';');
}

/** Parses an LS's own priority string back into levels (no validation: it was built by us). */
export function lsPrimaryZoneLevels(text: string): string[][] {
  if (text.trim() === '') return [];
  return text.split(';').map((lvl) => lvl.split(',').map((z) => z.trim()).filter((z) => z !== ''));
}
