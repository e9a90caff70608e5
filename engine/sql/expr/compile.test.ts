import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import { ObError } from '../../common/ob_error';
import type { Value } from '../../common/value';
import { compileExpr, foldConstants } from './compile';
import { bindCall } from './functions';
import { call, callM, col, date, dec, evaluate, lit, show } from './testing';

const N = lit(null);
const T = lit(1);
const F = lit(0);

describe('three-valued logic (MySQL truth tables)', () => {
  const vals = { T, F, N } as const;
  const out = (e: ReturnType<typeof call>) => evaluate(e);
  it('AND', () => {
    const expected: Record<string, Value> = { TT: 1, TF: 0, TN: null, FT: 0, FF: 0, FN: 0, NT: null, NF: 0, NN: null };
    for (const [k, v] of Object.entries(expected)) {
      expect(out(call('and', vals[k[0] as 'T'], vals[k[1] as 'T'])), `${k}`).toBe(v);
    }
  });
  it('OR', () => {
    const expected: Record<string, Value> = { TT: 1, TF: 1, TN: 1, FT: 1, FF: 0, FN: null, NT: 1, NF: null, NN: null };
    for (const [k, v] of Object.entries(expected)) {
      expect(out(call('or', vals[k[0] as 'T'], vals[k[1] as 'T'])), `${k}`).toBe(v);
    }
  });
  it('XOR and NOT', () => {
    expect(out(call('xor', T, F))).toBe(1);
    expect(out(call('xor', T, T))).toBe(0);
    expect(out(call('xor', T, N))).toBe(null);
    expect(out(call('not', T))).toBe(0);
    expect(out(call('not', F))).toBe(1);
    expect(out(call('not', N))).toBe(null);
  });
  it('n-ary AND/OR: false or true dominates NULL', () => {
    expect(out(call('and', T, N, F))).toBe(0);
    expect(out(call('or', F, N, T))).toBe(1);
    expect(out(call('and', T, N, T))).toBe(null);
  });
  it('strings and decimals are truthy by value', () => {
    expect(out(call('and', lit('1abc'), dec('0.5')))).toBe(1);
    expect(out(call('or', lit('abc'), dec('0.00')))).toBe(0);
  });
  it('IS [NOT] NULL/TRUE/FALSE never return NULL', () => {
    expect(out(call('is_null', N))).toBe(1);
    expect(out(call('is_not_null', N))).toBe(0);
    expect(out(call('is_true', N))).toBe(0);
    expect(out(call('is_not_true', N))).toBe(1);
    expect(out(call('is_false', F))).toBe(1);
    expect(out(call('is_not_false', N))).toBe(1);
    expect(out(call('is_true', lit(2)))).toBe(1);
  });
});

describe('comparisons', () => {
  it('NULL operands give NULL; <=> is null-safe', () => {
    expect(evaluate(call('=', lit(1), N))).toBe(null);
    expect(evaluate(call('<', N, N))).toBe(null);
    expect(evaluate(call('<=>', N, N))).toBe(1);
    expect(evaluate(call('<=>', lit(1), N))).toBe(0);
    expect(evaluate(call('<=>', lit(1), lit(1)))).toBe(1);
  });
  it('general_ci: case-insensitive, trailing spaces ignored', () => {
    expect(evaluate(call('=', lit('abc'), lit('ABC ')))).toBe(1);
    expect(evaluate(call('=', lit('abc'), lit(' abc')))).toBe(0);
    expect(evaluate(call('<', lit('apple'), lit('Banana')))).toBe(1);
    expect(evaluate(call('!=', lit('Straße'), lit('STRASSE')))).toBe(1);
  });
  it('number vs string compares as double', () => {
    expect(evaluate(call('=', lit(1), lit('1.0')))).toBe(1);
    expect(evaluate(call('=', lit(0), lit('abc')))).toBe(1);
    expect(evaluate(call('<', lit(9), lit('10')))).toBe(1);
  });
  it('decimal vs int and decimal vs decimal are exact', () => {
    expect(evaluate(call('=', dec('1.0'), lit(1)))).toBe(1);
    expect(evaluate(call('=', call('+', dec('0.1'), dec('0.2')), dec('0.3')))).toBe(1);
    expect(evaluate(call('>', dec('9007199254740993.5'), lit(9007199254740993n)))).toBe(1);
  });
  it('date vs string literal compares as dates', () => {
    const d = col(0, { kind: 'date' });
    expect(evaluate(call('=', d, lit('2024-1-5')), ['2024-01-05'])).toBe(1);
    expect(evaluate(call('<', d, lit('2024-01-05 00:00:01')), ['2024-01-05'])).toBe(1);
    expect(evaluate(call('=', d, lit('2024-01-05 00:00:00')), ['2024-01-05'])).toBe(1);
    expect(evaluate(call('=', d, datetimeCol()), ['2024-01-05', '2024-01-05 00:00:00'])).toBe(1);
  });
  it('bigint beyond 2^53 compares exactly', () => {
    expect(evaluate(call('<', lit(9007199254740992), lit(9007199254740993n)))).toBe(1);
    expect(evaluate(call('=', lit(9223372036854775807n), lit(9223372036854775807n)))).toBe(1);
  });
});

