/**
 * SELECT resolution: one query block (or a UNION chain) → an unoptimized plan and its result
 * columns (OceanBase's `ObSelectResolver`). The plan has the canonical shape
 *
 *   FROM joins ─▶ [SUBPLAN FILTER for WHERE subqueries] (WHERE conjuncts as filters)
 *     ─▶ [GROUP BY (HAVING as filters)] ─▶ [SUBPLAN FILTER for select-list/HAVING subqueries]
 *     ─▶ SORT ─▶ LIMIT ─▶ PROJECT (select list)            (DISTINCT: PROJECT ─▶ DISTINCT ─▶ SORT ─▶ LIMIT)
 *
 * which the optimizer then rewrites (pushdown, join order, ranges, TOP-N...).
 * Name resolution follows MySQL: ORDER BY looks at select-list aliases before FROM columns,
 * GROUP BY and HAVING after; integers in GROUP BY / ORDER BY are select-list positions. Columns
 * read after GROUP BY that are not grouped are allowed (ONLY_FULL_GROUP_BY is off in OceanBase's
 * default sql_mode) and take any value of the group (an internal `__first` aggregate).
 *
 * Errors: `Errors.badField(c, 'field list' | 'where clause' | 'group statement' | 'having clause' |
 * 'order clause')`, `Errors.wrongGroupField`, `Errors.invalidGroupFuncUse`, `Errors.unknownTable`
 * (`t.*` of an unknown table), plus those of resolve_expr / resolve_from.
 */
import { assert } from '../../common/assert';
import { Errors } from '../../common/ob_error';
import type { Value } from '../../common/value';
import type { Expr, OrderItem, Select, SelectItem } from '../ast';
import type { BoundExpr } from '../expr/bound';
import { compileExpr, foldConstants } from '../plan/expr_api';
import { unionType } from '../expr/types';
import type { AggSpec, PlanNode, SortKey, SubqueryRef } from '../plan/plan';
import { colRef, exprKey, refsOf, replaceSubtrees, splitConjuncts, substitute } from '../plan/plan_expr';
import { substitutePlan } from '../plan/plan_substitute';
import { applyTableHints } from '../optimizer/hints';
import { exprText } from '../plan/expr_text';
import { astText } from './ast_text';
import { ExprResolver, type ExprContext } from './resolve_expr';
import { resolveFromList, type FromContext } from './resolve_from';
import { QueryBlock, type ResolvedQuery } from './query_block';
import { columnExpr, Scope, type StatementEnv } from './scope';

interface Item {
  expr: BoundExpr;
  name: string;
  alias?: string;
}

export class SelectResolver {
  readonly exprs: ExprResolver;

  constructor(readonly env: StatementEnv) {
    this.exprs = new ExprResolver((sel, parent) => this.resolveSelect(sel, parent), () => env.ctx.session.database);
  }

  /** Resolves a SELECT (with its UNION chain) in a scope nested in `parent` (null: top level). */
  resolveSelect(sel: Select, parent: Scope | null): ResolvedQuery {
    if (sel.union) return this.resolveUnion(sel, parent);
    return this.resolveBlock(sel, parent, sel.orderBy, sel.limit);
  }

  // ---------------------------------------------------------------- UNION

  private resolveUnion(first: Select, parent: Scope | null): ResolvedQuery {
    const branches: Select[] = [];
    const alls: boolean[] = [];
    for (let s: Select | undefined = first; s; s = s.union?.select) {
      branches.push(s);
      if (s.union) alls.push(s.union.all);
    }
    // Each member keeps its own ORDER BY / LIMIT (the parser wraps a union-wide ORDER BY / LIMIT
    // as a derived table around the chain).
    const resolved = branches.map((b) => this.resolveBlock(b, parent, b.orderBy, b.limit));
    const width = resolved[0].columns.length;
    for (const r of resolved) if (r.columns.length !== width) throw Errors.differentColumnCount();
    const names = resolved[0].columns.map((c) => c.name);
    const types = names.map((_, i) => unionType(resolved.map((r) => r.columns[i].type)));
    let plan: PlanNode = resolved[0].plan;
    for (let i = 1; i < resolved.length; i++) {
      const all = alls[i - 1];
      if (plan.kind === 'union' && plan.all === all) {
        plan = { ...plan, children: [...plan.children, resolved[i].plan] };
      } else {
        const colIds = names.map(() => this.env.newId());
        plan = { kind: 'union', all, children: [plan, resolved[i].plan], colIds, types, names, filters: [], estRows: 0 };
      }
    }
    assert(plan.kind === 'union', 'a union chain yields a union node');
    const columns = plan.colIds.map((id, i) => ({ id, name: names[i], type: types[i] }));
    return { plan, columns, outerRefs: resolved.flatMap((r) => r.outerRefs) };
  }

