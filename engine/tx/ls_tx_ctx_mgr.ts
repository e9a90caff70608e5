/**
 * The transaction contexts of one log stream on its leader (OceanBase's `ObLSTxCtxMgr` and the row
 * locks in memtable row headers).
 *
 * A transaction's writes on this LS are buffered here, under row locks, until commit: they reach
 * the memtables only through the log (the commit record is replicated by PALF and applied on every
 * replica, leader included). Each write records an undo entry tagged with its statement sequence so
 * a failed statement rolls back only itself (statement atomicity).
 *
 * Readers wait for commits in flight (`waitReadable`): a transaction registers as pending before it
 * asks GTS for its prepare/commit version, and a read at snapshot S waits for every pending
 * transaction whose version is unknown or ≤ S, so a snapshot never misses a commit that precedes it
 * (the role of OceanBase's row-lock/commit-version check on read).
 *
 * Issue #4, transfer: tablets being moved to another LS are *blocked* here (`blockTablets`): a
 * write taking a row lock on one fails with OB_EAGAIN (retryable: the statement runs again and
 * reaches the tablet's new LS once the schema says so). `touching` lists the contexts with writes
 * or locks on given tablets, which the transfer waits for (or kills: `kill`) before its
 * `transfer_out` record.
 */
import { assert } from '../common/assert';
import type { Scn, TabletId, TxId } from '../common/ids';
import { OB_QUERY_TIMEOUT_US } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { Clock, TimerHandle } from '../env';
import type { TabletMutations } from './tx_log';

/** A buffered write: the new row, or null for a delete. */
export type BufferedRow = Value[] | null;

/** Undo of one write (restore `prev`) or of one lock acquisition (`lock: true`). */
interface UndoEntry {
  stmtSeq: number;
  tabletId: TabletId;
  key: EncodedRowkey;
  lock: boolean;
  /** The buffered value before this write; undefined = the key had no buffered write. */
  prev: BufferedRow | undefined;
}

export interface TxCtx {
  txId: TxId;
  /** tabletId → rowkey → buffered row. */
  readonly writes: Map<TabletId, Map<EncodedRowkey, BufferedRow>>;
  readonly undo: UndoEntry[];
  /** Row locks held, as lock keys. */
  readonly locks: Set<string>;
  state: 'active' | 'committing' | 'prepared' | 'done';
}

interface Lock {
  txId: TxId;
  waiters: (() => void)[];
}

interface Pending {
  version: Scn | null;
  done: Promise<void>;
  finish: () => void;
}

const lockKey = (tabletId: TabletId, key: EncodedRowkey) => `${tabletId}\u0000${key}`;

export class LsTxCtxMgr {
  private readonly ctxs = new Map<TxId, TxCtx>();
  private readonly locks = new Map<string, Lock>();
  private readonly pending = new Map<TxId, Pending>();
  /** Tablets in a transfer: no new row lock is granted on them. */
  private readonly blocked = new Set<TabletId>();

  constructor(private readonly clock: Clock) {}

  get activeCount(): number {
    return this.ctxs.size;
  }

  ctx(txId: TxId): TxCtx | undefined {
    return this.ctxs.get(txId);
  }

  getOrCreate(txId: TxId): TxCtx {
    let c = this.ctxs.get(txId);
    if (!c) {
      c = { txId, writes: new Map(), undo: [], locks: new Set(), state: 'active' };
      this.ctxs.set(txId, c);
    }
    assert(c.state === 'active', `write to a ${c.state} transaction`);
    return c;
  }

  /** The transaction's buffered rows of a tablet (own writes overlay reads). */
  buffered(txId: TxId | undefined, tabletId: TabletId): Map<EncodedRowkey, BufferedRow> | undefined {
    if (txId === undefined) return undefined;
    const m = this.ctxs.get(txId)?.writes.get(tabletId);
    return m && m.size > 0 ? m : undefined;
  }

