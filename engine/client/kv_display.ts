/**
 * How a KV script's printed and returned values are shown (issue #5 item 5): rows and arrays of
 * rows as a table (like the SQL result grid), a query result as its columns and rows, HBase
 * results as `ROW | COLUMN | TIMESTAMP | VALUE` cells, a batch result as one line per operation,
 * anything else as text (bigint without `n`, bytes as `0x…`, dates as ISO text).
 *
 * This module runs INSIDE the sandboxed script worker (bundled into the `?kvruntime` script), so it
 * has no imports and touches no page state. The page re-validates every `KvDisplay` it receives
 * (`isKvDisplay` in protocol.ts): the script may post anything.
 */

/** A value rendered for the KV results pane. */
export type KvDisplay =
  | { kind: 'text'; text: string }
  | { kind: 'table'; columns: string[]; rows: (string | null)[][]; numeric: boolean[]; note?: string };

/** Rows shown per table at most (the note says how many there were). */
export const DISPLAY_ROWS_MAX = 500;
/** Characters of one text item at most. */
export const DISPLAY_TEXT_MAX = 20_000;
/** Columns shown per table at most. */
export const DISPLAY_COLUMNS_MAX = 64;

function hex(bytes: Uint8Array): string {
  let s = '0x';
  for (let i = 0; i < bytes.length && i < 256; i++) s += bytes[i].toString(16).padStart(2, '0');
  return bytes.length > 256 ? `${s}… (${bytes.length} bytes)` : s;
}

function isScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== 'object' || v instanceof Uint8Array || v instanceof Date;
}

/** One cell's text: null stays null (shown as NULL); numbers and bigints as digits. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return hex(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  return valueText(v);
}

/** A value as one line of text (JSON-like; strings quoted when nested). */
export function valueText(v: unknown, depth = 0): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`;
  if (typeof v !== 'object') return String(v);
  if (v instanceof Uint8Array) return hex(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (depth > 4) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) return `[${v.slice(0, 100).map((x) => valueText(x, depth + 1)).join(', ')}${v.length > 100 ? ', …' : ''}]`;
  const own = typeof (v as { toString?: unknown }).toString === 'function' && (v as object).toString !== Object.prototype.toString;
  if (own && Object.keys(v).length === 0) return String(v);
  const parts = Object.keys(v).slice(0, 100).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${valueText((v as Record<string, unknown>)[k], depth + 1)}`);
  return `{ ${parts.join(', ')} }`.replace('{  }', '{}');
}

function isRow(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array || v instanceof Date || v instanceof Error) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => isScalar((v as Record<string, unknown>)[k]));
}

function isHResult(v: unknown): v is { row: string; cells: { row: string; family: string; qualifier: string; timestamp: number; value: string }[] } {
  return v !== null && typeof v === 'object' && typeof (v as { row?: unknown }).row === 'string' && Array.isArray((v as { cells?: unknown }).cells);
}

function table(columns: string[], rows: unknown[][], total: number): KvDisplay {
  const cols = columns.slice(0, DISPLAY_COLUMNS_MAX);
  const shown = rows.slice(0, DISPLAY_ROWS_MAX).map((r) => cols.map((_, i) => cellText(r[i])));
  const numeric = cols.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number' || typeof r[i] === 'bigint'));
  const notes: string[] = [];
  if (total > shown.length) notes.push(`showing the first ${shown.length} of ${total} rows`);
  if (columns.length > cols.length) notes.push(`showing ${cols.length} of ${columns.length} columns`);
  return { kind: 'table', columns: cols, rows: shown, numeric, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

function rowsTable(rows: Record<string, unknown>[], columns?: string[]): KvDisplay {
  const cols = columns ? [...columns] : [];
  if (!columns) for (const r of rows.slice(0, DISPLAY_ROWS_MAX)) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return table(cols, rows.map((r) => cols.map((c) => r[c])), rows.length);
}

function hbaseTable(results: { row: string; cells: { row: string; family: string; qualifier: string; timestamp: number; value: string }[] }[]): KvDisplay {
  const cells = results.flatMap((r) => r.cells.map((c) => [c.row, `${c.family}:${c.qualifier}`, c.timestamp, c.value]));
  const d = table(['ROW', 'COLUMN', 'TIMESTAMP', 'VALUE'], cells, cells.length);
  const rowsNote = `${results.filter((r) => r.cells.length > 0).length} row(s)`;
  return d.kind === 'table' ? { ...d, note: d.note ? `${rowsNote}; ${d.note}` : rowsNote } : d;
}

function textOf(s: string): KvDisplay {
  return { kind: 'text', text: s.length > DISPLAY_TEXT_MAX ? `${s.slice(0, DISPLAY_TEXT_MAX)}… (${s.length} characters)` : s };
}

/**
 * A printed or returned value as a `KvDisplay`: a row (`{c1: 1, c2: 'a'}`) or an array of rows →
 * a table (columns in first-seen order); `{ columns, rows }` (QueryResult) → its table; an HResult
 * or array of them → HBase cells; `{ results }` (BatchResult) → `# | RESULT`; otherwise text.
 */
export function toDisplay(v: unknown): KvDisplay {
  if (typeof v === 'string') return textOf(v);
  if (Array.isArray(v) && v.length > 0 && v.every(isRow)) return rowsTable(v);
  if (Array.isArray(v) && v.length > 0 && v.every(isHResult)) return hbaseTable(v);
  if (v !== null && typeof v === 'object') {
    const o = v as { columns?: unknown; rows?: unknown; results?: unknown };
    if (Array.isArray(o.rows) && (o.rows as unknown[]).every((r) => r !== null && typeof r === 'object')) {
      const cols = Array.isArray(o.columns) && o.columns.every((c) => typeof c === 'string') ? (o.columns as string[]) : undefined;
      if (o.rows.length === 0 && !cols) return textOf('(0 rows)');
      const d = rowsTable(o.rows as Record<string, unknown>[], cols && cols.length > 0 ? cols : undefined);
      return d.kind === 'table' && o.rows.length === 0 ? { ...d, note: '0 rows' } : d;
    }
    if (isHResult(v)) return v.cells.length === 0 ? textOf('(empty result)') : hbaseTable([v]);
    if (Array.isArray(o.results)) {
      return table(['#', 'RESULT'], (o.results as unknown[]).map((r, i) => [i, typeof r === 'number' ? String(r) : valueText(r, 1)]), o.results.length);
    }
    if (isRow(v)) return rowsTable([v]);
  }
  return textOf(valueText(v));
}

/** A display as plain text lines (the page API obPlayground.kv's `output`): a table as `a | b` lines. */
export function displayToLines(d: KvDisplay): string[] {
  if (d.kind === 'text') return d.text.split('\n');
  const lines = [d.columns.join(' | '), ...d.rows.map((r) => r.map((c) => (c === null ? 'NULL' : c)).join(' | '))];
  if (d.note) lines.push(`(${d.note})`);
  return lines;
}
