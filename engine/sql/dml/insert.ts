/**
 * INSERT / INSERT IGNORE / INSERT ... ON DUPLICATE KEY UPDATE / REPLACE, with MySQL's semantics
 * and counts (OceanBase's `ObTableInsertOp`, `ObTableInsertUpOp`, `ObTableReplaceOp`):
 *
 * 1. source rows (VALUES or a SELECT) are widened to full rows: column defaults (DEFAULT
 *    CURRENT_TIMESTAMP included), AUTO_INCREMENT values (`ctx.ddl.nextAutoIncrement`; explicit
 *    values are reported with `observeAutoIncrement`), the heap table's hidden `__pk_increment`,
 *    and strict-mode coercion (`coerceToColumn`: ERROR 1048/1264/1366/1406 texts);
 * 2. each row is routed to its partition and its rowkey encoded;
 * 3. conflicts are found up front (rows already in the table, read with batched DAS gets, and
 *    rows earlier in the same statement): plain INSERT fails with ERROR 1062 naming the first
 *    duplicate in MySQL's form (`'1'`, composite `'1-a'`); IGNORE skips it; ON DUPLICATE KEY
 *    UPDATE updates the existing row (affected 2, or 0 when unchanged); REPLACE deletes it and
 *    inserts (affected 2);
 * 4. writes go to the DAS grouped per tablet.
 * Info line for multi-row statements: `Records: 3  Duplicates: 0  Warnings: 0`.
 */
import { Errors } from '../../common/ob_error';
import { encodeRowkey, type EncodedRowkey } from '../../common/rowkey';
import type { Value } from '../../common/value';
import { PK_INCREMENT_COLUMN, rowkeyTypes, type ColumnSchema, type TableSchema } from '../../schema/schema';
import type { Expr, Insert } from '../ast';
import type { DasService, ExecContext, StatementResult } from '../exec_context';
import type { BoundExpr } from '../expr/bound';
import { coerceToColumn, compileExpr, formatValue } from '../plan/expr_api';
import { constExpr } from '../plan/plan_expr';
import { QueryBlock } from '../resolver/query_block';
import { Scope, type StatementEnv } from '../resolver/scope';
import { SelectResolver } from '../resolver/resolve_select';
import { partitionOfRow, tableRowScope } from './table_scope';
import { WriteBatch } from './write_batch';
import { defaultNowValue } from './defaults';

export interface InsertSource {
  /** Positions in the table's columns of the source values. */
  targets: ColumnSchema[];
  rows: Value[][];
  multiRow: boolean;
}

/** Target columns of an INSERT: the listed ones, else every visible column. */
export function insertTargets(table: TableSchema, columns: string[] | undefined): ColumnSchema[] {
  if (!columns) return table.columns.filter((c) => !c.hidden);
  const seen = new Set<number>();
  return columns.map((name) => {
    const c = table.columns.find((x) => !x.hidden && x.name.toLowerCase() === name.toLowerCase());
    if (!c) throw Errors.badField(name, 'field list');
    if (seen.has(c.index)) throw Errors.dupFieldName(c.name);
    seen.add(c.index);
    return c;
  });
}

/** Evaluates VALUES rows; `DEFAULT` stays `undefined` (filled with the column default later). */
export function evaluateValues(rows: Expr[][], targets: ColumnSchema[], env: StatementEnv, resolver: SelectResolver): (Value | undefined)[][] {
  const scope = new Scope(null);
  const block = new QueryBlock(env);
  return rows.map((r, i) => {
    if (r.length !== targets.length) throw Errors.wrongValueCount(i + 1);
    return r.map((e) => {
      if (e.kind === 'default') return undefined;
      const b = resolver.exprs.resolve(e, { scope, clause: 'field list', block, allowAgg: false, stage: 'where' });
      return compileExpr(b, { nowUs: () => env.ctx.nowUs() })([]);
    });
  });
}

/** MySQL's duplicate-entry text of a row's primary key: values joined with '-'. */
export function duplicateKeyText(table: TableSchema, row: readonly Value[]): string {
  return table.rowkey.map((i) => formatValue(row[i], table.columns[i].type) ?? 'NULL').join('-');
}

interface Prepared {
  row: Value[];
  partition: number;
  key: EncodedRowkey;
}

