/**
 * OBKV filter strings: grammar (precedence, parentheses, quotes, errors with positions) and
 * evaluation against rows of a table (NULL handling, type conversion, collation).
 */
import { describe, expect, it } from 'vitest';
import { ObError } from '../common/ob_error';
import type { Value } from '../common/value';
import { DEFAULT_TABLE_OPTIONS, type ColumnSchema, type TableSchema } from '../schema/schema';
import { compileFilter, parseFilter, filterPredicate } from './filter';
import { tableMeta } from './table_meta';

const leaf = (op: string, column: string, value: string) => ({ kind: 'compare', op, column, value });

function parseError(text: string): string {
  try {
    parseFilter(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ObError);
    expect((e as ObError).obCode).toBe(-10514);
    return (e as ObError).message;
  }
  throw new Error(`no error for ${text}`);
}

describe('filter grammar', () => {
  it('parses a single leaf with every operator', () => {
    for (const op of ['<', '>', '<=', '>=', '!=', '=']) {
      expect(parseFilter(`TableCompareFilter(${op}, 'c1:5')`)).toEqual(leaf(op, 'c1', '5'));
    }
    expect(parseFilter("TableCompareFilter(IS, 'c2:')")).toEqual(leaf('IS', 'c2', ''));
    expect(parseFilter("TableCompareFilter(IS_NOT, 'c2:')")).toEqual(leaf('IS_NOT', 'c2', ''));
    expect(parseFilter("  TableCompareFilter( >= ,'c1:5' )  ")).toEqual(leaf('>=', 'c1', '5'));
  });

  it('empty or blank filters mean no filter', () => {
    expect(parseFilter(null)).toBeNull();
    expect(parseFilter('')).toBeNull();
    expect(parseFilter('   ')).toBeNull();
  });

  it('&& binds tighter than ||', () => {
    const f = parseFilter("TableCompareFilter(=, 'a:1') || TableCompareFilter(=, 'b:2') && TableCompareFilter(=, 'c:3')");
    expect(f).toEqual({
      kind: 'or',
      children: [leaf('=', 'a', '1'), { kind: 'and', children: [leaf('=', 'b', '2'), leaf('=', 'c', '3')] }],
    });
  });

  it('parentheses group, also nested', () => {
    const f = parseFilter("((TableCompareFilter(=, 'a:1') || TableCompareFilter(=, 'b:2'))) && (TableCompareFilter(<, 'c:3') || (TableCompareFilter(>, 'd:4')))");
    expect(f).toEqual({
      kind: 'and',
      children: [
        { kind: 'or', children: [leaf('=', 'a', '1'), leaf('=', 'b', '2')] },
        { kind: 'or', children: [leaf('<', 'c', '3'), leaf('>', 'd', '4')] },
      ],
    });
  });

  it('values may hold colons, spaces, operators, parentheses and quotes', () => {
    expect(parseFilter("TableCompareFilter(=, 'c:a:b c')")).toEqual(leaf('=', 'c', 'a:b c'));
    expect(parseFilter("TableCompareFilter(=, 'c:x && y || (z)')")).toEqual(leaf('=', 'c', 'x && y || (z)'));
    expect(parseFilter("TableCompareFilter(=, 'c:it''s')")).toEqual(leaf('=', 'c', "it's"));
    expect(parseFilter("TableCompareFilter(=, 'c:it's')")).toEqual(leaf('=', 'c', "it's"));
    expect(parseFilter("TableCompareFilter(=, 'c:''')")).toEqual(leaf('=', 'c', "'"));
    expect(parseFilter("TableCompareFilter(=, 'c:')")).toEqual(leaf('=', 'c', ''));
  });

  it('reports what is wrong and where', () => {
    expect(parseError("TableCompareFilter(=, 'c1:5'")).toBe("Parse filter failed: expected ')' closing TableCompareFilter but found end of filter at position 28");
    expect(parseError("TableCompareFilter(=>, 'c1:5')")).toBe("Parse filter failed: unknown compare operator '=>' at position 19");
    expect(parseError("TableCompareFilter(LIKE, 'c1:5')")).toBe("Parse filter failed: unknown compare operator 'LIKE' at position 19");
    expect(parseError("TableCompareFilter(=, 'c1:5)")).toBe('Parse filter failed: unterminated quoted string at position 22');
    expect(parseError("TableCompareFilter(=, 'c15')")).toBe("Parse filter failed: missing ':' between column and value in 'c15' at position 22");
    expect(parseError("TableCompareFilter(=, c1:5)")).toBe("Parse filter failed: expected a quoted 'column:value' but found 'c' at position 22");
    expect(parseError("ValueFilter(=, 'c1:5')")).toBe("Parse filter failed: unknown filter 'ValueFilter' (expected 'TableCompareFilter') at position 0");
    expect(parseError("(TableCompareFilter(=, 'c1:5')")).toBe("Parse filter failed: expected ')' closing the '(' at position 0 but found end of filter at position 30");
    expect(parseError("TableCompareFilter(=, 'c1:5') &&")).toContain('at position 32');
    expect(parseError("TableCompareFilter(=, 'c1:5') TableCompareFilter(=, 'c1:5')")).toBe(
      "Parse filter failed: unexpected 'T' after a complete filter at position 30",
    );
    expect(parseError("TableCompareFilter(IS, 'c1:5')")).toContain('IS takes no value');
    expect(parseError("TableCompareFilter(=, ':5')")).toContain('empty column name');
    expect(parseError("TableCompareFilter(=, 'a:1') & TableCompareFilter(=, 'b:2')")).toContain('at position 29');
  });
});

