/**
 * Comparison, predicate and logical operators with MySQL's three-valued logic (OceanBase's
 * `ObRelationalExprOperator`, `ObExprIn`, `ObExprBetween`, `ObExprLike`, `ObExprIs`, `ObExprAnd`).
 *
 * Names and argument layouts:
 * - `= != <> < <= > >=` (NULL operand → NULL), `<=>` (null-safe: NULL <=> NULL is 1);
 * - `in` / `not_in`: args `[x, item1, item2, ...]`; true if x equals an item; otherwise NULL when x
 *   or any item is NULL (`1 IN (2, NULL)` → NULL); constant item lists become a hash set;
 * - `between` / `not_between`: args `[x, low, high]` ≡ `x >= low AND x <= high`;
 * - `like` / `not_like`: args `[x, pattern]` or `[x, pattern, escape]`, or `meta.escape`;
 * - `is_null`, `is_not_null`, `is_true`, `is_not_true`, `is_false`, `is_not_false` (never NULL);
 * - `and`, `or` (2+ args), `xor`, `not`: AND is 0 if any operand is false, else NULL if any is
 *   NULL, else 1; OR dually; XOR and NOT are NULL on NULL.
 * Booleans are the numbers 1 and 0. Operands are converted to the comparison kind of their types
 * (types.ts `compareKindOf`); a string compared with a DATE/DATETIME is parsed as a date.
 */
import type { ColumnType, Value } from '../../common/value';
import { utf8ToBytes } from '../../common/binary';
import { isStringType } from '../../common/value';
import type { CompareKind, CompiledExpr } from './bound';
import { Decimal } from '../../common/decimal';
import { anyToDecimal, isTruthy, toDoubleFn, type NonNull } from './convert';
import { cachedLike, compileLike } from './like';
import { argText, constArg, def, type BuildInput, type FunctionDef } from './registry';
import { formatDateParts, formatDatetimeParts, parseTemporalText } from './temporal';
import { compareGeneralCi, compareKindOf, compareTemporalText, compareValues, hashKey } from './types';

const BOOL: ColumnType = { kind: 'bigint' };

/** A string operand compared as a date: canonical text when it parses, else unchanged. */
export function temporalCompareText(s: string): string {
  const r = parseTemporalText(s);
  if (!r) return s;
  return r.hasTime ? formatDatetimeParts(r.parts, r.parts.micro ? 6 : 0) : formatDateParts(r.parts);
}

/** The converter putting a value of type `t` into the representation of comparison `kind`. */
export function compareConverter(t: ColumnType, kind: CompareKind): ((v: NonNull) => Value) | null {
  if (kind === 'double' && t.kind !== 'double' && t.kind !== 'float') return toDoubleFn(t);
  if (kind === 'binary' && isStringType(t)) return (v) => temporalCompareText(String(v));
  if (kind === 'bytes' && !t.binary) return (v) => utf8ToBytes(String(v));
  return null;
}

function operand(f: CompiledExpr, t: ColumnType, kind: CompareKind): CompiledExpr {
  const conv = compareConverter(t, kind);
  if (!conv) return f;
  return (row) => {
    const v = f(row);
    return v === null ? null : conv(v);
  };
}

/**
 * Argument `i` in the representation of `kind`. A constant is converted once; under 'decimal'
 * it becomes a Decimal at the other operand's scale, so the row path compares unscaled values
 * of equal scale without allocating.
 */
function operandOf(input: BuildInput, i: number, kind: CompareKind, other?: ColumnType): CompiledExpr {
  const e = input.argExprs[i];
  if (e.kind !== 'const' || e.value === null) return operand(input.args[i], e.type, kind);
  const conv = compareConverter(e.type, kind);
  let v: Value = conv ? conv(e.value) : e.value;
  if (kind === 'decimal') {
    const d = anyToDecimal(v as NonNull);
    const scale = other && other.kind === 'decimal' ? other.scale ?? 0 : d.scale;
    v = scale >= d.scale ? d.rescale(scale) : d;
  }
  return () => v;
}

