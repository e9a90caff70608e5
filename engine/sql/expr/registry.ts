/**
 * The shape of a SQL function or operator definition, and the small helpers definitions share
 * (OceanBase's `ObExprOperator`: `calc_result_type` ↔ `inferType`, `cg_expr` ↔ `build`).
 *
 * A definition infers its result type from the bound arguments once (bind time) and builds a
 * closure from the compiled arguments once (compile time). The closure is the per-row path: it
 * allocates nothing beyond its result value. Argument converters (`argDouble`, `argText`, ...)
 * wrap an argument closure with the conversion its static type needs — or return it unchanged
 * when no conversion is needed.
 */
import type { Rng } from '../../env/index';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr, CompiledExpr } from './bound';
import { toDecimalFn, toDoubleFn, toIntFn, toTextFn, type NonNull } from './convert';
import { isIntegerType, isStringType } from '../../common/value';
import type { Decimal } from '../../common/decimal';

export type Meta = Readonly<Record<string, unknown>>;

/** What compiled expressions may use from outside (injected; never globals). */
export interface CompileOptions {
  /** "Now" in µs since the Unix epoch for NOW()/CURDATE()/UNIX_TIMESTAMP(); the statement's start time. */
  nowUs?: () => number;
  /** Randomness for RAND() (seeded by the host). */
  rng?: Rng;
}

export interface BuildInput {
  readonly args: readonly CompiledExpr[];
  readonly argExprs: readonly BoundExpr[];
  readonly argTypes: readonly ColumnType[];
  /** The call's result type (as inferred at bind time). */
  readonly type: ColumnType;
  readonly meta: Meta;
  readonly opts: CompileOptions;
  /** The call node itself (error messages name it). */
  readonly expr: BoundExpr & { kind: 'call' };
}

export interface FunctionDef {
  /** Canonical lower-case name (operators by symbol: '+', '=', ...). */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /** Result type from the bound arguments and meta (MySQL inference). */
  readonly inferType: (args: readonly BoundExpr[], meta: Meta) => ColumnType;
  /** Builds the per-row evaluator. */
  readonly build: (input: BuildInput) => CompiledExpr;
  /** Depends on more than its arguments (NOW, RAND): never constant-folded. */
  readonly volatile?: boolean;
  /** Extra argument-shape check at bind time (throws ObError). */
  readonly validate?: (args: readonly BoundExpr[], meta: Meta) => void;
}

/** Shorthand for a definition. */
export function def(
  name: string,
  minArgs: number,
  maxArgs: number,
  inferType: FunctionDef['inferType'] | ColumnType,
  build: FunctionDef['build'],
  extra: Partial<Pick<FunctionDef, 'volatile' | 'validate'>> = {},
): FunctionDef {
  const infer = typeof inferType === 'function' ? inferType : () => inferType;
  return { name, minArgs, maxArgs, inferType: infer, build, ...extra };
}

export const typesOf = (args: readonly BoundExpr[]): ColumnType[] => args.map((a) => a.type);

/** The constant value of an argument, or undefined when it is not a constant. */
export function constArg(args: readonly BoundExpr[], i: number): Value | undefined {
  const a = args[i];
  return a && a.kind === 'const' ? a.value : undefined;
}

// ---------------------------------------------------------------- argument converters

/** Applies `conv` to argument `i`: once at compile time for a constant, else per row. */
function convertArg<T>(input: BuildInput, i: number, conv: (v: NonNull) => T): (row: readonly Value[]) => T | null {
  const e = input.argExprs[i];
  if (e !== undefined && e.kind === 'const') {
    const v = e.value === null ? null : conv(e.value);
    return () => v;
  }
  return wrap(input.args[i], conv);
}

function wrap<T>(f: CompiledExpr, conv: (v: NonNull) => T): (row: readonly Value[]) => T | null {
  return (row) => {
    const v = f(row);
    return v === null ? null : conv(v);
  };
}

/** Argument `i` as a DOUBLE (number) or null. */
export function argDouble(input: BuildInput, i: number): (row: readonly Value[]) => number | null {
  const t = input.argTypes[i];
  const f = input.args[i];
  if (t.kind === 'double' || t.kind === 'float' || t.kind === 'null') return f as (row: readonly Value[]) => number | null;
  return convertArg(input, i, toDoubleFn(t));
}

/** Argument `i` as a Decimal or null. */
export function argDecimal(input: BuildInput, i: number): (row: readonly Value[]) => Decimal | null {
  const t = input.argTypes[i];
  const f = input.args[i];
  if (t.kind === 'decimal' || t.kind === 'null') return f as (row: readonly Value[]) => Decimal | null;
  return convertArg(input, i, toDecimalFn(t));
}

/** Argument `i` as an integer (number | bigint, rounded like MySQL) or null. */
export function argInt(input: BuildInput, i: number): (row: readonly Value[]) => number | bigint | null {
  const t = input.argTypes[i];
  const f = input.args[i];
  if (isIntegerType(t) || t.kind === 'null') return f as (row: readonly Value[]) => number | bigint | null;
  return convertArg(input, i, toIntFn(t));
}

/** Argument `i` as a JS number integer (for counts and positions; saturates) or null. */
export function argSmallInt(input: BuildInput, i: number): (row: readonly Value[]) => number | null {
  const g = argInt(input, i);
  return (row) => {
    const v = g(row);
    if (v === null) return null;
    return typeof v === 'number' ? v : v > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  };
}

/** Argument `i` as text or null. */
export function argText(input: BuildInput, i: number): (row: readonly Value[]) => string | null {
  const t = input.argTypes[i];
  const f = input.args[i];
  if (isStringType(t) || t.kind === 'null') return f as (row: readonly Value[]) => string | null;
  return convertArg(input, i, toTextFn(t));
}

// ---------------------------------------------------------------- NULL-propagating shapes

/** f(a) with NULL in → NULL out. */
export function strict1<A>(a: (row: readonly Value[]) => A | null, f: (a: A) => Value): CompiledExpr {
  return (row) => {
    const x = a(row);
    return x === null ? null : f(x);
  };
}

/** f(a, b) with any NULL in → NULL out. */
export function strict2<A, B>(
  a: (row: readonly Value[]) => A | null,
  b: (row: readonly Value[]) => B | null,
  f: (a: A, b: B) => Value,
): CompiledExpr {
  return (row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    return y === null ? null : f(x, y);
  };
}

/** f(a, b, c) with any NULL in → NULL out. */
export function strict3<A, B, C>(
  a: (row: readonly Value[]) => A | null,
  b: (row: readonly Value[]) => B | null,
  c: (row: readonly Value[]) => C | null,
  f: (a: A, b: B, c: C) => Value,
): CompiledExpr {
  return (row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    if (y === null) return null;
    const z = c(row);
    return z === null ? null : f(x, y, z);
  };
}

/** Evaluates every argument into a reused buffer; null when any is NULL (CONCAT-like). */
export function strictAll<T>(fs: readonly ((row: readonly Value[]) => T | null)[], f: (vals: T[]) => Value): CompiledExpr {
  const buf: T[] = new Array(fs.length);
  return (row) => {
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i](row);
      if (v === null) return null;
      buf[i] = v;
    }
    return f(buf);
  };
}
