/**
 * Name scopes of the resolver (OceanBase's `ObDMLResolver` table items and column items).
 *
 * A `Scope` is the FROM clause of one query block: its tables (base tables, views, derived
 * tables) with their columns and the statement-wide id of each column. A subquery's scope has the
 * enclosing block's scope as `parent`; a column found in a parent is a correlated (outer)
 * reference and is recorded in `outerRefs` of every scope between, so each subquery knows the
 * parameters it needs. Lookups are case-insensitive (lower_case_table_names = 1).
 *
 * Errors: `Errors.badField` (unknown column, with the clause name), `Errors.ambiguousColumn`,
 * `Errors.nonUniqTable` (two FROM items with the same alias).
 */
import { Errors } from '../../common/ob_error';
import type { ColumnType } from '../../common/value';
import type { Expr } from '../ast';
import type { BoundExpr } from '../expr/bound';
import type { ExecContext } from '../exec_context';
import { colRef } from '../plan/plan_expr';

export interface ScopeColumn {
  name: string;
  id: number;
  type: ColumnType;
  nullable: boolean;
  /** Hidden from `*` (the heap table's `__pk_increment`, the right side of USING columns). */
  hidden: boolean;
}

export interface ScopeTable {
  /** Alias or table name as written (EXPLAIN and column display names use it). */
  alias: string;
  /** Database of a base table, null for derived tables. */
  db: string | null;
  columns: ScopeColumn[];
}

export interface OuterRef {
  id: number;
  type: ColumnType;
  name: string;
}

/** Statement-wide state: the execution context and the column id generator. */
export class StatementEnv {
  private nextColumnId = 1;
  /**
   * Literals of the statement the plan cache parameterizes (plan_cache.ts), with their parameter
   * numbers: the resolver marks their constants (`BoundExpr` const `param`). Null otherwise.
   */
  literalParams: ReadonlyMap<Expr, number> | null = null;

  constructor(readonly ctx: ExecContext) {}

  newId(): number {
    return this.nextColumnId++;
  }

  /** The session's current database; Errors.noDbSelected when none. */
  currentDb(): string {
    const db = this.ctx.session.database;
    if (db === null) throw Errors.noDbSelected();
    return db;
  }
}

export class Scope {
  readonly tables: ScopeTable[] = [];
  /** Columns of enclosing scopes this scope (or a scope inside it) reads, by id. */
  readonly outerRefs = new Map<number, OuterRef>();

  constructor(readonly parent: Scope | null) {}

  addTable(t: ScopeTable): void {
    const k = t.alias.toLowerCase();
    if (this.tables.some((x) => x.alias.toLowerCase() === k)) throw Errors.nonUniqTable(t.alias);
    this.tables.push(t);
  }

  /** Matches in this scope only (no parents). */
  private matches(name: string, table?: string, db?: string): { t: ScopeTable; c: ScopeColumn }[] {
    const n = name.toLowerCase();
    const out: { t: ScopeTable; c: ScopeColumn }[] = [];
    for (const t of this.tables) {
      if (table !== undefined && t.alias.toLowerCase() !== table.toLowerCase()) continue;
      if (db !== undefined && (t.db === null || t.db.toLowerCase() !== db.toLowerCase())) continue;
      for (const c of t.columns) {
        if (c.name.toLowerCase() !== n) continue;
        // USING: an unqualified name resolves to the left column only.
        if (c.hidden && table === undefined && c.name !== '__pk_increment') continue;
        out.push({ t, c });
      }
    }
    return out;
  }

  /**
   * Resolves a column reference to a plan expression, searching enclosing scopes for correlated
   * references. Returns undefined when no scope has it.
   */
  lookup(name: string, clause: string, table?: string, db?: string): BoundExpr | undefined {
    const m = this.matches(name, table, db);
    if (m.length > 1) throw Errors.ambiguousColumn(name, clause);
    if (m.length === 1) return columnExpr(m[0].t, m[0].c);
    if (this.parent === null) return undefined;
    const outer = this.parent.lookup(name, clause, table, db);
    if (outer && outer.kind === 'col') this.outerRefs.set(outer.index, { id: outer.index, type: outer.type, name: outer.name });
    return outer;
  }

  /** True when some table of this scope (not parents) has the alias. */
  hasTable(alias: string): boolean {
    return this.tables.some((t) => t.alias.toLowerCase() === alias.toLowerCase());
  }

  /** All ids of this scope's columns. */
  columnIds(): Set<number> {
    const s = new Set<number>();
    for (const t of this.tables) for (const c of t.columns) s.add(c.id);
    return s;
  }
}

export function columnExpr(t: ScopeTable, c: ScopeColumn): BoundExpr {
  return colRef(c.id, c.type, `${t.alias}.${c.name}`, c.nullable);
}

/** `t.c` or `c`, as MySQL shows an unknown column in ERROR 1054. */
export function qualifiedName(name: string, table?: string, db?: string): string {
  return [db, table, name].filter((x) => x !== undefined).join('.');
}
