/**
 * Output formatting of the HBase 2.x shell (hbase-shell `formatter.rb`, `table.rb`, `admin.rb`):
 * two-column tables (`ROW  COLUMN+CELL` for scan, `COLUMN  CELL` for get) whose first column is
 * padded to a fixed width, cells as `column=f1:c1, timestamp=1700000000000, value=v1`, bytes
 * rendered like `Bytes.toStringBinary` (`formatBytes`), `N row(s)`, `Took 0.0123 seconds`,
 * Ruby `=> value` results, TTLs like HBase's `PrettyPrinter` (`3600 SECONDS (1 HOUR)`).
 */
import { bytesToByteString, formatBytes, utf8ToBytes } from '../../common/binary';
import type { HCellResult, HTableDescription } from '../kv_api_types';

/** Width of the first column (as the shell prints it on a 100-column terminal, minus the inset). */
export const FIRST_COLUMN_WIDTH = 21;

/** A two-column header: `ROW                    COLUMN+CELL`. */
export function tableHeader(first: string, second: string): string {
  return first.padEnd(FIRST_COLUMN_WIDTH) + '  ' + second;
}

/** A two-column row, inset by one space: ` r1                    column=...`. */
export function tableRow(first: string, second: string): string {
  return ' ' + first.padEnd(FIRST_COLUMN_WIDTH) + ' ' + second;
}

/**
 * A row key or qualifier as the shell shows it. The client hands them over as display text
 * already (printable UTF-8 as is, other bytes as `\xNN`, script_api `byteStringToText`); any
 * control character left is escaped the same way.
 */
export function formatKey(key: string): string {
  return escapeControls(key);
}

/**
 * The bytes of a key the client showed as display text: `\xNN` escapes back to bytes, other text
 * to its UTF-8 bytes (a literal `\x41` typed in a key is ambiguous; taken as an escape).
 */
export function displayKeyToBytes(text: string): string {
  const parts = text.split(/(\\x[0-9A-Fa-f]{2})/);
  return parts.map((p, i) => (i % 2 === 1 ? String.fromCharCode(parseInt(p.slice(2), 16)) : utf8ToBytes(p))).join('');
}

function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A cell's value bytes as the shell shows them (`Bytes.toStringBinary`). */
export function formatValue(cell: HCellResult): string {
  return formatBytes(bytesToByteString(cell.bytes));
}

const lossyUtf8 = new TextDecoder('utf-8');

function fixed(bytes: Uint8Array, n: number, read: (v: DataView) => string): string | null {
  return bytes.length === n ? read(new DataView(bytes.buffer, bytes.byteOffset, n)) : null;
}

/**
 * Value converters of get/scan (`'f1:c1:toLong'`, `FORMATTER => 'toString'`), as HBase's `Bytes`
 * methods read big-endian bytes. A value of the wrong length for the type shows as binary.
 */
export const VALUE_CONVERTERS: Record<string, (bytes: Uint8Array) => string | null> = {
  toLong: (b) => fixed(b, 8, (v) => v.getBigInt64(0).toString()),
  toInt: (b) => fixed(b, 4, (v) => String(v.getInt32(0))),
  toShort: (b) => fixed(b, 2, (v) => String(v.getInt16(0))),
  toFloat: (b) => fixed(b, 4, (v) => String(v.getFloat32(0))),
  toDouble: (b) => fixed(b, 8, (v) => String(v.getFloat64(0))),
  toBoolean: (b) => (b.length === 1 ? String(b[0] !== 0) : null),
  toString: (b: Uint8Array) => escapeControls(lossyUtf8.decode(b)),
  toStringBinary: (b) => formatBytes(bytesToByteString(b)),
};

/** A value through a converter (binary when it does not apply). */
export function convertValue(cell: HCellResult, converter: string | undefined): string {
  const convert = converter ? VALUE_CONVERTERS[converter] : undefined;
  return (convert && convert(cell.bytes)) ?? formatValue(cell);
}