  // ---------------------------------------------------------------- one query block

  private resolveBlock(sel: Select, parent: Scope | null, orderBy: OrderItem[], limit: Select['limit']): ResolvedQuery {
    const scope = new Scope(parent);
    const block = new QueryBlock(this.env);
    const from: FromContext = { env: this.env, scope, block, exprs: this.exprs, resolveSelect: (s, p) => this.resolveSelect(s, p) };
    let plan: PlanNode =
      sel.from.length > 0 ? resolveFromList(sel.from, from) : { kind: 'values', rows: [[]], colIds: [], filters: [], estRows: 1 };
    plan = applyTableHints(plan, sel.hints);

    const ctx = (clause: string, allowAgg: boolean, stage: 'where' | 'post', aliases?: Map<string, BoundExpr>, aliasFirst = false): ExprContext => ({
      scope, clause, block, allowAgg, stage, aliases, aliasFirst,
    });
    const where = sel.where ? splitConjuncts(this.exprs.resolve(sel.where, ctx('where clause', false, 'where'))) : [];
    const whereSubqueries = block.subqueries.length;
    const items = this.selectItems(sel.items, scope, ctx('field list', true, 'post'));
    const aliases = new Map<string, BoundExpr>();
    for (const it of items) if (it.alias !== undefined && !aliases.has(it.alias.toLowerCase())) aliases.set(it.alias.toLowerCase(), it.expr);
    const groupKeys = sel.groupBy.map((g) => this.groupKey(g, items, ctx('group statement', false, 'post', aliases)));
    const having = sel.having ? splitConjuncts(this.exprs.resolve(sel.having, ctx('having clause', true, 'post', aliases))) : [];
    let sortKeys = orderBy.map((o) => this.orderKey(o, items, ctx('order clause', true, 'post', aliases, true)));

    // WHERE: subqueries first (SUBPLAN FILTER), conjuncts as filters on top.
    const subs = block.subqueries;
    plan = this.withSubqueries(plan, subs.slice(0, whereSubqueries).map((s) => s.ref), where);

    let postItems = items.map((i) => i.expr);
    let postHaving = having;
    let postSubs = subs.slice(whereSubqueries).map((s) => s.ref);
    if (sel.groupBy.length > 0 || block.hasAggregates()) {
      const g = this.groupBy(plan, groupKeys, block, scope, { items: postItems, having, sortKeys, subs: postSubs }, sel.groupBy.length === 0);
      plan = g.plan;
      postItems = g.items;
      postHaving = g.having;
      sortKeys = g.sortKeys;
      postSubs = g.subs;
    }
    plan = this.withSubqueries(plan, postSubs, postHaving);
    return this.finish(plan, items, postItems, sortKeys, sel.distinct, limit, scope);
  }

  private withSubqueries(plan: PlanNode, subs: SubqueryRef[], filters: BoundExpr[]): PlanNode {
    if (subs.length > 0) return { kind: 'subplanFilter', child: plan, subqueries: subs, filters, estRows: plan.estRows };
    if (filters.length === 0) return plan;
    return { ...plan, filters: [...plan.filters, ...filters] };
  }

  private selectItems(list: SelectItem[], scope: Scope, c: ExprContext): Item[] {
    const out: Item[] = [];
    for (const it of list) {
      if (it.expr.kind === 'star') {
        out.push(...this.expandStar(it.expr.table, scope));
        continue;
      }
      const expr = this.exprs.resolve(it.expr, c);
      const name = it.alias ?? (it.expr.kind === 'column' && expr.kind === 'col' ? declaredName(expr.name) : it.text ?? astText(it.expr));
      out.push({ expr, name, alias: it.alias });
    }
    return out;
  }

