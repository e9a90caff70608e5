/**
 * The plan cache (OceanBase's `ObPlanCache`): a SELECT that differs from an earlier one only in
 * the values of some literals reuses that statement's optimized plan instead of being parsed,
 * resolved and optimized again — the point queries of an OLTP workload
 * (`SELECT v FROM t WHERE id = 5`, then `= 7`, ...) pay the optimizer once.
 *
 * How (OceanBase's fast parser + parameterized plans + plan constraints, simplified):
 *
 *   text ──fastParse──▶ key `... WHERE id = \0i` + params [5]      (parser/fast_parser.ts)
 *        └─ cache (per tenant schema on this server: WeakMap on the SchemaGuard), entry by
 *           database + key: its schema version, which params are "safe", and one template per
 *           combination of the other ("unsafe") params' values
 *   hit: template plan with params substituted; the scan's partitions and rowkey range redone
 *        from its filters by the optimizer's own scan_access code → operators → rows
 *   miss: normal parse/resolve/optimize, during which the template is built and kept.
 *
 * Which literals may vary (safe params): those in the WHERE clause that are a direct operand of a
 * comparison (`= <=> != < <= > >=`), an IN list or a BETWEEN whose other operand is a plain column.
 * Their values reach the plan only as marked constants (`BoundExpr` const `param`), which constant
 * folding never evaluates; the only planning decisions that read them — partition pruning and the
 * rowkey range (TABLE GET / RANGE SCAN) — are recomputed per execution, and if the recomputed
 * access path has another shape (e.g. a string that is not a valid date no longer bounds a range)
 * the statement is planned normally. Every other literal (select list, LIMIT, GROUP BY 1, ...) is
 * part of the template's identity: a new value gets a new template.
 *
 * What is cached: single-table SELECTs with no subquery, join, UNION, FOR UPDATE, variable or
 * session function (DATABASE(), USER(), LAST_INSERT_ID(), ... are read while resolving), whose plan
 * has exactly one TABLE SCAN and no virtual table. A DDL in the tenant (new schema version) drops
 * the entry. Everything else takes the normal path, unchanged.
 */
import type { Expr, ParsedStatement, Statement } from './ast';
import type { ExecContext, SchemaGuard } from './exec_context';
import type { BoundExpr } from './expr/bound';
import { RULES, optimize } from './optimizer/optimizer';
import { scanAccessOf, scanAccessRule } from './optimizer/scan_access';
import type { FastParam, FastParse } from './parser/fast_parser';
import { noteCachedKey, parseStatement } from './parser';
import { alignParams, atPath, sentinelIndex } from './parser/param_align';
import { childrenOf, mapChildren, type PlanNode, type TableScanNode } from './plan/plan';
import { mapNodeExprs } from './plan/plan_expr';
import { literalType } from './resolver/resolve_expr';
import { SelectResolver } from './resolver/resolve_select';
import { StatementEnv } from './resolver/scope';
import { optimizerContext, type PlannedQuery } from './statement_env';

/** Entries per tenant per server; the oldest entry goes first past it. */
export const PLAN_CACHE_ENTRIES_MAX = 1024;
/** Templates per entry (one per combination of the unsafe parameters' values). */
const TEMPLATES_PER_ENTRY_MAX = 16;

/** A parameterized plan ready to be instantiated. */
interface Template {
  /** The resolved query with the optimized plan (what this execution's values planned to). */
  query: PlannedQuery;
  plan: PlanNode;
  /** Plan nodes whose subtree holds a parameter (rebuilt per execution; the rest is shared). */
  dirty: Set<PlanNode>;
  /** Plan nodes whose own expressions hold a parameter (the others on the path are only re-linked). */
  own: Set<PlanNode>;
  /** The scan as the optimizer had it before scan_access (for redoing pruning and ranges). */
  preScan: TableScanNode;
  /** Indexes into `preScan.filters` of the filters the final scan kept (the others became its range). */
  kept: number[];
}