/** Widens source rows to full rows with defaults, auto-increment values and coercion. */
async function widen(table: TableSchema, targets: ColumnSchema[], src: (Value | undefined)[][], ctx: ExecContext): Promise<{ rows: Value[][]; firstGenerated?: number }> {
  const auto = table.columns.find((c) => c.autoIncrement);
  const hidden = table.isHeap ? table.columns.find((c) => c.name === PK_INCREMENT_COLUMN) : undefined;
  const targetPos = new Map<number, number>(targets.map((c, i) => [c.index, i]));
  const rows: Value[][] = src.map((values, r) => {
    const row: Value[] = new Array(table.columns.length);
    for (const c of table.columns) {
      const pos = targetPos.get(c.index);
      const v = pos === undefined ? undefined : values[pos];
      if (v !== undefined) {
        row[c.index] = v;
      } else {
        if (!c.hidden && !c.autoIncrement && c.defaultValue === undefined && !c.nullable && !c.defaultNow) throw Errors.noDefault(c.name);
        row[c.index] = defaultOf(c, ctx);
      }
      // A default is stored already coerced (binary defaults are bytes already, issue #5).
      if (!c.hidden && !c.autoIncrement) row[c.index] = coerceToColumn(row[c.index], c, r + 1, pos === undefined || values[pos] === undefined);
    }
    return row;
  });
  let firstGenerated: number | undefined;
  if (auto) {
    const need = rows.filter((row) => row[auto.index] === null || row[auto.index] === 0);
    for (const row of rows) {
      const v = row[auto.index];
      if (v !== null && v !== 0) {
        row[auto.index] = coerceToColumn(v, auto, 1);
        await ctx.ddl.observeAutoIncrement(table, Number(row[auto.index]));
      }
    }
    if (need.length > 0) {
      const first = await ctx.ddl.nextAutoIncrement(table, need.length);
      need.forEach((row, i) => (row[auto.index] = first + i));
      firstGenerated = first;
    }
  }
  if (hidden) {
    const first = await ctx.ddl.nextAutoIncrement(table, rows.length);
    rows.forEach((row, i) => (row[hidden.index] = first + i));
  }
  return { rows, firstGenerated };
}

function defaultOf(c: ColumnSchema, ctx: ExecContext): Value {
  if (c.defaultNow) return defaultNowValue(c, ctx);
  return c.defaultValue === undefined ? null : c.defaultValue;
}

/** The rows currently stored under `keys`, by key (batched DAS gets per partition). */
async function existingRows(das: DasService, table: TableSchema, prepared: Prepared[]): Promise<Map<EncodedRowkey, Value[]>> {
  const byPart = new Map<number, EncodedRowkey[]>();
  for (const p of prepared) {
    let l = byPart.get(p.partition);
    if (!l) byPart.set(p.partition, (l = []));
    l.push(p.key);
  }
  const out = new Map<EncodedRowkey, Value[]>();
  for (const [part, keys] of byPart) {
    const rows = await das.get(table, table.partitions[part], keys);
    rows.forEach((r, i) => {
      if (r) out.set(keys[i], r);
    });
  }
  return out;
}

export interface InsertRun {
  stmt: Insert;
  table: TableSchema;
  source: InsertSource;
  /** Compiled ON DUPLICATE KEY UPDATE assignments over `existing ++ inserted` rows. */
  onDuplicate?: { column: ColumnSchema; fn: (row: Value[]) => Value }[];
}

/** Runs an INSERT/REPLACE whose source rows are already evaluated. */
export async function runInsert(run: InsertRun, das: DasService, ctx: ExecContext): Promise<StatementResult> {
  const { table, stmt } = run;
  const widened = await widen(table, run.source.targets, run.source.rows, ctx);
  const types = rowkeyTypes(table);
  const prepared: Prepared[] = widened.rows.map((row) => ({
    row,
    partition: partitionOfRow(table, row, ctx),
    key: encodeRowkey(table.rowkey.map((i) => row[i]), types),
  }));
  const batch = new WriteBatch(das, table);
  const counts = table.isHeap ? await insertAll(prepared, batch) : await insertWithConflicts(run, prepared, das, batch, ctx);
  await batch.flush();
  if (widened.firstGenerated !== undefined) ctx.session.lastInsertId = widened.firstGenerated;
  const info = run.source.multiRow ? `Records: ${prepared.length}  Duplicates: ${counts.duplicates}  Warnings: ${stmt.ignore ? counts.duplicates : 0}` : undefined;
  return { kind: 'ok', affectedRows: counts.affected, lastInsertId: widened.firstGenerated, info };
}

