/**
 * Statement splitting: `;` ends a statement except inside strings, quoted identifiers and
 * comments; offsets let the editor find the statement under the cursor.
 */
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../index';

const texts = (sql: string) => splitStatements(sql).map((s) => s.text);

describe('splitStatements', () => {
  it('splits at semicolons and gives offsets into the source', () => {
    const sql = 'SELECT 1;\n  SELECT 2 ;SELECT 3';
    const spans = splitStatements(sql);
    expect(spans).toEqual([
      { text: 'SELECT 1', start: 0, end: 8 },
      { text: 'SELECT 2', start: 12, end: 20 },
      { text: 'SELECT 3', start: 22, end: 30 },
    ]);
    for (const s of spans) expect(sql.slice(s.start, s.end)).toBe(s.text);
  });

  it('ignores semicolons inside strings and quoted identifiers, with escapes and doubling', () => {
    expect(texts(`SELECT 'a;b', "c;d", \`e;f\`; SELECT 2`)).toEqual([`SELECT 'a;b', "c;d", \`e;f\``, 'SELECT 2']);
    expect(texts(String.raw`SELECT 'it\'s;', 'x'';y'; SELECT "q\";"`)).toEqual([String.raw`SELECT 'it\'s;', 'x'';y'`, String.raw`SELECT "q\";"`]);
    expect(texts('SELECT `a``;b`; SELECT 1')).toEqual(['SELECT `a``;b`', 'SELECT 1']);
  });

  it('ignores semicolons inside comments and drops leading and trailing comments', () => {
    expect(texts('-- a; b\nSELECT 1 /* c; d */ + 2; # e; f\nSELECT 3 -- tail;')).toEqual(['SELECT 1 /* c; d */ + 2', 'SELECT 3']);
    expect(texts('SELECT /*+ PARALLEL(2) */ 1;')).toEqual(['SELECT /*+ PARALLEL(2) */ 1']);
  });

  it('treats -- as a comment only when followed by whitespace, as MySQL does', () => {
    expect(texts('SELECT 1--1; SELECT 2')).toEqual(['SELECT 1--1', 'SELECT 2']);
    expect(texts('SELECT 1 --\n; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('skips empty statements and comment-only pieces', () => {
    expect(texts(';; SELECT 1 ;; -- only a comment\n ; /* x */;')).toEqual(['SELECT 1']);
    expect(splitStatements('')).toEqual([]);
  });

  it('runs an unterminated string or comment to the end of the text', () => {
    expect(texts("SELECT 'abc; SELECT 2")).toEqual(["SELECT 'abc; SELECT 2"]);
    expect(texts('SELECT 1 /* open; SELECT 2')).toEqual(['SELECT 1 /* open; SELECT 2']);
  });

  it('keeps a statement without a final semicolon', () => {
    expect(splitStatements('  SELECT 1\n')).toEqual([{ text: 'SELECT 1', start: 2, end: 10 }]);
  });
});
