/**
 * Weak-consistency reads (issue #4, reference §3.7): the level each statement passes to
 * `startStatement` — hint over session variable, FOR UPDATE and DML always STRONG, the first
 * statement fixing a transaction's level, and a write refused in a WEAK transaction.
 */
import { describe, expect, it } from 'vitest';
import { leadingHint, readConsistencyHint, resolveReadConsistency } from '../read_consistency';
import { createFakeContext, errorOf, run } from './fake_context';

async function setup() {
  const ctx = createFakeContext();
  await run(ctx, 'CREATE TABLE t1 (id INT PRIMARY KEY, v INT)');
  await run(ctx, 'INSERT INTO t1 VALUES (1, 10), (2, 20)');
  ctx.cluster.statementStarts.length = 0;
  return ctx;
}

const levels = (ctx: Awaited<ReturnType<typeof setup>>) => ctx.cluster.statementStarts.map((s) => s.readConsistency ?? 'STRONG');

describe('resolving the level', () => {
  it('reads the hint, the variable, and FOR UPDATE', () => {
    expect(readConsistencyHint('READ_CONSISTENCY(WEAK)')).toBe('WEAK');
    expect(readConsistencyHint('parallel(2) read_consistency ( "frozen" )')).toBe('FROZEN');
    expect(readConsistencyHint('USE_COLUMN_TABLE(t)')).toBeUndefined();
    expect(resolveReadConsistency('READ_CONSISTENCY(STRONG)', 'WEAK', false)).toBe('STRONG');
    expect(resolveReadConsistency(undefined, 'WEAK', false)).toBe('WEAK');
    expect(resolveReadConsistency(undefined, 'FROZEN', false)).toBe('WEAK');
    expect(resolveReadConsistency(undefined, '', false)).toBe('STRONG');
    expect(resolveReadConsistency(undefined, undefined, false)).toBe('STRONG');
    expect(resolveReadConsistency('READ_CONSISTENCY(WEAK)', undefined, true)).toBe('STRONG');
    expect(leadingHint('SELECT /*+ READ_CONSISTENCY(WEAK) */ * FROM t')).toBe('READ_CONSISTENCY(WEAK)');
    expect(leadingHint(`SELECT * FROM t WHERE v = '/*+ READ_CONSISTENCY(WEAK) */'`)).toBeUndefined();
  });
});

describe('statements', () => {
  it('a SELECT is STRONG by default and WEAK with the hint', async () => {
    const ctx = await setup();
    await run(ctx, 'SELECT * FROM t1');
    await run(ctx, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ * FROM t1');
    expect(levels(ctx)).toEqual(['STRONG', 'WEAK']);
  });

  it('the session variable applies unless a hint says otherwise; DML stays STRONG', async () => {
    const ctx = await setup();
    await run(ctx, 'SET ob_read_consistency = WEAK');
    ctx.cluster.statementStarts.length = 0;
    await run(ctx, 'SELECT v FROM t1 WHERE id = 1');
    await run(ctx, 'SELECT /*+ READ_CONSISTENCY(STRONG) */ v FROM t1 WHERE id = 1');
    await run(ctx, 'SELECT v FROM t1 WHERE id = 2 FOR UPDATE');
    await run(ctx, 'UPDATE t1 SET v = 11 WHERE id = 1');
    expect(levels(ctx)).toEqual(['WEAK', 'STRONG', 'STRONG', 'STRONG']);
  });

  it('a cached plan keeps the level of its statement text', async () => {
    const ctx = await setup();
    for (let i = 0; i < 3; i++) await run(ctx, `SELECT /*+ READ_CONSISTENCY(WEAK) */ v FROM t1 WHERE id = ${i}`);
    for (let i = 0; i < 2; i++) await run(ctx, `SELECT v FROM t1 WHERE id = ${i}`);
    expect(levels(ctx)).toEqual(['WEAK', 'WEAK', 'WEAK', 'STRONG', 'STRONG']);
  });

  it('the first statement fixes a transaction: later hints are overridden, writes refused', async () => {
    const ctx = await setup();
    await run(ctx, 'BEGIN');
    await run(ctx, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ * FROM t1');
    await run(ctx, 'SELECT /*+ READ_CONSISTENCY(STRONG) */ * FROM t1');
    expect(await errorOf(ctx, 'INSERT INTO t1 VALUES (3, 30)')).toBe('ERROR 1235 (0A000): write in a weak read consistency transaction not supported');
    await run(ctx, 'COMMIT');
    await run(ctx, 'INSERT INTO t1 VALUES (3, 30)');
    expect(levels(ctx)).toEqual(['WEAK', 'WEAK', 'STRONG']);
  });

  it('a transaction begun with a write stays STRONG', async () => {
    const ctx = await setup();
    await run(ctx, 'BEGIN');
    await run(ctx, 'INSERT INTO t1 VALUES (4, 40)');
    await run(ctx, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ * FROM t1');
    await run(ctx, 'ROLLBACK');
    await run(ctx, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ * FROM t1');
    expect(levels(ctx)).toEqual(['STRONG', 'STRONG', 'WEAK']);
  });
});
