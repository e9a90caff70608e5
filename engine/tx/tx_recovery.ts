/**
 * 2PC recovery without the coordinator (issue #4; OceanBase's participants do this in
 * `ObPartTransCtx` when the coordinator is silent: they ask the other participants, and a
 * participant that never saw the transaction presumes abort).
 *
 * The coordinator of a distributed transaction lives in the SQL session (tx_coordinator.ts); if
 * its server dies after some participants logged `prepare`, nobody would ever log their outcome —
 * their rows would block readers and major freezes forever. So every `prepare` record carries the
 * participant list, and the leader of an LS holding a prepared transaction older than
 * TX_2PC_RECOVERY_AFTER_US asks the other participants' current leaders (`tx.queryState`, answered
 * only after the leader's takeover, so its view includes every entry earlier leaders logged):
 * - any `committed` → commit_prepared at that commit SCN;
 * - any `aborted`, or `unknown` from a leader whose outcome memory covers the prepare time
 *   (it never saw the transaction, and — its active context killed by the query — never will) →
 *   abort (presumed abort);
 * - all `prepared` → commit at the max prepare SCN (everyone voted yes: exactly what the
 *   coordinator would have decided);
 * - otherwise (a leader unreachable, a prepare in flight, an outcome possibly forgotten across a
 *   restart) → undecided: try again after TX_2PC_RECOVERY_RETRY_US.
 *
 * Invariant (atomicity): a prepared LS logs `abort` only after seeing a participant in a state
 * that can never become prepared (aborted, or unknown with a complete memory), and `commit` only
 * after seeing all prepared or one committed — so two participants never decide differently. The
 * coordinator's abort of a prepared participant goes through the same rule
 * (`TxParticipant.abort` → `resolvePrepared`).
 */
import type { LsId, TenantId, TxId } from '../common/ids';
import { scn } from '../common/ids';
import { TX_2PC_RECOVERY_AFTER_US, TX_2PC_RECOVERY_RETRY_US } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { Clock } from '../env';
import type { LogStream, TxState } from '../logstream/log_stream';
import type { RpcEndpoint } from '../rpc/rpc';

/** The body of `tx.queryState`. */
export interface TxStateQuery {
  tenantId: number;
  lsId: number;
  txId: number;
  /** The asker's prepare time, µs: `unknown` is complete only when the answerer remembers outcomes since then. */
  sinceUs: number;
  /** Kill the transaction's active context there (it must not prepare after it was presumed aborted). */
  killActive: boolean;
}

/** What `resolvePrepared` did. */
export type RecoveryResult = 'committed' | 'aborted' | 'undecided' | 'not-prepared';

/** Budget of one `tx.queryState` call (with its location retries), µs. */
const QUERY_BUDGET_US = 2_000_000;

/**
 * Registers `tx.queryState` on `rpc`: the serving leader of the LS answers what it knows of the
 * transaction (`LogStream.txStateOf`). Errors: `Errors.notMaster` (not the leader, or it lost
 * leadership during its takeover).
 */
export function registerTxRecoveryRpc(rpc: RpcEndpoint, findLs: (tenantId: TenantId, lsId: LsId) => LogStream | undefined): void {
  rpc.register('tx.queryState', async (_from, b: TxStateQuery): Promise<TxState> => {
    const ls = findLs(b.tenantId as TenantId, b.lsId as LsId);
    if (!ls || !ls.isLeader()) throw Errors.notMaster();
    await ls.whenLeaderReady();
    if (!ls.isServing()) throw Errors.notMaster();
    return ls.txStateOf(b.txId as TxId, b.sinceUs, b.killActive);
  });
}

export interface TxRecoveryDeps {
  clock: Clock;
  /** Calls the current leader of an LS (LocationService.callLeader). */
  callLeader<T>(tenantId: TenantId, lsId: LsId, method: string, body: unknown, opts?: { budgetUs?: number; timeoutUs?: number }): Promise<T>;
}

/** The decision from the other participants' states (null: undecided). */
export function decide(ownPrepareScn: bigint, states: (TxState | null)[]): { commitScn: bigint } | 'abort' | null {
  let maxPrepare = ownPrepareScn;
  let allPrepared = true;
  for (const s of states) {
    if (s?.state === 'committed') return { commitScn: BigInt(s.commitScn) };
  }
  for (const s of states) {
    if (s?.state === 'aborted' || (s?.state === 'unknown' && s.complete)) return 'abort';
  }
  for (const s of states) {
    if (s?.state === 'prepared') {
      if (BigInt(s.prepareScn) > maxPrepare) maxPrepare = BigInt(s.prepareScn);
    } else allPrepared = false;
  }
  return allPrepared ? { commitScn: maxPrepare } : null;
}