interface Entry {
  schemaVersion: number;
  /** Parameter numbers whose values may vary; null when the statement is not cacheable. */
  safe: Set<number> | null;
  /** Where each safe parameter's literal sits in the statement tree (keys from the root). */
  paths: Map<number, string[]>;
  /** Templates by the values of the other parameters. */
  templates: Map<string, Template>;
}

const CACHES = new WeakMap<SchemaGuard, Map<string, Entry>>();

function cacheOf(schema: SchemaGuard): Map<string, Entry> {
  let c = CACHES.get(schema);
  if (c === undefined) CACHES.set(schema, (c = new Map()));
  return c;
}

/** Hit and miss counters (tests and the benchmark's report). */
export const planCacheStats = { hits: 0, misses: 0, fallbacks: 0 };

/** A plan from the cache, ready to run. */
export interface CachedPlan {
  planned: PlannedQuery;
}

/**
 * The plan of `parsed` from the plan cache when it is a SELECT the cache takes, else null (the
 * statement takes the normal path). On the first execution of a key — or of new values of its
 * unsafe literals — the statement is planned here, with its safe literals as parameters, and the
 * plan kept. Throws the ObErrors resolving and optimizing throw.
 */
export function cachedPlan(parsed: ParsedStatement, fast: FastParse, ctx: ExecContext): CachedPlan | null {
  const db = ctx.session.database;
  if (db === null) return null;
  const cache = cacheOf(ctx.schema);
  const base = `${db}\u0001${fast.key}`;
  let entry = cache.get(base);
  if (entry !== undefined && entry.schemaVersion !== ctx.schema.version) {
    cache.delete(base);
    entry = undefined;
  }
  if (entry === undefined) {
    const a = analyze(parsed.statement, parsed.text, fast);
    entry = { schemaVersion: ctx.schema.version, safe: a?.safe ?? null, paths: a?.paths ?? new Map(), templates: new Map() };
    if (cache.size >= PLAN_CACHE_ENTRIES_MAX) cache.delete(cache.keys().next().value!);
    cache.set(base, entry);
  }
  const safe = entry.safe;
  if (safe === null) return null;
  const variant = variantKey(fast.params, safe);
  const t = entry.templates.get(variant);
  if (t === undefined) {
    planCacheStats.misses++;
    const built = buildTemplate(parsed.statement, entry.paths, ctx);
    if (built === null) {
      entry.safe = null;
      return null;
    }
    if (entry.templates.size >= TEMPLATES_PER_ENTRY_MAX) entry.templates.delete(entry.templates.keys().next().value!);
    entry.templates.set(variant, built);
    noteCachedKey(fast.key);
    // The template was planned with these very values: it runs as it is.
    return { planned: built.query };
  }
  const plan = instantiate(t, fast.params);
  if (plan === null) {
    planCacheStats.fallbacks++;
    return null;
  }
  planCacheStats.hits++;
  return { planned: { query: t.query.query, plan } };
}

/** The values of the parameters that are not safe, as one string. */
function variantKey(params: readonly FastParam[], safe: ReadonlySet<number>): string {
  if (safe.size === params.length) return '';
  const values: (number | string)[] = [];
  for (let i = 0; i < params.length; i++) if (!safe.has(i)) values.push(params[i].value);
  return JSON.stringify(values);
}

// ---------------------------------------------------------------- analysis (miss path)

const SESSION_FUNCTIONS = new Set([
  'database', 'schema', 'user', 'current_user', 'session_user', 'system_user', 'version', 'connection_id', 'last_insert_id', 'found_rows', 'values',
]);
const COMPARISONS = new Set(['=', '<=>', '!=', '<', '<=', '>', '>=']);

