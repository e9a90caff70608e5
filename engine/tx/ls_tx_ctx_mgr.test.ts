import { describe, expect, it } from 'vitest';
import { scn, tabletId, txId } from '../common/ids';
import { VirtualClock } from '../env/memory';
import { LsTxCtxMgr } from './ls_tx_ctx_mgr';

const T = tabletId(200001);

describe('LS transaction contexts', () => {
  it('rolls back only the failed statement and releases its locks', async () => {
    const m = new LsTxCtxMgr(new VirtualClock());
    const a = m.getOrCreate(txId(1));
    await m.lock(a, 1, T, 'k1');
    m.write(a, 1, T, 'k1', [1]);
    await m.lock(a, 2, T, 'k2');
    m.write(a, 2, T, 'k2', [2]);
    await m.lock(a, 2, T, 'k1');
    m.write(a, 2, T, 'k1', [10]);
    m.rollbackStatement(txId(1), 2);
    expect([...m.buffered(txId(1), T)!]).toEqual([['k1', [1]]]);
    // k2's lock is free again: another transaction takes it at once.
    const b = m.getOrCreate(txId(2));
    expect(await m.lock(b, 1, T, 'k2', 0)).toBe(true);
  });

  it('makes a second writer wait for the row lock and time out with ERROR 1205', async () => {
    const clock = new VirtualClock();
    const m = new LsTxCtxMgr(clock);
    const a = m.getOrCreate(txId(1));
    await m.lock(a, 1, T, 'k');
    const b = m.getOrCreate(txId(2));
    const waiting = m.lock(b, 1, T, 'k', 1_000);
    clock.advance(2_000);
    await expect(waiting).rejects.toMatchObject({ mysqlCode: 1205 });
  });

  it('hands the lock to a waiter when the holder finishes', async () => {
    const m = new LsTxCtxMgr(new VirtualClock());
    const a = m.getOrCreate(txId(1));
    await m.lock(a, 1, T, 'k');
    const b = m.getOrCreate(txId(2));
    const waiting = m.lock(b, 1, T, 'k');
    m.finish(txId(1));
    await expect(waiting).resolves.toBe(true);
  });

  it('holds readers at or above a commit in flight until it finishes, not readers below it', async () => {
    const m = new LsTxCtxMgr(new VirtualClock());
    const a = m.getOrCreate(txId(1));
    await m.lock(a, 1, T, 'k');
    m.write(a, 1, T, 'k', [1]);
    m.beginCommit(a);
    m.setVersion(txId(1), scn(100n));
    let after = false;
    const high = m.waitReadable(scn(150n)).then(() => (after = true));
    await m.waitReadable(scn(99n)); // below the commit version: not blocked
    await Promise.resolve();
    expect(after).toBe(false);
    m.finish(txId(1));
    await high;
    expect(after).toBe(true);
  });

  it('refuses row locks on tablets blocked by a transfer with retryable OB_EAGAIN, lists and kills the transactions on them', async () => {
    const m = new LsTxCtxMgr(new VirtualClock());
    const U = tabletId(200002);
    const a = m.getOrCreate(txId(1));
    await m.lock(a, 1, T, 'k');
    m.write(a, 1, T, 'k', [1]);
    const b = m.getOrCreate(txId(2));
    await m.lock(b, 1, U, 'k');
    m.blockTablets([T]);
    expect(m.touching([T]).map((c) => c.txId)).toEqual([txId(1)]);
    await expect(m.lock(b, 2, T, 'other')).rejects.toMatchObject({ obCode: -4023, retryable: true });
    expect(await m.lock(b, 2, U, 'other')).toBe(true); // other tablets are untouched
    expect(m.kill(txId(1))).toBe(true);
    expect(m.touching([T])).toEqual([]);
    m.beginCommit(b);
    expect(m.kill(txId(2))).toBe(false); // a committing transaction is left to finish
    m.unblockTablets([T]);
    const c = m.getOrCreate(txId(3));
    expect(await m.lock(c, 1, T, 'k', 0)).toBe(true);
  });
  it('gives up a read blocked by a prepared transaction at the statement deadline with OB_TIMEOUT', async () => {
    const clock = new VirtualClock();
    const m = new LsTxCtxMgr(clock);
    m.restorePrepared(txId(7), scn(100n)); // prepared by an earlier leader; its coordinator is gone
    const read = m.waitReadable(scn(150n), 2_000_000);
    let settled = false;
    read.catch(() => {}).finally(() => (settled = true));
    clock.advance(1_999_999);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(read).rejects.toMatchObject({ obCode: -4012, mysqlCode: 4012 });
    // A reader below the prepare version is not blocked at all.
    await expect(m.waitReadable(scn(99n), 0)).resolves.toBeUndefined();
  });
});
