import { describe, expect, it } from 'vitest';
import { bytesToLong, bytesToUtf8, formatBytes, longToBytes, utf8ToBytes } from './binary';

describe('byte strings', () => {
  it('round-trips UTF-8 text', () => {
    const b = utf8ToBytes('héllo');
    expect(b.length).toBe(6);
    expect(bytesToUtf8(b)).toBe('héllo');
  });
  it('encodes longs big-endian like HBase Bytes.toBytes(long)', () => {
    expect(longToBytes(11n)).toBe('\x00\x00\x00\x00\x00\x00\x00\x0b');
    expect(bytesToLong(longToBytes(-2n))).toBe(-2n);
    expect(bytesToLong('abc')).toBeNull();
  });
  it('formats non-printable bytes as the HBase shell does', () => {
    expect(formatBytes(longToBytes(11n))).toBe('\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x0B');
    expect(formatBytes('value1')).toBe('value1');
  });
});