function numCmp(a: Value, b: Value): number {
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

/** The fastest correct comparator for `kind` over converted operands. */
export function comparatorFor(kind: CompareKind): (a: Value, b: Value) => number {
  switch (kind) {
    case 'int':
      return numCmp;
    case 'double':
      return numCmp;
    case 'string_ci':
      return (a, b) => compareGeneralCi(a as string, b as string);
    case 'bytes':
      return (a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0);
    case 'binary':
      return (a, b) => (typeof a === 'string' && typeof b === 'string' ? compareTemporalText(a, b) : compareValues(a, b, 'binary'));
    case 'decimal':
      return (a, b) => {
        if (a instanceof Decimal && b instanceof Decimal && a.scale === b.scale) {
          return a.unscaled < b.unscaled ? -1 : a.unscaled > b.unscaled ? 1 : 0;
        }
        return compareValues(a, b, 'decimal');
      };
  }
}

const TESTS: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function buildComparison(op: string): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const kind = compareKindOf(input.argTypes[0], input.argTypes[1]);
    const a = operandOf(input, 0, kind, input.argTypes[1]);
    const b = operandOf(input, 1, kind, input.argTypes[0]);
    const cmp = comparatorFor(kind);
    if (op === '<=>') {
      return (row) => {
        const x = a(row);
        const y = b(row);
        if (x === null || y === null) return x === y ? 1 : 0;
        return cmp(x, y) === 0 ? 1 : 0;
      };
    }
    const test = TESTS[op];
    return (row) => {
      const x = a(row);
      if (x === null) return null;
      const y = b(row);
      if (y === null) return null;
      return test(cmp(x, y)) ? 1 : 0;
    };
  };
}

// ---------------------------------------------------------------- IN

function buildIn(negate: boolean): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const xt = input.argTypes[0];
    const items = input.argExprs.slice(1);
    const kinds = items.map((it) => compareKindOf(xt, it.type));
    const allConst = items.every((it) => it.kind === 'const') && kinds.every((k) => k === kinds[0]);
    const yes = negate ? 0 : 1;
    const no = negate ? 1 : 0;
    if (allConst && items.length > 0) {
      const kind = kinds[0];
      const set = new Set<string | number>();
      let hasNull = false;
      for (const it of items) {
        const v = (it as { value: Value }).value;
        if (v === null) hasNull = true;
        else {
          const conv = compareConverter(it.type, kind);
          set.add(hashKey(conv ? conv(v) : v, kind));
        }
      }
      const x = operand(input.args[0], xt, kind);
      return (row) => {
        const v = x(row);
        if (v === null) return null;
        if (set.has(hashKey(v, kind))) return yes;
        return hasNull ? null : no;
      };
    }
    const x = input.args[0];
    const xConvs = kinds.map((k) => compareConverter(xt, k));
    const ys = items.map((it, i) => operand(input.args[i + 1], it.type, kinds[i]));
    const cmps = kinds.map(comparatorFor);
    return (row) => {
      const raw = x(row);
      if (raw === null) return null;
      let sawNull = false;
      for (let i = 0; i < ys.length; i++) {
        const y = ys[i](row);
        if (y === null) {
          sawNull = true;
          continue;
        }
        const conv = xConvs[i];
        if (cmps[i](conv ? conv(raw) : raw, y) === 0) return yes;
      }
      return sawNull ? null : no;
    };
  };
}

// ---------------------------------------------------------------- BETWEEN

function buildBetween(negate: boolean): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const [xt, lt, ht] = input.argTypes;
    const k1 = compareKindOf(xt, lt);
    const k2 = compareKindOf(xt, ht);
    const x1 = operand(input.args[0], xt, k1);
    const x2 = k2 === k1 ? x1 : operand(input.args[0], xt, k2);
    const lo = operandOf(input, 1, k1, xt);
    const hi = operandOf(input, 2, k2, xt);
    const c1 = comparatorFor(k1);
    const c2 = comparatorFor(k2);
    return (row) => {
      const x = x1(row);
      if (x === null) return null;
      const l = lo(row);
      const h = hi(row);
      const ge = l === null ? null : c1(x, l) >= 0;
      const le = h === null ? null : c2(k2 === k1 ? x : x2(row), h) <= 0;
      let r: boolean | null;
      if (ge === false || le === false) r = false;
      else if (ge === null || le === null) r = null;
      else r = true;
      if (r === null) return null;
      return r !== negate ? 1 : 0;
    };
  };
}

// ---------------------------------------------------------------- LIKE

