/**
 * Expression resolution: AST `Expr` → plan `BoundExpr` (OceanBase's `ObRawExprResolver` plus
 * type deduction). Column names are looked up in the scope (correlated references in enclosing
 * scopes), functions and operators are typed by the expression engine's `bindCall`, aggregates
 * become columns of the query block's GROUP BY and subqueries columns of a SUBPLAN FILTER.
 *
 * Errors: `Errors.badField(name, clause)`, `Errors.ambiguousColumn`, `Errors.invalidGroupFuncUse`
 * (an aggregate in WHERE/ON/GROUP BY or nested in another aggregate), `Errors.operandColumns`
 * (a row value where one column is expected), `Errors.unknownSystemVariable`, plus whatever
 * `bindCall` raises (`wrongParamCount`, `functionNotExist`).
 */
import { Decimal } from '../../common/decimal';
import { Errors } from '../../common/ob_error';
import type { ColumnType, Value } from '../../common/value';
import type { Expr, Select } from '../ast';
import type { BoundExpr } from '../expr/bound';
import { bindCall, compareKindOf, createAggregate } from '../plan/expr_api';
import type { SubqueryRef } from '../plan/plan';
import { BOOL_TYPE, colRef, constExpr, exprKey } from '../plan/plan_expr';
import { exprText } from '../plan/expr_text';
import { QueryBlock, type ResolvedQuery, type SubqueryStage } from './query_block';
import { qualifiedName, type Scope } from './scope';
import { readSystemVariable } from '../session/variables';

export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set(['count', 'sum', 'avg', 'min', 'max', 'group_concat']);

/** Where an expression appears and what it may use. */
export interface ExprContext {
  scope: Scope;
  /** MySQL's clause name for ERROR 1054: 'field list', 'where clause', 'order clause', ... */
  clause: string;
  /** The block collecting aggregates and subqueries; aggregates are refused when `allowAgg` is false. */
  block: QueryBlock;
  allowAgg: boolean;
  stage: SubqueryStage;
  /** Select-list aliases usable here (ORDER BY, HAVING, GROUP BY). */
  aliases?: ReadonlyMap<string, BoundExpr>;
  /** ORDER BY looks aliases up before FROM columns; GROUP BY/HAVING after. */
  aliasFirst?: boolean;
  /** VALUES(col) of INSERT ... ON DUPLICATE KEY UPDATE. */
  valuesColumn?: (name: string) => BoundExpr;
}

/** Resolves a subquery in a scope whose parent is `parent` (injected: resolve_select imports us). */
export type SubqueryResolver = (select: Select, parent: Scope) => ResolvedQuery;

const BINARY_FN: Record<string, string> = {
  '+': '+', '-': '-', '*': '*', '/': '/', DIV: 'div', '%': '%',
  '=': '=', '<=>': '<=>', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  AND: 'and', OR: 'or', XOR: 'xor', '||': 'or', '&': '&', '|': '|', '^': '^', '<<': '<<', '>>': '>>',
};

/** Type of a literal as MySQL infers it. */
export function literalType(value: Value, explicit?: ColumnType): ColumnType {
  if (explicit) return explicit;
  if (value === null) return { kind: 'null' };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'bigint' } : { kind: 'double' };
  if (typeof value === 'bigint') return value > 9223372036854775807n ? { kind: 'bigint', unsigned: true } : { kind: 'bigint' };
  if (value instanceof Decimal) {
    const digits = (value.unscaled < 0n ? -value.unscaled : value.unscaled).toString().length;
    return { kind: 'decimal', precision: Math.max(digits, value.scale, 1), scale: value.scale };
  }
  return { kind: 'varchar', precision: value.length };
}

export class ExprResolver {
  /** `currentDb` names the database in ERROR 1305 (`FUNCTION test.foo does not exist`). */
  constructor(
    private readonly resolveSubquery: SubqueryResolver,
    private readonly currentDb: () => string | null = () => null,
  ) {}