/** True when an AST subtree has nothing the resolver reads from the session or a subquery. */
function plainExpr(x: unknown): boolean {
  if (Array.isArray(x)) return x.every(plainExpr);
  if (x === null || typeof x !== 'object') return true;
  const e = x as { kind?: string; name?: string };
  switch (e.kind) {
    case 'inSubquery':
    case 'exists':
    case 'subquery':
    case 'variable':
    case 'default':
      return false;
    case 'func':
      if (SESSION_FUNCTIONS.has(String(e.name).toLowerCase())) return false;
      break;
  }
  for (const v of Object.values(x)) if (typeof v === 'object' && v !== null && !plainExpr(v)) return false;
  return true;
}

/**
 * Which parameters of `stmt` may vary without changing its plan (see the module comment), and
 * where their literals are; null when the statement is not cacheable.
 */
function analyze(stmt: Statement, text: string, fast: FastParse): { safe: Set<number>; paths: Map<number, string[]> } | null {
  if (stmt.kind !== 'select' || stmt.union || stmt.forUpdate) return null;
  if (stmt.from.length !== 1 || stmt.from[0].kind !== 'table') return null;
  if (!plainExpr(stmt)) return null;
  const a = alignParams(stmt, text, fast, (t) => parseStatement(t).statement);
  if (a === null || a.probe.kind !== 'select') return null;
  const safe = new Set<number>();
  if (a.probe.where) collectSafe(a.probe.where, (v) => sentinelIndex(fast.params, v), safe);
  for (const i of [...safe]) if (a.unsafe.has(i)) safe.delete(i);
  for (const i of [...a.paths.keys()]) if (!safe.has(i)) a.paths.delete(i);
  return { safe, paths: a.paths };
}

/** Adds the parameters that are direct operands of column comparisons in `e` to `out`. */
function collectSafe(e: Expr, sentinelOf: (v: unknown) => number, out: Set<number>): void {
  const isCol = (x: Expr) => x.kind === 'column';
  const param = (x: Expr) => (x.kind === 'literal' ? sentinelOf(x.value) : -1);
  const add = (x: Expr) => {
    const i = param(x);
    if (i >= 0) out.add(i);
  };
  switch (e.kind) {
    case 'binary':
      if (COMPARISONS.has(e.op)) {
        if (isCol(e.left)) add(e.right);
        if (isCol(e.right)) add(e.left);
      } else {
        collectSafe(e.left, sentinelOf, out);
        collectSafe(e.right, sentinelOf, out);
      }
      return;
    case 'unary':
      collectSafe(e.operand, sentinelOf, out);
      return;
    case 'in':
      if (isCol(e.expr)) e.list.forEach(add);
      return;
    case 'between':
      if (isCol(e.expr)) {
        add(e.low);
        add(e.high);
      }
      return;
    default:
      return;
  }
}

/** The literal nodes of `stmt` at the safe parameters' paths, by parameter number. */
function literalsAt(stmt: Statement, paths: ReadonlyMap<number, string[]>): Map<Expr, number> | null {
  const out = new Map<Expr, number>();
  for (const [i, path] of paths) {
    const x = atPath(stmt, path);
    if (x === null || typeof x !== 'object' || (x as Expr).kind !== 'literal') return null;
    out.set(x as Expr, i);
  }
  return out;
}

// ---------------------------------------------------------------- templates

/** Plans `stmt` with its safe literals marked as parameters; null when the plan is not cacheable. */
function buildTemplate(stmt: Statement, paths: ReadonlyMap<number, string[]>, ctx: ExecContext): Template | null {
  if (stmt.kind !== 'select') return null;
  const marks = literalsAt(stmt, paths);
  if (marks === null) return null;
  const env = new StatementEnv(ctx);
  env.literalParams = marks;
  const query = new SelectResolver(env).resolveSelect(stmt, null);
  env.literalParams = null;
  const o = optimizerContext(env);
  const cut = RULES.indexOf(scanAccessRule);
  let plan = optimize(query.plan, o, RULES.slice(0, cut));
  const before = scansOf(plan);
  plan = optimize(plan, o, RULES.slice(cut));
  const after = scansOf(plan);
  if (before === null || after === null) return null;
  const kept: number[] = [];
  for (const f of after.filters) {
    const i = before.filters.indexOf(f);
    if (i < 0) return null;
    kept.push(i);
  }
  const dirty = new Set<PlanNode>();
  const own = new Set<PlanNode>();
  const seen = new Set<number>();
  markDirty(plan, dirty, own, seen);
  for (const i of paths.keys()) if (!seen.has(i)) return null; // a rule dropped or rewrote a parameter
  return { query: { query: { ...query, plan }, plan }, plan, dirty, own, preScan: before, kept };
}