const col = (index: number, name: string, type: ColumnSchema['type'], nullable = true): ColumnSchema => ({
  index, name, type, nullable, autoIncrement: false, hidden: false,
});

const table: TableSchema = {
  tenantId: 1002 as never, databaseName: 'test', tableId: 500001 as never, name: 't',
  columns: [
    col(0, 'id', { kind: 'bigint' }, false),
    col(1, 'name', { kind: 'varchar', precision: 20 }),
    col(2, 'score', { kind: 'double' }),
    col(3, 'bin', { kind: 'varchar', precision: 20, binary: true }),
    col(4, 'ts', { kind: 'datetime' }),
  ],
  rowkey: [0], isHeap: false, partitionScheme: null, partitions: [], options: DEFAULT_TABLE_OPTIONS, schemaVersion: 1,
};
const meta = tableMeta(table);
const rows: Value[][] = [
  [1, 'Alice', 9.5, 'ab', '2024-01-01 10:00:00'],
  [2, 'bob', null, 'AB', '2024-06-01 00:00:00'],
  [10, null, 3, null, null],
];
const ids = (f: string) => rows.filter(filterPredicate(f, meta)!).map((r) => r[0]);

describe('filter evaluation', () => {
  it('numbers compare numerically, not as text', () => {
    expect(ids("TableCompareFilter(<, 'id:9')")).toEqual([1, 2]);
    expect(ids("TableCompareFilter(>=, 'score:3.0')")).toEqual([1, 10]);
    expect(ids("TableCompareFilter(!=, 'id:2')")).toEqual([1, 10]);
  });

  it('NULL compared with any operator is false; IS / IS_NOT test NULL', () => {
    expect(ids("TableCompareFilter(!=, 'score:1')")).toEqual([1, 10]);
    expect(ids("TableCompareFilter(<, 'name:zzz')")).toEqual([1, 2]);
    expect(ids("TableCompareFilter(IS, 'name:')")).toEqual([10]);
    expect(ids("TableCompareFilter(IS_NOT, 'name:')")).toEqual([1, 2]);
  });

  it('text compares in utf8mb4_general_ci, byte strings byte by byte', () => {
    expect(ids("TableCompareFilter(=, 'name:ALICE')")).toEqual([1]);
    expect(ids("TableCompareFilter(<, 'name:B')")).toEqual([1]);
    expect(ids("TableCompareFilter(=, 'bin:ab')")).toEqual([1]);
    expect(ids("TableCompareFilter(<, 'bin:ab')")).toEqual([2]);
  });

  it('datetimes compare as time', () => {
    expect(ids("TableCompareFilter(>, 'ts:2024-03-01')")).toEqual([2]);
    expect(ids("TableCompareFilter(=, 'ts:2024-01-01 10:00:00.000')")).toEqual([1]);
  });

  it('&&, || and parentheses combine', () => {
    expect(ids("TableCompareFilter(=, 'id:10') || TableCompareFilter(=, 'name:bob') && TableCompareFilter(IS, 'score:')")).toEqual([2, 10]);
    expect(ids("(TableCompareFilter(=, 'id:10') || TableCompareFilter(=, 'name:bob')) && TableCompareFilter(IS_NOT, 'score:')")).toEqual([10]);
  });

  it('unknown columns → -5217, values not of the column type → -10514', () => {
    expect(() => compileFilter(parseFilter("TableCompareFilter(=, 'nope:1')")!, meta)).toThrow("Unknown column 'nope' in 't'");
    expect(() => filterPredicate("TableCompareFilter(=, 'id:abc')", meta)).toThrow(/Parse filter failed: value 'abc'/);
  });
});
