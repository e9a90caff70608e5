/**
 * Expressions: MySQL operator precedence, literals and their types, predicates, function calls
 * and the special call syntaxes (CAST, EXTRACT, TRIM, SUBSTRING ... FROM, INTERVAL).
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal';
import { bin, col, date, errorOf, expr, fn, lit } from './helpers';

describe('operator precedence', () => {
  it('multiplies before adding and is left-associative', () => {
    expect(expr('1 + 2 * 3')).toEqual(bin('+', lit(1), bin('*', lit(2), lit(3))));
    expect(expr('1 - 2 - 3')).toEqual(bin('-', bin('-', lit(1), lit(2)), lit(3)));
    expect(expr('a / b DIV c % d MOD e')).toEqual(
      bin('%', bin('%', bin('DIV', bin('/', col('a'), col('b')), col('c')), col('d')), col('e')));
  });

  it('binds AND tighter than XOR tighter than OR; || is OR and && is AND', () => {
    expect(expr('a OR b XOR c AND d')).toEqual(bin('OR', col('a'), bin('XOR', col('b'), bin('AND', col('c'), col('d')))));
    expect(expr('a || b && c')).toEqual(bin('OR', col('a'), bin('AND', col('b'), col('c'))));
  });

  it('puts NOT below comparison and above AND', () => {
    expect(expr('NOT a = 1 AND b')).toEqual(
      bin('AND', { kind: 'unary', op: 'NOT', operand: bin('=', col('a'), lit(1)) }, col('b')));
  });

  it('binds ! tighter than comparison (unlike NOT)', () => {
    expect(expr('!a = 1')).toEqual(bin('=', { kind: 'unary', op: '!', operand: col('a') }, lit(1)));
  });

  it('orders bit operators | < & < shifts < + and ^ above *', () => {
    expect(expr('a | b & c << 1 + 2')).toEqual(
      bin('|', col('a'), bin('&', col('b'), bin('<<', col('c'), bin('+', lit(1), lit(2))))));
    expect(expr('a * b ^ c')).toEqual(bin('*', col('a'), bin('^', col('b'), col('c'))));
  });

  it('compares after arithmetic, and comparisons chain left to right', () => {
    expect(expr('a + 1 > b * 2')).toEqual(bin('>', bin('+', col('a'), lit(1)), bin('*', col('b'), lit(2))));
    expect(expr('a = b = c')).toEqual(bin('=', bin('=', col('a'), col('b')), col('c')));
  });

  it('normalises <> to != and keeps <=>', () => {
    expect(expr('a <> 1')).toEqual(bin('!=', col('a'), lit(1)));
    expect(expr('a != 1')).toEqual(bin('!=', col('a'), lit(1)));
    expect(expr('a <=> NULL')).toEqual(bin('<=>', col('a'), lit(null)));
  });

  it('gives BETWEEN its own AND and binds it tighter than comparison', () => {
    expect(expr('a BETWEEN 1 AND 2 AND b')).toEqual(
      bin('AND', { kind: 'between', expr: col('a'), low: lit(1), high: lit(2), not: false }, col('b')));
    expect(expr('x = a NOT BETWEEN 1 + 1 AND 5')).toEqual(
      bin('=', col('x'), { kind: 'between', expr: col('a'), low: bin('+', lit(1), lit(1)), high: lit(5), not: true }));
  });

  it('parenthesises explicitly', () => {
    expect(expr('(1 + 2) * 3')).toEqual(bin('*', bin('+', lit(1), lit(2)), lit(3)));
  });

  it('treats a unary minus on a number as a negative literal, otherwise as an operator', () => {
    expect(expr('-5')).toEqual(lit(-5));
    expect(expr('- 2.50')).toEqual(lit(new Decimal(-250n, 2)));
    expect(expr('-a')).toEqual({ kind: 'unary', op: '-', operand: col('a') });
    expect(expr('1--1')).toEqual(bin('-', lit(1), lit(-1)));
    expect(expr('+a')).toEqual(col('a'));
    expect(expr('~a')).toEqual({ kind: 'unary', op: '~', operand: col('a') });
  });
});

describe('literals', () => {
  it('reads integers as numbers, beyond 2^53 as bigint and beyond BIGINT UNSIGNED as DECIMAL', () => {
    expect(expr('42')).toEqual(lit(42));
    expect(expr('9007199254740993')).toEqual(lit(9007199254740993n));
    expect(expr('18446744073709551615')).toEqual(lit(18446744073709551615n));
    expect(expr('18446744073709551616')).toEqual(lit(new Decimal(18446744073709551616n, 0)));
    expect(expr('-9223372036854775808')).toEqual(lit(-9223372036854775808n));
  });

  it('reads decimal literals as exact DECIMAL with the digits written, exponents as doubles', () => {
    expect(expr('1.50')).toEqual(lit(new Decimal(150n, 2)));
    expect(expr('.06')).toEqual(lit(new Decimal(6n, 2)));
    expect(expr('1e3')).toEqual(lit(1000));
    expect(expr('2.5E-1')).toEqual(lit(0.25));
    expect(expr('0x1F')).toEqual(lit(31));
  });

  it('decodes MySQL string escapes and doubled quotes in both quote styles', () => {
    expect(expr(String.raw`'it''s\n\tok\\'`)).toEqual(lit("it's\n\tok\\"));
    expect(expr(String.raw`"say \"hi\""`)).toEqual(lit('say "hi"'));
    expect(expr(String.raw`'a\%b\_c\0'`)).toEqual(lit('a\\%b\\_c\0'));
    expect(expr(`'a' 'b' "c"`)).toEqual(lit('abc'));
    expect(expr(`_utf8mb4'x'`)).toEqual(lit('x'));
  });

  it('reads TRUE/FALSE as 1/0, NULL as null, and DATE/TIMESTAMP literals with their type', () => {
    expect(expr('TRUE')).toEqual(lit(1));
    expect(expr('false')).toEqual(lit(0));
    expect(expr('NULL')).toEqual(lit(null));
    expect(expr(`DATE '1998-12-01'`)).toEqual(date('1998-12-01'));
    expect(expr(`timestamp '2024-01-02 03:04:05'`)).toEqual(
      { kind: 'literal', value: '2024-01-02 03:04:05', type: { kind: 'datetime' } });
  });

  it('still lets date, timestamp and other non-reserved words name columns', () => {
    expect(expr('date')).toEqual(col('date'));
    expect(expr('t.date + status')).toEqual(bin('+', col('date', 't'), col('status')));
    expect(expr('`select`')).toEqual(col('select'));
    expect(expr('t.order')).toEqual(col('order', 't'));
    expect(expr('db.t.c')).toEqual({ kind: 'column', db: 'db', table: 't', name: 'c' });
  });
});

describe('predicates', () => {
  it('parses IS tests', () => {
    expect(expr('a IS NULL')).toEqual({ kind: 'isNull', expr: col('a'), not: false });
    expect(expr('a IS NOT NULL')).toEqual({ kind: 'isNull', expr: col('a'), not: true });
    expect(expr('a IS UNKNOWN')).toEqual({ kind: 'isNull', expr: col('a'), not: false });
    expect(expr('a IS NOT TRUE')).toEqual({ kind: 'isBool', expr: col('a'), value: true, not: true });
    expect(expr('a = 1 IS FALSE')).toEqual({ kind: 'isBool', expr: bin('=', col('a'), lit(1)), value: false, not: false });
  });

  it('parses IN lists, IN subqueries and row comparisons', () => {
    expect(expr('a IN (1, 2)')).toEqual({ kind: 'in', expr: col('a'), list: [lit(1), lit(2)], not: false });
    expect(expr('a NOT IN (1)')).toEqual({ kind: 'in', expr: col('a'), list: [lit(1)], not: true });
    const sub = expr('a IN (SELECT b FROM t)');
    expect(sub.kind).toBe('inSubquery');
    expect(expr('(a, b) IN ((1, 2), (3, 4))')).toEqual({
      kind: 'in',
      expr: { kind: 'tuple', items: [col('a'), col('b')] },
      list: [{ kind: 'tuple', items: [lit(1), lit(2)] }, { kind: 'tuple', items: [lit(3), lit(4)] }],
      not: false,
    });
    expect(expr('ROW(a, b) = (1, 2)')).toEqual(
      bin('=', { kind: 'tuple', items: [col('a'), col('b')] }, { kind: 'tuple', items: [lit(1), lit(2)] }));
  });

  it('parses LIKE with ESCAPE and REGEXP', () => {
    expect(expr(`a LIKE 'x%'`)).toEqual({ kind: 'like', expr: col('a'), pattern: lit('x%'), not: false });
    expect(expr(`a NOT LIKE 'x!%' ESCAPE '!'`)).toEqual(
      { kind: 'like', expr: col('a'), pattern: lit('x!%'), escape: lit('!'), not: true });
    expect(expr(`a REGEXP '^x'`)).toEqual(fn('REGEXP', col('a'), lit('^x')));
    expect(expr(`a NOT RLIKE 'x'`)).toEqual({ kind: 'unary', op: 'NOT', operand: fn('REGEXP', col('a'), lit('x')) });
  });

  it('parses EXISTS and folds NOT EXISTS', () => {
    const e = expr('EXISTS (SELECT 1)');
    expect(e.kind === 'exists' && !e.not).toBe(true);
    const n = expr('NOT EXISTS (SELECT 1 FROM t)');
    expect(n.kind === 'exists' && n.not).toBe(true);
  });

  it('parses scalar subqueries', () => {
    const e = expr('(SELECT max(a) FROM t) + 1');
    expect(e.kind === 'binary' && e.left.kind === 'subquery').toBe(true);
  });
});

describe('function calls', () => {
  it('upper-cases names and handles COUNT(*), DISTINCT and no-argument calls', () => {
    expect(expr('count(*)')).toEqual({ kind: 'func', name: 'COUNT', args: [], star: true });
    expect(expr('count(DISTINCT a, b)')).toEqual({ kind: 'func', name: 'COUNT', args: [col('a'), col('b')], distinct: true });
    expect(expr('sum(ALL a)')).toEqual(fn('SUM', col('a')));
    expect(expr('now()')).toEqual(fn('NOW'));
    expect(expr('CURRENT_TIMESTAMP')).toEqual(fn('CURRENT_TIMESTAMP'));
    expect(expr('current_date')).toEqual(fn('CURRENT_DATE'));
    expect(expr('`current_date`')).toEqual(col('current_date'));
  });

  it('accepts reserved words that are also function names', () => {
    expect(expr(`left('abc', 2)`)).toEqual(fn('LEFT', lit('abc'), lit(2)));
    expect(expr('IF(a, 1, 2)')).toEqual(fn('IF', col('a'), lit(1), lit(2)));
    expect(expr('mod(a, 3)')).toEqual(fn('MOD', col('a'), lit(3)));
    expect(expr('date(d)')).toEqual(fn('DATE', col('d')));
    expect(expr('database()')).toEqual(fn('DATABASE'));
    expect(expr(`replace(s, 'a', 'b')`)).toEqual(fn('REPLACE', col('s'), lit('a'), lit('b')));
  });

  it('parses CAST and CONVERT to the supported types', () => {
    expect(expr('CAST(a AS SIGNED)')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'bigint' } });
    expect(expr('cast(a as unsigned integer)')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'bigint', unsigned: true } });
    expect(expr('CAST(a AS DECIMAL(15, 2))')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'decimal', precision: 15, scale: 2 } });
    expect(expr('CAST(a AS DECIMAL)')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'decimal', precision: 10, scale: 0 } });
    expect(expr('CAST(a AS CHAR(10))')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'varchar', precision: 10 } });
    expect(expr('CAST(a AS DATE)')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'date' } });
    expect(expr('CAST(a AS DATETIME(6))')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'datetime', precision: 6 } });
    expect(expr('CAST(a AS DOUBLE)')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'double' } });
    expect(expr('CONVERT(a, SIGNED)')).toEqual({ kind: 'cast', expr: col('a'), type: { kind: 'bigint' } });
    expect(errorOf(() => expr('CAST(a AS JSON)')).mysqlCode).toBe(1235);
  });

  it('maps SUBSTRING ... FROM ... FOR, TRIM and POSITION forms to plain calls', () => {
    expect(expr('SUBSTRING(s FROM 2 FOR 3)')).toEqual(fn('SUBSTRING', col('s'), lit(2), lit(3)));
    expect(expr('substring(s, 2)')).toEqual(fn('SUBSTRING', col('s'), lit(2)));
    expect(expr('substr(s FROM 2)')).toEqual(fn('SUBSTR', col('s'), lit(2)));
    expect(expr('TRIM(s)')).toEqual(fn('TRIM', col('s')));
    expect(expr(`TRIM('x' FROM s)`)).toEqual(fn('TRIM', col('s'), lit('x')));
    expect(expr(`TRIM(LEADING 'x' FROM s)`)).toEqual(fn('LTRIM', col('s'), lit('x')));
    expect(expr('TRIM(TRAILING FROM s)')).toEqual(fn('RTRIM', col('s')));
    expect(expr(`TRIM(BOTH 'x' FROM s)`)).toEqual(fn('TRIM', col('s'), lit('x')));
    expect(expr(`POSITION('b' IN s)`)).toEqual(fn('LOCATE', lit('b'), col('s')));
  });

  it('parses INTERVAL arithmetic, DATE_ADD and EXTRACT', () => {
    expect(expr(`d + INTERVAL '3' MONTH`)).toEqual(bin('+', col('d'), { kind: 'interval', value: lit('3'), unit: 'MONTH' }));
    expect(expr('INTERVAL 1 DAY + d')).toEqual(bin('+', { kind: 'interval', value: lit(1), unit: 'DAY' }, col('d')));
    expect(expr('DATE_ADD(d, INTERVAL 1 DAY)')).toEqual(fn('DATE_ADD', col('d'), { kind: 'interval', value: lit(1), unit: 'DAY' }));
    expect(expr('EXTRACT(YEAR FROM d)')).toEqual({ kind: 'extract', unit: 'YEAR', expr: col('d') });
    expect(errorOf(() => expr('d + INTERVAL 1 DAY_HOUR')).mysqlCode).toBe(1235);
    expect(errorOf(() => expr('d + INTERVAL 1 FORTNIGHT')).mysqlCode).toBe(1064);
  });

  it('parses both CASE forms', () => {
    expect(expr(`CASE WHEN a > 1 THEN 'x' ELSE 'y' END`)).toEqual({
      kind: 'case', whens: [{ when: bin('>', col('a'), lit(1)), then: lit('x') }], else: lit('y'),
    });
    expect(expr('CASE a WHEN 1 THEN 2 WHEN 3 THEN 4 END')).toEqual({
      kind: 'case', operand: col('a'), whens: [{ when: lit(1), then: lit(2) }, { when: lit(3), then: lit(4) }],
    });
  });

  it('parses user and system variables', () => {
    expect(expr('@x')).toEqual({ kind: 'variable', name: 'x', scope: 'user' });
    expect(expr('@@autocommit')).toEqual({ kind: 'variable', name: 'autocommit', scope: 'session' });
    expect(expr('@@session.tx_isolation')).toEqual({ kind: 'variable', name: 'tx_isolation', scope: 'session' });
    expect(expr('@@GLOBAL.read_only')).toEqual({ kind: 'variable', name: 'read_only', scope: 'global' });
  });

  it('refuses window functions with 1235', () => {
    expect(errorOf(() => expr('rank() OVER (ORDER BY a)')).mysqlCode).toBe(1235);
  });
});
