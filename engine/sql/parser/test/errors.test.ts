/**
 * Error behaviour: MySQL's ERROR 1064 text with `near '<rest from the offending token>' at
 * line N`, 1065 for empty queries, 1235 for known-but-unsupported statements, and a fuzz over
 * random token and character soup checking that nothing but ObErrors ever escapes.
 */
import { describe, expect, it } from 'vitest';
import { isObError } from '../../../common/ob_error';
import { parseSql, parseStatement } from '../index';
import { createSqlParser, PAREN_DEPTH_MAX } from '../statement_parser';
import { errorOf, nearOf, one, parseErrorText } from './helpers';

describe('ERROR 1064', () => {
  it('prints the exact MySQL text for a misspelt keyword', () => {
    expect(parseErrorText('SELEC 1')).toBe(
      "ERROR 1064 (42000): You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near 'SELEC 1' at line 1");
  });

  it('quotes the statement from the offending token on', () => {
    expect(nearOf('SELECT * FORM t')).toBe('FORM t@1');
    expect(nearOf('SELECT a FROM t WHERE a = = 1')).toBe('= 1@1');
    expect(nearOf('INSERT INTO t VALUES (1,)')).toBe(')@1');
    expect(nearOf('CREATE TABEL t (a int)')).toBe('TABEL t (a int)@1');
    expect(nearOf('SELECT a FROM t GROUP a')).toBe('a@1');
    expect(nearOf('DELETE t WHERE a = 1')).toBe('t WHERE a = 1@1');
    expect(nearOf('UPDATE t SET a = 1 WHERE')).toBe('@1');
  });

  it('quotes nothing when the statement ends too early', () => {
    expect(nearOf('SELECT * FROM')).toBe('@1');
    expect(nearOf('SELECT 1 +')).toBe('@1');
    expect(nearOf('CREATE TABLE t (a INT;')).toBe('@1');
  });

  it('gives the 1-based line of the offending token', () => {
    expect(nearOf('SELECT a,\n  b\nFROM t\nWHERE a = = 1')).toBe('= 1@4');
    expect(nearOf('\n\n  SELECT 1 FROM t WHERE')).toBe('@1');
  });

  it('reports unterminated strings, identifiers and comments at their start', () => {
    expect(nearOf("SELECT 'abc")).toBe("'abc@1");
    expect(nearOf('SELECT `abc')).toBe('`abc@1');
    expect(nearOf('SELECT 1 /* open')).toBe('/* open@1');
  });

  it('cuts the quoted text to 80 characters like MySQL', () => {
    const tail = 'x'.repeat(200);
    const near = nearOf(`SELECT 1 FROM t WHERE a = = ${tail}`);
    expect(near).toBe(`= ${tail}`.slice(0, 80) + '@1');
  });

  it('points at a second statement sent where one was expected', () => {
    expect(nearOf('SELECT 1; SELECT 2')).toBe('SELECT 2@1');
  });

  it('refuses absurd nesting and operator chains without crashing', () => {
    const ok = `SELECT ${'('.repeat(PAREN_DEPTH_MAX)}1${')'.repeat(PAREN_DEPTH_MAX)}`;
    expect(one(ok).kind).toBe('select');
    expect(errorOf(() => one(`SELECT ${'('.repeat(PAREN_DEPTH_MAX + 1)}1${')'.repeat(PAREN_DEPTH_MAX + 1)}`)).mysqlCode).toBe(1064);
    expect(errorOf(() => one(`SELECT ${'NOT '.repeat(50_000)}1`)).mysqlCode).toBe(1064);
  });

  it('rejects an out-of-range double literal', () => {
    expect(nearOf('SELECT 1e999')).toBe('1e999@1');
  });
});

describe('ERROR 1065 and 1235', () => {
  it('says "Query was empty" for nothing but whitespace, semicolons and comments', () => {
    for (const text of ['', ';', '  ;; ', '-- just a comment', '/* c */ # d']) {
      expect(errorOf(() => parseSql(text)).format()).toBe('ERROR 1065 (42000): Query was empty');
      expect(errorOf(() => parseStatement(text)).mysqlCode).toBe(1065);
    }
  });

  it('names known statements the playground does not implement', () => {
    expect(parseErrorText('ALTER TABLE t ADD COLUMN c INT')).toBe('ERROR 1235 (0A000): ALTER TABLE ADD COLUMN not supported');
    expect(parseErrorText('create index i on t (a)')).toBe('ERROR 1235 (0A000): CREATE INDEX not supported');
    expect(parseErrorText('WITH x AS (SELECT 1) SELECT * FROM x')).toBe('ERROR 1235 (0A000): WITH not supported');
    expect(parseErrorText('SELECT * FROM a NATURAL JOIN b')).toBe('ERROR 1235 (0A000): NATURAL JOIN not supported');
  });
});

