import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';
import { ByteReader, ByteWriter, decodeRow, encodeRow } from './row_codec';

describe('row codec', () => {
  it('round-trips strings of every length and script like UTF-8 does', () => {
    const samples = ['', 'a', 'abc', 'é', '日本語', '😀', 'x'.repeat(127), 'é'.repeat(60), 'é'.repeat(127), 'y'.repeat(128), '\ud800x', 'a😀b'.repeat(30), 'z'.repeat(5000)];
    for (const s of samples) {
      const w = new ByteWriter(4);
      w.string(s);
      w.u8(7);
      const r = new ByteReader(w.finish());
      expect(r.string()).toBe(new TextDecoder().decode(new TextEncoder().encode(s)));
      expect(r.u8()).toBe(7);
    }
  });

  it('round-trips rows of every value kind', () => {
    const row = [null, 0, -1, 2147483648, 1.5, -0.25, 9007199254740993n, -9223372036854775808n, 18446744073709551615n, 'text', new Decimal(-1234567n, 3), '2024-02-29 23:59:59.123456'];
    expect(decodeRow(encodeRow(row))).toEqual(row);
  });

  it('rejects truncated input with an ObError instead of reading garbage', () => {
    const bytes = encodeRow(['hello world', 42]);
    expect(() => decodeRow(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
  });
});