  resolve(e: Expr, c: ExprContext): BoundExpr {
    switch (e.kind) {
      case 'literal': {
        const type = literalType(e.value, e.type);
        const param = c.block.env.literalParams?.get(e);
        return param === undefined ? constExpr(e.value, type) : { kind: 'const', value: e.value, type, param };
      }
      case 'column':
        return this.column(e, c);
      case 'star':
        throw Errors.parseError('*');
      case 'unary':
        return this.unary(e.op, this.resolve(e.operand, c));
      case 'binary':
        return this.binary(e, c);
      case 'between': {
        return this.call(e.not ? 'not_between' : 'between', [this.resolve(e.expr, c), this.resolve(e.low, c), this.resolve(e.high, c)]);
      }
      case 'in':
        return this.inList(e.expr, e.list, e.not, c);
      case 'inSubquery':
        return this.subquery(e.subquery, 'in', e.not, c, e.expr);
      case 'exists':
        return this.subquery(e.subquery, 'exists', e.not, c);
      case 'subquery':
        return this.subquery(e.subquery, 'scalar', false, c);
      case 'like': {
        const args = [this.resolve(e.expr, c), this.resolve(e.pattern, c)];
        if (e.escape) args.push(this.resolve(e.escape, c));
        return this.call(e.not ? 'not_like' : 'like', args);
      }
      case 'isNull':
        return this.call(e.not ? 'is_not_null' : 'is_null', [this.resolve(e.expr, c)]);
      case 'isBool':
        return this.call(`is_${e.not ? 'not_' : ''}${e.value ? 'true' : 'false'}`, [this.resolve(e.expr, c)]);
      case 'case':
        return this.caseExpr(e, c);
      case 'func':
        return this.func(e, c);
      case 'cast':
        return this.call('cast', [this.resolve(e.expr, c)], { type: e.type });
      case 'interval':
        throw Errors.parseError('INTERVAL');
      case 'extract':
        return this.call('extract', [this.resolve(e.expr, c)], { unit: e.unit });
      case 'variable':
        return this.variable(e.name, e.scope, c);
      case 'default':
        throw Errors.parseError('DEFAULT');
      case 'tuple':
        if (e.items.length === 1) return this.resolve(e.items[0], c);
        throw Errors.operandColumns(1);
    }
  }

  call(fn: string, args: BoundExpr[], meta?: Record<string, unknown>): BoundExpr {
    return bindCall(fn, args, meta, this.currentDb() ?? 'test');
  }

  private column(e: Expr & { kind: 'column' }, c: ExprContext): BoundExpr {
    const name = e.name;
    const aliasHit = e.table === undefined && c.aliases ? c.aliases.get(name.toLowerCase()) : undefined;
    if (aliasHit && c.aliasFirst) return aliasHit;
    const found = c.scope.lookup(name, c.clause, e.table, e.db);
    if (found) return found;
    if (aliasHit) return aliasHit;
    throw Errors.badField(qualifiedName(name, e.table, e.db), c.clause);
  }

  private unary(op: string, operand: BoundExpr): BoundExpr {
    switch (op) {
      case '-':
        return this.call('neg', [operand]);
      case '+':
        return operand;
      case '~':
        return this.call('~', [operand]);
      default:
        return this.call('not', [operand]);
    }
  }

  private binary(e: Expr & { kind: 'binary' }, c: ExprContext): BoundExpr {
    // date ± INTERVAL n unit
    if ((e.op === '+' || e.op === '-') && (e.right.kind === 'interval' || e.left.kind === 'interval')) {
      const iv = (e.right.kind === 'interval' ? e.right : e.left) as Expr & { kind: 'interval' };
      const base = e.right.kind === 'interval' ? e.left : e.right;
      return this.call(e.op === '+' ? 'date_add' : 'date_sub', [this.resolve(base, c), this.resolve(iv.value, c)], { unit: iv.unit });
    }
    if (e.left.kind === 'tuple' && e.right.kind === 'tuple' && (e.op === '=' || e.op === '!=' || e.op === '<=>')) {
      return this.tupleCompare(e.op, e.left.items, e.right.items, c);
    }
    return this.call(BINARY_FN[e.op], [this.resolve(e.left, c), this.resolve(e.right, c)]);
  }

  private tupleCompare(op: string, l: Expr[], r: Expr[], c: ExprContext): BoundExpr {
    if (l.length !== r.length) throw Errors.operandColumns(l.length);
    const eqs = l.map((x, i) => this.call(op === '<=>' ? '<=>' : '=', [this.resolve(x, c), this.resolve(r[i], c)]));
    const all = eqs.reduce((a, b) => this.call('and', [a, b]));
    return op === '!=' ? this.call('not', [all]) : all;
  }

  private inList(left: Expr, list: Expr[], not: boolean, c: ExprContext): BoundExpr {
    let r: BoundExpr;
    if (left.kind === 'tuple') {
      const n = left.items.length;
      const ors = list.map((item) => {
        if (item.kind !== 'tuple' || item.items.length !== n) throw Errors.operandColumns(n);
        return this.tupleCompare('=', left.items, item.items, c);
      });
      r = ors.reduce((a, b) => this.call('or', [a, b]));
    } else {
      return this.call(not ? 'not_in' : 'in', [this.resolve(left, c), ...list.map((x) => this.resolve(x, c))]);
    }
    return not ? this.call('not', [r]) : r;
  }

  private caseExpr(e: Expr & { kind: 'case' }, c: ExprContext): BoundExpr {
    const args: BoundExpr[] = [];
    if (e.operand) args.push(this.resolve(e.operand, c));
    for (const w of e.whens) args.push(this.resolve(w.when, c), this.resolve(w.then, c));
    if (e.else) args.push(this.resolve(e.else, c));
    return this.call('case', args, { hasOperand: e.operand !== undefined, hasElse: e.else !== undefined });
  }

