import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from './functions';
import { call, callM, col, date, datetime, dec, evaluate, lit, show } from './testing';

const N = lit(null);
const s = (v: string) => lit(v);

describe('string functions', () => {
  it('CONCAT, CONCAT_WS', () => {
    expect(evaluate(call('concat', s('a'), lit(1), dec('1.50')))).toBe('a11.50');
    expect(evaluate(call('concat', s('a'), N))).toBe(null);
    expect(evaluate(call('concat_ws', s(','), s('a'), N, s('b')))).toBe('a,b');
    expect(evaluate(call('concat_ws', N, s('a')))).toBe(null);
    expect(evaluate(call('concat', date('2024-01-05'), s('!')))).toBe('2024-01-05!');
  });
  it('LENGTH counts UTF-8 bytes, CHAR_LENGTH characters', () => {
    expect(evaluate(call('length', s('héllo')))).toBe(6);
    expect(evaluate(call('char_length', s('héllo')))).toBe(5);
    expect(evaluate(call('length', s('😀')))).toBe(4);
    expect(evaluate(call('char_length', s('😀a')))).toBe(2);
    expect(evaluate(call('length', lit(123)))).toBe(3);
  });
  it('UPPER/LOWER and aliases', () => {
    expect(evaluate(call('upper', s('abc')))).toBe('ABC');
    expect(evaluate(call('lcase', s('ABC')))).toBe('abc');
  });
  it('SUBSTRING with positive, negative and zero positions', () => {
    expect(evaluate(call('substring', s('Quadratically'), lit(5)))).toBe('ratically');
    expect(evaluate(call('substring', s('Quadratically'), lit(5), lit(6)))).toBe('ratica');
    expect(evaluate(call('substr', s('Sakila'), lit(-3)))).toBe('ila');
    expect(evaluate(call('mid', s('Sakila'), lit(-5), lit(3)))).toBe('aki');
    expect(evaluate(call('substring', s('Sakila'), lit(0)))).toBe('');
    expect(evaluate(call('substring', s('Sakila'), lit(10)))).toBe('');
    expect(evaluate(call('substring', s('a😀b'), lit(2), lit(1)))).toBe('😀');
    expect(evaluate(call('left', s('foobar'), lit(3)))).toBe('foo');
    expect(evaluate(call('right', s('foobar'), lit(4)))).toBe('obar');
    expect(evaluate(call('left', s('foobar'), lit(-1)))).toBe('');
  });
  it('TRIM forms', () => {
    expect(evaluate(call('trim', s('  bar  ')))).toBe('bar');
    expect(evaluate(call('ltrim', s('  bar  ')))).toBe('bar  ');
    expect(evaluate(call('rtrim', s('  bar  ')))).toBe('  bar');
    // TRIM(r FROM s) → trim(s, r); LEADING → ltrim(s, r); TRAILING → rtrim(s, r)
    expect(evaluate(call('trim', s('xxbarxx'), s('x')))).toBe('bar');
    expect(evaluate(callM('trim', { side: 'leading' }, s('xxbarxx'), s('x')))).toBe('barxx');
    expect(evaluate(call('ltrim', s('007'), s('0')))).toBe('7');
    expect(evaluate(call('rtrim', s('barxxyz'), s('xyz')))).toBe('barx');
    expect(evaluate(call('trim', s('xxxbarxxx'), s('xx')))).toBe('xbarx');
  });
  it('REPLACE (case-sensitive), REVERSE, REPEAT, SPACE', () => {
    expect(evaluate(call('replace', s('www.mysql.com'), s('w'), s('Ww')))).toBe('WwWwWw.mysql.com');
    expect(evaluate(call('replace', s('aAa'), s('a'), s('x')))).toBe('xAx');
    expect(evaluate(call('reverse', s('abc😀')))).toBe('😀cba');
    expect(evaluate(call('repeat', s('ab'), lit(3)))).toBe('ababab');
    expect(evaluate(call('repeat', s('ab'), lit(0)))).toBe('');
    expect(evaluate(call('space', lit(3)))).toBe('   ');
  });
  it('LPAD/RPAD truncate and pad like MySQL', () => {
    expect(evaluate(call('lpad', s('hi'), lit(4), s('??')))).toBe('??hi');
    expect(evaluate(call('lpad', s('hi'), lit(1), s('??')))).toBe('h');
    expect(evaluate(call('rpad', s('hi'), lit(5), s('?')))).toBe('hi???');
    expect(evaluate(call('rpad', s('hi'), lit(5), s('')))).toBe(null);
  });
  it('INSTR, LOCATE, POSITION are case-insensitive', () => {
    expect(evaluate(call('instr', s('foobarbar'), s('BAR')))).toBe(4);
    expect(evaluate(call('instr', s('xbar'), s('foobar')))).toBe(0);
    expect(evaluate(call('locate', s('bar'), s('foobarbar')))).toBe(4);
    expect(evaluate(call('locate', s('bar'), s('foobarbar'), lit(5)))).toBe(7);
    expect(evaluate(call('position', s('B'), s('abc')))).toBe(2);
    expect(evaluate(call('locate', s('c'), s('😀bc')))).toBe(3);
  });
  it('ASCII and HEX', () => {
    expect(evaluate(call('ascii', s('2')))).toBe(50);
    expect(evaluate(call('ascii', s('')))).toBe(0);
    expect(evaluate(call('hex', s('abc')))).toBe('616263');
    expect(evaluate(call('hex', lit(255)))).toBe('FF');
    expect(evaluate(call('hex', lit(-1)))).toBe('FFFFFFFFFFFFFFFF');
  });
});

