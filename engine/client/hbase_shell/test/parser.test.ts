/** The shell parser: every literal form, command splitting, and syntax errors with line/column. */
import { describe, expect, it } from 'vitest';
import { evaluate, ShellUsageError } from '../args';
import { tokenize } from '../lexer';
import { parseShellScript, type ParsedItem, type RubyValue } from '../parser';

function commands(src: string) {
  return parseShellScript(src).map((i) => {
    if (!i.ok) throw new Error(i.error.message);
    return i.command;
  });
}

function one(src: string) {
  const cmds = commands(src);
  expect(cmds).toHaveLength(1);
  return cmds[0];
}

function values(src: string) {
  return one(src).args.map(evaluate);
}

function errors(items: ParsedItem[]): string[] {
  return items.flatMap((i) => (i.ok ? [] : [i.error.message]));
}

describe('literals', () => {
  it('reads single-quoted strings with only \\\' and \\\\ as escapes (Ruby)', () => {
    expect(values(String.raw`x 'a\'b', 'c\\d', 'e\nf', '\x00'`)).toEqual(["a'b", 'c\\d', 'e\\nf', '\\x00']);
  });

  it('reads double-quoted strings with \\x, \\n, \\t, \\\\ and \\" escapes as bytes', () => {
    expect(values(String.raw`x "r\x00\x01\xff", "a\nb\tc", "q\"\\"`)).toEqual(['r\x00\x01\xff', 'a\nb\tc', 'q"\\']);
  });

  it('turns typed non-ASCII text into its UTF-8 bytes', () => {
    expect(values(`x 'é'`)).toEqual(['\xc3\xa9']);
  });

  it('joins adjacent string literals like Ruby', () => {
    expect(values(`x 'ab' "cd"`)).toEqual(['abcd']);
  });

  it('reads integers (negative, with underscores, beyond 2^53), floats, true/false/nil', () => {
    expect(values('x 1, -5, 1_000, 9223372036854775807, 2.5, true, false, nil')).toEqual([
      1n, -5n, 1000n, 9223372036854775807n, 2.5, true, false, null,
    ]);
  });

  it('reads nested arrays and hashes with constant and string keys', () => {
    const [arr, hash] = values(`x ['a', [1, 2], []], {NAME => 'f1', 'delete' => 'f2', VERSIONS => 3}`);
    expect(arr).toEqual(['a', [1n, 2n], []]);
    expect(hash).toEqual({ kind: 'hash', map: new Map<string, unknown>([['NAME', 'f1'], ['delete', 'f2'], ['VERSIONS', 3n]]) });
  });

  it('collects trailing bare KEY => value pairs into one hash', () => {
    const args = values(`alter 't1', NAME => 'f1', VERSIONS => 5`);
    expect(args).toEqual(['t1', { kind: 'hash', map: new Map<string, unknown>([['NAME', 'f1'], ['VERSIONS', 5n]]) }]);
  });

  it('accepts parenthesised calls and Java filter constructors', () => {
    const c = one(`scan('t1', {FILTER => org.apache.hadoop.hbase.filter.ColumnPaginationFilter.new(1, 0)})`);
    expect(c.name).toBe('scan');
    expect(c.args.map(evaluate)[1]).toEqual({
      kind: 'hash',
      map: new Map([['FILTER', { kind: 'filter', text: 'ColumnPaginationFilter(1, 0)' }]]),
    });
  });

  it('turns comparator objects and Bytes.toBytes into filter arguments', () => {
    const [f] = values(`x ValueFilter.new(EQUAL, BinaryComparator.new(Bytes.toBytes('it''s')))`.replace("''", "\\'"));
    expect(f).toEqual({ kind: 'filter', text: "ValueFilter(=, 'binary:it''s')" });
  });

  it('Bytes.toBytes of an integer is its 8-byte big-endian long', () => {
    expect(values('x Bytes.toBytes(258)')).toEqual(['\0\0\0\0\0\0\x01\x02']);
  });

  it('rejects an unknown constant with a did-you-mean', () => {
    const [v] = one('x VERSOINS').args;
    expect(() => evaluate(v as RubyValue)).toThrowError(new ShellUsageError('uninitialized constant VERSOINS (did you mean VERSIONS?)'));
  });
});

