/**
 * The unscaled-number fast path (compile_scaled.ts) against the general DECIMAL path: for every
 * row it either gives exactly the general result's unscaled value or says "not here" (NaN), and
 * SUM/AVG fed through it equal SUM/AVG fed the general values — including past 2^53.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import { SeededRng } from '../../env/memory';
import { createAggregate } from './aggregate';
import { compileExpr } from './compile';
import { ColumnSlots, compileScaled } from './compile_scaled';
import { call, col, dec, lit } from './testing';

const D152: ColumnType = { kind: 'decimal', precision: 15, scale: 2 };
const D304: ColumnType = { kind: 'decimal', precision: 30, scale: 4 };
const INT: ColumnType = { kind: 'int' };

const price = col(0, D152, 't.price');
const disc = col(1, D152, 't.disc');
const qty = col(2, INT, 't.qty');
const big = col(3, D304, 't.big');

const EXPRS = [
  call('*', price, call('-', lit(1), disc)),
  call('*', call('*', price, call('-', lit(1), disc)), call('+', lit(1), disc)),
  call('+', price, qty),
  call('-', qty, dec('0.5')),
  call('neg', price),
  call('*', big, big),
  call('+', big, price),
  call('*', qty, qty),
];

function randomRow(rng: SeededRng): Value[] {
  const d = (digits: number, scale: number) => {
    if (rng.int(10) === 0) return null;
    let u = BigInt(rng.int(10 ** Math.min(digits, 9)));
    if (digits > 9) u = u * 10n ** BigInt(digits - 9) + BigInt(rng.int(10 ** 9));
    return new Decimal(rng.int(2) === 0 ? u : -u, scale);
  };
  return [d(7 + rng.int(8), 2), d(2, 2), rng.int(10) === 0 ? null : rng.int(2_000_000_000) - 1_000_000_000, d(1 + rng.int(25), 4)];
}

describe('unscaled-number evaluation', () => {
  it('equals the DECIMAL result or declines, for every row', () => {
    const rng = new SeededRng(3);
    for (const e of EXPRS) {
      const fast = compileScaled(e);
      expect(fast, String(EXPRS.indexOf(e))).not.toBeNull();
      const slow = compileExpr(e);
      let taken = 0;
      for (let i = 0; i < 2000; i++) {
        const row = randomRow(rng);
        const want = slow(row);
        const got = fast!.eval(row);
        if (Number.isNaN(got)) continue;
        taken++;
        const d = want instanceof Decimal ? want : Decimal.fromInt(want as number);
        expect(d.scale).toBe(fast!.scale);
        expect(BigInt(got)).toBe(d.unscaled);
      }
      expect(taken, String(EXPRS.indexOf(e))).toBeGreaterThan(0);
    }
  });

  it('declines what it cannot do exactly: doubles, division, other scales', () => {
    expect(compileScaled(call('/', price, disc))).toBeNull();
    expect(compileScaled(col(0, { kind: 'double' }))).toBeNull();
    expect(compileScaled(col(0, { kind: 'varchar', precision: 3 }))).toBeNull();
    // A value stored at another scale than its column says goes the general way.
    expect(compileScaled(price)!.eval([new Decimal(12345n, 3)])).toBeNaN();
  });

  it('shares column reads through slots', () => {
    const slots = new ColumnSlots();
    const a = compileScaled(call('*', price, call('-', lit(1), disc)), slots)!;
    const b = compileScaled(call('+', price, disc), slots)!;
    expect(slots.count).toBe(2);
    slots.load([new Decimal(1000n, 2), new Decimal(5n, 2)]);
    expect(a.eval([])).toBe(1000 * 95);
    expect(b.eval([])).toBe(1005);
  });

  it('SUM and AVG through the fast path equal the general path, past 2^53 too', () => {
    for (const name of ['sum', 'avg'] as const) {
      const agg = createAggregate(name, false, [D304]);
      const fastState = agg.init();
      const slowState = agg.init();
      const rng = new SeededRng(9);
      for (let i = 0; i < 5000; i++) {
        const u = BigInt(rng.int(2 ** 30)) * BigInt(rng.int(2 ** 22)) * (rng.int(3) === 0 ? -1n : 1n);
        const v = new Decimal(u, 4);
        agg.add(slowState, [v]);
        agg.addUnscaled!(fastState, Number(u));
      }
      expect(String(agg.result(fastState))).toBe(String(agg.result(slowState)));
    }
  });
});