describe('parseSql', () => {
  it('parses statements in order and stops at the first bad one', () => {
    const ok = parseSql('CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\nSELECT * FROM t;');
    expect(ok.map((p) => p.statement.kind)).toEqual(['createTable', 'insert', 'select']);
    expect(ok.map((p) => p.text)).toEqual(['CREATE TABLE t (a INT)', 'INSERT INTO t VALUES (1)', 'SELECT * FROM t']);
    const e = errorOf(() => parseSql('SELECT 1; SELEC 2; SELECT 3'));
    expect(e.message).toContain("near 'SELEC 2' at line 1");
  });
});

describe('grammar', () => {
  it('passes chevrotain’s grammar validations (no ambiguities, no left recursion)', () => {
    expect(createSqlParser(true).ruleCount).toBeGreaterThan(80);
  });
});

// ---------------------------------------------------------------- fuzz

/** xorshift32: deterministic, so a failing case is reproducible from its seed. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const SOUP = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'LIMIT', 'UNION', 'ALL', 'INSERT', 'INTO', 'VALUES', 'UPDATE',
  'SET', 'DELETE', 'CREATE', 'TABLE', 'DROP', 'ALTER', 'SYSTEM', 'MINOR', 'FREEZE', 'TENANT', 'PARTITION', 'HASH',
  'RANGE', 'LESS', 'THAN', 'MAXVALUE', 'KEY', 'PRIMARY', 'INT', 'VARCHAR', 'DECIMAL', 'DATE', 'INTERVAL', 'DAY',
  'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST', 'AS', 'SIGNED', 'NOT', 'NULL', 'IS', 'IN', 'BETWEEN', 'AND', 'OR',
  'LIKE', 'EXISTS', 'JOIN', 'LEFT', 'ON', 'USING', 'SHOW', 'TABLES', 'DESC', 'EXPLAIN', 'FORMAT', '=', 'JSON', 'BEGIN',
  'COMMIT', 'USE', 'CALL', 'TRIM', 'LEADING', 'SUBSTRING', 'FOR', 'EXTRACT', 'COUNT', 'DISTINCT', 'DEFAULT',
  'a', 't', 'x1', '`q`', '1', '0', '2.5', '1e3', "'s'", '"d"', '@v', '@@session.x', 'DUAL',
  '(', ')', ',', '.', '*', '+', '-', '/', '%', '<', '>', '<=', '<>', '!=', '<=>', '||', '&&', '!', '~', '^', '|', '&',
  '<<', '>>', ';', 'WITH', 'COLUMN', 'EACH', 'COLUMNS', 'SKIP_INDEX', 'COMMENT',
];
const CHARS = "abcSELECT (),;*+-/'\"`\\\n\t#@.=<>!0123456789_é中\u0000";

function expectOnlyObErrors(sql: string): void {
  try {
    parseSql(sql);
  } catch (e) {
    if (!isObError(e)) throw new Error(`non-ObError for ${JSON.stringify(sql)}: ${String(e)}`);
    expect([1064, 1065, 1235]).toContain(e.mysqlCode);
    const m = /near '([\s\S]*)' at line (\d+)$/.exec(e.message);
    if (e.mysqlCode === 1064) {
      expect(m).not.toBeNull();
      expect(sql.includes(m![1])).toBe(true); // the quoted text is the statement's own text
      expect(Number(m![2])).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('fuzz', () => {
  it('answers random token soup with a statement or an ObError', () => {
    const next = rng(20240601);
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(next() * 25);
      const words: string[] = [];
      for (let j = 0; j < n; j++) words.push(SOUP[Math.floor(next() * SOUP.length)]);
      // Start most cases with a real statement keyword so the grammar gets deep.
      if (next() < 0.7) words.unshift(['SELECT', 'INSERT INTO t', 'CREATE TABLE t (', 'UPDATE t SET', 'ALTER SYSTEM'][i % 5]);
      expectOnlyObErrors(words.join(' '));
    }
  });

  it('answers random character soup with a statement or an ObError', () => {
    const next = rng(77);
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(next() * 40);
      let text = '';
      for (let j = 0; j < n; j++) text += CHARS[Math.floor(next() * CHARS.length)];
      expectOnlyObErrors(text);
    }
  });
});