describe('commands in a text', () => {
  it('splits lines, skips comments and blank lines, and splits on ;', () => {
    const cmds = commands(`# setup\ncreate 't1', 'f1'  # a family\n\nlist; exists 't1'\n`);
    expect(cmds.map((c) => c.name)).toEqual(['create', 'list', 'exists']);
    expect(cmds.map((c) => c.pos)).toEqual([
      { line: 2, column: 1 },
      { line: 4, column: 1 },
      { line: 4, column: 7 },
    ]);
    expect(cmds[0].text).toBe("create 't1', 'f1'");
  });

  it('continues a command after a comma, inside brackets, and after a backslash', () => {
    const cmds = commands(`scan 't1', {\n  LIMIT => 2,\n  REVERSED => true\n}\nput 't1',\n 'r1', 'f:q', \\\n 'v'\nlist`);
    expect(cmds.map((c) => c.name)).toEqual(['scan', 'put', 'list']);
    expect(cmds[1].args).toHaveLength(4);
    expect(cmds[0].text).toBe(`scan 't1', {\n  LIMIT => 2,\n  REVERSED => true\n}`);
  });

  it('tokens carry 1-based line and column', () => {
    const t = tokenize(`a\n  'b' => 1`);
    expect(t.map((x) => [x.kind, x.line, x.column])).toEqual([
      ['ident', 1, 1],
      ['newline', 1, 2],
      ['string', 2, 3],
      ['arrow', 2, 7],
      ['int', 2, 10],
      ['eof', 2, 11],
    ]);
  });
});

describe('syntax errors', () => {
  it('names the line, column and what was expected', () => {
    const items = parseShellScript(`list\nget 't1', 'r1' x`);
    expect(errors(items)).toEqual(["syntax error at line 2, column 16: expected ',' or end of line, found 'x'"]);
    expect(items[0].ok).toBe(true);
  });

  it('keeps parsing the lines after a bad one', () => {
    const items = parseShellScript(`put 't1', 'r1\nlist\nscan 't1', {LIMIT => }\nexists 't1'`);
    expect(items.map((i) => (i.ok ? i.command.name : 'ERR'))).toEqual(['ERR', 'list', 'ERR', 'exists']);
    expect(errors(items)).toEqual([
      'syntax error at line 1, column 11: unterminated string meets end of line',
      "syntax error at line 3, column 22: expected a value, found '}'",
    ]);
    expect(items[0].ok ? '' : items[0].error.text).toBe("put 't1', 'r1");
  });

  it('reports unclosed brackets, missing =>, bad characters and bad escapes', () => {
    expect(errors(parseShellScript(`scan 't1', {LIMIT => 1`))).toEqual(["syntax error at line 1, column 23: expected ',' or '}', found end of line"]);
    expect(errors(parseShellScript(`get 't1', 'r1', {COLUMN 'f'}`))).toEqual([
      "syntax error at line 1, column 25: expected '=>', found string 'f'",
    ]);
    expect(errors(parseShellScript(`get 't1' @`))).toEqual(["syntax error at line 1, column 10: unexpected character '@'"]);
    expect(errors(parseShellScript(`put 't1', "\\xZZ"`))).toEqual(['syntax error at line 1, column 12: invalid hex escape']);
    expect(errors(parseShellScript(`'t1'`))).toEqual(['syntax error at line 1, column 1: expected a command name, found string \'t1\'']);
  });

  it('rejects a plain argument after KEY => value pairs and undefined lowercase names', () => {
    expect(errors(parseShellScript(`create 't1', NAME => 'f1', 'f2'`))).toEqual([
      "syntax error at line 1, column 28: expected '=>' (a plain argument cannot follow KEY => value pairs), found string 'f2'",
    ]);
    expect(errors(parseShellScript(`get 't1', row1`))).toEqual([
      "syntax error at line 1, column 11: undefined local variable or method 'row1' (strings need quotes: 'row1')",
    ]);
  });
});