function datetimeCol() {
  return col(1, { kind: 'datetime' });
}

describe('IN, BETWEEN, LIKE', () => {
  it('IN with NULL rules', () => {
    expect(evaluate(call('in', lit(1), lit(2), N))).toBe(null);
    expect(evaluate(call('in', lit(2), lit(2), N))).toBe(1);
    expect(evaluate(call('in', N, lit(2)))).toBe(null);
    expect(evaluate(call('not_in', lit(1), lit(2), N))).toBe(null);
    expect(evaluate(call('not_in', lit(1), lit(2), lit(3)))).toBe(1);
  });
  it('IN over a column uses collation and exact decimals', () => {
    const s = col(0, { kind: 'varchar', precision: 10 });
    const e = call('in', s, lit('MAIL'), lit('SHIP'));
    expect(evaluate(e, ['mail '])).toBe(1);
    expect(evaluate(e, ['AIR'])).toBe(0);
    const d = col(0, { kind: 'decimal', precision: 15, scale: 2 });
    expect(evaluate(call('in', d, lit(1), dec('2.5')), [Decimal.parse('1.00')!])).toBe(1);
    expect(evaluate(call('in', d, lit(1), dec('2.5')), [Decimal.parse('2.50')!])).toBe(1);
    // dates against string constants compare as dates
    const dc = col(0, { kind: 'date' });
    const inDates = call('in', dc, lit('2024-1-5'), lit('2024-01-06 00:00:00'));
    expect(evaluate(inDates, ['2024-01-05'])).toBe(1);
    expect(evaluate(inDates, ['2024-01-06'])).toBe(1);
    expect(evaluate(inDates, ['2024-01-07'])).toBe(0);
    // non-constant list
    const i = col(0, { kind: 'int' });
    expect(evaluate(call('in', i, col(1, { kind: 'int' }), N), [3, 3])).toBe(1);
    expect(evaluate(call('in', i, col(1, { kind: 'int' }), N), [3, 4])).toBe(null);
  });
  it('BETWEEN is inclusive with three-valued logic', () => {
    expect(evaluate(call('between', lit(5), lit(1), lit(5)))).toBe(1);
    expect(evaluate(call('between', lit(6), lit(1), lit(5)))).toBe(0);
    expect(evaluate(call('between', lit(6), N, lit(5)))).toBe(0);
    expect(evaluate(call('between', lit(3), N, lit(5)))).toBe(null);
    expect(evaluate(call('not_between', lit(6), lit(1), lit(5)))).toBe(1);
    expect(evaluate(call('between', dec('0.06'), dec('0.05'), dec('0.07')))).toBe(1);
  });
  it('LIKE wildcards, case-insensitivity, escapes', () => {
    const like = (s: string, p: string, ...esc: string[]) => evaluate(call('like', lit(s), lit(p), ...esc.map((x) => lit(x))));
    expect(like('PROMO BRUSHED', 'promo%')).toBe(1);
    expect(like('abc', 'a_c')).toBe(1);
    expect(like('abbc', 'a_c')).toBe(0);
    expect(like('a%c', 'a\\%c')).toBe(1);
    expect(like('abc', 'a\\%c')).toBe(0);
    expect(like('a_c', 'a|_c', '|')).toBe(1);
    expect(like('axc', 'a|_c', '|')).toBe(0);
    expect(like('a ', 'a')).toBe(0);
    expect(like('x.y', 'x.y')).toBe(1);
    expect(like('xzy', 'x.y')).toBe(0);
    expect(like('line1\nline2', '%line2')).toBe(1);
    expect(like('special requests here', '%special%requests%')).toBe(1);
    expect(like('😀x', '_x')).toBe(1);
    expect(evaluate(call('like', N, lit('%')))).toBe(null);
    expect(evaluate(call('not_like', lit('abc'), lit('%b%')))).toBe(0);
    // per-row patterns
    const e = call('like', col(0, { kind: 'varchar' }), col(1, { kind: 'varchar' }));
    expect(evaluate(e, ['Hello', 'h%'])).toBe(1);
    expect(evaluate(e, ['Hello', '%x'])).toBe(0);
  });
});