  private expandStar(table: string | undefined, scope: Scope): Item[] {
    if (table !== undefined && !scope.hasTable(table)) throw Errors.unknownTable(table);
    if (table === undefined && scope.tables.length === 0) throw Errors.noTablesUsed();
    const out: Item[] = [];
    for (const t of scope.tables) {
      if (table !== undefined && t.alias.toLowerCase() !== table.toLowerCase()) continue;
      for (const col of t.columns) if (!col.hidden) out.push({ expr: columnExpr(t, col), name: col.name });
    }
    return out;
  }

  private positional(e: Expr, items: Item[], clause: string): Item | undefined {
    if (e.kind !== 'literal' || typeof e.value !== 'number' || !Number.isInteger(e.value)) return undefined;
    const it = items[e.value - 1];
    if (!it) throw Errors.badField(String(e.value), clause);
    return it;
  }

  private groupKey(e: Expr, items: Item[], c: ExprContext): BoundExpr {
    const pos = this.positional(e, items, c.clause);
    const key = pos ? pos.expr : this.exprs.resolve(e, c);
    if (pos && c.block.aggs.some((a) => refsOf(key).has(a.id))) throw Errors.wrongGroupField(pos.name);
    return key;
  }

  private orderKey(o: OrderItem, items: Item[], c: ExprContext): SortKey {
    const pos = this.positional(o.expr, items, c.clause);
    return { expr: pos ? pos.expr : this.exprs.resolve(o.expr, c), desc: o.desc };
  }

  // ---------------------------------------------------------------- GROUP BY

  private groupBy(
    child: PlanNode,
    keys: BoundExpr[],
    block: QueryBlock,
    scope: Scope,
    post: { items: BoundExpr[]; having: BoundExpr[]; sortKeys: SortKey[]; subs: SubqueryRef[] },
    scalar: boolean,
  ): { plan: PlanNode; items: BoundExpr[]; having: BoundExpr[]; sortKeys: SortKey[]; subs: SubqueryRef[] } {
    const keyIds: number[] = [];
    const byKey = new Map<string, BoundExpr>();
    keys.forEach((k) => {
      const id = k.kind === 'col' && !keyIds.includes(k.index) ? k.index : this.env.newId();
      keyIds.push(id);
      if (!byKey.has(exprKey(k))) byKey.set(exprKey(k), k.kind === 'col' ? k : colRef(id, k.type, exprTextOf(k)));
    });
    const fromIds = scope.columnIds();
    const available = new Set<number>([...keyIds, ...block.aggs.map((a) => a.id)]);
    const firsts = new Map<number, BoundExpr>();
    const extraAggs: AggSpec[] = [];
    const fix = (e: BoundExpr): BoundExpr => {
      const r = replaceSubtrees(e, byKey);
      const loose = [...refsOf(r)].filter((id) => fromIds.has(id) && !available.has(id));
      if (loose.length === 0) return r;
      for (const id of loose) this.firstValue(id, r, firsts, extraAggs);
      return substitute(r, firsts);
    };
    const items = post.items.map(fix);
    const having = post.having.map(fix);
    const sortKeys = post.sortKeys.map((k) => ({ ...k, expr: fix(k.expr) }));
    const subs = post.subs.map((s) => this.fixSubquery(s, fix, fromIds, available, firsts, extraAggs));
    const plan: PlanNode = {
      kind: 'groupBy',
      scalar,
      child,
      keys,
      keyIds,
      aggs: [...block.aggs, ...extraAggs],
      filters: [],
      estRows: scalar ? 1 : Math.max(1, Math.ceil(child.estRows / 10)),
    };
    return { plan, items, having, sortKeys, subs };
  }

  private firstValue(id: number, within: BoundExpr, firsts: Map<number, BoundExpr>, extra: AggSpec[]): void {
    if (firsts.has(id)) return;
    const ref = findRef(within, id);
    assert(ref !== undefined, 'loose reference present');
    const outId = this.env.newId();
    extra.push({ id: outId, fn: '__first', distinct: false, args: [ref], type: ref.type, name: ref.kind === 'col' ? ref.name : 'expr' });
    firsts.set(id, colRef(outId, ref.type, ref.kind === 'col' ? ref.name : 'expr'));
  }