async function insertAll(prepared: Prepared[], batch: WriteBatch): Promise<{ affected: number; duplicates: number }> {
  for (const p of prepared) await batch.add(p.partition, { op: 'insert', row: p.row });
  return { affected: prepared.length, duplicates: 0 };
}

async function insertWithConflicts(run: InsertRun, prepared: Prepared[], das: DasService, batch: WriteBatch, ctx: ExecContext): Promise<{ affected: number; duplicates: number }> {
  const { table, stmt } = run;
  // Current image of every key this statement touches: stored rows, then this statement's writes.
  const current = await existingRows(das, table, prepared);
  const types = rowkeyTypes(table);
  let affected = 0;
  let duplicates = 0;
  for (const p of prepared) {
    const old = current.get(p.key);
    if (!old) {
      await batch.add(p.partition, { op: 'insert', row: p.row });
      current.set(p.key, p.row);
      affected++;
      continue;
    }
    duplicates++;
    if (stmt.replace) {
      const oldPart = partitionOfRow(table, old, ctx);
      await batch.add(oldPart, { op: 'delete', key: p.key });
      await batch.add(p.partition, { op: 'put', row: p.row });
      current.set(p.key, p.row);
      affected += 2;
    } else if (run.onDuplicate) {
      const updated = applyOnDuplicate(run, old, p.row);
      if (rowsEqual(updated, old)) continue;
      const newKey = encodeRowkey(table.rowkey.map((i) => updated[i]), types);
      const oldPart = partitionOfRow(table, old, ctx);
      const newPart = partitionOfRow(table, updated, ctx);
      if (newPart === oldPart) {
        await batch.add(oldPart, { op: 'update', key: p.key, row: updated });
      } else {
        await batch.add(oldPart, { op: 'delete', key: p.key });
        await batch.add(newPart, { op: 'insert', row: updated });
      }
      if (newKey !== p.key) current.delete(p.key);
      current.set(newKey, updated);
      affected += 2;
    } else if (!stmt.ignore) {
      throw Errors.dupEntry(duplicateKeyText(table, p.row));
    } else {
      const e = Errors.dupEntry(duplicateKeyText(table, p.row));
      ctx.session.warnings.push({ level: 'Warning', code: e.mysqlCode, message: e.message });
    }
  }
  return { affected, duplicates };
}

function applyOnDuplicate(run: InsertRun, old: Value[], inserted: Value[]): Value[] {
  const work = [...old, ...inserted];
  const width = old.length;
  for (const a of run.onDuplicate!) work[a.column.index] = coerceToColumn(a.fn(work), a.column, 1);
  return work.slice(0, width);
}

/** True when two stored rows are identical (MySQL's "changed" test for UPDATE). */
export function rowsEqual(a: readonly Value[], b: readonly Value[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null || y === null) return false;
    if (typeof x === 'object' && typeof y === 'object') {
      if (x.compare(y) !== 0 || x.scale !== y.scale) return false;
      continue;
    }
    if (typeof x === 'bigint' || typeof y === 'bigint') {
      if (BigInt(x as number) !== BigInt(y as number)) return false;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Resolves ON DUPLICATE KEY UPDATE assignments: column names read the existing row (ids 0..n-1),
 * VALUES(col) the row that was to be inserted (ids n..2n-1).
 */
export function resolveOnDuplicate(stmt: Insert, table: TableSchema, env: StatementEnv, resolver: SelectResolver): InsertRun['onDuplicate'] {
  if (!stmt.onDuplicate) return undefined;
  const scope = tableRowScope(table);
  const block = new QueryBlock(env);
  const n = table.columns.length;
  const valuesColumn = (name: string): BoundExpr => {
    const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!c) throw Errors.badField(name, 'field list');
    return { kind: 'col', index: n + c.index, type: c.type, name: `VALUES(${c.name})` };
  };
  return stmt.onDuplicate.map((a) => {
    const column = table.columns.find((x) => !x.hidden && x.name.toLowerCase() === a.column.toLowerCase());
    if (!column) throw Errors.badField(a.column, 'field list');
    const e = a.value.kind === 'default' ? constExpr(column.defaultValue ?? null, column.type) : resolver.exprs.resolve(a.value, { scope, clause: 'field list', block, allowAgg: false, stage: 'where', valuesColumn });
    const fn = compileExpr(e, { nowUs: () => env.ctx.nowUs() });
    return { column, fn };
  });
}