  private variable(name: string, scope: 'user' | 'session' | 'global', c: ExprContext): BoundExpr {
    const session = c.block.env.ctx.session;
    if (scope === 'user') {
      const v = session.userVariables.get(name.toLowerCase()) ?? null;
      return constExpr(v, literalType(v));
    }
    const { value, type } = readSystemVariable(c.block.env.ctx, name);
    return constExpr(value, type);
  }

  private func(e: Expr & { kind: 'func' }, c: ExprContext): BoundExpr {
    const name = e.name.toLowerCase();
    if (AGGREGATE_FUNCTIONS.has(name)) return this.aggregate(e, name, c);
    const session = c.block.env.ctx.session;
    switch (name) {
      case 'database':
      case 'schema':
        return constExpr(session.database, { kind: 'varchar', precision: 128 });
      case 'user':
      case 'current_user':
      case 'session_user':
      case 'system_user':
        return constExpr(`${session.user}@%`, { kind: 'varchar', precision: 128 });
      case 'version':
        return constExpr(readSystemVariable(c.block.env.ctx, 'version').value, { kind: 'varchar', precision: 64 });
      case 'connection_id':
        return constExpr(session.sessionId, { kind: 'bigint', unsigned: true });
      case 'last_insert_id':
        if (e.args.length === 0) return constExpr(session.lastInsertId, { kind: 'bigint', unsigned: true });
        break;
      case 'found_rows':
        return constExpr(Number(session.variables.get('__found_rows') ?? 0), { kind: 'bigint' });
      case 'values':
        if (c.valuesColumn && e.args.length === 1 && e.args[0].kind === 'column') return c.valuesColumn(e.args[0].name);
        break;
    }
    let meta: Record<string, unknown> | undefined;
    const args: BoundExpr[] = [];
    for (const a of e.args) {
      if (a.kind === 'interval') {
        meta = { ...(meta ?? {}), unit: a.unit };
        args.push(this.resolve(a.value, c));
      } else {
        args.push(this.resolve(a, c));
      }
    }
    return this.call(name, args, meta);
  }

  private aggregate(e: Expr & { kind: 'func' }, name: string, c: ExprContext): BoundExpr {
    if (!c.allowAgg) throw Errors.invalidGroupFuncUse();
    const inner: ExprContext = { ...c, allowAgg: false, aliases: undefined };
    const args = e.star ? [] : e.args.map((a) => this.resolve(a, inner));
    if (!e.star && args.length === 0) throw Errors.wrongParamCount(name);
    const distinct = e.distinct === true;
    const argNames = e.star ? '*' : args.map((a) => exprText(a)).join(', ');
    const display = `T_FUN_${name.toUpperCase()}(${distinct ? 'distinct ' : ''}${argNames})`;
    const key = `${name}|${distinct}|${args.map(exprKey).join(',')}`;
    const spec = c.block.addAggregate(key, (id) => {
      const agg = createAggregate(name, distinct, args.map((a) => a.type));
      return { id, fn: name, distinct, args, type: agg.resultType, name: display };
    });
    return colRef(spec.id, spec.type, spec.name, true);
  }

  private subquery(select: Select, mode: SubqueryRef['mode'], not: boolean, c: ExprContext, left?: Expr): BoundExpr {
    const q = this.resolveSubquery(select, c.scope);
    const inner = q.plan;
    const leftExprs = left === undefined ? [] : left.kind === 'tuple' ? left.items.map((x) => this.resolve(x, c)) : [this.resolve(left, c)];
    if (mode === 'scalar' && q.columns.length !== 1) throw Errors.operandColumns(1);
    if (mode === 'in' && q.columns.length !== leftExprs.length) throw Errors.operandColumns(leftExprs.length);
    const id = c.block.env.newId();
    const type: ColumnType = mode === 'scalar' ? q.columns[0].type : BOOL_TYPE;
    const params = q.outerRefs;
    const ref: SubqueryRef = {
      id,
      mode,
      not,
      left: leftExprs,
      compareKinds: leftExprs.map((l, i) => compareKindOf(l.type, q.columns[i].type)),
      plan: inner,
      rawPlan: inner,
      params,
      type,
      name: subqueryName(mode, not, leftExprs, c.block.subqueries.length),
    };
    c.block.subqueries.push({ ref, stage: c.stage });
    return colRef(id, type, ref.name, true);
  }
}

function subqueryName(mode: SubqueryRef['mode'], not: boolean, left: BoundExpr[], n: number): string {
  const sub = `subquery(${n + 1})`;
  if (mode === 'exists') return `${not ? 'NOT ' : ''}(EXISTS ${sub})`;
  if (mode === 'in') return `${left.map((l) => exprText(l)).join(', ')} ${not ? 'NOT IN' : 'IN'} ${sub}`;
  return sub;
}
