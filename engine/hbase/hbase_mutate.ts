/**
 * Row mutations of the OBKV-HBase model (OceanBase's HTable put/delete/increment/append/
 * checkAndMutate, obkv-apis §2.2 and §2.4), all inside one KV transaction on the row's LS: every
 * family table's partition `partitionIndex` is in that LS (tablegroup alignment), so one row's
 * families commit together with 1PC.
 *
 * Semantics: a put writes (K, Q, −ts, V) and overwrites an existing same version; deletes are
 * physical (no tombstones, so a later put with an older timestamp is visible again):
 * addColumn = the latest visible version (with ts: exactly ts), addColumns = all versions (with
 * ts: ≤ ts), addFamily = all columns of the family (with ts: ≤ ts), addFamilyVersion = exactly ts in
 * every column, Delete(row) = every family (with ts: ≤ ts). Increment and append read the latest
 * visible version and write the new value at max(now, its timestamp) — the same version when the
 * clock has not moved on. checkAndMutate tests `stored <op> value` (OBKV's direction). The
 * read-modify-writes lock the version they read (`lockLatest`), so concurrent ones serialise.
 */
import { bytesToLong, longToBytes } from '../common/binary';
import { Errors } from '../common/ob_error';
import type { Value } from '../common/value';
import type { DasService, RowWrite } from '../sql/exec_context';
import { storedHolds } from './filters';
import {
  COL_Q, COL_V, cellKey, columnRange, familyOf, KQTV, rowRange, rowTimestamp,
  type HFamily, type HTableInfo,
} from './hbase_model';
import { oldestVisibleMs } from './hbase_read';
import type { HCell, HDeleteSpec, HMutateReply, HMutation } from './types';

/** One row's mutation context. */
export interface RowMutationContext {
  das: DasService;
  info: HTableInfo;
  partitionIndex: number;
  row: string;
  nowMs: number;
}

async function scanRows(ctx: RowMutationContext, f: HFamily, qualifier: string | null, limit?: number): Promise<Value[][]> {
  const range = qualifier === null ? rowRange(f, ctx.row) : columnRange(f, ctx.row, qualifier);
  const out: Value[][] = [];
  const partition = f.table.partitions[ctx.partitionIndex];
  for await (const batch of ctx.das.scan({ table: f.table, partition, ranges: [range], columns: KQTV, limit })) {
    for (const r of batch) {
      out.push(r);
      if (limit !== undefined && out.length >= limit) return out;
    }
  }
  return out;
}

async function write(ctx: RowMutationContext, f: HFamily, writes: RowWrite[]): Promise<void> {
  if (writes.length > 0) await ctx.das.write(f.table, f.table.partitions[ctx.partitionIndex], writes);
}

function deleteOf(ctx: RowMutationContext, f: HFamily, r: Value[]): RowWrite {
  return { op: 'delete', key: cellKey(f, ctx.row, r[COL_Q] as string, rowTimestamp(r)) };
}

/** The latest visible version of (f, q), or null (TTL-expired versions are not visible). */
async function latest(ctx: RowMutationContext, f: HFamily, q: string): Promise<{ ts: number; value: string } | null> {
  const rows = await scanRows(ctx, f, q, 1);
  if (rows.length === 0) return null;
  const ts = rowTimestamp(rows[0]);
  if (ts < oldestVisibleMs(f, ctx.nowMs)) return null;
  return { ts, value: rows[0][COL_V] as string };
}

/**
 * Locks the latest version read by a read-modify-write (increment, append, checkAndMutate) by
 * rewriting its image with an `update`: a concurrent writer that changed it after this
 * transaction's snapshot makes the DAS answer OB_TRANSACTION_SET_VIOLATION, and the service retries
 * the mutation on a new snapshot (as OceanBase retries the statement), so no update is lost.
 */
async function lockLatest(ctx: RowMutationContext, f: HFamily, q: string, last: { ts: number; value: string } | null): Promise<void> {
  if (!last) return;
  const key = cellKey(f, ctx.row, q, last.ts);
  await write(ctx, f, [{ op: 'update', key, row: [ctx.row, q, -last.ts, last.value] }]);
}

async function put(ctx: RowMutationContext, m: Extract<HMutation, { type: 'put' }>): Promise<void> {
  const byFamily = new Map<HFamily, RowWrite[]>();
  for (const c of m.cells) {
    const f = familyOf(ctx.info, c.family);
    const ts = c.timestamp ?? ctx.nowMs;
    let list = byFamily.get(f);
    if (!list) byFamily.set(f, (list = []));
    list.push({ op: 'put', row: [ctx.row, c.qualifier, -ts, c.value] });
  }
  for (const [f, writes] of byFamily) await write(ctx, f, writes);
}