describe('list and formatting functions', () => {
  it('SUBSTRING_INDEX, FIELD, FIND_IN_SET, ELT, STRCMP, FORMAT, ISNULL', () => {
    expect(evaluate(call('substring_index', s('www.mysql.com'), s('.'), lit(2)))).toBe('www.mysql');
    expect(evaluate(call('substring_index', s('www.mysql.com'), s('.'), lit(-2)))).toBe('mysql.com');
    expect(evaluate(call('substring_index', s('a.b'), s('.'), lit(5)))).toBe('a.b');
    expect(evaluate(call('field', s('Bb'), s('Aa'), s('bb'), s('Cc')))).toBe(2);
    expect(evaluate(call('field', s('x'), s('a')))).toBe(0);
    expect(evaluate(call('find_in_set', s('b'), s('a,b,c,d')))).toBe(2);
    expect(evaluate(call('find_in_set', s('z'), s('a,b')))).toBe(0);
    expect(evaluate(call('elt', lit(2), s('Aa'), s('Bb')))).toBe('Bb');
    expect(evaluate(call('elt', lit(3), s('Aa'), s('Bb')))).toBe(null);
    expect(evaluate(call('strcmp', s('text'), s('text2')))).toBe(-1);
    expect(evaluate(call('strcmp', s('TEXT'), s('text')))).toBe(0);
    expect(evaluate(call('format', dec('12332.123456'), lit(4)))).toBe('12,332.1235');
    expect(evaluate(call('format', lit(12332.2), lit(0)))).toBe('12,332');
    expect(evaluate(call('format', dec('-1234567.891'), lit(2)))).toBe('-1,234,567.89');
    expect(evaluate(call('isnull', N))).toBe(1);
    expect(evaluate(call('timestamp', date('2024-01-05')))).toBe('2024-01-05 00:00:00');
  });
});

describe('REGEXP', () => {
  it('matches anywhere, case-insensitively unless match type c', () => {
    expect(evaluate(call('regexp', s('Michael!'), s('.*')))).toBe(1);
    expect(evaluate(call('regexp', s('new*\nline'), s('new\\*.\\*line')))).toBe(0);
    expect(evaluate(call('regexp', s('abc'), s('^B')))).toBe(0);
    expect(evaluate(call('regexp', s('ABC'), s('b')))).toBe(1);
    expect(evaluate(call('regexp_like', s('ABC'), s('b'), s('c')))).toBe(0);
    expect(evaluate(call('rlike', N, s('b')))).toBe(null);
    expect(() => evaluate(call('regexp', s('a'), s('')))).toThrow('Illegal argument to a regular expression.');
    expect(() => evaluate(call('regexp', s('a'), s('(')))).toThrow('Illegal argument to a regular expression.');
  });
});