/** The plan's only table scan, or null when it has another shape the cache does not take. */
function scansOf(plan: PlanNode): TableScanNode | null {
  let scan: TableScanNode | null = null;
  let ok = true;
  const walk = (n: PlanNode): void => {
    switch (n.kind) {
      case 'tableScan':
        if (scan !== null) ok = false;
        scan = n;
        return;
      case 'virtualScan':
      case 'values':
      case 'join':
      case 'subplanFilter':
      case 'union':
      case 'dml':
        ok = false;
        return;
      default:
        for (const c of childrenOf(n)) walk(c);
    }
  };
  walk(plan);
  return ok ? scan : null;
}

/** Collects the nodes holding parameters (in their own expressions or below) and the params seen. */
function markDirty(n: PlanNode, dirty: Set<PlanNode>, own: Set<PlanNode>, seen: Set<number>): boolean {
  let has = false;
  for (const c of childrenOf(n)) if (markDirty(c, dirty, own, seen)) has = true;
  let mine = false;
  mapNodeExprs(n, (e) => {
    if (paramsIn(e, seen)) mine = true;
    return e;
  });
  if (mine) own.add(n);
  if (has || mine) dirty.add(n);
  return has || mine;
}

function paramsIn(e: BoundExpr, seen: Set<number>): boolean {
  if (e.kind === 'const') {
    if (e.param === undefined) return false;
    seen.add(e.param);
    return true;
  }
  if (e.kind === 'col') return false;
  let has = false;
  for (const a of e.args) if (paramsIn(a, seen)) has = true;
  return has;
}

/** `e` with every parameter constant set to this execution's value. */
function bindParams(e: BoundExpr, params: readonly FastParam[]): BoundExpr {
  if (e.kind === 'const') {
    if (e.param === undefined) return e;
    const value = params[e.param].value;
    return { kind: 'const', value, type: literalType(value), param: e.param };
  }
  if (e.kind === 'col') return e;
  let args: BoundExpr[] | null = null;
  for (let i = 0; i < e.args.length; i++) {
    const a = bindParams(e.args[i], params);
    if (a !== e.args[i]) (args ??= e.args.slice())[i] = a;
  }
  return args === null ? e : { ...e, args };
}

/**
 * The template's plan for this execution's parameters: parameters bound, the scan's pruning and
 * range redone; null when the access path comes out in another shape (plan it normally then).
 */
function instantiate(t: Template, params: readonly FastParam[]): PlanNode | null {
  let ok = true;
  const go = (n: PlanNode): PlanNode => {
    if (!ok || !t.dirty.has(n)) return n;
    if (n.kind === 'tableScan') {
      const pre = t.preScan;
      const filters = pre.filters.map((f) => bindParams(f, params));
      const a = scanAccessOf({ ...pre, filters });
      if (a.range.kind !== n.range.kind || a.filters.length !== t.kept.length) {
        ok = false;
        return n;
      }
      for (let i = 0; i < t.kept.length; i++) {
        if (a.filters[i] !== filters[t.kept[i]]) {
          ok = false;
          return n;
        }
      }
      return { ...n, partitions: a.partitions, range: a.range, filters: a.filters };
    }
    const m = mapChildren(n, go);
    return t.own.has(n) ? mapNodeExprs(m, (e) => bindParams(e, params)) : m;
  };
  const plan = go(t.plan);
  return ok ? plan : null;
}

