/**
 * Property tests of the column encodings on random columns (fast-check): every encoding round-trips
 * every class exactly, the picker is never larger than RAW, filters on encoded and decoded data agree
 * with a reference evaluation, skip-index pruning never drops a matching block, stats agree with a
 * reference and roll up, and random bytes never crash a decoder with anything but an ObError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from '../../common/decimal';
import { ObError } from '../../common/ob_error';
import { generalCiWeight } from '../../common/rowkey';
import type { Value } from '../../common/value';
import {
  ENCODING_TYPES,
  type ColumnClass,
  type ColumnStats,
  type EncodingType,
  type StoragePredicate,
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

const RUNS = { numRuns: 300 };

// ---------- random columns ----------

const intValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 2, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).filter((b) => b > 2n ** 53n || b < -(2n ** 53n)) },
);
const doubleValue = (nan: boolean): fc.Arbitrary<Value> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.double({ noNaN: !nan }) },
    { weight: 2, arbitrary: fc.integer({ min: -50, max: 50 }).map((x) => x / 4) },
    { weight: 1, arbitrary: fc.constantFrom(-0, 0, Infinity, -Infinity) },
  );
const decimalValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.bigInt({ min: -100000n, max: 100000n }), fc.constant(2)) },
  { weight: 2, arbitrary: fc.tuple(fc.bigInt({ min: -100000n, max: 100000n }), fc.integer({ min: 0, max: 4 })) },
  { weight: 1, arbitrary: fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 4 })) },
).map(([u, s]) => new Decimal(u, s));
const stringValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', 'a', 'A', 'a ', 'b', 'B', 'ß', 'é', 'É', '日本', '😀', 'abc', 'ABC') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).map((s) => `prefix-${s}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 5 }) },
);

/** Columns shaped like real microblocks: random, constant, runs, few distinct, NULL-heavy. */
function column(value: fc.Arbitrary<Value>): fc.Arbitrary<Value[]> {
  const v = fc.option(value, { freq: 6, nil: null });
  return fc.oneof(
    fc.array(v, { minLength: 1, maxLength: 60 }),
    fc.tuple(value, fc.integer({ min: 1, max: 40 })).map(([x, n]) => Array<Value>(n).fill(x)),
    fc.array(fc.tuple(v, fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 8 }).map((runs) => runs.flatMap(([x, n]) => Array<Value>(n).fill(x))),
    fc
      .tuple(fc.array(v, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }))
      .map(([dict, picks]) => picks.map((k) => dict[k % dict.length])),
    fc.array(fc.option(value, { freq: 1, nil: null }), { minLength: 1, maxLength: 40 }),
    fc
      .tuple(value, fc.array(fc.tuple(fc.nat(), v), { maxLength: 4 }), fc.integer({ min: 8, max: 50 }))
      .map(([c, ex, n]) => {
        const col = Array<Value>(n).fill(c);
        for (const [i, x] of ex) col[i % n] = x;
        return col;
      }),
  );
}

interface ClassCase {
  name: string;
  cls: ColumnClass;
  value: fc.Arbitrary<Value>;
  /** Values for filters and stats (no NaN, which SQL does not have). */
  sqlValue: fc.Arbitrary<Value>;
}

const CLASSES: ClassCase[] = [
  { name: 'int', cls: { kind: 'int' }, value: intValue, sqlValue: intValue },
  { name: 'double', cls: { kind: 'double' }, value: doubleValue(true), sqlValue: doubleValue(false) },
  { name: 'decimal', cls: { kind: 'decimal', scale: 2 }, value: decimalValue, sqlValue: decimalValue },
  { name: 'string ci', cls: { kind: 'string', ci: true }, value: stringValue, sqlValue: stringValue },
  { name: 'string bin', cls: { kind: 'string', ci: false }, value: stringValue, sqlValue: stringValue },
];

// ---------- reference semantics ----------