  /**
   * Takes the row lock of `key` for `ctx` in statement `stmtSeq`, waiting for another holder up to
   * `timeoutUs` µs. Errors: `Errors.lockWaitTimeout` (ERROR 1205).
   * @returns true if the lock was newly acquired (false if already held by ctx).
   */
  async lock(ctx: TxCtx, stmtSeq: number, tabletId: TabletId, key: EncodedRowkey, timeoutUs = OB_QUERY_TIMEOUT_US): Promise<boolean> {
    const k = lockKey(tabletId, key);
    const deadline = this.clock.nowUs() + timeoutUs;
    for (;;) {
      // Killed meanwhile (the leader stepped down): never take a lock for a dead context.
      if (ctx.state === 'done') throw Errors.txKilled();
      if (this.blocked.has(tabletId)) throw Errors.eagain();
      const l = this.locks.get(k);
      if (!l) {
        this.locks.set(k, { txId: ctx.txId, waiters: [] });
        ctx.locks.add(k);
        ctx.undo.push({ stmtSeq, tabletId, key, lock: true, prev: undefined });
        return true;
      }
      if (l.txId === ctx.txId) return false;
      const remaining = deadline - this.clock.nowUs();
      if (remaining <= 0) throw Errors.lockWaitTimeout();
      await new Promise<void>((resolve) => {
        const timer = this.clock.schedule(remaining, resolve);
        l.waiters.push(() => {
          this.clock.cancel(timer);
          resolve();
        });
      });
    }
  }

  /** Buffers a write (after `lock`), recording undo for statement rollback. Errors: `Errors.txKilled` for a dead context. */
  write(ctx: TxCtx, stmtSeq: number, tabletId: TabletId, key: EncodedRowkey, row: BufferedRow): void {
    if (ctx.state === 'done') throw Errors.txKilled(); // killed between its lock and this write
    assert(ctx.locks.has(lockKey(tabletId, key)), 'write without the row lock');
    let m = ctx.writes.get(tabletId);
    if (!m) {
      m = new Map();
      ctx.writes.set(tabletId, m);
    }
    ctx.undo.push({ stmtSeq, tabletId, key, lock: false, prev: m.get(key) });
    m.set(key, row);
  }

  /** Undoes every write of statements with sequence ≥ `stmtSeq` (a failed statement). */
  rollbackStatement(txId: TxId, stmtSeq: number): void {
    const ctx = this.ctxs.get(txId);
    if (!ctx || ctx.state !== 'active') return;
    while (ctx.undo.length > 0 && ctx.undo[ctx.undo.length - 1].stmtSeq >= stmtSeq) {
      const u = ctx.undo.pop()!;
      if (u.lock) {
        ctx.locks.delete(lockKey(u.tabletId, u.key));
        this.unlock(u.tabletId, u.key, txId);
        continue;
      }
      const m = ctx.writes.get(u.tabletId)!;
      if (u.prev === undefined) m.delete(u.key);
      else m.set(u.key, u.prev);
    }
  }

  /** The redo of a transaction: its final buffered rows per tablet, in rowkey order. */
  redoOf(ctx: TxCtx): TabletMutations[] {
    const out: TabletMutations[] = [];
    for (const [tabletId, m] of ctx.writes) {
      if (m.size === 0) continue;
      const keys = [...m.keys()].sort();
      out.push({ tabletId, mutations: keys.map((key) => ({ key, row: m.get(key)! })) });
    }
    return out;
  }

  /** Marks the transaction as committing and registers it as pending for readers. */
  beginCommit(ctx: TxCtx): void {
    assert(ctx.state === 'active', 'commit of a non-active transaction');
    ctx.state = 'committing';
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    this.pending.set(ctx.txId, { version: null, done, finish });
  }

  setVersion(txId: TxId, version: Scn): void {
    const p = this.pending.get(txId);
    if (p) p.version = version;
  }

  markPrepared(ctx: TxCtx): void {
    ctx.state = 'prepared';
  }

  /** Ends the transaction on this LS (committed and applied, or aborted): frees locks and readers. */
  finish(txId: TxId): void {
    const ctx = this.ctxs.get(txId);
    if (ctx) {
      ctx.state = 'done';
      for (const k of ctx.locks) this.unlockKey(k, txId);
      ctx.locks.clear();
      this.ctxs.delete(txId);
    }
    const p = this.pending.get(txId);
    if (p) {
      this.pending.delete(txId);
      p.finish();
    }
  }

