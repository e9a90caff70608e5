/**
 * Control-flow functions and CAST (OceanBase's `ObExprCase`, `ObExprArgCase`, `ObExprIf`,
 * `ObExprNullif`, `ObExprCoalesce`, `ObExprGreatest`, `ObExprCast`).
 *
 * - `case`: searched form args `[when1, then1, when2, then2, ..., else?]`; simple form (`meta
 *   { hasOperand: true }`) args `[operand, when1, then1, ..., else?]` — an ELSE is present when
 *   the branch arguments are odd in number. Only the chosen branch is evaluated.
 * - `if(c, a, b)`, `ifnull(a, b)`, `coalesce(a, ...)`, `nullif(a, b)`,
 *   `greatest(a, b, ...)` / `least(...)` (NULL if any argument is NULL, MySQL 5.7+).
 * - `cast(x)` / `convert(x)` with `meta { target: ColumnType }` (or `meta.type`) (SIGNED → bigint, UNSIGNED →
 *   bigint unsigned, DECIMAL(p,s), CHAR(n) → varchar(n), DATE, DATETIME(fsp), DOUBLE).
 * Branch results are converted to the aggregated result type (types.ts `unionType`), so
 * `CASE WHEN c THEN 1 ELSE 1.5 END` yields DECIMAL values 1.0 / 1.5, as MySQL prints them.
 */
import { assert } from '../../common/assert';
import { Errors } from '../../common/ob_error';
import { isIntegerType, isStringType, isTemporalType } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr, CompareKind, CompiledExpr } from './bound';
import { castConverter } from './coerce';
import { exprToText } from './expr_text';
import { DECIMAL_PRECISION_MAX, DECIMAL_SCALE_MAX } from '../../common/limits';
import { isTruthy, type NonNull } from './convert';
import { comparatorFor, compareConverter } from './fn_compare';
import { def, typesOf, type BuildInput, type FunctionDef, type Meta } from './registry';
import { DOUBLE, compareKindOf, unionType } from './types';

/** Wraps `f` (of type `from`) so it yields values of type `to`. */
export function convertTo(f: CompiledExpr, from: ColumnType, to: ColumnType): CompiledExpr {
  const conv = castConverter(from, to);
  if (!conv) return f;
  return (row) => {
    const v = f(row);
    return v === null ? null : conv(v);
  };
}

function truthy(v: Value): boolean {
  return v !== null && (typeof v === 'number' ? v !== 0 : isTruthy(v as NonNull));
}

// ---------------------------------------------------------------- CASE

function caseShape(args: readonly BoundExpr[], meta: Meta) {
  const hasOperand = meta.hasOperand === true;
  const first = hasOperand ? 1 : 0;
  const branchArgs = args.length - first;
  const hasElse = typeof meta.hasElse === 'boolean' ? meta.hasElse : branchArgs % 2 === 1;
  const pairs = (branchArgs - (hasElse ? 1 : 0)) / 2;
  return { hasOperand, first, hasElse, pairs };
}

function caseResultTypes(args: readonly BoundExpr[], meta: Meta): ColumnType[] {
  const s = caseShape(args, meta);
  const out: ColumnType[] = [];
  for (let i = 0; i < s.pairs; i++) out.push(args[s.first + 2 * i + 1].type);
  if (s.hasElse) out.push(args[args.length - 1].type);
  return out;
}

function buildCase(input: BuildInput): CompiledExpr {
  const s = caseShape(input.argExprs, input.meta);
  const whens: CompiledExpr[] = [];
  const thens: CompiledExpr[] = [];
  const kinds: CompareKind[] = [];
  for (let i = 0; i < s.pairs; i++) {
    const w = s.first + 2 * i;
    whens.push(input.args[w]);
    thens.push(convertTo(input.args[w + 1], input.argTypes[w + 1], input.type));
    if (s.hasOperand) kinds.push(compareKindOf(input.argTypes[0], input.argTypes[w]));
  }
  const last = input.args.length - 1;
  const otherwise: CompiledExpr = s.hasElse ? convertTo(input.args[last], input.argTypes[last], input.type) : () => null;
  if (!s.hasOperand) {
    return (row) => {
      for (let i = 0; i < whens.length; i++) if (truthy(whens[i](row))) return thens[i](row);
      return otherwise(row);
    };
  }
  const operand = input.args[0];
  const opConvs = kinds.map((k) => compareConverter(input.argTypes[0], k));
  const whenConvs = kinds.map((k, i) => compareConverter(input.argTypes[s.first + 2 * i], k));
  const cmps = kinds.map(comparatorFor);
  return (row) => {
    const raw = operand(row);
    if (raw !== null) {
      for (let i = 0; i < whens.length; i++) {
        const w = whens[i](row);
        if (w === null) continue;
        const oc = opConvs[i];
        const wc = whenConvs[i];
        if (cmps[i](oc ? oc(raw) : raw, wc ? wc(w) : w) === 0) return thens[i](row);
      }
    }
    return otherwise(row);
  };
}

// ---------------------------------------------------------------- IF / IFNULL / COALESCE / NULLIF

function buildIf(input: BuildInput): CompiledExpr {
  const c = input.args[0];
  const a = convertTo(input.args[1], input.argTypes[1], input.type);
  const b = convertTo(input.args[2], input.argTypes[2], input.type);
  return (row) => (truthy(c(row)) ? a(row) : b(row));
}

function buildCoalesce(input: BuildInput): CompiledExpr {
  const fs = input.args.map((f, i) => convertTo(f, input.argTypes[i], input.type));
  return (row) => {
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i](row);
      if (v !== null) return v;
    }
    return null;
  };
}

