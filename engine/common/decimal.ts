/**
 * Exact DECIMAL arithmetic as MySQL does it: an unscaled bigint and a scale (digits after the point).
 *
 * Result scales follow MySQL: `a ± b` → max(sa, sb); `a × b` → sa + sb (capped at 30);
 * `a ÷ b` → sa + div_precision_increment (4), rounded half away from zero. Values are immutable.
 * Errors: `Errors.divisionByZero` is not thrown here — MySQL returns NULL for x/0, so `div`
 * returns null and the caller decides (strict-mode DML raises the warning as an error).
 */
import { assert } from './assert';
import { DECIMAL_SCALE_MAX } from './limits';

export const DIV_PRECISION_INCREMENT = 4;

const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 80; i++, p *= 10n) POW10.push(p);

export function pow10(n: number): bigint {
  assert(n >= 0 && n < POW10.length, `pow10 out of range: ${n}`);
  return POW10[n];
}

export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!(Number.isInteger(scale) && scale >= 0 && scale <= 80)) assert(false, `bad decimal scale ${scale}`);
  }

  static readonly ZERO = new Decimal(0n, 0);

  /** Parses `-12.340`, `1e3`, `.5`; returns null when the text is not a number. */
  static parse(text: string): Decimal | null {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
    const sign = m[1] === '-' ? -1n : 1n;
    const intPart = m[2] || '0';
    let frac = m[3] ?? '';
    let exp = m[4] ? parseInt(m[4], 10) : 0;
    let digits = intPart + frac;
    let scale = frac.length - exp;
    if (scale < 0) {
      digits += '0'.repeat(-scale);
      scale = 0;
    }
    if (scale > 80) {
      digits = digits.slice(0, digits.length - (scale - 80)) || '0';
      scale = 80;
    }
    return new Decimal(sign * BigInt(digits), scale);
  }

  static fromInt(n: number | bigint): Decimal {
    return new Decimal(BigInt(n), 0);
  }

  /** From a double: uses the shortest round-trip text of the double, as MySQL does. */
  static fromNumber(n: number): Decimal {
    assert(Number.isFinite(n), 'decimal from non-finite double');
    return Decimal.parse(String(n))!;
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** Rescales to `scale`, rounding half away from zero when digits are dropped. */
  rescale(scale: number): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * pow10(scale - this.scale), scale);
    const div = pow10(this.scale - scale);
    let q = this.unscaled / div;
    const r = this.unscaled % div;
    const twice = (r < 0n ? -r : r) * 2n;
    if (twice >= div) q += this.unscaled < 0n ? -1n : 1n;
    return new Decimal(q, scale);
  }

  add(o: Decimal): Decimal {
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.rescale(s).unscaled + o.rescale(s).unscaled, s);
  }

  sub(o: Decimal): Decimal {
    const s = Math.max(this.scale, o.scale);
    return new Decimal(this.rescale(s).unscaled - o.rescale(s).unscaled, s);
  }

  mul(o: Decimal): Decimal {
    const d = new Decimal(this.unscaled * o.unscaled, this.scale + o.scale);
    return d.scale > DECIMAL_SCALE_MAX ? d.rescale(DECIMAL_SCALE_MAX) : d;
  }

  /** MySQL `/`: scale = this.scale + 4 (capped at 30); null when dividing by zero. */
  div(o: Decimal, increment = DIV_PRECISION_INCREMENT): Decimal | null {
    if (o.unscaled === 0n) return null;
    const scale = Math.min(this.scale + increment, DECIMAL_SCALE_MAX);
    // this / o at `scale` digits: (a·10^sa⁻¹) / (b·10^sb⁻¹) = a·10^(scale+sb−sa) / b, +1 digit to round.
    const shift = scale + o.scale - this.scale + 1;
    let num = this.unscaled;
    let den = o.unscaled;
    if (shift >= 0) num *= pow10(shift);
    else den *= pow10(-shift);
    const q = num / den; // truncated, one extra digit
    return new Decimal(q, scale + 1).rescale(scale);
  }

  neg(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  abs(): Decimal {
    return this.unscaled < 0n ? this.neg() : this;
  }

  compare(o: Decimal): number {
    if (this.scale === o.scale) return this.unscaled < o.unscaled ? -1 : this.unscaled > o.unscaled ? 1 : 0;
    const s = Math.max(this.scale, o.scale);
    const a = this.rescale(s).unscaled;
    const b = o.rescale(s).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Number of digits before the point (≥ 1 only when the integer part is non-zero). */
  integerDigits(): number {
    const abs = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    const intPart = abs / pow10(this.scale);
    return intPart === 0n ? 0 : intPart.toString().length;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Truncates toward zero to an integer (bigint). */
  toBigInt(): bigint {
    return this.unscaled / pow10(this.scale);
  }

  /** Text with exactly `scale` fractional digits, as MySQL prints DECIMAL values. */
  toString(): string {
    const neg = this.unscaled < 0n;
    const abs = (neg ? -this.unscaled : this.unscaled).toString();
    if (this.scale === 0) return (neg ? '-' : '') + abs;
    const padded = abs.padStart(this.scale + 1, '0');
    const cut = padded.length - this.scale;
    return (neg ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
  }
}
