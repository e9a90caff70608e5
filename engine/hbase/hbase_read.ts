/**
 * Get and Scan of the OBKV-HBase model (OceanBase's `ObHTableScan` / HTable query path,
 * obkv-apis §2.2–2.5): a PK-ordered scan of each family table's tablet, then HBase's version,
 * time and filter logic per row.
 *
 * Visibility of a column's stored versions (newest first, as T = −ts sorts them): cells older than
 * now − TimeToLive are invisible; of the rest only the family's MaxVersions newest are visible
 * (what the TTL task would keep, so reads give the same answer before and after it runs); then
 * the request's time range [min, max) / exact timestamp; then the filter; then at most
 * `maxVersions` (default 1) versions per column. A row's cells come out in family, qualifier,
 * newest-version-first order, families merged by row key (reverse row order when reversed).
 */
import type { Value } from '../common/value';
import type { PartitionSchema } from '../schema/schema';
import type { DasService, KeyRange } from '../sql/exec_context';
import { parseFilterString, type FilterExpr } from './filter_parser';
import { buildFilter, isInclude, skipLevel, type HFilter } from './filters';
import {
  COL_K, COL_Q, COL_V, columnRange, familyOf, KQTV, rowRange, rowsRange, rowTimestamp,
  type HFamily, type HTableInfo,
} from './hbase_model';
import type { HCell, HReadSpec } from './types';

/** What to read of one family: every column, or these qualifiers. */
export interface FamilyPlan {
  family: HFamily;
  /** Sorted distinct qualifiers, or null for every column. */
  qualifiers: string[] | null;
  qualifierSet: Set<string> | null;
}

/** The families (byte order) and columns a read selects. Errors: -5200 for an unknown family. */
export function planColumns(info: HTableInfo, spec: HReadSpec): FamilyPlan[] {
  if (spec.columns.length === 0) return info.families.map((family) => ({ family, qualifiers: null, qualifierSet: null }));
  const wanted = new Map<string, Set<string> | null>();
  for (const c of spec.columns) {
    const f = familyOf(info, c.family);
    if (c.qualifier === null) wanted.set(f.name, null);
    else if (!wanted.has(f.name)) wanted.set(f.name, new Set([c.qualifier]));
    else wanted.get(f.name)?.add(c.qualifier);
  }
  return info.families
    .filter((f) => wanted.has(f.name))
    .map((family) => {
      const set = wanted.get(family.name)!;
      return { family, qualifiers: set ? [...set].sort() : null, qualifierSet: set };
    });
}

const filterCache = new Map<string, FilterExpr>();

/** The filter of a read (fresh state), or null. Parsed strings are cached. Errors: -10514. */
export function filterOf(spec: HReadSpec, reversed: boolean): HFilter | null {
  if (spec.filter === null || spec.filter === undefined || spec.filter.trim() === '') return null;
  let expr = filterCache.get(spec.filter);
  if (!expr) {
    expr = parseFilterString(spec.filter);
    if (filterCache.size > 256) filterCache.clear();
    filterCache.set(spec.filter, expr);
  }
  return buildFilter(expr, { reversed });
}

/** Per-read state shared by its rows. */
export interface ReadContext {
  plans: FamilyPlan[];
  spec: HReadSpec;
  filter: HFilter | null;
  nowMs: number;
  maxVersions: number;
}

export function readContext(plans: FamilyPlan[], spec: HReadSpec, filter: HFilter | null, nowMs: number): ReadContext {
  return { plans, spec, filter, nowMs, maxVersions: Math.max(1, spec.maxVersions || 1) };
}

/** The oldest visible timestamp of `f` at `nowMs` (−Infinity without TimeToLive). */
export function oldestVisibleMs(f: HFamily, nowMs: number): number {
  return f.ttlMs === null ? -Infinity : nowMs - f.ttlMs;
}

/**
 * Builds one row's cells from the stored rows of each planned family (`perFamily[i]` in key
 * order: qualifier, newest first). `stop`: the filter ends the scan after this row.
 */
export function assembleRow(ctx: ReadContext, row: string, perFamily: (Value[][] | null)[]): { cells: HCell[]; stop: boolean } {
  const { filter, spec, maxVersions } = ctx;
  if (filter) {
    filter.reset();
    if (filter.filterAllRemaining()) return { cells: [], stop: true };
    if (filter.filterRowKey(row)) return { cells: [], stop: filter.filterAllRemaining() };
  }
  let out: HCell[] = [];
  let stop = false;
  families: for (let fi = 0; fi < ctx.plans.length; fi++) {
    const rows = perFamily[fi];
    if (!rows || rows.length === 0) continue;
    const plan = ctx.plans[fi];
    const fam = plan.family;
    const oldest = oldestVisibleMs(fam, ctx.nowMs);
    let i = 0;
    while (i < rows.length) {
      const q = rows[i][COL_Q] as string;
      let end = i + 1;
      while (end < rows.length && rows[end][COL_Q] === q) end++;
      const colStart = i;
      i = end;
      if (plan.qualifierSet && !plan.qualifierSet.has(q)) continue;
      let stored = 0;
      let included = 0;
      for (let j = colStart; j < end; j++) {
        const ts = rowTimestamp(rows[j]);
        if (ts < oldest) break; // older versions are older still
        if (++stored > fam.maxVersions) break;
        if (spec.timestamp !== null && ts !== spec.timestamp) continue;
        if (spec.timeRange !== null && (ts < spec.timeRange[0] || ts >= spec.timeRange[1])) continue;
        const cell: HCell = { row, family: fam.name, qualifier: q, timestamp: ts, value: rows[j][COL_V] as string };
        if (filter) {
          if (filter.filterAllRemaining()) {
            stop = true;
            break families;
          }
          const rc = filter.filterCell(cell);
          if (isInclude(rc)) {
            out.push(filter.transformCell(cell));
            included++;
          }
          const lvl = skipLevel(rc);
          if (lvl === 2) continue families;
          if (lvl === 1) break;
        } else {
          out.push(cell);
          included++;
        }
        if (included >= maxVersions) break;
      }
    }
  }
  if (filter) {
    if (filter.hasFilterRow()) out = filter.filterRowCells(out);
    if (out.length > 0 && filter.filterRow()) out = [];
    stop ||= filter.filterAllRemaining();
  }
  return { cells: out, stop };
}

