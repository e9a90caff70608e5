/**
 * Numeric functions, MySQL mode (OceanBase's `ObExprAbs`, `ObExprCeil`, `ObExprFloor`,
 * `ObExprRound`, `ObExprTruncate`, `ObExprPower`, `ObExprSqrt`, `ObExprLog`, `ObExprSign`,
 * `ObExprPi`, `ObExprRand`).
 *
 * Exact arguments stay exact: ABS/ROUND/TRUNCATE of a DECIMAL is a DECIMAL (ROUND rounds half
 * away from zero: ROUND(2.5) = 3, ROUND(-2.5) = -3), of an integer an integer (ROUND(1250, -2) =
 * 1300); CEIL/FLOOR of a DECIMAL is a BIGINT. DOUBLE arguments give DOUBLEs and ROUND uses
 * `rint` — round half to even — as OceanBase (`ObExprUtil::round_double`) and MySQL do:
 * ROUND(2.5e0) = 2. Math domain errors give NULL (SQRT(-1), LN(0)), as in MySQL.
 * RAND() draws from the injected `Rng` (CompileOptions.rng); RAND(n) is a deterministic sequence
 * seeded by n. Neither uses Math.random.
 */
import { Decimal, pow10 } from '../../common/decimal';
import { Errors } from '../../common/ob_error';
import { normInt } from '../../common/value';
import type { ColumnType } from '../../common/value';
import type { BoundExpr, CompiledExpr } from './bound';
import { anyToInt, type NonNull } from './convert';
import { exprToText } from './expr_text';
import {
  argDecimal, argDouble, argInt, argSmallInt, constArg, def, strict1, strict2, type BuildInput, type FunctionDef,
} from './registry';
import { BIGINT, DOUBLE, decimalShape, numClassOf } from './types';
import { DECIMAL_SCALE_MAX } from '../../common/limits';

/** C's rint: round to nearest, ties to even. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** ROUND(x, d) of a DOUBLE as OceanBase's `round_double`. */
export function roundDouble(x: number, d: number): number {
  const p = 10 ** Math.abs(d);
  if (d < 0) return Number.isFinite(p) ? rint(x / p) * p : 0;
  const m = x * p;
  return Number.isFinite(m) ? rint(m) / p : x;
}

/** TRUNCATE(x, d) of a DOUBLE. */
function truncateDouble(x: number, d: number): number {
  const p = 10 ** Math.abs(d);
  if (d < 0) return Number.isFinite(p) ? Math.trunc(x / p) * p : 0;
  const m = x * p;
  return Number.isFinite(m) ? Math.trunc(m) / p : x;
}

/** Rounds (or truncates) an integer to 10^-d (d < 0), half away from zero. */
function roundIntTo(v: bigint, d: number, truncate: boolean): bigint {
  if (d >= 0) return v;
  if (-d > 20) return 0n;
  const p = pow10(-d);
  const q = v / p;
  const r = v % p;
  if (!truncate && (r < 0n ? -r : r) * 2n >= p) return (q + (v < 0n ? -1n : 1n)) * p;
  return q * p;
}

/** Rounds (or truncates) a decimal at `d` digits after the point; result scale max(d, 0). */
function roundDecimalTo(v: Decimal, d: number, truncate: boolean): Decimal {
  if (d >= 0) {
    if (d >= v.scale) return v.rescale(Math.min(d, DECIMAL_SCALE_MAX));
    if (!truncate) return v.rescale(d);
    return new Decimal(v.unscaled / pow10(v.scale - d), d);
  }
  const shift = v.scale - d; // digits dropped from the unscaled value
  if (shift > 80) return Decimal.ZERO;
  const p = pow10(shift);
  let q = v.unscaled / p;
  const r = v.unscaled % p;
  if (!truncate && (r < 0n ? -r : r) * 2n >= p) q += v.unscaled < 0n ? -1n : 1n;
  return new Decimal(q * pow10(-d), 0);
}

function digitsArg(args: readonly BoundExpr[]): number | undefined {
  if (args.length < 2) return 0;
  const c = constArg(args, 1);
  if (c === undefined || c === null) return undefined;
  const n = anyToInt(c as NonNull);
  return typeof n === 'number' ? n : undefined;
}

