/**
 * Column encodings: forced round trips per encoding and class, the picker's choices on obvious
 * columns, filters on encoded data, stats and their JSON form, and malformed input.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import { ObError } from '../../common/ob_error';
import type { Value } from '../../common/value';
import {
  ENCODING_TYPES,
  type ColumnClass,
  type EncodingType,
  type StoragePredicate,
  columnClassOf,
  columnStats,
  decodeColumn,
  encodeColumn,
  encodeColumnAs,
  filterEncoded,
  filterVector,
  mergeStats,
  predicateMayMatch,
  statsFromJson,
  statsToJson,
  vectorStats,
  vectorToValues,
} from './index';

const INT: ColumnClass = { kind: 'int' };
const DBL: ColumnClass = { kind: 'double' };
const DEC2: ColumnClass = { kind: 'decimal', scale: 2 };
const CI: ColumnClass = { kind: 'string', ci: true };
const BIN: ColumnClass = { kind: 'string', ci: false };
const d = (s: string) => Decimal.parse(s)!;

/** Values compared by identity, Decimals by scale and unscaled value, −0 apart from +0. */
function norm(vs: readonly Value[]): unknown[] {
  return vs.map((v) =>
    v instanceof Decimal ? `dec:${v.unscaled}@${v.scale}` : typeof v === 'bigint' ? `big:${v}` : Object.is(v, -0) ? '-0' : v,
  );
}

function roundTrip(type: EncodingType, values: Value[], cls: ColumnClass, earlier?: Value[][]) {
  const enc = encodeColumnAs(type, values, cls, earlier);
  expect(enc, `${type} should apply`).not.toBeNull();
  const earlierVecs = (earlier ?? []).map((e) => {
    const x = encodeColumn(e, cls);
    return decodeColumn(x.type, x.bytes, e.length, cls, []);
  });
  const v = decodeColumn(enc!.type, enc!.bytes, values.length, cls, earlierVecs, enc!.refColumn);
  return { enc: enc!, vec: v, out: vectorToValues(v, cls) };
}