function refCompare(a: Value, b: Value, cls: ColumnClass): number {
  if (cls.kind === 'string') {
    const x = cls.ci ? generalCiWeight(a as string) : (a as string);
    const y = cls.ci ? generalCiWeight(b as string) : (b as string);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (cls.kind === 'decimal') return (a as Decimal).compare(b as Decimal);
  const x = a as number | bigint;
  const y = b as number | bigint;
  return x < y ? -1 : x > y ? 1 : 0;
}

function refPasses(v: Value, p: StoragePredicate, cls: ColumnClass): boolean {
  if (p.op === 'is_null') return v === null;
  if (p.op === 'is_not_null') return v !== null;
  if (v === null) return false;
  const cmp = (c: Value) => refCompare(v, c, cls);
  switch (p.op) {
    case 'in':
      return p.values.some((c) => c !== null && cmp(c) === 0);
    case 'between':
      return p.low !== null && p.high !== null && cmp(p.low) >= 0 && cmp(p.high) <= 0;
    case '=':
      return p.value !== null && cmp(p.value) === 0;
    case '<>':
      return p.value !== null && cmp(p.value) !== 0;
    case '<':
      return p.value !== null && cmp(p.value) < 0;
    case '<=':
      return p.value !== null && cmp(p.value) <= 0;
    case '>':
      return p.value !== null && cmp(p.value) > 0;
    case '>=':
      return p.value !== null && cmp(p.value) >= 0;
  }
}

/** Same value: identical, or (decimals) equal in value at the class scale or the stored scale. */
function sameStored(got: Value, want: Value, cls: ColumnClass): boolean {
  if (want instanceof Decimal && got instanceof Decimal && cls.kind === 'decimal') {
    return got.compare(want) === 0 && (got.scale === cls.scale || (got.scale === want.scale && got.unscaled === want.unscaled));
  }
  if (typeof want === 'number' && typeof got === 'number') return Object.is(got, want);
  return got === want;
}

function decodeAll(type: EncodingType, values: Value[], cls: ColumnClass, earlier: Value[][] = []) {
  const enc = encodeColumnAs(type, values, cls, earlier);
  if (!enc) return null;
  const earlierVecs = earlier.map((e) => {
    const x = encodeColumn(e, cls);
    return decodeColumn(x.type, x.bytes, e.length, cls, []);
  });
  return { enc, vec: decodeColumn(type, enc.bytes, values.length, cls, earlierVecs, enc.refColumn) };
}

function predicate(cls: ColumnClass, value: fc.Arbitrary<Value>, values: Value[]): fc.Arbitrary<StoragePredicate> {
  const nonNull = values.filter((v) => v !== null);
  const fromCol = nonNull.length ? fc.constantFrom(...nonNull) : value;
  // DECIMAL constants with more digits than the column, next to column values (0.055 vs 0.05 / 0.06).
  const nearCol = fc
    .tuple(fromCol, fc.integer({ min: -150, max: 150 }))
    .map(([v, k]) => (v instanceof Decimal ? new Decimal(v.rescale(4).unscaled + BigInt(k), 4) : v));
  const constant = fc.oneof(fromCol, value, ...(cls.kind === 'decimal' ? [finerDecimal, nearCol] : []));
  return fc.oneof(
    fc.tuple(fc.constantFrom('=', '<>', '<', '<=', '>', '>=' as const), constant).map(([op, c]) => ({ column: 0, op, value: c }) as StoragePredicate),
    fc.array(fc.option(constant, { freq: 8, nil: null }), { minLength: 1, maxLength: 4 }).map((vs) => ({ column: 0, op: 'in' as const, values: vs })),
    fc.tuple(constant, constant).map(([low, high]) => ({ column: 0, op: 'between' as const, low, high })),
    fc.constantFrom({ column: 0, op: 'is_null' as const }, { column: 0, op: 'is_not_null' as const }),
  );
}
/** DECIMAL constants with more digits than the column (e.g. 0.055 against DECIMAL(15,2)). */
const finerDecimal: fc.Arbitrary<Value> = fc.bigInt({ min: -1000000n, max: 1000000n }).map((u) => new Decimal(u, 4));

// ---------- properties ----------

describe.each(CLASSES)('$name columns', ({ cls, value, sqlValue }) => {
  it('every applicable encoding round-trips exactly', () => {
    fc.assert(
      fc.property(column(value), column(value), (values, other) => {
        for (const type of ENCODING_TYPES) {
          const earlier = type === 'COLUMN_EQUAL' ? [other, values.slice()] : [];
          const r = decodeAll(type, values, cls, earlier);
          if (!r) {
            expect(type).not.toBe('RAW');
            continue;
          }
          const out = vectorToValues(r.vec, cls);
          expect(out.length).toBe(values.length);
          for (let i = 0; i < values.length; i++) {
            if (!sameStored(out[i], values[i], cls)) expect.fail(`${type} row ${i}: got ${String(out[i])}, want ${String(values[i])}`);
          }
        }
      }),
      RUNS,
    );
  });

  it('the picker round-trips and is never larger than RAW', () => {
    fc.assert(
      fc.property(column(value), (values) => {
        const enc = encodeColumn(values, cls);
        expect(enc.bytes.length).toBeLessThanOrEqual(enc.rawBytes);
        expect(enc.rawBytes).toBe(encodeColumnAs('RAW', values, cls)!.bytes.length);
        const out = vectorToValues(decodeColumn(enc.type, enc.bytes, values.length, cls, []), cls);
        values.forEach((v, i) => expect(sameStored(out[i], v, cls)).toBe(true));
      }),
      RUNS,
    );
  });

  it('filters on encoded and decoded data agree with the reference', () => {
    const arb = column(sqlValue).chain((values) =>
      fc.tuple(fc.constant(values), predicate(cls, sqlValue, values), fc.array(fc.boolean(), { minLength: values.length, maxLength: values.length })),
    );
    fc.assert(
      fc.property(arb, ([values, pred, init]) => {
        const want = values.map((v, i) => (init[i] && refPasses(v, pred, cls) ? 1 : 0));
        for (const type of ENCODING_TYPES) {
          if (type === 'COLUMN_EQUAL') continue;
          const r = decodeAll(type, values, cls);
          if (!r) continue;
          const sel = Uint8Array.from(init, (b) => (b ? 1 : 0));
          filterVector(r.vec, pred, cls, sel);
          expect([...sel], `filterVector ${type}`).toEqual(want);
          const sel2 = Uint8Array.from(init, (b) => (b ? 1 : 0));
          if (filterEncoded(type, r.enc.bytes, values.length, cls, pred, sel2)) expect([...sel2], `filterEncoded ${type}`).toEqual(want);
        }
      }),
      RUNS,
    );
  });

  it('skip-index pruning never drops a block with a matching row', () => {
    const arb = fc.tuple(column(sqlValue), column(sqlValue)).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), predicate(cls, sqlValue, [...a, ...b])));
    fc.assert(
      fc.property(arb, ([a, b, pred]) => {
        const all = [...a, ...b];
        const merged = mergeStats(columnStats(a, cls), columnStats(b, cls), cls);
        if (all.some((v) => refPasses(v, pred, cls))) {
          expect(predicateMayMatch(columnStats(all, cls), pred, cls)).toBe(true);
          expect(predicateMayMatch(merged, pred, cls)).toBe(true);
        }
        if (a.some((v) => refPasses(v, pred, cls))) expect(predicateMayMatch(columnStats(a, cls), pred, cls)).toBe(true);
      }),
      RUNS,
    );
  });

  it('stats match a reference, roll up with mergeStats, and survive JSON', () => {
    fc.assert(
      fc.property(column(sqlValue), column(sqlValue), fc.array(fc.nat(), { maxLength: 20 }), (a, b, picks) => {
        const all = [...a, ...b];
        const want = refStats(all, cls);
        const got = columnStats(all, cls);
        expectStats(got, want, cls);
        // Doubles: a roll-up adds the two partial sums (a different order of additions).
        const sa = refStats(a, cls).sum;
        const sb = refStats(b, cls).sum;
        const rolled = cls.kind === 'double' && sa !== null && sb !== null ? { ...want, sum: (sa as number) + (sb as number) } : want;
        expectStats(mergeStats(columnStats(a, cls), columnStats(b, cls), cls), rolled, cls);
        expectStats(statsFromJson(JSON.parse(JSON.stringify(statsToJson(got, cls))), cls), want, cls);
        const enc = encodeColumn(all, cls);
        const vec = decodeColumn(enc.type, enc.bytes, all.length, cls, []);
        expectStats(vectorStats(vec, cls), want, cls);
        const sel = Int32Array.from(new Set(picks.map((k) => k % all.length))).sort();
        expectStats(vectorStats(vec, cls, sel, sel.length), refStats([...sel].map((i) => all[i]), cls), cls);
      }),
      RUNS,
    );
  });
});

