/**
 * The physical operator protocol (OceanBase's `ObOperator` with vectorized `get_next_batch`).
 *
 * An operator yields batches of rows — arrays of up to `ROWSET_ROWS` (256) rows, each a `Value[]`
 * laid out as `layout` (statement-wide column ids, see plan/plan.ts) — from `next()`, and `null`
 * once exhausted. Operators pull from their children; nothing runs until the root is pulled.
 * Expressions are compiled once per operator into closures over row positions (`compileOn`), so
 * the per-row work is the closure call. Batches are never empty (an operator loops until it has a
 * row or its input ends).
 */
import { Decimal } from '../../common/decimal';
import { ROWSET_ROWS } from '../../common/limits';
import type { Value } from '../../common/value';
import type { DasService, ExecContext } from '../exec_context';
import type { BoundExpr, CompiledExpr } from '../expr/bound';
import { compileExpr } from '../plan/expr_api';
import type { PlanNode } from '../plan/plan';
import { rebase } from '../plan/plan_expr';

export type Row = Value[];
export type Batch = Row[];

export interface Operator {
  /** Column ids of the rows this operator yields. */
  readonly layout: readonly number[];
  /** The next batch (1..ROWSET_ROWS rows), or null at the end. */
  next(): Promise<Batch | null>;
  /** Releases resources; safe to call more than once and before the end. */
  close(): void;
}

/** What operators need from the statement. */
export interface ExecEnv {
  ctx: ExecContext;
  das: DasService;
  /** Prepares a subplan with bound parameters for execution (re-optimizes it). */
  prepare(plan: PlanNode): PlanNode;
  /** Builds an operator tree for a plan. */
  build(plan: PlanNode): Operator;
}

/** Compiles a plan expression against an input layout. */
export function compileOn(e: BoundExpr, layout: readonly number[], env: ExecEnv): CompiledExpr {
  return compileExpr(rebase(e, layout), { nowUs: () => env.ctx.nowUs() });
}

/** SQL truth: not NULL and not zero. */
export function isTrue(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof Decimal) return !v.isZero();
  const n = parseFloat(v);
  return !Number.isNaN(n) && n !== 0;
}

/** A predicate for a conjunction of filters (null when there are none). */
export function compileFilters(filters: readonly BoundExpr[], layout: readonly number[], env: ExecEnv): ((row: Row) => boolean) | null {
  if (filters.length === 0) return null;
  const fs = filters.map((f) => compileOn(f, layout, env));
  if (fs.length === 1) {
    const f = fs[0];
    return (row) => isTrue(f(row));
  }
  return (row) => {
    for (let i = 0; i < fs.length; i++) if (!isTrue(fs[i](row))) return false;
    return true;
  };
}

/** Re-chunks rows into batches of at most ROWSET_ROWS. */
export class BatchBuffer {
  private rows: Row[] = [];

  push(row: Row): void {
    this.rows.push(row);
  }

  get size(): number {
    return this.rows.length;
  }

  full(): boolean {
    return this.rows.length >= ROWSET_ROWS;
  }

  take(): Batch | null {
    if (this.rows.length === 0) return null;
    const out = this.rows;
    this.rows = [];
    return out;
  }
}

/** An operator over rows already in memory (materialized results). */
export class RowsOperator implements Operator {
  private pos = 0;

  constructor(
    readonly layout: readonly number[],
    private readonly rows: readonly Row[],
  ) {}

  async next(): Promise<Batch | null> {
    if (this.pos >= this.rows.length) return null;
    const out = this.rows.slice(this.pos, this.pos + ROWSET_ROWS);
    this.pos += out.length;
    return out;
  }

  close(): void {}
}

/** Drains an operator into an array of rows. */
export async function drain(op: Operator, limit = Infinity): Promise<Row[]> {
  const out: Row[] = [];
  try {
    for (let b = await op.next(); b !== null; b = await op.next()) {
      for (const r of b) {
        out.push(r);
        if (out.length >= limit) return out;
      }
    }
    return out;
  } finally {
    op.close();
  }
}

/** Applies an optional predicate to a child's batches (the common `filter([...])` of a node). */
export async function nextFiltered(child: Operator, pred: ((row: Row) => boolean) | null): Promise<Batch | null> {
  for (;;) {
    const b = await child.next();
    if (b === null || pred === null) return b;
    const out: Batch = [];
    for (let i = 0; i < b.length; i++) if (pred(b[i])) out.push(b[i]);
    if (out.length > 0) return out;
  }
}