function escapeOf(input: BuildInput): { fixed: string | null; dynamic: ((row: readonly Value[]) => string | null) | null } {
  if (typeof input.meta.escape === 'string') return { fixed: input.meta.escape, dynamic: null };
  if (input.args.length < 3) return { fixed: '\\', dynamic: null };
  const c = constArg(input.argExprs, 2);
  if (c !== undefined) return { fixed: c === null ? '\\' : String(c), dynamic: null };
  return { fixed: null, dynamic: argText(input, 2) };
}

function buildLike(negate: boolean): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const subject = argText(input, 0);
    const yes = negate ? 0 : 1;
    const no = negate ? 1 : 0;
    const esc = escapeOf(input);
    const constPattern = constArg(input.argExprs, 1);
    if (constPattern !== undefined && esc.fixed !== null) {
      if (constPattern === null) return () => null;
      const match = compileLike(typeof constPattern === 'string' ? constPattern : String(constPattern), esc.fixed);
      return (row) => {
        const s = subject(row);
        return s === null ? null : match(s) ? yes : no;
      };
    }
    const pattern = argText(input, 1);
    const cache = cachedLike();
    return (row) => {
      const s = subject(row);
      if (s === null) return null;
      const p = pattern(row);
      if (p === null) return null;
      const e = esc.dynamic ? esc.dynamic(row) ?? '\\' : esc.fixed!;
      return cache(p, e)(s) ? yes : no;
    };
  };
}

// ---------------------------------------------------------------- IS and logic

function truthy(v: Value): boolean {
  return typeof v === 'number' ? v !== 0 : isTruthy(v as NonNull);
}

function buildIs(test: (v: Value) => boolean): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const a = input.args[0];
    return (row) => (test(a(row)) ? 1 : 0);
  };
}

function buildAnd(input: BuildInput): CompiledExpr {
  const fs = input.args;
  if (fs.length === 2) {
    const [a, b] = fs;
    return (row) => {
      const x = a(row);
      if (x !== null && !truthy(x)) return 0;
      const y = b(row);
      if (y !== null && !truthy(y)) return 0;
      return x === null || y === null ? null : 1;
    };
  }
  return (row) => {
    let sawNull = false;
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i](row);
      if (v === null) sawNull = true;
      else if (!truthy(v)) return 0;
    }
    return sawNull ? null : 1;
  };
}

function buildOr(input: BuildInput): CompiledExpr {
  const fs = input.args;
  return (row) => {
    let sawNull = false;
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i](row);
      if (v === null) sawNull = true;
      else if (truthy(v)) return 1;
    }
    return sawNull ? null : 0;
  };
}

function buildXor(input: BuildInput): CompiledExpr {
  const [a, b] = input.args;
  return (row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    if (y === null) return null;
    return truthy(x) !== truthy(y) ? 1 : 0;
  };
}

function buildNot(input: BuildInput): CompiledExpr {
  const a = input.args[0];
  return (row) => {
    const x = a(row);
    return x === null ? null : truthy(x) ? 0 : 1;
  };
}

const cmpDef = (op: string) => def(op, 2, 2, BOOL, buildComparison(op));

export const COMPARE_FUNCTIONS: readonly FunctionDef[] = [
  cmpDef('='),
  cmpDef('<=>'),
  cmpDef('!='),
  cmpDef('<>'),
  cmpDef('<'),
  cmpDef('<='),
  cmpDef('>'),
  cmpDef('>='),
  def('in', 2, Infinity, BOOL, buildIn(false)),
  def('not_in', 2, Infinity, BOOL, buildIn(true)),
  def('between', 3, 3, BOOL, buildBetween(false)),
  def('not_between', 3, 3, BOOL, buildBetween(true)),
  def('like', 2, 3, BOOL, buildLike(false)),
  def('not_like', 2, 3, BOOL, buildLike(true)),
  def('is_null', 1, 1, BOOL, buildIs((v) => v === null)),
  def('is_not_null', 1, 1, BOOL, buildIs((v) => v !== null)),
  def('is_true', 1, 1, BOOL, buildIs((v) => v !== null && truthy(v))),
  def('is_not_true', 1, 1, BOOL, buildIs((v) => v === null || !truthy(v))),
  def('is_false', 1, 1, BOOL, buildIs((v) => v !== null && !truthy(v))),
  def('is_not_false', 1, 1, BOOL, buildIs((v) => v === null || truthy(v))),
  def('and', 2, Infinity, BOOL, buildAnd),
  def('or', 2, Infinity, BOOL, buildOr),
  def('xor', 2, 2, BOOL, buildXor),
  def('not', 1, 1, BOOL, buildNot),
];
