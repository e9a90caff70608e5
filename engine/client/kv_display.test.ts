/** How a KV script's printed and returned values are shown: tables for rows, HBase cells, batches; text otherwise. */
import { describe, expect, it } from 'vitest';
import { DISPLAY_ROWS_MAX, displayToLines, toDisplay, valueText } from './kv_display';

describe('toDisplay', () => {
  it('shows a row and an array of rows as a table (columns in first-seen order, NULL kept)', () => {
    expect(toDisplay({ c1: 1, c2: 'a' })).toEqual({ kind: 'table', columns: ['c1', 'c2'], rows: [['1', 'a']], numeric: [true, false] });
    expect(toDisplay([{ k: 1n, v: null }, { k: 2, w: new Uint8Array([0xab, 1]) }])).toEqual({
      kind: 'table',
      columns: ['k', 'v', 'w'],
      rows: [['1', null, null], ['2', null, '0xab01']],
      numeric: [true, true, false],
    });
  });

  it('shows a QueryResult with its columns, even when empty', () => {
    expect(toDisplay({ columns: ['k', 'v'], rows: [{ k: 1, v: 'x' }] })).toMatchObject({ columns: ['k', 'v'], rows: [['1', 'x']] });
    expect(toDisplay({ columns: ['k', 'v'], rows: [] })).toMatchObject({ kind: 'table', columns: ['k', 'v'], rows: [], note: '0 rows' });
  });

  it('shows HBase results as cells with a row count', () => {
    const r = { row: 'r1', cells: [{ row: 'r1', family: 'f', qualifier: 'q', timestamp: 5, value: 'v' }] };
    expect(toDisplay([r, { row: 'r2', cells: [] }])).toEqual({
      kind: 'table', columns: ['ROW', 'COLUMN', 'TIMESTAMP', 'VALUE'], rows: [['r1', 'f:q', '5', 'v']], numeric: [false, false, true, false], note: '1 row(s)',
    });
    expect(toDisplay({ row: '', cells: [] })).toEqual({ kind: 'text', text: '(empty result)' });
  });

  it('shows a batch result one operation per line, errors by name and message', () => {
    const err = Object.assign(new Error('[-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][dup]'), { name: 'ObTableException' });
    expect(toDisplay({ results: [1, { c1: 2 }, err] })).toMatchObject({
      columns: ['#', 'RESULT'],
      rows: [['0', '1'], ['1', '{ c1: 2 }'], ['2', 'ObTableException: [-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][dup]']],
    });
  });

  it('shows anything else as text', () => {
    expect(toDisplay('plain')).toEqual({ kind: 'text', text: 'plain' });
    expect(toDisplay({})).toEqual({ kind: 'text', text: '{}' });
    expect(toDisplay([1, 'a', null])).toEqual({ kind: 'text', text: '[1, "a", null]' });
    expect(toDisplay(12345678901234567890n)).toEqual({ kind: 'text', text: '12345678901234567890' });
    expect(toDisplay(undefined)).toEqual({ kind: 'text', text: 'undefined' });
    expect(valueText({ a: { b: { c: { d: { e: { f: 1 } } } } } })).toBe('{ a: { b: { c: { d: { e: {…} } } } } }');
  });

  it('caps the rows of a table and says so', () => {
    const rows = Array.from({ length: DISPLAY_ROWS_MAX + 5 }, (_, i) => ({ k: i }));
    const d = toDisplay(rows);
    expect(d.kind === 'table' && d.rows.length).toBe(DISPLAY_ROWS_MAX);
    expect(d.kind === 'table' && d.note).toBe(`showing the first ${DISPLAY_ROWS_MAX} of ${DISPLAY_ROWS_MAX + 5} rows`);
  });

  it('turns a display into text lines for automation', () => {
    expect(displayToLines(toDisplay([{ k: 1, v: null }]))).toEqual(['k | v', '1 | NULL']);
    expect(displayToLines(toDisplay('a\nb'))).toEqual(['a', 'b']);
  });
});
