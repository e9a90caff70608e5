/**
 * Byte strings: how VARBINARY/BLOB values (and HBase rows, qualifiers and values) are held — a
 * JavaScript string with one char per byte (char codes 0..255), so byte order is code-unit order,
 * values stay cheap to compare and to use as map keys, and they cross structured clone and JSON
 * unchanged. Text typed by a user becomes its UTF-8 bytes (`utf8ToBytes`); bytes are shown as text
 * when they are valid printable UTF-8, else with HBase shell's `\xNN` escapes (`formatBytes`).
 * (MySQL's binary collation / OceanBase's `CS_TYPE_BINARY`.)
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 bytes of `text` as a byte string. */
export function utf8ToBytes(text: string): string {
  // Pure ASCII is already its own byte string.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return bytesToByteString(encoder.encode(text));
}

/** Decodes a byte string as UTF-8; null when it is not valid UTF-8. */
export function bytesToUtf8(bytes: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(bytes)) return bytes;
  try {
    return decoder.decode(byteStringToArray(bytes));
  } catch {
    return null;
  }
}

/** True when every char of `s` is a byte (0..255). */
export function isByteString(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\xff]*$/.test(s);
}

export function byteStringToArray(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function bytesToByteString(a: Uint8Array): string {
  let s = '';
  for (let i = 0; i < a.length; i += 8192) s += String.fromCharCode(...a.subarray(i, i + 8192));
  return s;
}

/**
 * The HBase shell's rendering of bytes (`Bytes.toStringBinary`): printable ASCII as is, every other
 * byte as `\xNN` (upper-case hex). Valid UTF-8 text with non-ASCII letters is shown decoded.
 */
export function formatBytes(bytes: string): string {
  const text = bytesToUtf8(bytes);
  // eslint-disable-next-line no-control-regex
  if (text !== null && !/[\x00-\x1f\x7f]/.test(text) && text !== bytes) return text;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? bytes[i] : `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** An 8-byte big-endian two's-complement long as a byte string (HBase `Bytes.toBytes(long)`). */
export function longToBytes(v: bigint): string {
  let x = BigInt.asUintN(64, v);
  const out = new Array<string>(8);
  for (let i = 7; i >= 0; i--) {
    out[i] = String.fromCharCode(Number(x & 0xffn));
    x >>= 8n;
  }
  return out.join('');
}

/** The long in an 8-byte byte string (HBase `Bytes.toLong`); null when it is not 8 bytes. */
export function bytesToLong(bytes: string): bigint | null {
  if (bytes.length !== 8) return null;
  let x = 0n;
  for (let i = 0; i < 8; i++) x = (x << 8n) | BigInt(bytes.charCodeAt(i) & 0xff);
  return BigInt.asIntN(64, x);
}