describe('forced round trips', () => {
  const ints: Value[] = [5, -3, null, 5, 5, 9007199254740991, -9007199254740991, 0, 5];
  const narrow: Value[] = [100, 101, 100, null, 107, 100, 100, 100];
  const doubles: Value[] = [1.5, -0, 0, Infinity, -Infinity, null, 1.5, 1.5, NaN];
  const decs: Value[] = [d('1.50'), d('-2.25'), null, d('1.50'), d('3'), d('1.50'), d('1.50'), d('1.50')];
  const strs: Value[] = ['apple', 'apricot', null, 'apple', '', '日本語😀', 'apple', 'apple'];

  const cases: [string, ColumnClass, Value[]][] = [
    ['int', INT, ints],
    ['int narrow', INT, narrow],
    ['double', DBL, doubles],
    ['decimal', DEC2, decs],
    ['string', CI, strs],
  ];
  for (const [name, cls, values] of cases) {
    for (const type of ['RAW', 'DICT', 'RLE'] as EncodingType[]) {
      it(`${type} keeps ${name} values exactly`, () => {
        const { out } = roundTrip(type, values, cls);
        const want = cls.kind === 'decimal' ? values.map((v) => (v instanceof Decimal ? v.rescale(2) : v)) : values;
        expect(norm(out)).toEqual(norm(want));
      });
    }
  }

  it('CONST keeps a constant with exceptions and NULLs', () => {
    const values: Value[] = ['x', 'x', null, 'x', 'y', 'x', 'x', 'x', 'x'];
    const { vec, out } = roundTrip('CONST', values, CI);
    expect(out).toEqual(values);
    expect(vec.data.kind).toBe('dict');
    const nums: Value[] = [null, null, null, 7, null];
    expect(roundTrip('CONST', nums, INT).out).toEqual(nums);
  });

  it('CONST does not apply when more than a quarter of the rows differ', () => {
    expect(encodeColumnAs('CONST', [1, 2, 3, 4], INT)).toBeNull();
  });

  it('INTEGER_BASE_DIFF handles negatives, the full safe range and decimals', () => {
    const values: Value[] = [-9007199254740991, 0, null, -1, -9007199254740990];
    expect(roundTrip('INTEGER_BASE_DIFF', values, INT).out).toEqual(values);
    const wide: Value[] = [0, 9007199254740991, 12345];
    expect(roundTrip('INTEGER_BASE_DIFF', wide, INT).out).toEqual(wide);
    expect(encodeColumnAs('INTEGER_BASE_DIFF', [-9007199254740991, 9007199254740991], INT)).toBeNull();
    const decs = [d('10.00'), d('10.01'), null, d('12.99')];
    const { vec, out } = roundTrip('INTEGER_BASE_DIFF', decs, DEC2);
    expect(vec.data.kind).toBe('decimal');
    expect(out.map(String)).toEqual(['10.00', '10.01', 'null', '12.99']);
    expect(encodeColumnAs('INTEGER_BASE_DIFF', ['a'], CI)).toBeNull();
    expect(encodeColumnAs('INTEGER_BASE_DIFF', [1.5], DBL)).toBeNull();
  });

  it('STRING_PREFIX keeps strings, never splitting a surrogate pair', () => {
    const values: Value[] = ['order-0001', 'order-0002', null, 'order-', 'order-😀x'];
    expect(roundTrip('STRING_PREFIX', values, BIN).out).toEqual(values);
    const pair: Value[] = ['😀a', '😀b', '😀'];
    expect(roundTrip('STRING_PREFIX', pair, BIN).out).toEqual(pair);
    const split: Value[] = ['x😀a', 'x😃b'];
    expect(roundTrip('STRING_PREFIX', split, BIN).out).toEqual(split);
    expect(encodeColumnAs('STRING_PREFIX', ['abc', 'xyz'], BIN)).toBeNull();
  });

  it('COLUMN_EQUAL references an earlier equal column and stores nothing', () => {
    const a: Value[] = [1, null, 3];
    const { enc, out } = roundTrip('COLUMN_EQUAL', [1, null, 3], INT, [[1, 2, 3], a]);
    expect(enc.refColumn).toBe(1);
    expect(enc.bytes.length).toBe(0);
    expect(out).toEqual(a);
    expect(encodeColumnAs('COLUMN_EQUAL', [1, 2], INT, [[1, 3]])).toBeNull();
  });

  it('bigints and inexact decimals stay RAW and decode as values', () => {
    const big: Value[] = [1, 2n ** 62n, null, -(2n ** 63n)];
    expect(norm(roundTrip('RAW', big, INT).out)).toEqual(norm(big));
    expect(encodeColumnAs('DICT', big, INT)).toBeNull();
    expect(encodeColumn(big, INT).type).toBe('RAW');
    const huge: Value[] = [d('123456789012345678901234.50'), d('1.005')];
    const { vec, out } = roundTrip('RAW', huge, DEC2);
    expect(vec.data.kind).toBe('values');
    expect(norm(out)).toEqual(norm(huge));
  });

  it('decimals at another scale are rescaled exactly', () => {
    const { vec, out } = roundTrip('RAW', [d('1.5'), d('2'), d('3.100')], DEC2);
    expect(vec.data.kind).toBe('decimal');
    expect(out.map(String)).toEqual(['1.50', '2.00', '3.10']);
  });

  it('all-NULL columns round-trip through every applicable encoding', () => {
    const values: Value[] = [null, null, null];
    for (const type of ENCODING_TYPES) {
      const enc = encodeColumnAs(type, values, CI, [[null, null, null]]);
      if (!enc) continue;
      const earlier = [decodeColumn('RAW', encodeColumnAs('RAW', values, CI)!.bytes, 3, CI, [])];
      expect(vectorToValues(decodeColumn(type, enc.bytes, 3, CI, earlier, enc.refColumn), CI)).toEqual(values);
    }
  });
});

