import { describe, expect, it } from 'vitest';
import { splitStatements, statementAtCursor } from './statements';

describe('splitStatements', () => {
  it('splits on semicolons and keeps them', () => {
    expect(splitStatements('SELECT 1; SELECT 2;\n').map((s) => s.text)).toEqual(['SELECT 1;', 'SELECT 2;']);
  });

  it('ignores semicolons inside strings, identifiers and comments', () => {
    const text = "INSERT INTO t VALUES (1,'a;b'), (2, \"c\\\";\");\n-- note; here\nSELECT `x;y` /* ; */ FROM t # ;\n;";
    expect(splitStatements(text).map((s) => s.text)).toEqual([
      "INSERT INTO t VALUES (1,'a;b'), (2, \"c\\\";\");",
      '-- note; here\nSELECT `x;y` /* ; */ FROM t # ;\n;',
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('SELECT 1;\nSELECT 2').map((s) => s.text)).toEqual(['SELECT 1;', 'SELECT 2']);
  });

  it('handles doubled quotes', () => {
    expect(splitStatements("SELECT 'it''s;'; SELECT 3").map((s) => s.text)).toEqual(["SELECT 'it''s;';", 'SELECT 3']);
  });
});

describe('statementAtCursor', () => {
  const text = 'CREATE TABLE t (c1 INT);\nINSERT INTO t VALUES (1);\n\n\nSELECT * FROM t;\n';

  it('picks the statement under the cursor', () => {
    expect(statementAtCursor(text, text.indexOf('VALUES'))?.text).toBe('INSERT INTO t VALUES (1);');
    expect(statementAtCursor(text, 3)?.text).toBe('CREATE TABLE t (c1 INT);');
  });

  it('picks the statement that ends right before the cursor', () => {
    expect(statementAtCursor(text, text.indexOf(';') + 1)?.text).toBe('CREATE TABLE t (c1 INT);');
  });

  it('picks the previous statement when the cursor is on the blank lines after it', () => {
    expect(statementAtCursor(text, text.indexOf('\n\n') + 2)?.text).toBe('INSERT INTO t VALUES (1);');
  });

  it('picks the last statement when the cursor is at the end of the text', () => {
    expect(statementAtCursor(text, text.length)?.text).toBe('SELECT * FROM t;');
  });

  it('returns null for an empty editor', () => {
    expect(statementAtCursor('  \n ', 2)).toBeNull();
  });
});

describe('statementAtCursor at a line start', () => {
  it('picks the statement that starts on the cursor line', () => {
    const text = 'SELECT 1;\n\nSELECT 2;';
    expect(statementAtCursor(text, text.indexOf('SELECT 2'))?.text).toBe('SELECT 2;');
  });
});