describe('numeric functions', () => {
  it('ROUND: decimals half away from zero, doubles half to even (rint)', () => {
    expect(show(call('round', dec('2.5')))).toBe('3');
    expect(show(call('round', dec('-2.5')))).toBe('-3');
    expect(show(call('round', dec('1.2345'), lit(2)))).toBe('1.23');
    expect(show(call('round', dec('1.235'), lit(2)))).toBe('1.24');
    expect(show(call('round', dec('1.5'), lit(3)))).toBe('1.500');
    expect(show(call('round', dec('1250.5'), lit(-2)))).toBe('1300');
    expect(evaluate(call('round', lit(1250), lit(-2)))).toBe(1300);
    expect(evaluate(call('round', lit(-1250), lit(-2)))).toBe(-1300);
    expect(evaluate(call('round', lit(2.5)))).toBe(2);
    expect(evaluate(call('round', lit(3.5)))).toBe(4);
    expect(evaluate(call('round', lit(-2.5)))).toBe(-2);
    expect(evaluate(call('round', lit(1.298), lit(1)))).toBe(1.3);
  });
  it('TRUNCATE, CEIL, FLOOR', () => {
    expect(show(call('truncate', dec('1.999'), lit(1)))).toBe('1.9');
    expect(show(call('truncate', dec('-1.999'), lit(1)))).toBe('-1.9');
    expect(evaluate(call('truncate', lit(122), lit(-2)))).toBe(100);
    expect(evaluate(call('truncate', lit(1.999), lit(1)))).toBe(1.9);
    expect(evaluate(call('ceil', dec('1.23')))).toBe(2);
    expect(evaluate(call('ceiling', dec('-1.23')))).toBe(-1);
    expect(evaluate(call('floor', dec('-1.23')))).toBe(-2);
    expect(evaluate(call('floor', dec('5.00')))).toBe(5);
    expect(evaluate(call('floor', lit(-1.5)))).toBe(-2);
    expect(evaluate(call('ceil', lit(7)))).toBe(7);
  });
  it('ABS, SIGN, MOD, POWER, SQRT, logs, PI', () => {
    expect(evaluate(call('abs', lit(-3)))).toBe(3);
    expect(show(call('abs', dec('-3.10')))).toBe('3.10');
    expect(() => evaluate(call('abs', lit(-9223372036854775808n)))).toThrow("BIGINT value is out of range in 'abs(-9223372036854775808)'");
    expect(evaluate(call('sign', dec('-0.5')))).toBe(-1);
    expect(evaluate(call('mod', lit(10), lit(3)))).toBe(1);
    expect(evaluate(call('power', lit(2), lit(10)))).toBe(1024);
    expect(evaluate(call('pow', lit(4), lit(0.5)))).toBe(2);
    expect(evaluate(call('sqrt', lit(-1)))).toBe(null);
    expect(evaluate(call('ln', lit(0)))).toBe(null);
    expect(evaluate(call('log', lit(2), lit(8)))).toBe(3);
    expect(evaluate(call('log10', lit(1000)))).toBe(3);
    expect(evaluate(call('exp', lit(0)))).toBe(1);
    expect(show(call('pi'))).toBe('3.141593');
  });
  it('RAND draws from the injected Rng, RAND(n) is deterministic', async () => {
    const { compileExpr } = await import('./compile');
    let calls = 0;
    const f = compileExpr(call('rand'), { rng: { next: () => (calls++, 0.25), int: () => 0 } });
    expect(f([])).toBe(0.25);
    expect(calls).toBe(1);
    const a = compileExpr(call('rand', lit(7)));
    const b = compileExpr(call('rand', lit(7)));
    const xs = [a([]), a([]), a([])];
    expect([b([]), b([]), b([])]).toEqual(xs);
    expect(new Set(xs).size).toBe(3);
    for (const x of xs) expect(x as number).toBeGreaterThanOrEqual(0);
  });
});

