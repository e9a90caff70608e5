import { describe, expect, it } from 'vitest';
import { lsId, scn, txId, type LsId, type TxId } from '../common/ids';
import { TX_2PC_RECOVERY_AFTER_US } from '../common/limits';
import { VirtualClock } from '../env/memory';
import type { LogStream, PreparedTx, TxState } from '../logstream/log_stream';
import type { TxLogRecord } from './tx_log';
import { TxRecovery, decide } from './tx_recovery';

const T = txId(42);

/** The parts of a LogStream recovery uses: a serving leader holding T prepared on LS 1002 of {1002, 1003}. */
function fakeLs(clock: VirtualClock) {
  const logged: TxLogRecord[] = [];
  const prepared = new Map<TxId, PreparedTx>([[T, {
    redo: [], lsn: 5 as never, prepareScn: scn(100n), participants: [lsId(1002), lsId(1003)], prepareUs: 0, appliedUs: clock.nowUs(),
  }]]);
  const ls = {
    tenantId: 1002, lsId: 1002, isStopped: false, prepared, logged,
    isServing: () => true,
    outcomeOf: () => null,
    txMgr: { setVersion: () => {} },
    submit: async (rec: TxLogRecord) => {
      logged.push(rec);
      prepared.delete(T);
      return 9;
    },
  };
  return ls as unknown as LogStream & { logged: TxLogRecord[] };
}

function recoveryAnswering(clock: VirtualClock, answer: TxState | Error, asked: { lsId: LsId; killActive: boolean }[] = []) {
  return new TxRecovery({
    clock,
    callLeader: async <R>(_t: unknown, l: LsId, method: string, body: unknown) => {
      expect(method).toBe('tx.queryState');
      asked.push({ lsId: l, killActive: (body as { killActive: boolean }).killActive });
      if (answer instanceof Error) throw answer;
      return answer as R;
    },
  });
}

describe('2PC recovery decision', () => {
  it('commits when another participant committed, at its commit SCN', () => {
    expect(decide(100n, [{ state: 'prepared', prepareScn: '120' }, { state: 'committed', commitScn: '130' }])).toEqual({ commitScn: 130n });
  });
  it('commits at the max prepare SCN when every participant prepared', () => {
    expect(decide(100n, [{ state: 'prepared', prepareScn: '120' }, { state: 'prepared', prepareScn: '90' }])).toEqual({ commitScn: 120n });
  });
  it('presumes abort when a participant aborted or never saw the transaction', () => {
    expect(decide(100n, [{ state: 'prepared', prepareScn: '120' }, { state: 'aborted' }])).toBe('abort');
    expect(decide(100n, [{ state: 'unknown', complete: true }])).toBe('abort');
  });
  it('stays undecided while a participant is unreachable, preparing, or may have forgotten the outcome', () => {
    expect(decide(100n, [null])).toBeNull();
    expect(decide(100n, [{ state: 'pending' }])).toBeNull();
    expect(decide(100n, [{ state: 'unknown', complete: false }])).toBeNull();
  });
});

describe('TxRecovery', () => {
  it('leaves a young prepared transaction to its coordinator, then finishes an old one', async () => {
    const clock = new VirtualClock();
    const ls = fakeLs(clock);
    const asked: { lsId: LsId; killActive: boolean }[] = [];
    const rec = recoveryAnswering(clock, { state: 'prepared', prepareScn: '150' }, asked);
    rec.tick([ls]);
    await new Promise((r) => setImmediate(r));
    expect(asked).toEqual([]);
    clock.advance(TX_2PC_RECOVERY_AFTER_US);
    rec.tick([ls]);
    await new Promise((r) => setImmediate(r));
    // It asked the other participant only (killing an active context there), and committed at the max prepare SCN.
    expect(asked).toEqual([{ lsId: 1003, killActive: true }]);
    expect(ls.logged).toEqual([{ type: 'commit_prepared', txId: T, commitScn: 150n }]);
  });

  it('aborts when the other leader never saw the transaction, once only for concurrent callers', async () => {
    const clock = new VirtualClock();
    const ls = fakeLs(clock);
    const rec = recoveryAnswering(clock, { state: 'unknown', complete: true });
    const [a, b] = await Promise.all([rec.resolvePrepared(ls, T), rec.resolvePrepared(ls, T)]);
    expect([a, b]).toEqual(['aborted', 'aborted']);
    expect(ls.logged).toEqual([{ type: 'abort', txId: T }]);
    expect(await rec.resolvePrepared(ls, T)).toBe('not-prepared');
  });

  it('logs nothing while the other participant cannot be reached', async () => {
    const clock = new VirtualClock();
    const ls = fakeLs(clock);
    const rec = recoveryAnswering(clock, new Error('no leader'));
    expect(await rec.resolvePrepared(ls, T)).toBe('undecided');
    expect(ls.logged).toEqual([]);
  });
});
