import { describe, expect, it } from 'vitest';
import { hintTargets, withColumnStoreHint } from './columnHints';

describe('row vs column hints', () => {
  it('hints the table of a simple SELECT by name, for each store', () => {
    expect(withColumnStoreHint('SELECT SUM(c2) FROM t WHERE c1 > 3;', true)).toBe('SELECT /*+ USE_COLUMN_TABLE(t) */ SUM(c2) FROM t WHERE c1 > 3;');
    expect(withColumnStoreHint('select * from t', false)).toBe('select /*+ NO_USE_COLUMN_TABLE(t) */ * from t;');
  });

  it('uses the alias when there is one, and drops the database name', () => {
    expect(hintTargets('SELECT l.a FROM tpch.lineitem AS l WHERE l.a > 1')).toEqual(['l']);
    expect(hintTargets('SELECT COUNT(*) FROM tpch.lineitem WHERE l_quantity < 24')).toEqual(['lineitem']);
    expect(hintTargets('SELECT * FROM `my t` x')).toEqual(['x']);
  });

  it('hints every table of a join or a comma list, not subqueries', () => {
    expect(hintTargets('SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c cc ON cc.id = a.id WHERE 1')).toEqual(['a', 'b', 'cc']);
    expect(hintTargets('SELECT * FROM a, b bb WHERE a.x = bb.x')).toEqual(['a', 'bb']);
    expect(hintTargets('SELECT * FROM (SELECT * FROM inner_t) d')).toEqual([]);
    expect(hintTargets("SELECT 'from x' FROM t WHERE s = 'join y'")).toEqual(['t']);
  });

  it('merges into an existing hint after SELECT', () => {
    expect(withColumnStoreHint('SELECT /*+ PARALLEL(2) */ * FROM t;', true)).toBe('SELECT /*+ PARALLEL(2) USE_COLUMN_TABLE(t) */ * FROM t;');
  });

  it('refuses what is not a SELECT over a table', () => {
    expect(withColumnStoreHint('INSERT INTO t VALUES (1)', true)).toBeNull();
    expect(withColumnStoreHint('SELECT 1', true)).toBeNull();
    expect(withColumnStoreHint('', false)).toBeNull();
  });
});