/** `f1:c1` */
export function formatColumn(cell: HCellResult): string {
  return `${formatKey(cell.family)}:${formatKey(cell.qualifier)}`;
}

/** The scan cell column: `column=f1:c1, timestamp=1700000000000, value=v1`. */
export function scanCell(cell: HCellResult, value = formatValue(cell)): string {
  return `column=${formatColumn(cell)}, timestamp=${cell.timestamp}, value=${value}`;
}

/** The get cell column: `timestamp=1700000000000, value=v1`. */
export function getCell(cell: HCellResult, value = formatValue(cell)): string {
  return `timestamp=${cell.timestamp}, value=${value}`;
}

/** `Took 0.0123 seconds` from an elapsed time in ms. */
export function tookLine(elapsedMs: number): string {
  return `Took ${(Math.max(0, elapsedMs) / 1000).toFixed(4)} seconds`;
}

/** Ruby's `inspect` of a list of strings: `["t1", "t2"]`. */
export function rubyStringList(items: readonly string[]): string {
  return `[${items.map(rubyString).join(', ')}]`;
}

/** Ruby's `inspect` of a string: `"t1"` with `\"`, `\\` and `\xNN` escapes. */
export function rubyString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${formatKey(s).replace(/"/g, '\\"')}"`;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** HBase's "forever" TTL (Integer.MAX_VALUE seconds). */
export const TTL_FOREVER = 2147483647;

function unit(n: number, name: string): string {
  return `${n} ${name}${n === 1 ? '' : 'S'}`;
}

/**
 * A TTL in seconds as HBase's `PrettyPrinter` writes it: `FOREVER`, `30 SECONDS`,
 * `3600 SECONDS (1 HOUR)`, `90061 SECONDS (1 DAY 1 HOUR 1 MINUTE 1 SECOND)`.
 */
export function formatTtl(ttlSeconds: number | null): string {
  if (ttlSeconds === null || ttlSeconds >= TTL_FOREVER) return 'FOREVER';
  if (ttlSeconds < MINUTE) return unit(ttlSeconds, 'SECOND');
  const days = Math.floor(ttlSeconds / DAY);
  const hours = Math.floor((ttlSeconds % DAY) / HOUR);
  const minutes = Math.floor((ttlSeconds % HOUR) / MINUTE);
  const seconds = ttlSeconds % MINUTE;
  const parts: string[] = [];
  if (days > 0) parts.push(unit(days, 'DAY'));
  if (hours > 0) parts.push(unit(hours, 'HOUR'));
  if (minutes > 0) parts.push(unit(minutes, 'MINUTE'));
  if (seconds > 0) parts.push(unit(seconds, 'SECOND'));
  return `${ttlSeconds} SECONDS (${parts.join(' ')})`;
}

/**
 * `describe`'s body (HBase 2.x layout): `Table t1 is ENABLED`, the name with OBKV's table
 * attributes (tablegroup, partitioning), `COLUMN FAMILIES DESCRIPTION`, one
 * `{NAME => 'f1', VERSIONS => '3', TTL => 'FOREVER'}` per family, a blank line, `N row(s)`.
 */
export function describeLines(d: HTableDescription): string[] {
  const lines = [`Table ${d.name} is ${d.enabled ? 'ENABLED' : 'DISABLED'}`];
  lines.push(`${d.name}, {TABLE_ATTRIBUTES => {TABLEGROUP => '${d.name}', PARTITIONING => '${d.partitioning}'}}`);
  lines.push('COLUMN FAMILIES DESCRIPTION');
  for (const f of d.families) {
    lines.push(`{NAME => '${f.name}', VERSIONS => '${f.maxVersions}', TTL => '${formatTtl(f.ttlSeconds)}'}`);
  }
  lines.push('');
  lines.push(`${d.families.length} row(s)`);
  return lines;
}