describe('arithmetic', () => {
  it('integer overflow raises ERROR 1690 with the expression text', () => {
    const a = col(0, { kind: 'bigint' }, 't.a');
    const e = call('+', a, lit(1));
    expect(evaluate(e, [9223372036854775806n])).toBe(9223372036854775807n);
    let err: unknown;
    try {
      evaluate(e, [9223372036854775807n]);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ObError);
    expect((err as ObError).format()).toBe("ERROR 1690 (22003): BIGINT value is out of range in '(`t`.`a` + 1)'");
    expect(() => evaluate(call('*', lit(4611686018427387904n), lit(2)))).toThrow(
      "BIGINT value is out of range in '(4611686018427387904 * 2)'",
    );
    expect(evaluate(call('-', lit(0), lit(1)))).toBe(-1);
    expect(() => evaluate(call('neg', lit(-9223372036854775808n)))).toThrow('BIGINT value is out of range');
  });
  it('unsigned arithmetic refuses negative results', () => {
    const u = col(0, { kind: 'int', unsigned: true }, 't.u');
    expect(() => evaluate(call('-', u, lit(2)), [1])).toThrow("BIGINT UNSIGNED value is out of range in '(`t`.`u` - 2)'");
  });
  it('int arithmetic crosses 2^53 exactly', () => {
    expect(evaluate(call('+', lit(9007199254740991), lit(2)))).toBe(9007199254740993n);
    expect(evaluate(call('*', lit(3037000499), lit(3037000499)))).toBe(9223372030926249001n);
    expect(evaluate(call('-', lit(9007199254740993n), lit(2)))).toBe(9007199254740991);
  });
  it('decimal arithmetic is exact with MySQL scales', () => {
    expect(show(call('+', dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(show(call('*', dec('1.50'), dec('2.0')))).toBe('3.000');
    expect(show(call('-', lit(1), dec('0.05')))).toBe('0.95');
    expect(show(call('/', lit(1), lit(3)))).toBe('0.3333');
    expect(show(call('/', dec('1.00'), lit(3)))).toBe('0.333333');
    expect(show(call('/', lit(2), lit(3)))).toBe('0.6667');
    expect(show(call('/', lit(1), lit(0)))).toBe(null);
    expect(call('/', lit(1), lit(3)).type).toMatchObject({ kind: 'decimal', scale: 4 });
  });
  it('doubles and strings', () => {
    expect(show(call('+', lit(0.1), lit(0.2)))).toBe('0.30000000000000004');
    expect(evaluate(call('+', lit('12abc'), lit(1)))).toBe(13);
    expect(call('+', lit('1'), lit(1)).type.kind).toBe('double');
    expect(evaluate(call('/', lit(1.5), lit(0)))).toBe(null);
  });
  it('DIV and MOD', () => {
    expect(evaluate(call('div', lit(7), lit(2)))).toBe(3);
    expect(evaluate(call('div', lit(-7), lit(2)))).toBe(-3);
    expect(evaluate(call('div', dec('5.5'), lit(2)))).toBe(2);
    expect(evaluate(call('div', lit(7.9), lit(2)))).toBe(3);
    expect(evaluate(call('div', lit(7), lit(0)))).toBe(null);
    expect(evaluate(call('%', lit(-7), lit(3)))).toBe(-1);
    expect(evaluate(call('mod', lit(7), lit(-3)))).toBe(1);
    expect(show(call('%', dec('7.5'), lit(2)))).toBe('1.5');
    expect(evaluate(call('%', lit(7), lit(0)))).toBe(null);
    expect(evaluate(call('%', lit(7.5), lit(2)))).toBe(1.5);
  });
  it('unary minus and bit operators', () => {
    expect(evaluate(call('neg', lit(5)))).toBe(-5);
    expect(show(call('neg', dec('1.50')))).toBe('-1.50');
    expect(evaluate(call('~', lit(0)))).toBe(18446744073709551615n);
    expect(evaluate(call('&', lit(12), lit(10)))).toBe(8);
    expect(evaluate(call('|', lit(12), lit(10)))).toBe(14);
    expect(evaluate(call('^', lit(12), lit(10)))).toBe(6);
    expect(evaluate(call('<<', lit(1), lit(62)))).toBe(4611686018427387904n);
    expect(evaluate(call('>>', lit(-1), lit(60)))).toBe(15);
    expect(evaluate(call('<<', lit(1), lit(64)))).toBe(0);
  });
});

describe('control flow and CAST', () => {
  it('CASE searched and simple forms, branch types unified', () => {
    const x = col(0, { kind: 'int' });
    const searched = callM('case', {}, call('>', x, lit(10)), lit('big'), call('>', x, lit(5)), lit('mid'), lit('small'));
    expect(evaluate(searched, [11])).toBe('big');
    expect(evaluate(searched, [6])).toBe('mid');
    expect(evaluate(searched, [null])).toBe('small');
    const simple = callM('case', { hasOperand: true }, x, lit(1), lit('one'), lit(2), lit('two'));
    expect(evaluate(simple, [2])).toBe('two');
    expect(evaluate(simple, [3])).toBe(null);
    expect(evaluate(simple, [null])).toBe(null);
    const mixed = callM('case', {}, call('=', x, lit(1)), lit(1), dec('1.5'));
    expect(mixed.type).toMatchObject({ kind: 'decimal', scale: 1 });
    expect(show(mixed, [1])).toBe('1.0');
  });
  it('CASE evaluates only the chosen branch', () => {
    const x = col(0, { kind: 'bigint' }, 't.x');
    const e = callM('case', {}, call('>', x, lit(0)), call('+', x, lit(1)), lit(0));
    expect(evaluate(e, [-1n])).toBe(0);
    expect(evaluate(callM('case', {}, lit(0), call('+', x, lit(1)), lit(7)), [9223372036854775807n])).toBe(7);
  });
  it('IF, IFNULL, COALESCE, NULLIF', () => {
    expect(evaluate(call('if', lit(1), lit('a'), lit('b')))).toBe('a');
    expect(evaluate(call('if', N, lit('a'), lit('b')))).toBe('b');
    expect(evaluate(call('ifnull', N, lit(3)))).toBe(3);
    expect(evaluate(call('coalesce', N, N, lit('x')))).toBe('x');
    expect(evaluate(call('coalesce', N, N))).toBe(null);
    expect(evaluate(call('nullif', lit(1), lit(1)))).toBe(null);
    expect(evaluate(call('nullif', lit('a'), lit('A')))).toBe(null);
    expect(evaluate(call('nullif', lit(1), lit(2)))).toBe(1);
    expect(show(call('ifnull', N, dec('2.50')))).toBe('2.50');
  });
  it('GREATEST/LEAST with NULL and mixed types', () => {
    expect(evaluate(call('greatest', lit(1), lit(5), lit(3)))).toBe(5);
    expect(evaluate(call('least', lit(1), N))).toBe(null);
    expect(evaluate(call('greatest', lit('apple'), lit('B')))).toBe('B');
    expect(show(call('greatest', lit(1), dec('1.5')))).toBe('1.5');
    expect(evaluate(call('least', date('2024-01-05'), lit('2023-12-31')))).toBe('2023-12-31');
  });
  it('CAST targets', () => {
    const cast = (x: ReturnType<typeof lit>, target: Record<string, unknown>) => evaluate(callM('cast', { target }, x));
    expect(cast(lit('12abc'), { kind: 'bigint' })).toBe(12);
    expect(cast(dec('1.5'), { kind: 'bigint' })).toBe(2);
    expect(cast(dec('-1.5'), { kind: 'bigint' })).toBe(-2);
    expect(cast(lit(-1), { kind: 'bigint', unsigned: true })).toBe(18446744073709551615n);
    expect(cast(lit(18446744073709551615n), { kind: 'bigint' })).toBe(-1);
    expect(show(callM('cast', { target: { kind: 'decimal', precision: 5, scale: 2 } }, lit('3.14159')))).toBe('3.14');
    expect(show(callM('cast', { target: { kind: 'decimal', precision: 3, scale: 1 } }, lit(12345)))).toBe('99.9');
    expect(cast(lit(12345), { kind: 'char', precision: 3 })).toBe('123');
    expect(cast(lit('2024-1-5 7:08'), { kind: 'date' })).toBe('2024-01-05');
    expect(cast(lit('2024-1-5 7:08'), { kind: 'datetime' })).toBe('2024-01-05 07:08:00');
    expect(cast(lit(20240105), { kind: 'date' })).toBe('2024-01-05');
    expect(cast(lit('not a date'), { kind: 'date' })).toBe(null);
    expect(cast(lit('2.5e1'), { kind: 'double' })).toBe(25);
    expect(cast(date('2024-01-05'), { kind: 'bigint' })).toBe(20240105);
    expect(cast(date('2024-01-05'), { kind: 'datetime' })).toBe('2024-01-05 00:00:00');
    expect(() => callM('cast', { target: { kind: 'decimal', precision: 2, scale: 5 } }, lit(1))).toThrow(
      "For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '1').",
    );
    expect(() => callM('cast', { target: { kind: 'decimal', precision: 66, scale: 0 } }, lit(1))).toThrow("Too-big precision 66 specified for '1'. Maximum is 65.");
    expect(evaluate(callM('convert', {}, lit('x')))).toBe('x');
    // the resolver's spelling: meta.type
    expect(evaluate(bindCall('cast', [lit('7')], { type: { kind: 'bigint' } }))).toBe(7);
  });
});

describe('bindCall and folding', () => {
  it('unknown functions and wrong argument counts raise MySQL errors', () => {
    expect(() => bindCall('nosuchfn', [])).toThrow('FUNCTION test.nosuchfn does not exist');
    expect(() => bindCall('ABS', [lit(1), lit(2)])).toThrow("Incorrect parameter count in the call to native function 'abs'");
    expect(() => bindCall('concat', [])).toThrow("Incorrect parameter count in the call to native function 'concat'");
  });
  it('folds TPC-H date arithmetic to a constant', () => {
    const e = callM('date_sub', { unit: 'DAY' }, date('1998-12-01'), lit('90'));
    const folded = foldConstants(e);
    expect(folded).toEqual({ kind: 'const', value: '1998-09-02', type: { kind: 'date' } });
    const q6 = callM('date_add', { unit: 'YEAR' }, date('1994-01-01'), lit('1'));
    expect(foldConstants(q6)).toMatchObject({ kind: 'const', value: '1995-01-01' });
  });
  it('folds nested constant subtrees but keeps columns and volatile calls', () => {
    const x = col(0, { kind: 'int' });
    const e = call('+', x, call('*', lit(2), lit(3)));
    const f = foldConstants(e);
    expect(f.kind).toBe('call');
    expect((f as { args: unknown[] }).args[1]).toEqual({ kind: 'const', value: 6, type: { kind: 'bigint' } });
    expect(foldConstants(call('now')).kind).toBe('call');
  });
  it('leaves an erroring constant call unfolded', () => {
    const e = call('+', lit(9223372036854775807n), lit(1));
    expect(foldConstants(e)).toBe(e);
  });
  it('compiled closures are reusable across rows', () => {
    const f = compileExpr(call('+', col(0, { kind: 'int' }), col(1, { kind: 'int' })));
    expect(f([1, 2])).toBe(3);
    expect(f([10, 20])).toBe(30);
    expect(f([null, 20])).toBe(null);
  });
});
