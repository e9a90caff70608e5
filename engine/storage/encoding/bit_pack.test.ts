/**
 * Bit packing at every width, and NULL bitmaps: what the encodings build on.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader } from '../../common/row_codec';
import { bitsFor, filterCodes, packBits, packNullBitmap, paddedPacked, readField, readNullBitmap, unpackInto, unpackMapped } from './bit_pack';

describe('bit packing', () => {
  it('bitsFor gives the minimal width', () => {
    expect([0, 1, 2, 3, 4, 255, 256, 2 ** 53 - 1].map(bitsFor)).toEqual([0, 1, 2, 2, 3, 8, 9, 53]);
  });

  it('round-trips every width from 0 to 53 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 53 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 70 }), (w, fracs) => {
        const max = 2 ** w - 1;
        const xs = fracs.map((f) => Math.min(max, Math.floor(f * 2 ** w)));
        const packed = packBits(xs.length, w, (i) => xs[i]);
        expect(packed.length).toBe(Math.ceil((xs.length * w) / 8));
        const padded = paddedPacked(packed, 0, xs.length, w, 'test');
        const out = new Float64Array(xs.length);
        unpackInto(padded, xs.length, w, 0, out);
        expect([...out]).toEqual(xs);
        xs.forEach((x, i) => expect(readField(padded, i, w)).toBe(x));
      }),
      { numRuns: 500 },
    );
  });

  it('maps and filters codes in one pass', () => {
    const codes = [3, 0, 2, 2, 1, 3, 0];
    const padded = paddedPacked(packBits(codes.length, 2, (i) => codes[i]), 0, codes.length, 2, 'test');
    const out = new Float64Array(codes.length);
    expect(unpackMapped(padded, codes.length, 2, Float64Array.of(10, 11, 12, 13), out)).toBe(3);
    expect([...out]).toEqual([13, 10, 12, 12, 11, 13, 10]);
    const sel = Uint8Array.of(1, 1, 1, 0, 1, 1, 1);
    filterCodes(padded, codes.length, 2, Uint8Array.of(0, 1, 1, 0), sel);
    expect([...sel]).toEqual([0, 0, 1, 0, 1, 0, 0]);
  });

  it('NULL bitmaps round-trip', () => {
    const flags = [1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1];
    const bits = packNullBitmap(flags.length, (i) => flags[i] === 1);
    expect(bits.length).toBe(2);
    expect([...readNullBitmap(new ByteReader(bits), flags.length)]).toEqual(flags);
  });
});