function buildNullif(input: BuildInput): CompiledExpr {
  const kind = compareKindOf(input.argTypes[0], input.argTypes[1]);
  const ca = compareConverter(input.argTypes[0], kind);
  const cb = compareConverter(input.argTypes[1], kind);
  const cmp = comparatorFor(kind);
  const [a, b] = input.args;
  return (row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    if (y === null) return x;
    return cmp(ca ? ca(x) : x, cb ? cb(y) : y) === 0 ? null : x;
  };
}

// ---------------------------------------------------------------- GREATEST / LEAST

/** The comparison kind GREATEST/LEAST use over all their argument types. */
function extremumKind(types: readonly ColumnType[]): CompareKind {
  const ts = types.filter((t) => t.kind !== 'null');
  if (ts.length === 0) return 'int';
  if (ts.every(isStringType)) return 'string_ci';
  if (ts.every((t) => isTemporalType(t) || isStringType(t))) return 'binary';
  if (ts.every(isIntegerType)) return 'int';
  if (ts.every((t) => isIntegerType(t) || t.kind === 'decimal')) return 'decimal';
  return 'double';
}

function extremumType(args: readonly BoundExpr[]): ColumnType {
  const types = typesOf(args);
  return extremumKind(types) === 'double' ? DOUBLE : unionType(types);
}

function buildExtremum(sign: 1 | -1): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const kind = extremumKind(input.argTypes);
    const convs = input.argTypes.map((t) => compareConverter(t, kind));
    const outs = input.argTypes.map((t) => castConverter(kind === 'double' ? DOUBLE : t, input.type));
    const cmp = comparatorFor(kind);
    const fs = input.args;
    return (row) => {
      let best: Value = null;
      let bestIndex = -1;
      for (let i = 0; i < fs.length; i++) {
        const raw = fs[i](row);
        if (raw === null) return null;
        const v = convs[i] ? convs[i]!(raw) : raw;
        if (bestIndex < 0 || cmp(v, best) * sign > 0) {
          best = v;
          bestIndex = i;
        }
      }
      const out = outs[bestIndex];
      return out && best !== null ? out(best) : best;
    };
  };
}

// ---------------------------------------------------------------- CAST

function castTarget(meta: Meta): ColumnType {
  const t = (meta.target ?? meta.type) as ColumnType | undefined;
  assert(t !== undefined && typeof t.kind === 'string', 'cast without meta.target (or meta.type)');
  if (t.kind === 'decimal') return { kind: 'decimal', precision: t.precision ?? 10, scale: t.scale ?? 0 };
  if (t.kind === 'char') return t.precision === undefined ? { kind: 'varchar' } : { kind: 'varchar', precision: t.precision };
  return t;
}

function hasTarget(meta: Meta): boolean {
  return meta.target !== undefined || meta.type !== undefined;
}

/** DECIMAL(M,D) targets: MySQL's 1426/1425/1427 errors name the cast expression. */
function validateCast(args: readonly BoundExpr[], meta: Meta): void {
  const t = castTarget(meta);
  if (t.kind !== 'decimal') return;
  const p = t.precision ?? 10;
  const sc = t.scale ?? 0;
  const what = exprToText(args[0]);
  if (p > DECIMAL_PRECISION_MAX) throw Errors.tooBigPrecision(p, what, DECIMAL_PRECISION_MAX);
  if (sc > DECIMAL_SCALE_MAX) throw Errors.tooBigScale(sc, what, DECIMAL_SCALE_MAX);
  if (sc > p) throw Errors.scaleBiggerThanPrecision(what);
}

function buildCast(input: BuildInput): CompiledExpr {
  return convertTo(input.args[0], input.argTypes[0], input.type);
}

export const CONTROL_FUNCTIONS: readonly FunctionDef[] = [
  def('case', 1, Infinity, (args, meta) => unionType(caseResultTypes(args, meta)), buildCase, {
    validate: (args, meta) => {
      const s = caseShape(args, meta);
      if (s.pairs < 1 || !Number.isInteger(s.pairs)) throw Errors.wrongParamCount('case');
    },
  }),
  def('if', 3, 3, (args) => unionType([args[1].type, args[2].type]), buildIf),
  def('ifnull', 2, 2, (args) => unionType(typesOf(args)), buildCoalesce),
  def('coalesce', 1, Infinity, (args) => unionType(typesOf(args)), buildCoalesce),
  def('nullif', 2, 2, (args) => args[0].type, buildNullif),
  /** ISNULL(x): 1 when x is NULL (the function form of IS NULL). */
  def('isnull', 1, 1, { kind: 'bigint' }, (input) => {
    const a = input.args[0];
    return (row) => (a(row) === null ? 1 : 0);
  }),
  /** ANY_VALUE(x): x itself (suppresses ONLY_FULL_GROUP_BY checks in MySQL). */
  def('any_value', 1, 1, (args) => args[0].type, (input) => input.args[0]),
  def('greatest', 2, Infinity, extremumType, buildExtremum(1)),
  def('least', 2, Infinity, extremumType, buildExtremum(-1)),
  def('cast', 1, 1, (_args, meta) => castTarget(meta), buildCast, { validate: validateCast }),
  /** CONVERT(x, type) like CAST; CONVERT(x USING charset) (no target) is the identity: one charset here. */
  def('convert', 1, 1, (args, meta) => (hasTarget(meta) ? castTarget(meta) : args[0].type), buildCast, {
    validate: (args, meta) => (hasTarget(meta) ? validateCast(args, meta) : undefined),
  }),
];
