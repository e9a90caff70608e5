import { describe, expect, it } from 'vitest';
import { columnTableHints } from './hints';

describe('column table hints', () => {
  it('reads USE_COLUMN_TABLE / NO_USE_COLUMN_TABLE with aliases, db.t names and query block names', () => {
    const h = columnTableHints('USE_COLUMN_TABLE(t1) no_use_column_table(@SEL$1 test.T2) USE_COLUMN_TABLE(`t3`, t4) PARALLEL(4)');
    expect([...h]).toEqual([['t1', true], ['t2', false], ['t3', true], ['t4', true]]);
  });

  it('lets the last hint on a table win and ignores other hints', () => {
    expect([...columnTableHints('USE_COLUMN_TABLE(t) NO_USE_COLUMN_TABLE(t)')]).toEqual([['t', false]]);
    expect(columnTableHints('FULL(t) LEADING(a b)').size).toBe(0);
  });
});