async function deleteOne(ctx: RowMutationContext, spec: HDeleteSpec): Promise<void> {
  switch (spec.kind) {
    case 'row':
      for (const f of ctx.info.families) await deleteWhere(ctx, f, null, (ts) => spec.ts === undefined || ts <= spec.ts);
      return;
    case 'family': {
      const f = familyOf(ctx.info, spec.family);
      return deleteWhere(ctx, f, null, (ts) => spec.ts === undefined || ts <= spec.ts);
    }
    case 'familyVersion':
      return deleteWhere(ctx, familyOf(ctx.info, spec.family), null, (ts) => ts === spec.ts);
    case 'columns':
      return deleteWhere(ctx, familyOf(ctx.info, spec.family), spec.qualifier, (ts) => spec.ts === undefined || ts <= spec.ts);
    case 'column': {
      const f = familyOf(ctx.info, spec.family);
      if (spec.ts !== undefined) return deleteWhere(ctx, f, spec.qualifier, (ts) => ts === spec.ts);
      const last = await latest(ctx, f, spec.qualifier);
      if (last) await write(ctx, f, [{ op: 'delete', key: cellKey(f, ctx.row, spec.qualifier, last.ts) }]);
      return;
    }
  }
}

async function deleteWhere(ctx: RowMutationContext, f: HFamily, qualifier: string | null, pred: (ts: number) => boolean): Promise<void> {
  const rows = await scanRows(ctx, f, qualifier);
  await write(ctx, f, rows.filter((r) => pred(rowTimestamp(r))).map((r) => deleteOf(ctx, f, r)));
}

async function increment(ctx: RowMutationContext, m: Extract<HMutation, { type: 'increment' }>): Promise<HCell[]> {
  const out: HCell[] = [];
  for (const c of m.columns) {
    const f = familyOf(ctx.info, c.family);
    const last = await latest(ctx, f, c.qualifier);
    await lockLatest(ctx, f, c.qualifier, last);
    let base = 0n;
    if (last) {
      const v = bytesToLong(last.value);
      if (v === null) throw Errors.kvHbaseIncrFieldIsNotLong(String(last.value.length));
      base = v;
    }
    const value = longToBytes(base + BigInt(Math.trunc(c.amount)));
    const ts = Math.max(ctx.nowMs, last?.ts ?? 0);
    await write(ctx, f, [{ op: 'put', row: [ctx.row, c.qualifier, -ts, value] }]);
    out.push({ row: ctx.row, family: f.name, qualifier: c.qualifier, timestamp: ts, value });
  }
  return out;
}

async function append(ctx: RowMutationContext, m: Extract<HMutation, { type: 'append' }>): Promise<HCell[]> {
  const out: HCell[] = [];
  for (const c of m.columns) {
    const f = familyOf(ctx.info, c.family);
    const last = await latest(ctx, f, c.qualifier);
    await lockLatest(ctx, f, c.qualifier, last);
    const value = (last?.value ?? '') + c.value;
    const ts = Math.max(ctx.nowMs, last?.ts ?? 0);
    await write(ctx, f, [{ op: 'put', row: [ctx.row, c.qualifier, -ts, value] }]);
    out.push({ row: ctx.row, family: f.name, qualifier: c.qualifier, timestamp: ts, value });
  }
  return out;
}

/** The mutation of a checkAndMutate must stay in the checked family (HC's client-side checks). */
function checkSameFamily(family: string, m: Extract<HMutation, { type: 'put' } | { type: 'delete' }>): void {
  const families = m.type === 'put'
    ? m.cells.map((c) => c.family)
    : m.specs.flatMap((s) => (s.kind === 'row' ? [] : [s.family]));
  if (families.some((f) => f !== family)) throw Errors.invalidArgument('mutation family is not equal check family');
}

async function checkAndMutate(ctx: RowMutationContext, m: Extract<HMutation, { type: 'checkAndMutate' }>): Promise<boolean> {
  checkSameFamily(m.family, m.mutation);
  const f = familyOf(ctx.info, m.family);
  const last = await latest(ctx, f, m.qualifier);
  await lockLatest(ctx, f, m.qualifier, last);
  const passed = m.value === null ? last === null : last !== null && storedHolds(m.op, last.value, m.value);
  if (!passed) return false;
  if (m.mutation.type === 'put') {
    await put(ctx, m.mutation);
  } else {
    // Delete(row) inside checkAndMutate touches the checked family only (one family table).
    for (const s of m.mutation.specs) await deleteOne(ctx, s.kind === 'row' ? { kind: 'family', family: f.name, ts: s.ts } : s);
  }
  return true;
}

/**
 * Applies `m` to one row inside the caller's transaction. Errors: -5200 unknown family, -10516
 * increment of a cell that is not 8 bytes, -4002 checkAndMutate family mismatch, DAS errors
 * (lock conflicts, OB_NOT_MASTER).
 */
export async function applyMutation(ctx: RowMutationContext, m: HMutation): Promise<HMutateReply> {
  switch (m.type) {
    case 'put':
      await put(ctx, m);
      return {};
    case 'delete':
      for (const s of m.specs) await deleteOne(ctx, s);
      return {};
    case 'increment':
      return { cells: await increment(ctx, m) };
    case 'append':
      return { cells: await append(ctx, m) };
    case 'checkAndMutate':
      return { checkPassed: await checkAndMutate(ctx, m) };
  }
}