export class TxRecovery {
  /** Resolutions in flight by `tenant/ls/tx`: a transaction is resolved once at a time. */
  private readonly inflight = new Map<string, Promise<RecoveryResult>>();
  /** Earliest next attempt of an undecided transaction, µs. */
  private readonly nextAttemptUs = new Map<string, number>();

  constructor(private readonly deps: TxRecoveryDeps) {}

  /**
   * Starts a resolution for every prepared transaction older than TX_2PC_RECOVERY_AFTER_US on the
   * serving leaders among `logStreams` (call it from the server tick; it does not wait).
   */
  tick(logStreams: Iterable<LogStream>): void {
    const nowUs = this.deps.clock.nowUs();
    for (const ls of logStreams) {
      if (ls.isStopped || !ls.isServing() || ls.prepared.size === 0) continue;
      for (const [txId, p] of ls.prepared) {
        if (!p.participants || nowUs - p.appliedUs < TX_2PC_RECOVERY_AFTER_US) continue;
        const k = keyOf(ls, txId);
        if (this.inflight.has(k) || (this.nextAttemptUs.get(k) ?? 0) > nowUs) continue;
        void this.resolvePrepared(ls, txId).then((r) => {
          if (r === 'undecided') this.nextAttemptUs.set(k, this.deps.clock.nowUs() + TX_2PC_RECOVERY_RETRY_US);
          else this.nextAttemptUs.delete(k);
        }, () => this.nextAttemptUs.set(k, this.deps.clock.nowUs() + TX_2PC_RECOVERY_RETRY_US));
      }
    }
  }

  /**
   * Decides a transaction prepared on `ls` (which must serve as leader) from its participants'
   * states and logs commit_prepared or abort here. Idempotent: concurrent calls share one
   * resolution; a transaction no longer prepared is left alone. Errors: those of `LogStream.submit`
   * (`Errors.notMaster`, `Errors.txKilled` after a leader change).
   */
  resolvePrepared(ls: LogStream, txId: TxId): Promise<RecoveryResult> {
    const k = keyOf(ls, txId);
    let p = this.inflight.get(k);
    if (!p) {
      p = this.run(ls, txId).finally(() => this.inflight.delete(k));
      this.inflight.set(k, p);
    }
    return p;
  }

  private async run(ls: LogStream, txId: TxId): Promise<RecoveryResult> {
    const prepared = ls.prepared.get(txId);
    if (!prepared || !prepared.participants) return 'not-prepared';
    const others = prepared.participants.filter((l) => l !== ls.lsId);
    const states = await Promise.all(others.map((lsId) => this.query(ls.tenantId, lsId, txId, prepared.prepareUs ?? 0)));
    const decision = decide(prepared.prepareScn, states);
    if (decision === null) return 'undecided';
    // Re-check: the outcome may have been logged meanwhile (the coordinator came back, or another
    // resolution of this LS under a previous leadership).
    if (!ls.prepared.has(txId) || ls.outcomeOf(txId) !== null) return 'not-prepared';
    if (!ls.isServing()) throw Errors.notMaster();
    if (decision === 'abort') {
      await ls.submit({ type: 'abort', txId });
      return 'aborted';
    }
    const commitScn = scn(decision.commitScn);
    ls.txMgr.setVersion(txId, commitScn);
    await ls.submit({ type: 'commit_prepared', txId, commitScn }, commitScn);
    return 'committed';
  }

  private async query(tenantId: TenantId, lsId: LsId, txId: TxId, sinceUs: number): Promise<TxState | null> {
    const body: TxStateQuery = { tenantId, lsId, txId, sinceUs, killActive: true };
    try {
      return await this.deps.callLeader<TxState>(tenantId, lsId, 'tx.queryState', body, { budgetUs: QUERY_BUDGET_US });
    } catch {
      return null; // no leader answered: undecided
    }
  }
}

function keyOf(ls: LogStream, txId: TxId): string {
  return `${ls.tenantId}/${ls.lsId}/${txId}`;
}