function refStats(values: Value[], cls: ColumnClass): ColumnStats {
  const nn = values.filter((v) => v !== null);
  const sorted = [...nn].sort((x, y) => refCompare(x, y, cls));
  let sum: Value = null;
  if (nn.length && cls.kind === 'int') {
    const s = nn.reduce<bigint>((acc, v) => acc + BigInt(v as number | bigint), 0n);
    sum = s >= -(2n ** 53n - 1n) && s <= 2n ** 53n - 1n ? Number(s) : s;
  } else if (nn.length && cls.kind === 'double') sum = nn.reduce<number>((acc, v) => acc + (v as number), 0);
  else if (nn.length && cls.kind === 'decimal') sum = nn.reduce<Decimal>((acc, v) => acc.add(v as Decimal), new Decimal(0n, cls.scale));
  return { min: sorted[0] ?? null, max: sorted[sorted.length - 1] ?? null, nullCount: values.length - nn.length, rowCount: values.length, sum };
}

function expectStats(got: ColumnStats, want: ColumnStats, cls: ColumnClass): void {
  expect([got.nullCount, got.rowCount]).toEqual([want.nullCount, want.rowCount]);
  for (const k of ['min', 'max'] as const) {
    if (want[k] === null) expect(got[k]).toBeNull();
    else expect(got[k] !== null && refCompare(got[k], want[k], cls) === 0, `${k}: ${String(got[k])} vs ${String(want[k])}`).toBe(true);
  }
  if (want.sum === null || cls.kind === 'string') expect(got.sum).toBeNull();
  else if (cls.kind === 'decimal') expect((got.sum as Decimal).compare(want.sum as Decimal)).toBe(0);
  else if (cls.kind === 'int') expect(got.sum).toBe(want.sum);
  else expect(Object.is(got.sum, want.sum), `sum ${String(got.sum)} vs ${String(want.sum)}`).toBe(true);
}

describe('random bytes', () => {
  it('decoding never fails with anything but an ObError', () => {
    const classes = CLASSES.map((c) => c.cls);
    fc.assert(
      fc.property(
        fc.constantFrom(...ENCODING_TYPES),
        fc.constantFrom(...classes),
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: 40 }),
        (type, cls, bytes, n) => {
          try {
            const v = decodeColumn(type, bytes, n, cls, []);
            expect(v.length).toBe(n);
          } catch (e) {
            if (!(e instanceof ObError)) throw e;
          }
          try {
            filterEncoded(type, bytes, n, cls, { column: 0, op: '>', value: cls.kind === 'string' ? 'm' : cls.kind === 'decimal' ? new Decimal(5n, 0) : 5 }, new Uint8Array(n));
          } catch (e) {
            if (!(e instanceof ObError)) throw e;
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