function roundType(args: readonly BoundExpr[]): ColumnType {
  const t = args[0].type;
  const cls = numClassOf(t);
  if (cls === 'double') return DOUBLE;
  if (cls === 'int') return t.unsigned ? { kind: 'bigint', unsigned: true } : BIGINT;
  const shape = decimalShape(t);
  const d = digitsArg(args);
  const scale = d === undefined ? shape.scale : Math.max(0, Math.min(d, DECIMAL_SCALE_MAX));
  return { kind: 'decimal', precision: Math.max(shape.precision - shape.scale + scale + 1, 1), scale };
}

function buildRound(truncate: boolean): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const cls = numClassOf(input.type);
    const digits = input.args.length > 1 ? argSmallInt(input, 1) : () => 0;
    if (cls === 'double') {
      const f = truncate ? truncateDouble : roundDouble;
      return strict2(argDouble(input, 0), digits, (x, d) => f(x, d));
    }
    if (cls === 'int') {
      return strict2(argInt(input, 0), digits, (x, d) => {
        if (d >= 0) return x;
        return normInt(roundIntTo(BigInt(x), d, truncate));
      });
    }
    const scale = input.type.scale ?? 0;
    return strict2(argDecimal(input, 0), digits, (x, d) => roundDecimalTo(x, d, truncate).rescale(Math.max(scale, 0)));
  };
}

function ceilFloorType(args: readonly BoundExpr[]): ColumnType {
  const t = args[0].type;
  const cls = numClassOf(t);
  if (cls === 'double') return DOUBLE;
  if (cls === 'int') return t.unsigned ? { kind: 'bigint', unsigned: true } : BIGINT;
  const shape = decimalShape(t);
  return shape.precision - shape.scale <= 18 ? BIGINT : { kind: 'decimal', precision: shape.precision - shape.scale + 1, scale: 0 };
}

function buildCeilFloor(up: boolean): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const cls = numClassOf(input.argTypes[0]);
    if (cls === 'double') return strict1(argDouble(input, 0), up ? Math.ceil : Math.floor);
    if (cls === 'int') return input.args[0];
    const asDecimal = input.type.kind === 'decimal';
    return strict1(argDecimal(input, 0), (x) => {
      let i = x.toBigInt();
      const exact = new Decimal(i * pow10(x.scale), x.scale).compare(x) === 0;
      if (!exact && up && x.sign() > 0) i += 1n;
      if (!exact && !up && x.sign() < 0) i -= 1n;
      return asDecimal ? new Decimal(i, 0) : normInt(i);
    });
  };
}

function buildAbs(input: BuildInput): CompiledExpr {
  const cls = numClassOf(input.type);
  if (cls === 'double') return strict1(argDouble(input, 0), Math.abs);
  if (cls === 'decimal') return strict1(argDecimal(input, 0), (x) => x.abs());
  if (input.type.unsigned) return input.args[0];
  return strict1(argInt(input, 0), (x) => {
    if (typeof x === 'number') return Math.abs(x);
    const r = x < 0n ? -x : x;
    if (r > 9223372036854775807n) throw Errors.valueOutOfRange('BIGINT', exprToText(input.expr));
    return normInt(r);
  });
}

function absType(args: readonly BoundExpr[]): ColumnType {
  const t = args[0].type;
  const cls = numClassOf(t);
  if (cls === 'double') return DOUBLE;
  if (cls === 'decimal') return t.kind === 'decimal' ? t : { kind: 'decimal', ...decimalShape(t) };
  return t.unsigned ? { kind: 'bigint', unsigned: true } : BIGINT;
}

function buildSign(input: BuildInput): CompiledExpr {
  const cls = numClassOf(input.argTypes[0]);
  if (cls === 'decimal') return strict1(argDecimal(input, 0), (x) => x.sign());
  if (cls === 'int') return strict1(argInt(input, 0), (x) => (x > 0 ? 1 : x < 0 ? -1 : 0));
  return strict1(argDouble(input, 0), (x) => (x > 0 ? 1 : x < 0 ? -1 : 0));
}