describe('date and time functions', () => {
  const addM = (d: ReturnType<typeof lit>, n: number | string, unit: string) => evaluate(callM('date_add', { unit }, d, lit(n)));
  it('DATE ± INTERVAL keeps DATE for date units', () => {
    expect(evaluate(callM('date_sub', { unit: 'DAY' }, date('1998-12-01'), lit('90')))).toBe('1998-09-02');
    expect(addM(date('2024-02-28'), 1, 'DAY')).toBe('2024-02-29');
    expect(addM(date('2023-12-31'), 1, 'DAY')).toBe('2024-01-01');
    expect(addM(date('2024-01-01'), 2, 'WEEK')).toBe('2024-01-15');
    expect(callM('date_add', { unit: 'DAY' }, date('2024-01-01'), lit(1)).type).toEqual({ kind: 'date' });
    expect(callM('date_add', { unit: 'HOUR' }, date('2024-01-01'), lit(1)).type).toEqual({ kind: 'datetime' });
    expect(addM(date('2024-01-01'), 25, 'HOUR')).toBe('2024-01-02 01:00:00');
  });
  it('month arithmetic clamps the day', () => {
    expect(addM(date('2024-01-31'), 1, 'MONTH')).toBe('2024-02-29');
    expect(addM(date('2023-01-31'), 1, 'MONTH')).toBe('2023-02-28');
    expect(addM(date('2024-03-31'), -1, 'MONTH')).toBe('2024-02-29');
    expect(addM(date('2024-02-29'), 1, 'YEAR')).toBe('2025-02-28');
    expect(addM(date('2024-11-30'), 1, 'QUARTER')).toBe('2025-02-28');
    expect(evaluate(callM('date_sub', { unit: 'MONTH' }, date('2024-03-31'), lit(1)))).toBe('2024-02-29');
  });
  it('datetime arithmetic carries across days and keeps fractions', () => {
    expect(addM(datetime('2024-01-01 23:59:59'), 1, 'SECOND')).toBe('2024-01-02 00:00:00');
    expect(addM(datetime('2024-03-01 00:00:00'), -1, 'MINUTE')).toBe('2024-02-29 23:59:00');
    expect(evaluate(callM('date_add', { unit: 'SECOND' }, datetime('2024-01-01 00:00:00'), dec('1.5')))).toBe('2024-01-01 00:00:01.500000');
    expect(addM(datetime('2024-01-01 00:00:00'), 1000000, 'HOUR')).toBe('2138-01-29 16:00:00');
    expect(addM(date('9999-12-31'), 1, 'DAY')).toBe(null);
  });
  it('string arguments give string results; ADDDATE without unit means days', () => {
    expect(addM(s('2024-01-31'), 1, 'MONTH')).toBe('2024-02-29');
    expect(addM(s('2024-01-31 10:00'), 1, 'DAY')).toBe('2024-02-01 10:00:00');
    expect(addM(s('garbage'), 1, 'DAY')).toBe(null);
    expect(evaluate(call('adddate', date('2024-01-01'), lit(31)))).toBe('2024-02-01');
    expect(evaluate(call('subdate', s('2024-01-01'), lit(1)))).toBe('2023-12-31');
  });
  it('EXTRACT and field functions', () => {
    const d = datetime('2024-03-10 13:45:30.250000', 6);
    expect(evaluate(callM('extract', { unit: 'YEAR' }, d))).toBe(2024);
    expect(evaluate(callM('extract', { unit: 'MONTH' }, d))).toBe(3);
    expect(evaluate(callM('extract', { unit: 'MICROSECOND' }, d))).toBe(250000);
    expect(evaluate(call('year', date('1995-06-17')))).toBe(1995);
    expect(evaluate(call('month', d))).toBe(3);
    expect(evaluate(call('dayofmonth', d))).toBe(10);
    expect(evaluate(call('hour', d))).toBe(13);
    expect(evaluate(call('minute', d))).toBe(45);
    expect(evaluate(call('second', d))).toBe(30);
    expect(evaluate(call('dayofweek', date('2024-03-10')))).toBe(1); // Sunday
    expect(evaluate(call('weekday', date('2024-03-10')))).toBe(6);
    expect(evaluate(call('dayofyear', date('2024-03-10')))).toBe(70);
    expect(evaluate(call('quarter', date('2024-03-10')))).toBe(1);
    expect(evaluate(call('week', date('2024-01-06')))).toBe(0);
    expect(evaluate(call('week', date('2024-01-07')))).toBe(1);
    expect(evaluate(call('week', date('2021-01-03'), lit(3)))).toBe(53);
    expect(evaluate(call('monthname', date('2024-03-10')))).toBe('March');
    expect(evaluate(call('dayname', date('2024-03-10')))).toBe('Sunday');
    expect(evaluate(call('year', s('2024-1-5')))).toBe(2024);
    expect(evaluate(call('year', s('nope')))).toBe(null);
  });
  it('DATEDIFF, LAST_DAY, DATE, TIME, TO_DAYS, FROM_DAYS', () => {
    expect(evaluate(call('datediff', s('2007-12-31 23:59:59'), s('2007-12-30')))).toBe(1);
    expect(evaluate(call('datediff', date('2010-11-30'), date('2010-12-31')))).toBe(-31);
    expect(evaluate(call('last_day', date('2024-02-05')))).toBe('2024-02-29');
    expect(evaluate(call('last_day', s('2023-02-05 10:00:00')))).toBe('2023-02-28');
    expect(evaluate(call('date', datetime('2024-01-05 10:00:00')))).toBe('2024-01-05');
    expect(evaluate(call('time', datetime('2024-01-05 10:11:12')))).toBe('10:11:12');
    expect(evaluate(call('to_days', date('2007-10-07')))).toBe(733321);
    expect(evaluate(call('from_days', lit(733321)))).toBe('2007-10-07');
  });
  it('DATE_FORMAT specifiers', () => {
    const d = datetime('2009-10-04 22:23:00');
    const fmt = (f: string, x = d) => evaluate(call('date_format', x, s(f)));
    expect(fmt('%W %M %Y')).toBe('Sunday October 2009');
    expect(fmt('%H:%i:%s')).toBe('22:23:00');
    expect(fmt('%D %y %a %d %m %b %j')).toBe('4th 09 Sun 04 10 Oct 277');
    expect(fmt('%e %c %p %h %l %k %r %T')).toBe('4 10 PM 10 10 22 10:23:00 PM 22:23:00');
    expect(fmt('%f %% %x')).toBe('000000 % x');
    expect(fmt('%Y-%m-%d', date('1998-12-01'))).toBe('1998-12-01');
    expect(fmt('%D', date('2024-01-02'))).toBe('2nd');
    expect(fmt('%D', date('2024-01-13'))).toBe('13th');
    expect(fmt('%f', datetime('2024-01-02 00:00:00.123456', 6))).toBe('123456');
  });
  it('STR_TO_DATE', () => {
    const p = (t: string, f: string) => evaluate(call('str_to_date', s(t), s(f)));
    expect(p('01,5,2013', '%d,%m,%Y')).toBe('2013-05-01');
    expect(p('May 1, 2013', '%M %d,%Y')).toBe('2013-05-01');
    expect(p('a09:30:17', 'a%h:%i:%s')).toBe('09:30:17');
    expect(p('2024-01-05 10:11:12', '%Y-%m-%d %H:%i:%s')).toBe('2024-01-05 10:11:12');
    expect(p('05/01/2024 09:05 PM', '%m/%d/%Y %h:%i %p')).toBe('2024-05-01 21:05:00');
    expect(p('2024-02-30', '%Y-%m-%d')).toBe(null);
    expect(p('garbage', '%Y-%m-%d')).toBe(null);
    expect(call('str_to_date', s('x'), s('%Y-%m-%d')).type).toEqual({ kind: 'date' });
    expect(call('str_to_date', s('x'), s('%Y-%m-%d %H')).type).toEqual({ kind: 'datetime' });
  });
  it('NOW-like functions read the injected clock (UTC)', () => {
    expect(evaluate(call('now'))).toBe('2024-01-05 10:30:15');
    expect(evaluate(call('current_timestamp', lit(3)))).toBe('2024-01-05 10:30:15.123');
    expect(evaluate(call('curdate'))).toBe('2024-01-05');
    expect(evaluate(call('curtime'))).toBe('10:30:15');
    expect(evaluate(call('unix_timestamp'))).toBe(1704450615);
    expect(evaluate(call('unix_timestamp', date('1970-01-02')))).toBe(86400);
    expect(evaluate(call('from_unixtime', lit(1704450615)))).toBe('2024-01-05 10:30:15');
    expect(evaluate(call('from_unixtime', lit(0), s('%Y %D %M')))).toBe('1970 1st January');
    expect(show(call('now', lit(6)))).toBe('2024-01-05 10:30:15.123456');
  });
  it('temporal column values use the fast canonical path', () => {
    const c = col(0, { kind: 'date' });
    const e = callM('extract', { unit: 'YEAR' }, c);
    expect(evaluate(e, ['1995-03-15'])).toBe(1995);
    expect(evaluate(e, [null])).toBe(null);
  });
});

describe('catalogue', () => {
  it('every entry has consistent argument bounds', () => {
    for (const [name, d] of FUNCTIONS) {
      expect(d.minArgs, name).toBeLessThanOrEqual(d.maxArgs);
      expect(d.minArgs, name).toBeGreaterThanOrEqual(0);
    }
    expect(FUNCTIONS.get('mod')).toBe(FUNCTIONS.get('%'));
    expect(FUNCTIONS.get('abs')).toMatchObject({ minArgs: 1, maxArgs: 1 });
  });
});
