/**
 * Arithmetic and bit operators, MySQL mode (OceanBase's `ObExprAdd`, `ObExprMinus`, `ObExprMul`,
 * `ObExprDiv`, `ObExprIntDiv`, `ObExprMod`, `ObExprNeg`, `ObExprBitAnd`, ...).
 *
 * Names: `+ - * / div % mod neg & | ^ << >> ~`. The class of the result type (types.ts
 * `resultTypeOf`) picks the implementation:
 * - BIGINT: exact 64-bit — numbers while the result is a safe integer, bigint beyond; leaving
 *   [-2^63, 2^63) (or [0, 2^64) for UNSIGNED) throws `Errors.valueOutOfRange('BIGINT', '(a + b)')`
 *   with the expression text, e.g. "BIGINT value is out of range in '(`t`.`a` + 1)'".
 * - DECIMAL: exact (common/decimal.ts); results carry the inferred scale.
 * - DOUBLE: IEEE arithmetic.
 * Division or modulo by zero gives NULL (MySQL; strict-mode DML turns that warning into an error
 * in the executor, not here). Bit operators work on unsigned 64-bit integers (BIGINT UNSIGNED).
 */
import { Decimal } from '../../common/decimal';
import { Errors } from '../../common/ob_error';
import { INT_RANGES, normInt } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import type { CompiledExpr } from './bound';
import { exprToText } from './expr_text';
import { argDecimal, argDouble, argInt, def, strict1, strict2, typesOf, type BuildInput, type FunctionDef } from './registry';
import { numClassOf, resultTypeOf } from './types';

const INT64_MIN = INT_RANGES.bigint.min;
const INT64_MAX = INT_RANGES.bigint.max;
const UINT64_MAX = INT_RANGES.bigint.umax;

/** Range check of an exact BIGINT result; throws MySQL's ER_DATA_OUT_OF_RANGE (1690). */
function checkBigint(v: bigint, unsigned: boolean, input: BuildInput): number | bigint {
  if (unsigned ? v < 0n || v > UINT64_MAX : v < INT64_MIN || v > INT64_MAX) {
    throw Errors.valueOutOfRange(unsigned ? 'BIGINT UNSIGNED' : 'BIGINT', exprToText(input.expr));
  }
  return normInt(v);
}

type IntOp = (a: bigint, b: bigint) => bigint;
type NumOp = (a: number, b: number) => number;

function buildIntOp(input: BuildInput, fast: NumOp, exact: IntOp): CompiledExpr {
  const unsigned = !!input.type.unsigned;
  return strict2(argInt(input, 0), argInt(input, 1), (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') {
      const r = fast(a, b);
      if (Number.isSafeInteger(r) && (!unsigned || r >= 0)) return r;
    }
    return checkBigint(exact(BigInt(a), BigInt(b)), unsigned, input);
  });
}

function rescaleTo(type: ColumnType): (d: Decimal) => Decimal {
  const scale = type.scale ?? 0;
  return (d) => (d.scale === scale ? d : d.rescale(scale));
}

/** Decimal argument `i`; a constant is converted once, and rescaled to `scale` when given. */
function decimalArg(input: BuildInput, i: number, scale?: number): (row: readonly Value[]) => Decimal | null {
  const g = argDecimal(input, i);
  const e = input.argExprs[i];
  if (scale === undefined || e.kind !== 'const' || e.value === null) return g;
  const v = g([])!.rescale(scale);
  return () => v;
}

function buildAdditive(op: '+' | '-' | '*'): (input: BuildInput) => CompiledExpr {
  const num: NumOp = op === '+' ? (a, b) => a + b : op === '-' ? (a, b) => a - b : (a, b) => a * b;
  const big: IntOp = op === '+' ? (a, b) => a + b : op === '-' ? (a, b) => a - b : (a, b) => a * b;
  return (input) => {
    const cls = numClassOf(input.type);
    if (cls === 'int') return buildIntOp(input, num, big);
    if (cls === 'double') return strict2(argDouble(input, 0), argDouble(input, 1), num);
    const fit = rescaleTo(input.type);
    const dec = op === '+' ? (a: Decimal, b: Decimal) => a.add(b) : op === '-' ? (a: Decimal, b: Decimal) => a.sub(b) : (a: Decimal, b: Decimal) => a.mul(b);
    // For + and -, constants are pre-scaled to the result scale so the row path never rescales them.
    const scale = op === '*' ? undefined : input.type.scale;
    return strict2(decimalArg(input, 0, scale), decimalArg(input, 1, scale), (a, b) => fit(dec(a, b)));
  };
}

function buildDivide(input: BuildInput): CompiledExpr {
  if (numClassOf(input.type) === 'double') {
    return strict2(argDouble(input, 0), argDouble(input, 1), (a, b) => (b === 0 ? null : a / b));
  }
  const fit = rescaleTo(input.type);
  return strict2(argDecimal(input, 0), argDecimal(input, 1), (a, b) => {
    const q = a.div(b);
    return q === null ? null : fit(q);
  });
}