describe('the picker', () => {
  const range = (n: number, f: (i: number) => Value) => Array.from({ length: n }, (_, i) => f(i));

  it('chooses the obvious encoding and is never larger than RAW', () => {
    expect(encodeColumn(range(500, () => 'R'), CI).type).toBe('CONST');
    expect(encodeColumn(range(500, (i) => ['A', 'N', 'R'][(i * 7919) % 3]), CI).type).toBe('DICT');
    expect(encodeColumn(range(500, (i) => Math.floor(i / 100)), INT).type).toBe('RLE');
    expect(encodeColumn(range(500, (i) => 1_000_000 + ((i * 7919) % 5000)), INT).type).toBe('INTEGER_BASE_DIFF');
    expect(encodeColumn(range(500, (i) => `Customer#${String(i * 7919).padStart(9, '0')}`), CI).type).toBe('STRING_PREFIX');
    const col = range(500, (i) => (i * 31) % 1000);
    const eq = encodeColumn([...col], INT, [range(500, (i) => i), col]);
    expect(eq.type).toBe('COLUMN_EQUAL');
    expect(eq.refColumn).toBe(1);
    const rand = range(500, (i) => Math.sin(i) * 1e6);
    const e = encodeColumn(rand, DBL);
    expect(e.type).toBe('RAW');
    expect(e.bytes.length).toBe(e.rawBytes);
  });

  it('reports the RAW size as rawBytes', () => {
    const values = range(300, () => 42);
    const e = encodeColumn(values, INT);
    expect(e.rawBytes).toBe(encodeColumnAs('RAW', values, INT)!.bytes.length);
    expect(e.bytes.length).toBeLessThan(e.rawBytes / 10);
  });
});