/** Collects the rows of one scan over `ranges`. */
async function collect(das: DasService, f: HFamily, partition: PartitionSchema, ranges: KeyRange[]): Promise<Value[][]> {
  const out: Value[][] = [];
  for await (const batch of das.scan({ table: f.table, partition, ranges, columns: KQTV })) {
    for (const r of batch) out.push(r);
  }
  return out;
}

/** `hbase.get`: the cells of one row (with `existsOnly`, at most the first). */
export async function readRow(das: DasService, ctx: ReadContext, partitionIndex: number, row: string, existsOnly: boolean): Promise<HCell[]> {
  const perFamily: Value[][][] = [];
  for (const plan of ctx.plans) {
    const f = plan.family;
    const ranges = plan.qualifiers ? plan.qualifiers.map((q) => columnRange(f, row, q)) : [rowRange(f, row)];
    ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    perFamily.push(await collect(das, f, f.table.partitions[partitionIndex], ranges));
  }
  const { cells } = assembleRow(ctx, row, perFamily);
  return existsOnly ? cells.slice(0, 1) : cells;
}

/** One family's rows in scan order, grouped by row key. */
class FamilyCursor {
  private readonly it: AsyncIterator<Value[][]>;
  private batch: Value[][] = [];
  private pos = 0;
  private done = false;

  constructor(das: DasService, f: HFamily, partition: PartitionSchema, range: KeyRange, private readonly reverse: boolean) {
    this.it = das.scan({ table: f.table, partition, ranges: [range], columns: KQTV, reverse })[Symbol.asyncIterator]();
  }

  /** The row key of the next stored row, or null at the end. */
  async peek(): Promise<string | null> {
    while (this.pos >= this.batch.length) {
      if (this.done) return null;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return null;
      }
      this.batch = r.value;
      this.pos = 0;
    }
    return this.batch[this.pos][COL_K] as string;
  }

  /** Every stored row of `row` (which must be the peeked key), in forward key order. */
  async take(row: string): Promise<Value[][]> {
    const out: Value[][] = [];
    while ((await this.peek()) === row) out.push(this.batch[this.pos++]);
    if (this.reverse) out.reverse();
    return out;
  }

  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }
}

/** The key range of a scan page per family (see HScanBody), or null when empty. */
export function scanRange(
  f: HFamily, startRow: string, stopRow: string, reversed: boolean, afterRow: string | null,
): KeyRange | null {
  if (!reversed) {
    const low = afterRow ?? (startRow === '' ? null : startRow);
    return rowsRange(f, low, afterRow === null, stopRow === '' ? null : stopRow, false);
  }
  const high = afterRow ?? (startRow === '' ? null : startRow);
  return rowsRange(f, stopRow === '' ? null : stopRow, false, high, afterRow === null);
}

/**
 * `hbase.scan` of one partition: whole rows in scan order, at most `limitRows` of them (rows the
 * filter empties do not count). `more`: rows remain after the last one returned (and the filter
 * did not end the scan).
 */
export async function scanRows(
  das: DasService, ctx: ReadContext, partitionIndex: number,
  bounds: { startRow: string; stopRow: string; reversed: boolean; afterRow: string | null; limitRows: number },
): Promise<{ cells: HCell[]; more: boolean }> {
  const cursors: FamilyCursor[] = [];
  for (const plan of ctx.plans) {
    const range = scanRange(plan.family, bounds.startRow, bounds.stopRow, bounds.reversed, bounds.afterRow);
    if (!range) return { cells: [], more: false };
    cursors.push(new FamilyCursor(das, plan.family, plan.family.table.partitions[partitionIndex], range, bounds.reversed));
  }
  const cells: HCell[] = [];
  let rows = 0;
  let more = false;
  try {
    for (;;) {
      const keys = await Promise.all(cursors.map((c) => c.peek()));
      let next: string | null = null;
      for (const k of keys) {
        if (k !== null && (next === null || (bounds.reversed ? k > next : k < next))) next = k;
      }
      if (next === null) break;
      if (rows >= bounds.limitRows) {
        more = true;
        break;
      }
      const perFamily: (Value[][] | null)[] = [];
      for (let i = 0; i < cursors.length; i++) perFamily.push(keys[i] === next ? await cursors[i].take(next) : null);
      const r = assembleRow(ctx, next, perFamily);
      if (r.cells.length > 0) {
        for (const c of r.cells) cells.push(c);
        rows++;
      }
      if (r.stop) break;
    }
  } finally {
    for (const c of cursors) await c.close();
  }
  return { cells, more };
}
