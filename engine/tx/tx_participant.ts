/**
 * The participant side of commit, run on the leader of each log stream a transaction wrote
 * (OceanBase's `ObPartTransCtx`): one-phase commit, prepare / commit-prepared of 2PC, abort and
 * statement rollback. Every outcome is a record in the LS's PALF log; the caller is answered once
 * the record is committed by a majority and applied here.
 */
import { scn, type LsId, type Scn, type TenantId, type TxId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { LogStream } from '../logstream/log_stream';

export interface TxRequest {
  tenantId: number;
  lsId: number;
  txId: number;
}

export class TxParticipant {
  constructor(
    private readonly findLs: (tenantId: TenantId, lsId: LsId) => LogStream | undefined,
    /** A version from the tenant's GTS. */
    private readonly gts: (tenantId: TenantId) => Promise<Scn>,
  ) {}

  private leaderLs(req: TxRequest): LogStream {
    const ls = this.findLs(req.tenantId as TenantId, req.lsId as LsId);
    if (!ls || !ls.isLeader()) throw Errors.notMaster();
    return ls;
  }

  /** One-phase commit. Returns the commit SCN (decimal string). */
  async commit(req: TxRequest): Promise<string> {
    const ls = this.leaderLs(req);
    const ctx = ls.txMgr.ctx(req.txId as TxId);
    if (!ctx) return '0';
    const redo = ls.txMgr.redoOf(ctx);
    ls.txMgr.beginCommit(ctx);
    if (redo.length === 0) {
      ls.txMgr.finish(ctx.txId);
      return '0';
    }
    const commitScn = await this.gts(req.tenantId as TenantId);
    ls.txMgr.setVersion(ctx.txId, commitScn);
    try {
      await ls.submit({ type: 'commit', txId: ctx.txId, commitScn, redo }, commitScn);
    } catch (e) {
      ls.txMgr.finish(ctx.txId);
      throw e;
    }
    return commitScn.toString();
  }

  /** 2PC phase one: logs the redo with a prepare version. Returns the prepare SCN. */
  async prepare(req: TxRequest): Promise<string> {
    const ls = this.leaderLs(req);
    const ctx = ls.txMgr.ctx(req.txId as TxId);
    if (!ctx) {
      // Nothing written here after all (rolled back statements): vote yes with no redo.
      return (await this.gts(req.tenantId as TenantId)).toString();
    }
    const redo = ls.txMgr.redoOf(ctx);
    ls.txMgr.beginCommit(ctx);
    const prepareScn = await this.gts(req.tenantId as TenantId);
    ls.txMgr.setVersion(ctx.txId, prepareScn);
    try {
      await ls.submit({ type: 'prepare', txId: ctx.txId, prepareScn, redo }, prepareScn);
    } catch (e) {
      ls.txMgr.finish(ctx.txId);
      throw e;
    }
    ls.txMgr.markPrepared(ctx);
    return prepareScn.toString();
  }

  /** 2PC phase two. */
  async commitPrepared(req: TxRequest & { commitScn: string }): Promise<void> {
    const ls = this.leaderLs(req);
    const ctx = ls.txMgr.ctx(req.txId as TxId);
    if (!ctx) return;
    const commitScn = scn(BigInt(req.commitScn));
    ls.txMgr.setVersion(ctx.txId, commitScn);
    await ls.submit({ type: 'commit_prepared', txId: ctx.txId, commitScn }, commitScn);
  }

  async abort(req: TxRequest): Promise<void> {
    const ls = this.leaderLs(req);
    const ctx = ls.txMgr.ctx(req.txId as TxId);
    if (!ctx) return;
    if (ctx.state === 'prepared') await ls.submit({ type: 'abort', txId: ctx.txId });
    else ls.txMgr.finish(ctx.txId);
  }

  async rollbackStatement(req: TxRequest & { stmtSeq: number }): Promise<void> {
    const ls = this.leaderLs(req);
    ls.txMgr.rollbackStatement(req.txId as TxId, req.stmtSeq);
  }
}
