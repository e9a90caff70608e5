/**
 * The transaction scheduler of one SQL session (OceanBase's `ObTxDesc` and coordinator on the
 * session's server). Implements `TxControl` for the SQL layer.
 *
 * - READ COMMITTED: every statement takes a fresh read snapshot from the tenant's GTS.
 * - Autocommit (default): a statement that writes runs in its own transaction, committed at its end.
 *   `BEGIN`/`START TRANSACTION` or `autocommit = 0` keep a transaction open across statements.
 * - A failed statement rolls back only its own writes (statement sequence numbers); in autocommit
 *   it rolls back the whole transaction.
 * - Commit: no participant → nothing to do; one log stream → one-phase commit on its leader;
 *   several → two-phase commit: prepare on each (each logs its redo and a prepare version), commit
 *   version = max(prepare versions), then commit on each; a failed prepare aborts all.
 */
import type { LsId, Scn, TenantId } from '../common/ids';
import { scn } from '../common/ids';
import { Errors, isObError } from '../common/ob_error';
import type { RpcEndpoint } from '../rpc/rpc';
import { DasClient } from '../server/das_client';
import type { LocationService } from '../server/location';
import type { SessionState, StatementHandle, TxControl } from '../sql/exec_context';

interface TxDesc {
  txId: number;
  participants: Set<LsId>;
  explicit: boolean;
  /** REPEATABLE READ / SERIALIZABLE: the transaction's one snapshot, taken by its first statement. */
  snapshot?: Scn;
}

export interface TxEnv {
  rpc: RpcEndpoint;
  location: LocationService;
  tenantId: TenantId;
  /** A read snapshot / version from the tenant's GTS. */
  gts(): Promise<Scn>;
  /** Unique transaction id (cluster-wide). */
  newTxId(): number;
}

export class TxCoordinator implements TxControl {
  private tx: TxDesc | null = null;
  private stmtSeq = 0;

  constructor(
    private readonly env: TxEnv,
    private readonly session: SessionState,
  ) {}

  inTransaction(): boolean {
    return this.tx !== null && this.tx.explicit;
  }

  private autocommit(): boolean {
    const v = this.session.variables.get('autocommit');
    return !(v === 0 || v === '0' || v === 'OFF' || v === 'off');
  }

  async begin(): Promise<void> {
    if (this.tx) await this.commit();
    this.tx = { txId: this.env.newTxId(), participants: new Set(), explicit: true };
  }

  async commit(): Promise<void> {
    const tx = this.tx;
    this.tx = null;
    if (!tx) return;
    await this.commitTx(tx);
  }

  async rollback(): Promise<void> {
    const tx = this.tx;
    this.tx = null;
    if (!tx) return;
    await this.abortTx(tx);
  }

  /** READ COMMITTED takes a snapshot per statement; REPEATABLE READ and SERIALIZABLE per transaction. */
  isolation(): 'READ-COMMITTED' | 'REPEATABLE-READ' | 'SERIALIZABLE' {
    const v = String(this.session.variables.get('transaction_isolation') ?? 'READ-COMMITTED').toUpperCase();
    return v === 'REPEATABLE-READ' || v === 'SERIALIZABLE' ? v : 'READ-COMMITTED';
  }

  async startStatement(opts: { write: boolean }): Promise<StatementHandle> {
    if (!this.tx && (opts.write || !this.autocommit())) {
      this.tx = { txId: this.env.newTxId(), participants: new Set(), explicit: !this.autocommit() };
    }
    const tx = this.tx;
    const perTransaction = tx?.explicit && this.isolation() !== 'READ-COMMITTED';
    const snapshot = perTransaction ? (tx!.snapshot ??= await this.env.gts()) : await this.env.gts();
    const stmtSeq = ++this.stmtSeq;
    const touched = new Set<LsId>();
    const das = new DasClient(
      this.env.tenantId,
      snapshot,
      tx ? { txId: tx.txId, stmtSeq, addParticipant: (ls) => (tx.participants.add(ls), touched.add(ls)) } : null,
      this.env.rpc,
      this.env.location,
    );
    return {
      das,
      end: async (ok: boolean) => {
        if (!tx || tx !== this.tx) return;
        if (!ok) {
          if (tx.explicit) await this.rollbackStatement(tx, stmtSeq, touched);
          else {
            this.tx = null;
            await this.abortTx(tx);
          }
          return;
        }
        if (!tx.explicit) {
          this.tx = null;
          await this.commitTx(tx);
        }
      },
    };
  }

  private leader(ls: LsId) {
    return this.env.location.leaderOf(this.env.tenantId, ls);
  }

  private body(tx: TxDesc, ls: LsId, extra: object = {}) {
    return { tenantId: this.env.tenantId, lsId: ls, txId: tx.txId, ...extra };
  }

  private async rollbackStatement(tx: TxDesc, stmtSeq: number, touched: Set<LsId>): Promise<void> {
    await Promise.all([...touched].map((ls) => this.env.rpc.call(this.leader(ls), 'tx.rollbackStmt', this.body(tx, ls, { stmtSeq }))));
  }

  private async commitTx(tx: TxDesc): Promise<void> {
    const parts = [...tx.participants];
    if (parts.length === 0) return;
    if (parts.length === 1) {
      await this.env.rpc.call(this.leader(parts[0]), 'tx.commit', this.body(tx, parts[0]));
      return;
    }
    let prepareScns: string[];
    try {
      prepareScns = await Promise.all(
        parts.map((ls) => this.env.rpc.call<string>(this.leader(ls), 'tx.prepare', this.body(tx, ls))),
      );
    } catch (e) {
      await this.abortTx(tx);
      throw isObError(e) ? e : Errors.txRolledBack();
    }
    let commitScn = scn(0n);
    for (const p of prepareScns) if (BigInt(p) > commitScn) commitScn = scn(BigInt(p));
    await Promise.all(
      parts.map((ls) => this.env.rpc.call(this.leader(ls), 'tx.commitPrepared', this.body(tx, ls, { commitScn: commitScn.toString() }))),
    );
  }

  private async abortTx(tx: TxDesc): Promise<void> {
    await Promise.all(
      [...tx.participants].map((ls) => this.env.rpc.call(this.leader(ls), 'tx.abort', this.body(tx, ls)).catch(() => {})),
    );
  }

  /** Rolls back an open transaction (session close). */
  async close(): Promise<void> {
    await this.rollback();
  }
}
