/**
 * DATE columns encoded as packed day numbers (INTEGER_BASE_DIFF): the day arithmetic round-trips
 * and preserves order, the picker chooses it for DATE text, it decodes to the same text, and
 * filters on the packed days agree with comparing the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateToDays, daysToDate } from './date_days';
import { decodeColumn, encodeColumn, encodeColumnAs, filterEncoded, filterVector, vectorToValues } from './index';
import type { ColumnClass, StoragePredicate } from './types';

const DATE: ColumnClass = { kind: 'string', ci: false };

describe('day numbers of canonical dates', () => {
  it('round-trip every day from 1900 to 2100 and the ends of the range, in order', () => {
    let prev = -Infinity;
    for (let d = dateToDays('1900-01-01')!; d <= dateToDays('2100-12-31')!; d++) {
      const s = daysToDate(d);
      expect(dateToDays(s)).toBe(d);
      expect(d).toBeGreaterThan(prev);
      prev = d;
    }
    expect(dateToDays('1970-01-01')).toBe(0);
    expect(daysToDate(dateToDays('0000-01-01')!)).toBe('0000-01-01');
    expect(daysToDate(dateToDays('9999-12-31')!)).toBe('9999-12-31');
    expect(daysToDate(dateToDays('2000-02-29')!)).toBe('2000-02-29');
  });

  it('refuse anything but a valid canonical date', () => {
    for (const s of ['1900-02-29', '1994-02-30', '1994-13-01', '1994-00-10', '1994-1-01', '1994-01-01 00:00:00', '0000-00-00', 'abcd-ef-gh', '']) {
      expect(dateToDays(s), s).toBeNull();
    }
  });
});

const dayArb = fc.integer({ min: dateToDays('1992-01-01')!, max: dateToDays('1998-12-31')! });
const columnArb = fc.array(fc.option(dayArb, { freq: 8 }), { minLength: 1, maxLength: 300 }).map((xs) => xs.map((d) => (d === null ? null : daysToDate(d))));
const opArb = fc.constantFrom('=', '<>', '<', '<=', '>', '>=' as const);

describe('DATE columns as INTEGER_BASE_DIFF', () => {
  it('are chosen by the picker, much smaller than RAW, and decode to the same text', () => {
    const values = Array.from({ length: 1000 }, (_, i) => daysToDate(8000 + ((i * 7919) % 2500)));
    const enc = encodeColumn(values, DATE);
    expect(enc.type).toBe('INTEGER_BASE_DIFF');
    expect(enc.bytes.length * 4).toBeLessThan(enc.rawBytes);
    expect(vectorToValues(decodeColumn(enc.type, enc.bytes, values.length, DATE, []), DATE)).toEqual(values);
  });

  it('round-trip with NULLs, and filter on packed days exactly as comparing the text', () => {
    fc.assert(
      fc.property(columnArb, opArb, dayArb, dayArb, (values, op, a, b) => {
        const enc = encodeColumnAs('INTEGER_BASE_DIFF', values, DATE);
        expect(enc).not.toBeNull();
        const vec = decodeColumn('INTEGER_BASE_DIFF', enc!.bytes, values.length, DATE, []);
        expect(vectorToValues(vec, DATE)).toEqual(values);
        const preds: StoragePredicate[] = [
          { column: 0, op, value: daysToDate(a) },
          { column: 0, op: 'between', low: daysToDate(Math.min(a, b)), high: daysToDate(Math.max(a, b)) },
          { column: 0, op: 'in', values: [daysToDate(a), daysToDate(b)] },
          { column: 0, op: 'is_null' },
        ];
        for (const pred of preds) {
          const onDays = new Uint8Array(values.length).fill(1);
          const onText = new Uint8Array(values.length).fill(1);
          expect(filterEncoded('INTEGER_BASE_DIFF', enc!.bytes, values.length, DATE, pred, onDays)).toBe(true);
          filterVector(vec, pred, DATE, onText);
          expect(Array.from(onDays)).toEqual(Array.from(onText));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('leave a constant that is not a canonical date to the decoded path', () => {
    const values = ['1994-01-01', '1995-06-30', null];
    const enc = encodeColumnAs('INTEGER_BASE_DIFF', values, DATE)!;
    const sel = new Uint8Array(3).fill(1);
    expect(filterEncoded('INTEGER_BASE_DIFF', enc.bytes, 3, DATE, { column: 0, op: '<', value: '1995-01-01 12:00:00' }, sel)).toBe(false);
    expect(encodeColumnAs('INTEGER_BASE_DIFF', ['1994-01-01 10:00:00'], DATE)).toBeNull();
    expect(encodeColumnAs('INTEGER_BASE_DIFF', ['a'], { kind: 'string', ci: true })).toBeNull();
  });
});
