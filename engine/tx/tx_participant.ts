/**
 * The participant side of commit, run on the leader of each log stream a transaction wrote
 * (OceanBase's `ObPartTransCtx`): one-phase commit, prepare / commit-prepared of 2PC, abort and
 * statement rollback. Every outcome is a record in the LS's PALF log; the caller is answered once
 * the record is committed by a majority and applied here.
 *
 * Leader changes (issue #4) — an acknowledged write is never lost or half-applied:
 * - every request waits for the LS's takeover to finish (`whenLeaderReady`), so what the log
 *   decided before is applied here;
 * - a request carries the transaction's epoch on this LS: the proposal id of the leader that took
 *   its first write. A leader of another proposal id does not have its buffered writes (they died
 *   with the old leader's contexts) and answers OB_TRANS_KILLED — never success for a context it
 *   does not have;
 * - the log's outcome wins: a commit whose record some leader already logged answers that outcome
 *   (`LogStream.outcomeOf`), so a commit retried after a failover or a lost answer is idempotent;
 *   a retried request that finds the same request in flight joins it;
 * - prepared 2PC transactions are durable: a new leader finds them in `LogStream.prepared` (its
 *   takeover restored their contexts) and logs their commit_prepared / abort when asked.
 */
import { scn, type LsId, type Scn, type TenantId, type TxId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { LogStream } from '../logstream/log_stream';
import type { TxRecovery } from './tx_recovery';

export interface TxRequest {
  tenantId: number;
  lsId: number;
  txId: number;
  /** Proposal id of the leader that acknowledged the transaction's first write here (null: none). */
  epoch?: number | null;
}

/** A prepare request (issue #4: with the transaction's participant LSs, logged for 2PC recovery). */
export interface PrepareRequest extends TxRequest {
  participants?: number[];
}

export class TxParticipant {
  /** Commit/prepare/commit-prepared requests in flight, by `tenant/ls/tx/op`: retries join them. */
  private readonly inflight = new Map<string, Promise<string>>();
  /** 2PC recovery (set by `TxRecovery`'s owner): aborting a prepared transaction goes through it. */
  private recovery: TxRecovery | null = null;

  constructor(
    private readonly findLs: (tenantId: TenantId, lsId: LsId) => LogStream | undefined,
    /** A version from the tenant's GTS. */
    private readonly gts: (tenantId: TenantId) => Promise<Scn>,
  ) {}

  /**
   * Issue #4: routes the abort of a *prepared* transaction through 2PC recovery — it is logged only
   * when some participant can never prepare (else the transaction commits, or waits): the
   * coordinator's abort after a lost prepare answer must not race a recovery that saw all prepared.
   */
  setRecovery(recovery: TxRecovery): void {
    this.recovery = recovery;
  }

  /** The LS when this server leads it and its takeover is done. Errors: `Errors.notMaster`. */
  private async servingLs(req: TxRequest): Promise<LogStream> {
    const ls = this.findLs(req.tenantId as TenantId, req.lsId as LsId);
    if (!ls || !ls.isLeader()) throw Errors.notMaster();
    await ls.whenLeaderReady();
    return ls;
  }

  /** The request's context lived on another leadership of this LS: it is gone. */
  private checkEpoch(ls: LogStream, req: TxRequest): void {
    if (req.epoch !== undefined && req.epoch !== null && req.epoch !== ls.leaderEpoch) throw Errors.txKilled();
  }

  private once(ls: LogStream, txId: number, op: string, run: () => Promise<string>): Promise<string> {
    const k = `${ls.tenantId}/${ls.lsId}/${txId}/${op}`;
    let p = this.inflight.get(k);
    if (!p) {
      p = run().finally(() => this.inflight.delete(k));
      this.inflight.set(k, p);
    }
    return p;
  }

  /**
   * One-phase commit. Returns the commit SCN (decimal string; '0' when nothing was written).
   * Errors: `Errors.txKilled` (the context died with an earlier leader, or the commit record lost
   * its place in the log), `Errors.notMaster`.
   */
  async commit(req: TxRequest): Promise<string> {
    const ls = await this.servingLs(req);
    const outcome = ls.outcomeOf(req.txId as TxId);
    const live = ls.txMgr.ctx(req.txId as TxId);
    // An outcome answers only for the same transaction: a live active context under this leader's
    // epoch is a newer transaction with the same id (ids are unique — TxIdAllocator — so this is
    // defence in depth), whose writes must be logged, not answered from an older outcome.
    const sameTx = !(live && live.state === 'active' && req.epoch === ls.leaderEpoch);
    if (outcome && sameTx) {
      if (outcome.committed) return outcome.commitScn.toString();
      throw Errors.txKilled();
    }
    this.checkEpoch(ls, req);
    const ctx = ls.txMgr.ctx(req.txId as TxId);
    if (!ctx) throw Errors.txKilled();
    return this.once(ls, req.txId, 'commit', async () => {
      if (ctx.state !== 'active') throw Errors.txKilled();
      const redo = ls.txMgr.redoOf(ctx);
      ls.txMgr.beginCommit(ctx);
      if (redo.length === 0) {
        ls.txMgr.finish(ctx.txId);
        return '0';
      }
      try {
        const commitScn = await this.gts(req.tenantId as TenantId);
        ls.txMgr.setVersion(ctx.txId, commitScn);
        await ls.submit({ type: 'commit', txId: ctx.txId, commitScn, redo }, commitScn);
        return commitScn.toString();
      } finally {
        ls.txMgr.finish(ctx.txId);
      }
    });
  }

  /** 2PC phase one: logs the redo with a prepare version. Returns the prepare SCN. */
  async prepare(req: PrepareRequest): Promise<string> {
    const ls = await this.servingLs(req);
    const prepared = ls.prepared.get(req.txId as TxId);
    if (prepared) return prepared.prepareScn.toString(); // a retry, possibly on a new leader
    const outcome = ls.outcomeOf(req.txId as TxId);
    if (outcome) {
      // A retry after 2PC recovery already finished it here: committed at the max prepare SCN of
      // all participants, which is also what the coordinator will compute from this answer.
      if (outcome.committed) return outcome.commitScn.toString();
      throw Errors.txKilled();
    }
    this.checkEpoch(ls, req);
    const ctx = ls.txMgr.ctx(req.txId as TxId);
    if (!ctx) {
      if (req.epoch === undefined || req.epoch === null) {
        // Nothing written here after all (rolled back statements): vote yes with no redo.
        return (await this.gts(req.tenantId as TenantId)).toString();
      }
      throw Errors.txKilled();
    }
    return this.once(ls, req.txId, 'prepare', async () => {
      if (ctx.state !== 'active') throw Errors.txKilled();
      const redo = ls.txMgr.redoOf(ctx);
      ls.txMgr.beginCommit(ctx);
      try {
        const prepareScn = await this.gts(req.tenantId as TenantId);
        ls.txMgr.setVersion(ctx.txId, prepareScn);
        const recovery = req.participants ? { participants: req.participants as LsId[], prepareUs: ls.nowUs() } : {};
        await ls.submit({ type: 'prepare', txId: ctx.txId, prepareScn, redo, ...recovery }, prepareScn);
        ls.txMgr.markPrepared(ctx);
        return prepareScn.toString();
      } catch (e) {
        ls.txMgr.finish(ctx.txId);
        throw e;
      }
    });
  }

  /**
   * 2PC phase two: logs commit_prepared, on the leader that prepared or on a new one (from
   * `LogStream.prepared`). Errors: `Errors.transUnknown` when this LS has no trace of the prepare.
   */
  async commitPrepared(req: TxRequest & { commitScn: string }): Promise<void> {
    const ls = await this.servingLs(req);
    const txId = req.txId as TxId;
    await this.once(ls, req.txId, 'commitPrepared', async () => {
      const outcome = ls.outcomeOf(txId);
      if (outcome) {
        if (outcome.committed) return outcome.commitScn.toString();
        throw Errors.txKilled();
      }
      const ctx = ls.txMgr.ctx(txId);
      if (!ls.prepared.has(txId) && !(ctx && ctx.state === 'prepared')) {
        // Prepared with no redo here (nothing written): nothing to log.
        if (!ctx) return '0';
        throw Errors.transUnknown();
      }
      const commitScn = scn(BigInt(req.commitScn));
      ls.txMgr.setVersion(txId, commitScn);
      await ls.submit({ type: 'commit_prepared', txId, commitScn }, commitScn);
      return req.commitScn;
    });
  }

  /**
   * Aborts the transaction here: an active one by dropping its context; one whose prepare is in
   * flight once that settles; a prepared one through the log — with 2PC recovery wired, only when
   * some participant can never prepare (otherwise recovery commits it, or leaves it for a later try).
   */
  async abort(req: TxRequest): Promise<void> {
    const ls = await this.servingLs(req);
    const txId = req.txId as TxId;
    if (ls.outcomeOf(txId)) return;
    const inPrepare = this.inflight.get(`${ls.tenantId}/${ls.lsId}/${txId}/prepare`);
    if (inPrepare) {
      await inPrepare.catch(() => {});
      if (ls.outcomeOf(txId)) return;
    }
    const ctx = ls.txMgr.ctx(txId);
    const prepared = ls.prepared.get(txId);
    if (prepared?.participants && this.recovery) {
      await this.recovery.resolvePrepared(ls, txId);
      return;
    }
    if (prepared || ctx?.state === 'prepared') {
      await this.once(ls, req.txId, 'abort', async () => {
        await ls.submit({ type: 'abort', txId });
        return '0';
      });
      return;
    }
    if (ctx && ctx.state === 'active') ls.txMgr.finish(txId);
  }

  /** Undoes one failed statement's writes. Errors: `Errors.txKilled` when the context is gone. */
  async rollbackStatement(req: TxRequest & { stmtSeq: number }): Promise<void> {
    const ls = await this.servingLs(req);
    this.checkEpoch(ls, req);
    if (req.epoch !== undefined && req.epoch !== null && !ls.txMgr.ctx(req.txId as TxId)) throw Errors.txKilled();
    ls.txMgr.rollbackStatement(req.txId as TxId, req.stmtSeq);
  }
}