/** A DOUBLE function of one DOUBLE; NaN/infinite results are NULL (domain error). */
function math1(name: string, f: (x: number) => number): FunctionDef {
  return def(name, 1, 1, DOUBLE, (input) =>
    strict1(argDouble(input, 0), (x) => {
      const r = f(x);
      return Number.isFinite(r) ? r + 0 : null;
    }),
  );
}

function buildLog(input: BuildInput): CompiledExpr {
  if (input.args.length === 1) return strict1(argDouble(input, 0), (x) => (x > 0 ? Math.log(x) : null));
  return strict2(argDouble(input, 0), argDouble(input, 1), (b, x) => (b > 0 && b !== 1 && x > 0 ? Math.log(x) / Math.log(b) : null));
}

function buildPower(input: BuildInput): CompiledExpr {
  return strict2(argDouble(input, 0), argDouble(input, 1), (x, y) => {
    const r = x ** y;
    if (Number.isNaN(r)) return null;
    if (!Number.isFinite(r)) throw Errors.valueOutOfRange('DOUBLE', exprToText(input.expr));
    return r;
  });
}

/** A small seeded generator for RAND(n) (mulberry32); deterministic per seed as MySQL's RAND(n). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildRand(input: BuildInput): CompiledExpr {
  if (input.args.length === 1) {
    const seedArg = argSmallInt(input, 0);
    let gen: (() => number) | null = null;
    let seedSeen: number | null = null;
    return (row) => {
      const seed = seedArg(row) ?? 0;
      if (gen === null || seed !== seedSeen) {
        gen = seeded(seed);
        seedSeen = seed;
      }
      return gen();
    };
  }
  const rng = input.opts.rng;
  if (rng) return () => rng.next();
  // No injected source: derive a seed from the statement's clock so results still vary per run.
  const gen = seeded(input.opts.nowUs ? input.opts.nowUs() % 4294967296 : 0);
  return () => gen();
}

export const NUMERIC_FUNCTIONS: readonly FunctionDef[] = [
  def('abs', 1, 1, absType, buildAbs),
  def('ceil', 1, 1, ceilFloorType, buildCeilFloor(true)),
  def('ceiling', 1, 1, ceilFloorType, buildCeilFloor(true)),
  def('floor', 1, 1, ceilFloorType, buildCeilFloor(false)),
  def('round', 1, 2, roundType, buildRound(false)),
  def('truncate', 2, 2, roundType, buildRound(true)),
  def('sign', 1, 1, BIGINT, buildSign),
  def('power', 2, 2, DOUBLE, buildPower),
  def('pow', 2, 2, DOUBLE, buildPower),
  math1('sqrt', Math.sqrt),
  math1('exp', Math.exp),
  math1('ln', (x) => (x > 0 ? Math.log(x) : NaN)),
  def('log', 1, 2, DOUBLE, buildLog),
  math1('log2', (x) => (x > 0 ? Math.log2(x) : NaN)),
  math1('log10', (x) => (x > 0 ? Math.log10(x) : NaN)),
  math1('sin', Math.sin),
  math1('cos', Math.cos),
  math1('tan', Math.tan),
  math1('asin', Math.asin),
  math1('acos', Math.acos),
  def('atan', 1, 2, DOUBLE, (input) =>
    input.args.length === 1 ? strict1(argDouble(input, 0), Math.atan) : strict2(argDouble(input, 0), argDouble(input, 1), Math.atan2)),
  def('atan2', 2, 2, DOUBLE, (input) => strict2(argDouble(input, 0), argDouble(input, 1), Math.atan2)),
  math1('cot', (x) => 1 / Math.tan(x)),
  math1('degrees', (x) => (x * 180) / Math.PI),
  math1('radians', (x) => (x * Math.PI) / 180),
  /** PI() prints 3.141593 in MySQL: a DOUBLE with 6 fixed decimals. */
  def('pi', 0, 0, { kind: 'double', scale: 6 }, () => () => Math.PI),
  def('rand', 0, 1, DOUBLE, buildRand, { volatile: true }),
];