  /**
   * Resolves once no transaction that may commit at or below `snapshot` is still in flight. A read
   * blocked by a prepared (or committing) transaction gives up after `timeoutUs` µs (the statement's
   * `ob_query_timeout`, default 10 s) with OB_TIMEOUT, as OceanBase's reader does.
   * Errors: `Errors.timeout(timeoutUs)`.
   */
  async waitReadable(snapshot: Scn, timeoutUs: number = OB_QUERY_TIMEOUT_US): Promise<void> {
    const deadlineUs = this.clock.nowUs() + timeoutUs;
    for (;;) {
      let blocker: Pending | undefined;
      for (const p of this.pending.values()) {
        if (p.version === null || p.version <= snapshot) {
          blocker = p;
          break;
        }
      }
      if (!blocker) return;
      const remainingUs = deadlineUs - this.clock.nowUs();
      if (remainingUs <= 0) throw Errors.timeout(timeoutUs);
      let timer: TimerHandle | null = null;
      const expired = await Promise.race([
        blocker.done.then(() => false),
        new Promise<boolean>((resolve) => (timer = this.clock.schedule(remainingUs, () => resolve(true)))),
      ]);
      if (timer !== null) this.clock.cancel(timer);
      if (expired) throw Errors.timeout(timeoutUs);
    }
  }

  /**
   * A prepared 2PC transaction found in the log by a new leader (its context died with the old
   * leader): readers at or above `prepareScn` wait until its outcome is applied (`finish`), as the
   * commit version is at least the prepare version. Its redo stays in `LogStream.prepared`.
   */
  restorePrepared(txId: TxId, prepareScn: Scn): void {
    if (this.ctxs.has(txId)) return;
    this.ctxs.set(txId, { txId, writes: new Map(), undo: [], locks: new Set(), state: 'prepared' });
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    this.pending.set(txId, { version: prepareScn, done, finish });
  }

  /** Transfer: new writes to `tabletIds` fail with OB_EAGAIN (retryable) until unblocked. */
  blockTablets(tabletIds: readonly TabletId[]): void {
    for (const t of tabletIds) this.blocked.add(t);
  }

  /** Transfer failed or finished: writes to `tabletIds` are admitted again (or the tablets are gone). */
  unblockTablets(tabletIds: readonly TabletId[]): void {
    for (const t of tabletIds) this.blocked.delete(t);
  }

  /** Unblocks every tablet (the leader stepped down: see LogStream). */
  unblockAll(): void {
    this.blocked.clear();
  }

  isBlocked(tabletId: TabletId): boolean {
    return this.blocked.has(tabletId);
  }

  /** The live contexts holding a write or a row lock on any of `tabletIds`. */
  touching(tabletIds: readonly TabletId[]): TxCtx[] {
    const ids = new Set<TabletId>(tabletIds);
    const prefixes = tabletIds.map((t) => `${t}\u0000`);
    return [...this.ctxs.values()].filter((c) =>
      [...c.writes.keys()].some((t) => ids.has(t) && c.writes.get(t)!.size > 0) ||
      [...c.locks].some((k) => prefixes.some((p) => k.startsWith(p))));
  }

  /**
   * Kills an *active* transaction (transfer): its context dies and its locks are freed, so its
   * commit fails with OB_TRANS_KILLED. A committing or prepared one is left alone (its outcome is
   * on its way to the log). Returns whether it was killed.
   */
  kill(txId: TxId): boolean {
    const ctx = this.ctxs.get(txId);
    if (!ctx || ctx.state !== 'active') return false;
    this.finish(txId);
    return true;
  }

  /** Aborts every transaction (the leader is stopping or stepped down): contexts die, locks free. */
  abortAll(): void {
    for (const txId of [...this.ctxs.keys()]) this.finish(txId);
  }

  private unlock(tabletId: TabletId, key: EncodedRowkey, txId: TxId): void {
    this.unlockKey(lockKey(tabletId, key), txId);
  }

  private unlockKey(k: string, txId: TxId): void {
    const l = this.locks.get(k);
    if (!l || l.txId !== txId) return;
    this.locks.delete(k);
    for (const w of l.waiters) w();
  }
}