describe('filters', () => {
  const values: Value[] = [d('0.05'), d('0.06'), null, d('0.07'), d('0.05'), d('0.10'), d('0.05'), d('0.05')];

  function check(type: EncodingType, vals: Value[], cls: ColumnClass, pred: StoragePredicate, want: number[]) {
    const enc = encodeColumnAs(type, vals, cls)!;
    const sel = new Uint8Array(vals.length).fill(1);
    const handled = filterEncoded(type, enc.bytes, vals.length, cls, pred, sel);
    const sel2 = new Uint8Array(vals.length).fill(1);
    filterVector(decodeColumn(type, enc.bytes, vals.length, cls, []), pred, cls, sel2);
    expect([...sel2]).toEqual(want);
    if (handled) expect([...sel]).toEqual(want);
    return handled;
  }

  it('evaluate decimal BETWEEN with constants at a finer scale (TPC-H Q6)', () => {
    const pred: StoragePredicate = { column: 0, op: 'between', low: d('0.055'), high: d('0.075') };
    const want = [0, 1, 0, 1, 0, 0, 0, 0];
    for (const t of ['RAW', 'DICT', 'RLE', 'INTEGER_BASE_DIFF'] as EncodingType[]) check(t, values, DEC2, pred, want);
    expect(check('DICT', values, DEC2, pred, want)).toBe(true);
    expect(check('INTEGER_BASE_DIFF', values, DEC2, pred, want)).toBe(true);
  });

  it('round constants between two column values correctly, negatives included', () => {
    const vals = [d('-0.05'), d('-0.06'), d('-0.05'), d('-0.06')];
    for (const t of ['RAW', 'DICT', 'INTEGER_BASE_DIFF'] as EncodingType[]) {
      check(t, vals, DEC2, { column: 0, op: '<', value: d('-0.055') }, [0, 1, 0, 1]);
      check(t, vals, DEC2, { column: 0, op: '>=', value: d('-0.055') }, [1, 0, 1, 0]);
      check(t, vals, DEC2, { column: 0, op: '=', value: d('-0.055') }, [0, 0, 0, 0]);
      check(t, vals, DEC2, { column: 0, op: '<>', value: d('-0.050') }, [0, 1, 0, 1]);
    }
  });

  it('compare strings under general_ci or binary', () => {
    const vals: Value[] = ['abc', 'ABC ', 'abd', null, 'Abc', 'abc', 'abc', 'abc'];
    check('DICT', vals, CI, { column: 0, op: '=', value: 'ABC' }, [1, 1, 0, 0, 1, 1, 1, 1]);
    check('DICT', vals, BIN, { column: 0, op: '=', value: 'abc' }, [1, 0, 0, 0, 0, 1, 1, 1]);
    const mostly: Value[] = ['abc', 'abc', 'Abc', 'abc', null, 'abc', 'abc', 'abc'];
    check('CONST', mostly, BIN, { column: 0, op: '<>', value: 'abc' }, [0, 0, 1, 0, 0, 0, 0, 0]);
    check('CONST', mostly, CI, { column: 0, op: '=', value: 'ABC' }, [1, 1, 1, 1, 0, 1, 1, 1]);
    check('CONST', [null, null, 'q', null, null], CI, { column: 0, op: '>=', value: 'Q' }, [0, 0, 1, 0, 0]);
    check('RLE', vals, CI, { column: 0, op: 'in', values: ['abd', null] }, [0, 0, 1, 0, 0, 0, 0, 0]);
    check('RAW', vals, CI, { column: 0, op: 'is_null' }, [0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('leave sel untouched and report false for encodings they do not handle', () => {
    const enc = encodeColumnAs('RAW', [1, 2], INT)!;
    const sel = new Uint8Array([1, 1]);
    expect(filterEncoded('RAW', enc.bytes, 2, INT, { column: 0, op: '=', value: 1 }, sel)).toBe(false);
    expect([...sel]).toEqual([1, 1]);
  });

  it('never pass NULL constants', () => {
    check('RAW', [1, 2, null], INT, { column: 0, op: '<>', value: null }, [0, 0, 0]);
    check('DICT', [1, 1, 2], INT, { column: 0, op: 'between', low: null, high: 5 }, [0, 0, 0]);
  });
});

describe('stats and skip-index pruning', () => {
  it('sum switches to bigint past ±2^53 and merges exactly', () => {
    const a = columnStats([9007199254740991, 10, null], INT);
    expect(a).toEqual({ min: 10, max: 9007199254740991, nullCount: 1, rowCount: 3, sum: 9007199254741001n });
    const b = columnStats([-20], INT);
    expect(mergeStats(a, b, INT)).toEqual({ min: -20, max: 9007199254740991, nullCount: 1, rowCount: 4, sum: 9007199254740981 });
  });

  it('decimal sums stay Decimals at the class scale, strings have no sum', () => {
    const s = columnStats([d('1.10'), d('2.25'), null], DEC2);
    expect(String(s.sum)).toBe('3.35');
    expect(columnStats(['b', 'A', null], CI)).toEqual({ min: 'A', max: 'b', nullCount: 1, rowCount: 3, sum: null });
    expect(columnStats(['b', 'A'], BIN).min).toBe('A');
    expect(columnStats([null, null], DBL)).toEqual({ min: null, max: null, nullCount: 2, rowCount: 2, sum: null });
  });

  it('vectorStats on a selection matches columnStats of the selected rows', () => {
    const values: Value[] = [d('5.00'), d('1.00'), null, d('3.50'), d('9.99')];
    const enc = encodeColumn(values, DEC2);
    const v = decodeColumn(enc.type, enc.bytes, values.length, DEC2, []);
    const sel = new Int32Array([1, 2, 3]);
    const got = vectorStats(v, DEC2, sel, 3);
    const want = columnStats([values[1], values[2], values[3]], DEC2);
    expect(statsToJson(got, DEC2)).toEqual(statsToJson(want, DEC2));
  });

  it('JSON form round-trips through JSON.stringify', () => {
    const cases: [ColumnClass, Value[]][] = [
      [INT, [1, 2n ** 60n, null]],
      [DBL, [-Infinity, 2.5, -0]],
      [DEC2, [d('1.25'), d('-3.00')]],
      [CI, ['x', 'Y']],
    ];
    for (const [cls, vals] of cases) {
      const s = columnStats(vals, cls);
      const back = statsFromJson(JSON.parse(JSON.stringify(statsToJson(s, cls))), cls);
      expect(norm([back.min, back.max, back.sum])).toEqual(norm([s.min, s.max, s.sum]));
      expect([back.nullCount, back.rowCount]).toEqual([s.nullCount, s.rowCount]);
    }
  });

  it('prunes only when no row can pass', () => {
    const s = columnStats([10, 20, null], INT);
    expect(predicateMayMatch(s, { column: 0, op: '>', value: 20 }, INT)).toBe(false);
    expect(predicateMayMatch(s, { column: 0, op: '>=', value: 20 }, INT)).toBe(true);
    expect(predicateMayMatch(s, { column: 0, op: 'is_null' }, INT)).toBe(true);
    expect(predicateMayMatch(columnStats([1, 2], INT), { column: 0, op: 'is_null' }, INT)).toBe(false);
    expect(predicateMayMatch(columnStats([5, 5], INT), { column: 0, op: '<>', value: 5 }, INT)).toBe(false);
    expect(predicateMayMatch(columnStats(['abc'], CI), { column: 0, op: '=', value: 'ABC' }, CI)).toBe(true);
    expect(predicateMayMatch(columnStats(['abc'], BIN), { column: 0, op: '=', value: 'ABC' }, BIN)).toBe(false);
  });
});

describe('column classes', () => {
  it('map SQL types to storage classes', () => {
    expect(columnClassOf({ kind: 'bigint' })).toEqual({ kind: 'int' });
    expect(columnClassOf({ kind: 'float' })).toEqual({ kind: 'double' });
    expect(columnClassOf({ kind: 'decimal', precision: 15, scale: 2 })).toEqual({ kind: 'decimal', scale: 2 });
    expect(columnClassOf({ kind: 'varchar', precision: 25 })).toEqual({ kind: 'string', ci: true });
    expect(columnClassOf({ kind: 'date' })).toEqual({ kind: 'string', ci: false });
  });
});

describe('malformed input', () => {
  const samples: [EncodingType, Value[], ColumnClass][] = [
    ['RAW', [1, 2, null, 4], INT],
    ['RAW', ['a', 'bb', null], CI],
    ['RAW', [2n ** 60n, 1], INT],
    ['DICT', ['a', 'b', 'a', null], CI],
    ['DICT', [1.5, 2.5, 1.5], DBL],
    ['RLE', [1, 1, 1, null, null, 2], INT],
    ['CONST', ['z', 'z', 'z', 'z', 'q'], CI],
    ['INTEGER_BASE_DIFF', [100, 1000, null, 100000], INT],
    ['STRING_PREFIX', ['pre-a', 'pre-b', null], CI],
  ];

  it('truncated, extended or corrupted bytes throw ObError, never a RangeError', () => {
    for (const [type, values, cls] of samples) {
      const { bytes } = encodeColumnAs(type, values, cls)!;
      const variants: Uint8Array[] = [];
      for (let cut = 0; cut < bytes.length; cut++) variants.push(bytes.slice(0, cut));
      variants.push(Uint8Array.of(...bytes, 0));
      for (let i = 0; i < bytes.length; i++) {
        for (const x of [0xff, 0x80, 0x00, 0x7f]) {
          const b = bytes.slice();
          b[i] = x;
          variants.push(b);
        }
      }
      for (const b of variants) {
        try {
          decodeColumn(type, b, values.length, cls, []);
        } catch (e) {
          expect(e, `${type} ${[...b]}`).toBeInstanceOf(ObError);
        }
        try {
          filterEncoded(type, b, values.length, cls, { column: 0, op: '=', value: values[0] }, new Uint8Array(values.length));
        } catch (e) {
          expect(e).toBeInstanceOf(ObError);
        }
      }
      expect(() => decodeColumn(type, bytes.slice(0, bytes.length - 1), values.length, cls, [])).toThrow(ObError);
    }
  });

  it('COLUMN_EQUAL without a valid reference throws ObError', () => {
    expect(() => decodeColumn('COLUMN_EQUAL', new Uint8Array(0), 3, INT, [], 0)).toThrow(ObError);
    expect(() => decodeColumn('COLUMN_EQUAL', new Uint8Array(1), 0, INT, [])).toThrow(ObError);
  });
});