/** `a DIV b`: integer division truncating toward zero. */
function buildIntDivide(input: BuildInput): CompiledExpr {
  const unsigned = !!input.type.unsigned;
  const [ta, tb] = input.argTypes;
  const cls = numClassOf(ta) === 'double' || numClassOf(tb) === 'double' ? 'double'
    : numClassOf(ta) === 'decimal' || numClassOf(tb) === 'decimal' ? 'decimal' : 'int';
  if (cls === 'int') {
    return strict2(argInt(input, 0), argInt(input, 1), (a, b) => {
      if (b === 0 || b === 0n) return null;
      if (typeof a === 'number' && typeof b === 'number') return (a - (a % b)) / b + 0;
      return checkBigint(BigInt(a) / BigInt(b), unsigned, input);
    });
  }
  if (cls === 'decimal') {
    return strict2(argDecimal(input, 0), argDecimal(input, 1), (a, b) => {
      if (b.isZero()) return null;
      const s = Math.max(a.scale, b.scale);
      return checkBigint(a.rescale(s).unscaled / b.rescale(s).unscaled, unsigned, input);
    });
  }
  return strict2(argDouble(input, 0), argDouble(input, 1), (a, b) => {
    if (b === 0) return null;
    const q = Math.trunc(a / b);
    if (!Number.isFinite(q)) throw Errors.valueOutOfRange('BIGINT', exprToText(input.expr));
    return Number.isSafeInteger(q) ? q + 0 : checkBigint(BigInt(q), unsigned, input);
  });
}

/** `a % b` / MOD(a, b): the remainder has the sign of the dividend; zero divisor → NULL. */
function buildModulo(input: BuildInput): CompiledExpr {
  const cls = numClassOf(input.type);
  if (cls === 'int') {
    return strict2(argInt(input, 0), argInt(input, 1), (a, b) => {
      if (b === 0 || b === 0n) return null;
      if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
      return normInt(BigInt(a) % BigInt(b));
    });
  }
  if (cls === 'double') return strict2(argDouble(input, 0), argDouble(input, 1), (a, b) => (b === 0 ? null : (a % b) + 0));
  const fit = rescaleTo(input.type);
  return strict2(argDecimal(input, 0), argDecimal(input, 1), (a, b) => {
    if (b.isZero()) return null;
    const s = Math.max(a.scale, b.scale);
    return fit(new Decimal(a.rescale(s).unscaled % b.rescale(s).unscaled, s));
  });
}

function buildNegate(input: BuildInput): CompiledExpr {
  const cls = numClassOf(input.type);
  if (cls === 'double') return strict1(argDouble(input, 0), (a) => 0 - a);
  if (cls === 'decimal') return strict1(argDecimal(input, 0), (a) => a.neg());
  return strict1(argInt(input, 0), (a) => {
    if (typeof a === 'number') return 0 - a;
    return checkBigint(-a, false, input);
  });
}

// ---------------------------------------------------------------- bit operators

const U64 = (v: number | bigint): bigint => BigInt.asUintN(64, BigInt(v));
const UNSIGNED_BIGINT: ColumnType = { kind: 'bigint', unsigned: true };

function buildBitOp(op: '&' | '|' | '^' | '<<' | '>>'): (input: BuildInput) => CompiledExpr {
  return (input) =>
    strict2(argInt(input, 0), argInt(input, 1), (a, b) => {
      if (op !== '<<' && op !== '>>' && typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) {
        return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
      }
      const x = U64(a);
      const y = U64(b);
      switch (op) {
        case '&':
          return normInt(x & y);
        case '|':
          return normInt(x | y);
        case '^':
          return normInt(x ^ y);
        case '<<':
          return y >= 64n ? 0 : normInt(BigInt.asUintN(64, x << y));
        case '>>':
          return y >= 64n ? 0 : normInt(x >> y);
      }
    });
}

const arith = (fn: string) => (args: Parameters<FunctionDef['inferType']>[0]) => resultTypeOf(fn, typesOf(args));

export const ARITH_FUNCTIONS: readonly FunctionDef[] = [
  def('+', 2, 2, arith('+'), buildAdditive('+')),
  def('-', 2, 2, arith('-'), buildAdditive('-')),
  def('*', 2, 2, arith('*'), buildAdditive('*')),
  def('/', 2, 2, arith('/'), buildDivide),
  def('div', 2, 2, arith('div'), buildIntDivide),
  def('%', 2, 2, arith('%'), buildModulo),
  def('neg', 1, 1, arith('neg'), buildNegate),
  def('&', 2, 2, UNSIGNED_BIGINT, buildBitOp('&')),
  def('|', 2, 2, UNSIGNED_BIGINT, buildBitOp('|')),
  def('^', 2, 2, UNSIGNED_BIGINT, buildBitOp('^')),
  def('<<', 2, 2, UNSIGNED_BIGINT, buildBitOp('<<')),
  def('>>', 2, 2, UNSIGNED_BIGINT, buildBitOp('>>')),
  def('~', 1, 1, UNSIGNED_BIGINT, (input) => strict1(argInt(input, 0), (a) => normInt(BigInt.asUintN(64, ~U64(a))))),
];