  private fixSubquery(
    s: SubqueryRef,
    fix: (e: BoundExpr) => BoundExpr,
    fromIds: Set<number>,
    available: Set<number>,
    firsts: Map<number, BoundExpr>,
    extra: AggSpec[],
  ): SubqueryRef {
    const left = s.left.map(fix);
    const loose = s.params.filter((p) => fromIds.has(p.id) && !available.has(p.id));
    if (loose.length === 0) return { ...s, left };
    for (const p of loose) this.firstValue(p.id, colRef(p.id, p.type, p.name), firsts, extra);
    const plan = substitutePlan(s.plan, firsts);
    const params = s.params.map((p) => {
      const f = firsts.get(p.id);
      return f && f.kind === 'col' ? { id: f.index, type: p.type, name: p.name } : p;
    });
    return { ...s, left, plan, rawPlan: substitutePlan(s.rawPlan, firsts), params };
  }

  // ---------------------------------------------------------------- select list, DISTINCT, ORDER BY, LIMIT

  private finish(
    plan: PlanNode,
    items: Item[],
    exprs: BoundExpr[],
    sortKeys: SortKey[],
    distinct: boolean,
    limit: Select['limit'],
    scope: Scope,
  ): ResolvedQuery {
    const colIds = exprs.map(() => this.env.newId());
    const columns = items.map((it, i) => ({ id: colIds[i], name: it.name, type: exprs[i].type }));
    const outerRefs = [...scope.outerRefs.values()];
    if (!distinct) {
      if (sortKeys.length > 0) plan = { kind: 'sort', child: plan, keys: sortKeys, filters: [], estRows: plan.estRows };
      plan = this.applyLimit(plan, limit);
      plan = { kind: 'project', child: plan, exprs, colIds, filters: [], estRows: plan.estRows };
      return { plan, columns, outerRefs };
    }
    // DISTINCT: sort keys must be select-list expressions (MySQL refuses others with ERROR 3065).
    const byKey = new Map<string, BoundExpr>(exprs.map((e, i) => [exprKey(e), colRef(colIds[i], e.type, exprTextOf(e))]));
    const keys = sortKeys.map((k) => {
      const hit = byKey.get(exprKey(k.expr));
      if (!hit) throw Errors.notSupported('ORDER BY an expression that is not in the SELECT list of a SELECT DISTINCT');
      return { ...k, expr: hit };
    });
    plan = { kind: 'project', child: plan, exprs, colIds, filters: [], estRows: plan.estRows };
    plan = { kind: 'distinct', child: plan, filters: [], estRows: plan.estRows };
    if (keys.length > 0) plan = { kind: 'sort', child: plan, keys, filters: [], estRows: plan.estRows };
    plan = this.applyLimit(plan, limit);
    return { plan, columns, outerRefs };
  }

  applyLimit(plan: PlanNode, limit: Select['limit']): PlanNode {
    if (!limit) return plan;
    const count = this.limitValue(limit.count);
    const offset = limit.offset ? this.limitValue(limit.offset) : 0;
    return { kind: 'limit', child: plan, count, offset, filters: [], estRows: Math.min(plan.estRows, count) };
  }

  private limitValue(e: Expr): number {
    const scope = new Scope(null);
    const block = new QueryBlock(this.env);
    const b = foldConstants(this.exprs.resolve(e, { scope, clause: 'limit clause', block, allowAgg: false, stage: 'post' }));
    const v: Value = b.kind === 'const' ? b.value : compileExpr(b)([]);
    const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n) || n < 0) throw Errors.invalidArgument('Incorrect arguments to LIMIT');
    return n;
  }
}

function declaredName(display: string): string {
  const dot = display.lastIndexOf('.');
  return dot >= 0 ? display.slice(dot + 1) : display;
}

function findRef(e: BoundExpr, id: number): BoundExpr | undefined {
  if (e.kind === 'col') return e.index === id ? e : undefined;
  if (e.kind === 'call') {
    for (const a of e.args) {
      const r = findRef(a, id);
      if (r) return r;
    }
  }
  return undefined;
}

function exprTextOf(e: BoundExpr): string {
  return e.kind === 'col' ? e.name : exprText(e);
}
