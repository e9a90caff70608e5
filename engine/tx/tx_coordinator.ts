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
 *
 * Leader changes (issue #4): every request goes to the LS's current leader through
 * `LocationService.callLeader`. The transaction keeps, per participant LS, the epoch (leader
 * proposal id) that acknowledged its first write there and sends it with every later request: a
 * new leader answers OB_TRANS_KILLED, and the transaction is then dead (every later statement and
 * COMMIT fail with it; ROLLBACK succeeds). Commit requests are idempotent on the participant (the
 * log's outcome answers a retry), so a commit is retried across a failover; only when no leader
 * answers within the retry budget is the outcome unknown (OB_TRANS_UNKNOWN). A prepared 2PC
 * transaction is always finished: commit_prepared is retried on whichever leader holds the LS.
 *
 * Weak reads (issue #4, reference §3.7): a statement started with `readConsistency: 'WEAK'` (a
 * SELECT; never a write) takes no GTS snapshot: its DAS client runs in weak mode and each LS is
 * read by a replica at that replica's readable SCN (server/das_client.ts, server/weak_read.ts),
 * at most `max_stale_time_for_weak_consistency` old. Who served each LS is kept for the result
 * (`takeReadRoutes`).
 */
import type { LsId, Scn, TenantId } from '../common/ids';
import { scn } from '../common/ids';
import { LOCATION_RETRY_BUDGET_MS } from '../common/limits';
import { Errors, isObError, type ObError } from '../common/ob_error';
import type { RpcEndpoint } from '../rpc/rpc';
import type { ReadRoute } from '../server/api';
import { DasClient } from '../server/das_client';
import { MAX_STALE_TIME_DEFAULT_US, routePolicyOf } from '../server/weak_read';
import { isLocationError, type LocationService } from '../server/location';
import type { ReadConsistency, SessionState, StatementHandle, TxControl } from '../sql/exec_context';

interface TxDesc {
  txId: number;
  /** Participant LSs → epoch of the leader that acknowledged the first write there (null: none yet). */
  participants: Map<LsId, number | null>;
  explicit: boolean;
  /** REPEATABLE READ / SERIALIZABLE: the transaction's one snapshot, taken by its first statement. */
  snapshot?: Scn;
  /** A leader change killed the transaction: everything but ROLLBACK fails with this. */
  killed?: ObError;
}

export interface TxEnv {
  rpc: RpcEndpoint;
  location: LocationService;
  tenantId: TenantId;
  /** A read snapshot / version from the tenant's GTS. */
  gts(): Promise<Scn>;
  /** Unique transaction id (cluster-wide). */
  newTxId(): number;
  /** Issue #4: the session server's clock, µs (weak reads measure staleness with it). */
  nowUs?(): number;
  /** Issue #4: the tenant's `max_stale_time_for_weak_consistency`, µs (default 5 s). */
  maxStaleUs?(): number;
}

const KILLED_CODE = -6211;
/** Time an abort may take per LS before the coordinator moves on (its contexts die anyway), µs. */
const ABORT_BUDGET_US = 1_000_000;

export class TxCoordinator implements TxControl {
  private tx: TxDesc | null = null;
  private stmtSeq = 0;
  /** Who served the reads of the statements since the last `takeReadRoutes`. */
  private readRoutes: ReadRoute[] = [];

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

  private newTx(explicit: boolean): TxDesc {
    return { txId: this.env.newTxId(), participants: new Map(), explicit };
  }

  async begin(): Promise<void> {
    if (this.tx) await this.commit();
    this.tx = this.newTx(true);
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

  /** The routes of the reads since the last call (one per LS and statement attempt); clears them. */
  takeReadRoutes(): ReadRoute[] {
    const r = this.readRoutes;
    this.readRoutes = [];
    return r;
  }

  /**
   * Starts a statement: a GTS snapshot (READ COMMITTED: per statement; REPEATABLE READ and
   * SERIALIZABLE: per transaction), or — a WEAK read — none: the DAS reads each LS on a replica at
   * its readable SCN. Errors: the transaction's kill error; GTS errors.
   */
  async startStatement(opts: { write: boolean; readConsistency?: ReadConsistency }): Promise<StatementHandle> {
    if (!this.tx && (opts.write || !this.autocommit())) this.tx = this.newTx(!this.autocommit());
    const tx = this.tx;
    if (tx?.killed) throw tx.killed;
    this.readRoutes = [];
    const weak = opts.readConsistency === 'WEAK' && !opts.write;
    const perTransaction = tx?.explicit && this.isolation() !== 'READ-COMMITTED';
    const snapshot = weak ? null : perTransaction ? (tx!.snapshot ??= await this.env.gts()) : await this.env.gts();
    const stmtSeq = ++this.stmtSeq;
    const touched = new Set<LsId>();
    const binding = tx
      ? {
          txId: tx.txId,
          stmtSeq,
          addParticipant: (ls: LsId) => {
            if (!tx.participants.has(ls)) tx.participants.set(ls, null);
            touched.add(ls);
          },
          epochOf: (ls: LsId) => tx.participants.get(ls) ?? null,
          noteEpoch: (ls: LsId, epoch: number) => {
            const known = tx.participants.get(ls) ?? null;
            if (known !== null && known !== epoch) throw this.kill(tx);
            tx.participants.set(ls, epoch);
          },
        }
      : null;
    const env = this.env;
    const das = new DasClient(env.tenantId, snapshot, binding, env.rpc, env.location, {
      routes: this.readRoutes,
      ...(weak
        ? {
            weak: {
              maxStaleUs: env.maxStaleUs?.() ?? MAX_STALE_TIME_DEFAULT_US,
              nowUs: () => env.nowUs?.() ?? 0,
              routePolicy: routePolicyOf(this.session.variables.get('ob_route_policy')),
              gts: () => env.gts(),
            },
          }
        : {}),
    });
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

  /** Marks the transaction killed by a leader change; returns the error to throw. */
  private kill(tx: TxDesc): ObError {
    tx.killed ??= Errors.txKilled();
    return tx.killed;
  }

  private body(tx: TxDesc, ls: LsId, extra: object = {}) {
    return { tenantId: this.env.tenantId, lsId: ls, txId: tx.txId, epoch: tx.participants.get(ls) ?? null, ...extra };
  }

  private call<T>(ls: LsId, method: string, body: unknown): Promise<T> {
    return this.env.location.callLeader<T>(this.env.tenantId, ls, method, body);
  }

  /** Undoes a failed statement's writes; a participant that lost the context kills the transaction. */
  private async rollbackStatement(tx: TxDesc, stmtSeq: number, touched: Set<LsId>): Promise<void> {
    await Promise.all([...touched].map(async (ls) => {
      try {
        await this.call(ls, 'tx.rollbackStmt', this.body(tx, ls, { stmtSeq }));
      } catch (e) {
        // The statement's writes there are unknown or gone: the transaction cannot go on.
        this.kill(tx);
        if (!(isObError(e) && (e.obCode === KILLED_CODE || isLocationError(e)))) throw e;
      }
    }));
  }

  private async commitTx(tx: TxDesc): Promise<void> {
    if (tx.killed) {
      await this.abortTx(tx);
      throw tx.killed;
    }
    // A participant without an acknowledged write only needs its (possible) leftovers dropped.
    const parts = [...tx.participants].filter(([, epoch]) => epoch !== null).map(([ls]) => ls);
    const orphans = [...tx.participants].filter(([, epoch]) => epoch === null).map(([ls]) => ls);
    if (orphans.length > 0) void this.abortOn(tx, orphans);
    if (parts.length === 0) return;
    if (parts.length === 1) {
      try {
        await this.call(parts[0], 'tx.commit', this.body(tx, parts[0]));
      } catch (e) {
        throw commitError(e);
      }
      return;
    }
    let prepareScns: string[];
    try {
      // Each prepare record names every participant: 2PC recovery finishes the transaction on
      // the participants' own if this coordinator dies (tx_recovery.ts).
      const body = (ls: LsId) => this.body(tx, ls, { participants: parts });
      prepareScns = await Promise.all(parts.map((ls) => this.call<string>(ls, 'tx.prepare', body(ls))));
    } catch (e) {
      // Prepared participants must learn the abort (readers wait on them): the full retry budget.
      // A prepared one aborts only if some participant can never prepare (2PC recovery rule); when
      // a prepare's answer was lost, everyone may have prepared and the transaction commit.
      await this.abortOn(tx, parts, LOCATION_RETRY_BUDGET_MS * 1000);
      throw isObError(e) ? (isLocationError(e) ? Errors.transUnknown() : e) : Errors.txRolledBack();
    }
    let commitScn = scn(0n);
    for (const p of prepareScns) if (BigInt(p) > commitScn) commitScn = scn(BigInt(p));
    // The decision is commit: every participant must learn it, whoever leads it now.
    try {
      await Promise.all(parts.map((ls) => this.call(ls, 'tx.commitPrepared', this.body(tx, ls, { commitScn: commitScn.toString() }))));
    } catch (e) {
      throw isObError(e) && e.obCode === KILLED_CODE ? e : Errors.transUnknown();
    }
  }

  private async abortTx(tx: TxDesc): Promise<void> {
    await this.abortOn(tx, [...tx.participants.keys()]);
  }

  /**
   * Best-effort abort on each LS, bounded by ABORT_BUDGET_US (a dead leader's contexts died with it;
   * a prepared transaction's abort is logged by whichever leader the LS has).
   */
  private async abortOn(tx: TxDesc, lss: LsId[], budgetUs = ABORT_BUDGET_US): Promise<void> {
    const opts = { budgetUs, timeoutUs: Math.min(budgetUs, ABORT_BUDGET_US) };
    await Promise.all(lss.map((ls) =>
      this.env.location.callLeader(this.env.tenantId, ls, 'tx.abort', this.body(tx, ls), opts).catch(() => {})));
  }

  /** Rolls back an open transaction (session close). */
  async close(): Promise<void> {
    await this.rollback();
  }
}

/**
 * The error a failed one-phase commit reports: OB_TRANS_KILLED when the participant said the
 * transaction did not commit; OB_TRANS_UNKNOWN when no leader could say (the location budget ran out).
 */
function commitError(e: unknown): unknown {
  if (isObError(e) && isLocationError(e)) return Errors.transUnknown();
  return e;
}
