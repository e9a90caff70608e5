/**
 * A log stream replica on one server (OceanBase's `ObLS`): its PALF replica, its clog on disk, the
 * tablets it owns and — on the leader — the transaction contexts of writes to them.
 *
 *   propose(record) ─▶ PalfReplica ─ ready() ─▶ persist to ClogStore (one flush per batch)
 *                                          ├──▶ send to the other replicas (rpc 'palf')
 *                                          └──▶ apply committed records (below) ─▶ advance()
 *
 * Apply is the only way rows reach a memtable, on the leader and on followers alike:
 * `commit` → `Tablet.applyCommitted`; `prepare` is kept (`prepared`) until `commit_prepared`/`abort`;
 * `create_tablets`/`drop_tablets` change the tablet set; `ddl` goes to the schema service (LS 1).
 * Transfer (issue #4): `transfer_out` blocks writes to the tablets on every replica of the source
 * LS (`transferringOut`; the transaction manager refuses new row locks with OB_EAGAIN — kept on
 * every replica, so a new leader keeps refusing), its `abort` form unblocks them; `transfer_in`
 * creates the tablets on the destination LS with their committed rows (skipped for a tablet whose
 * checkpoint already covers the record, as for any redo).
 * PALF's own no-ops (empty payload: a new leader's first entry), config entries and old
 * `leader_start` records apply as no-ops. An entry whose LSN is at or below a tablet's checkpoint
 * LSN is skipped for that tablet (its effect is already in the tablet's SSTables): restart replay.
 *
 * Leadership (issue #4: PALF elects the leader, OceanBase's election + `ObRoleChangeService`):
 * after every step, tick and pump the LS compares PALF's role with its own view.
 * - Becoming leader (proposal id E = the LS's `leaderEpoch`): an `election` and a `role-change`
 *   event; the LS *serves* (reads, writes, commits) only once its takeover is done — PALF's no-op
 *   of E is committed and applied here, so every entry of earlier leaders is applied too. Then the
 *   prepared 2PC transactions found in the log get contexts again (readers wait for them).
 * - Losing leadership: every transaction context is killed (writes buffered on this leader are
 *   lost; their commit on another leader fails with OB_TRANS_KILLED via the epoch check), and
 *   readers waiting for the takeover fail with OB_NOT_MASTER.
 * - `submit` waiters are settled honestly: one resolves only when the entry applied at its LSN is
 *   its own (same proposal id and same bytes); if another leader's entry took the LSN, or PALF
 *   truncated it, the waiter fails (OB_TRANS_KILLED for transaction records — it did not commit —,
 *   OB_NOT_MASTER for others). A waiter is never resolved for an entry that did not commit.
 * - Transaction outcomes (commit SCN or abort) are remembered from the log on every replica
 *   (`outcomeOf`), so a commit retried on a new leader learns what the old one decided.
 */
import { assert } from '../common/assert';
import type { LsId, Lsn, Scn, ServerId, TabletId, TenantId, TxId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import { TX_OUTCOMES_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { Clock, ElectionReason, EventSink } from '../env';
import type { LogEntry, PalfConfigChange, PalfMessage, PalfReady, PalfStatus } from '../palf';
import { PalfReplica } from '../palf';
import type { RpcEndpoint } from '../rpc/rpc';
import type { TabletStore, TabletIdentity } from '../storage/types';
import { LsTxCtxMgr } from '../tx/ls_tx_ctx_mgr';
import { decodeTxLog, encodeTxLog, type TabletMutations, type TransferVersions, type TxLogRecord } from '../tx/tx_log';
import type { ClogStore } from './clog_store';

export interface LogStreamDeps {
  rpc: RpcEndpoint;
  clock: Clock;
  events: EventSink;
  /** This server's id (events). */
  serverId?: ServerId;
  /** Creates a tablet in this server's storage (on `create_tablets` replay). */
  createTablet(identity: TabletIdentity): TabletStore;
  /** A DDL record of LS 1 was applied. */
  onDdl(tenantId: TenantId, json: string, lsn: Lsn): void;
  /** A commit SCN was applied (GTS never hands out a smaller SCN afterwards). */
  observeScn(s: Scn): void;
  /** The LS started serving as leader (takeover done) or stopped being leader. */
  onRoleChange?(ls: LogStream, serving: boolean): void;
  /** An `rs` record (root service state change) was applied — sys tenant LS 1 only. */
  onRs?(json: string): void;
  /**
   * Issue #4: the replica hit an unrecoverable error outside any request (its clog could not be
   * written — e.g. the server was killed and its file handles are gone). The replica has stopped
   * itself; the host crashes the server (`ObServer.crash`). Without it the error is only logged
   * to the event sink... never thrown out of a microtask.
   */
  onFatal?(e: unknown): void;
}

/** A 2PC transaction whose prepare record is applied and whose outcome is not yet logged. */
export interface PreparedTx {
  redo: TabletMutations[];
  lsn: Lsn;
  prepareScn: Scn;
  /** The transaction's participant LSs (from the prepare record; absent in older records). */
  participants?: LsId[];
  /** The preparing leader's clock when it logged the prepare, µs (absent in older records). */
  prepareUs?: number;
  /** This replica's clock when it applied the prepare, µs (2PC recovery waits from here). */
  appliedUs: number;
}

/**
 * What an LS leader knows of a transaction (the `tx.queryState` answer of 2PC recovery):
 * - `prepared`: its prepare is applied, no outcome yet;
 * - `committed` / `aborted`: the log's outcome;
 * - `pending`: a prepare or commit is in flight here (ask again later);
 * - `unknown`: no trace — it never prepared here and never will (its context, if any, is gone);
 *   `complete` tells whether this replica's memory of outcomes covers the asked time (false: an
 *   outcome may have been forgotten across a restart, so "unknown" decides nothing).
 */
export type TxState =
  | { state: 'prepared'; prepareScn: string }
  | { state: 'committed'; commitScn: string }
  | { state: 'aborted' }
  | { state: 'pending' }
  | { state: 'unknown'; complete: boolean };

/** What the log says about a finished transaction on this LS. */
export type TxOutcome = { committed: true; commitScn: Scn } | { committed: false };

interface ApplyWaiter {
  payload: Uint8Array;
  proposalId: number;
  txRecord: boolean;
  /** Waits for a config entry (PALF membership change), which has an empty payload. */
  config?: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** A status field H1 adds to PALF's election status (issue #4); read defensively. */
interface ElectionReasonField {
  lastElectionReason?: ElectionReason;
}

export class LogStream {
  readonly tablets = new Map<TabletId, TabletStore>();
  readonly txMgr: LsTxCtxMgr;
  appliedLsn = 0;
  appliedScn = 0n;
  /** Tablets of this LS in a transfer out (`transfer_out` applied), by tablet id → task id. */
  readonly transferringOut = new Map<TabletId, { taskId: number; transferScn: Scn }>();
  /** Prepared 2PC transactions (replayed on every replica; a new leader finishes them). */
  readonly prepared = new Map<TxId, PreparedTx>();
  private readonly outcomes = new Map<TxId, TxOutcome>();
  /**
   * Since when (this replica's clock, µs) `outcomes` holds every outcome the log recorded: 0 when
   * this replica applied its log from LSN 1 and never evicted one; else its open (replay from a
   * checkpoint) or last eviction time.
   */
  private outcomesSinceUs: number;
  private readonly applyWaiters = new Map<number, ApplyWaiter>();
  /** Records this leader proposed, by LSN: applied without decoding their payload again. */
  private readonly proposed = new Map<number, { payload: Uint8Array; record: TxLogRecord }>();
  private pumpScheduled = false;
  private pumping = false;
  private stopped = false;
  /** Proposal id of this replica's current leadership; null while not leader. */
  private epoch: number | null = null;
  /** LSN whose apply ends the takeover (the new leader's no-op). */
  private takeoverLsn = 0;
  private serving = false;
  private everSawLeader = false;
  private readonly readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** Count of entries this replica appended (GV counters). */
  entriesAppended = 0;

  constructor(
    readonly tenantId: TenantId,
    readonly lsId: LsId,
    readonly palf: PalfReplica,
    readonly clog: ClogStore,
    private readonly deps: LogStreamDeps,
  ) {
    this.txMgr = new LsTxCtxMgr(deps.clock);
    this.outcomesSinceUs = deps.clock.nowUs();
  }

  /** This server's clock, µs. */
  nowUs(): number {
    return this.deps.clock.nowUs();
  }

  /** True while PALF says this replica leads (it may still be taking over: see `isServing`). */
  isLeader(): boolean {
    return this.palf.isLeader();
  }

  /** True while this replica leads and its takeover is done: it serves reads, writes, commits. */
  isServing(): boolean {
    return this.serving && this.palf.isLeader();
  }

  /**
   * Issue #5: a read snapshot for a read of this LS alone on its serving leader, without GTS — the
   * highest commit version applied here (the LS's applied SCN, and its tablets' stored versions,
   * which survive a restart in SSTables), as OceanBase takes an LS-local read snapshot for a
   * single-LS plan on the leader. Every transaction acknowledged on this LS committed at or below
   * it (its commit was applied before the answer); a commit still in flight below it is waited for
   * by the DAS (`waitReadable`). Meant for the serving leader only.
   */
  localReadSnapshot(): Scn {
    let max = this.appliedScn;
    for (const t of this.tablets.values()) {
      const v = t.maxCommittedScn();
      if (v > max) max = v;
    }
    return max as Scn;
  }

  /** The proposal id of this replica's current leadership (the transactions' epoch), or null. */
  get leaderEpoch(): number | null {
    return this.epoch;
  }

  /**
   * Resolves when this leader serves (takeover done). Errors: `Errors.notMaster` when this replica
   * is not the leader, or loses leadership before its takeover finished.
   */
  whenLeaderReady(): Promise<void> {
    if (this.isServing()) return Promise.resolve();
    if (!this.palf.isLeader() || this.stopped) return Promise.reject(Errors.notMaster());
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** What the log says about `txId` here (null: no commit/abort record seen, or forgotten). */
  outcomeOf(txId: TxId): TxOutcome | null {
    return this.outcomes.get(txId) ?? null;
  }

  /**
   * What this replica knows of `txId` (2PC recovery, `TxState`); meant for the serving leader.
   * `sinceUs`: the asker's prepare time — an `unknown` answer is `complete` only when this
   * replica's outcome memory reaches back that far. With `killActive`, a still active context of
   * the transaction here is killed first (it can then never prepare: presumed abort).
   */
  txStateOf(txId: TxId, sinceUs: number, killActive: boolean): TxState {
    const outcome = this.outcomes.get(txId);
    if (outcome) return outcome.committed ? { state: 'committed', commitScn: outcome.commitScn.toString() } : { state: 'aborted' };
    const p = this.prepared.get(txId);
    if (p) return { state: 'prepared', prepareScn: p.prepareScn.toString() };
    const ctx = this.txMgr.ctx(txId);
    if (ctx && ctx.state === 'active' && killActive) this.txMgr.kill(txId);
    else if (ctx && ctx.state !== 'done') return { state: 'pending' };
    return { state: 'unknown', complete: this.outcomesSinceUs <= sinceUs };
  }

  /**
   * Proposes `record` and resolves with its LSN when it is committed and applied on this replica.
   * Errors: `Errors.notMaster` when this replica is not the leader (or the entry was replaced after
   * a leader change, for non-transaction records); `Errors.txKilled` when a transaction record was
   * replaced or truncated after a leader change (it did not commit); the `stop` error.
   */
  submit(record: TxLogRecord, recordScn: Scn | null = null): Promise<Lsn> {
    if (this.stopped) return Promise.reject(Errors.notMaster());
    const payload = encodeTxLog(record);
    const at = this.palf.propose(payload, recordScn ?? undefined);
    assert(this.epoch !== null, 'a replica that accepted a proposal knows its leadership');
    this.proposed.set(at, { payload, record });
    this.schedulePump();
    const txRecord = record.type === 'commit' || record.type === 'prepare' || record.type === 'commit_prepared' || record.type === 'abort';
    return new Promise<Lsn>((resolve, reject) => {
      this.applyWaiters.set(at, { payload, proposalId: this.epoch!, txRecord, resolve: () => resolve(at), reject });
    });
  }

  /**
   * Proposes a PALF membership change (add/remove member or learner, promote, demote) and resolves
   * with its LSN once it is committed and applied here. Errors: as `PalfReplica.proposeConfigChange`
   * (`Errors.notMaster`, `Errors.eagain` while another change is pending, `Errors.invalidArgument`);
   * `Errors.notMaster` when a leader change discarded it.
   */
  changeConfig(change: PalfConfigChange): Promise<Lsn> {
    if (this.stopped) return Promise.reject(Errors.notMaster());
    const at = this.palf.proposeConfigChange(change);
    assert(this.epoch !== null, 'a replica that accepted a config change knows its leadership');
    this.schedulePump();
    return new Promise<Lsn>((resolve, reject) => {
      this.applyWaiters.set(at, { payload: new Uint8Array(0), proposalId: this.epoch!, txRecord: false, config: true, resolve: () => resolve(at), reject });
    });
  }

  /** Hands leadership to `target` (ALTER SYSTEM SWITCH REPLICA LEADER); see `PalfReplica.transferLeader`. */
  transferLeader(target: ServerId): void {
    this.palf.transferLeader(target);
    this.schedulePump();
  }

  onPalfMessage(from: ServerId, message: PalfMessage): void {
    if (this.stopped) return;
    this.palf.step(from, message);
    this.checkRole();
    this.schedulePump();
  }

  tick(): void {
    if (this.stopped) return;
    this.palf.tick();
    this.checkRole();
    this.schedulePump();
  }

  schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      try {
        this.pump();
      } catch (e) {
        this.fatal(e);
      }
    });
  }

  /**
   * An error out of a background pump (no request to fail): the replica cannot go on — typically a
   * killed server's clog handle is gone. Stops the replica and hands the error to the host.
   */
  private fatal(e: unknown): void {
    try {
      this.stop(e);
    } catch {
      // Closing the clog failed as well (its handle is gone): the replica is stopped regardless.
    }
    if (this.deps.onFatal) this.deps.onFatal(e);
    else this.deps.events.emit({ kind: 'log', level: 'error', message: `LS ${this.tenantId}/${this.lsId} stopped: ${String(e)}`, atUs: this.deps.clock.nowUs() });
  }

  /** Drains PALF's ready state: persist, send, apply, advance (etcd raft's Ready loop). */
  pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      while (this.palf.hasReady()) {
        const ready = this.palf.ready();
        // A leader ships appends before its own flush (it counts its copy only once persisted),
        // so the followers' flushes overlap its own; a follower's acks must follow its flush,
        // and a changed meta (proposal id, vote) must be durable before anything leaves.
        const sendFirst = this.palf.isLeader() && ready.persistMeta === null;
        if (!sendFirst) this.persist(ready);
        for (const m of ready.messages) {
          this.deps.rpc.send(m.to, 'palf', { tenantId: this.tenantId, lsId: this.lsId, message: m.message });
        }
        if (sendFirst) this.persist(ready);
        for (const e of ready.committed) this.apply(e);
        this.palf.advance(ready);
        this.checkRole();
      }
    } finally {
      this.pumping = false;
    }
  }

  private persist(ready: PalfReady): void {
    if (ready.truncateFrom !== null) {
      this.clog.truncate(ready.truncateFrom);
      this.failWaitersFrom(ready.truncateFrom);
    }
    if (ready.persist.length > 0) {
      this.clog.append(ready.persist, ready.committedLsn);
      this.entriesAppended += ready.persist.length;
    }
    if (ready.persist.length > 0 || ready.truncateFrom !== null) this.clog.flush();
    // writeMeta flushes itself; the meta must be durable before any message of this batch leaves.
    if (ready.persistMeta) this.clog.writeMeta(ready.persistMeta);
  }

  // --- leadership ------------------------------------------------------------------------------

  /** Compares PALF's role with this LS's view and runs the take-over / step-down steps. */
  private checkRole(): void {
    if (this.stopped) return;
    const leader = this.palf.isLeader();
    if (leader && this.epoch === null) this.becomeLeader();
    else if (!leader && this.epoch !== null) this.loseLeadership();
    if (this.epoch !== null && !this.serving && this.appliedLsn >= this.takeoverLsn) this.startServing();
  }

  private becomeLeader(): void {
    const st = this.palf.status();
    this.epoch = st.proposalId;
    this.serving = false;
    if (st.election !== undefined) {
      // The elected leader's first entry is its no-op, just appended: applying it ends the takeover.
      assert(st.lastProposalId === st.proposalId, 'a new elected leader starts its term with its no-op');
      this.takeoverLsn = st.lastLsn;
    } else {
      // A fixed leader (no election configured) opens its term with a `leader_start` record.
      this.takeoverLsn = this.palf.propose(encodeTxLog({ type: 'leader_start' }));
    }
    const reason = this.electionReason(st);
    this.everSawLeader = true;
    const atUs = this.deps.clock.nowUs();
    this.deps.events.emit({
      kind: 'election', tenantId: this.tenantId, lsId: this.lsId, serverId: Number(this.deps.serverId ?? this.deps.rpc.self),
      proposalId: st.proposalId, reason, atUs,
    });
    this.deps.events.emit({ kind: 'role-change', tenantId: this.tenantId, lsId: this.lsId, role: 'LEADER', atUs });
  }

  private electionReason(st: PalfStatus): ElectionReason {
    const given = (st.election as (ElectionReasonField & object) | undefined)?.lastElectionReason;
    if (given !== undefined) return given;
    return this.everSawLeader || st.proposalId > 1 ? 'leader lease expired' : 'no leader at start';
  }

  private startServing(): void {
    this.serving = true;
    // Prepared 2PC transactions of earlier leaders: readers at or above their prepare SCN wait for
    // the outcome, which this leader logs when the coordinator asks (commitPrepared / abort).
    for (const [txId, p] of this.prepared) this.txMgr.restorePrepared(txId, p.prepareScn);
    for (const w of this.readyWaiters.splice(0)) w.resolve();
    this.deps.onRoleChange?.(this, true);
  }

  private loseLeadership(): void {
    const wasServing = this.serving;
    this.epoch = null;
    this.serving = false;
    this.txMgr.abortAll();
    // A transfer that blocked tablets here without logging `transfer_out` is abandoned with the
    // leadership: only the logged transfers keep their tablets blocked.
    this.txMgr.unblockAll();
    this.txMgr.blockTablets([...this.transferringOut.keys()]);
    for (const w of this.readyWaiters.splice(0)) w.reject(Errors.notMaster());
    this.deps.events.emit({ kind: 'role-change', tenantId: this.tenantId, lsId: this.lsId, role: 'FOLLOWER', atUs: this.deps.clock.nowUs() });
    if (wasServing) this.deps.onRoleChange?.(this, false);
  }

  /** PALF truncated the log from `from`: proposals there are gone (they never committed). */
  private failWaitersFrom(from: Lsn): void {
    for (const [at, w] of this.applyWaiters) {
      if (at < from) continue;
      this.applyWaiters.delete(at);
      this.proposed.delete(at);
      w.reject(w.txRecord ? Errors.txKilled() : Errors.notMaster());
    }
  }

  // --- apply -----------------------------------------------------------------------------------

  private apply(entry: LogEntry): void {
    assert(entry.lsn === this.appliedLsn + 1, `apply out of order: ${entry.lsn} after ${this.appliedLsn}`);
    if (entry.lsn === 1) this.outcomesSinceUs = 0; // the whole log is applied here: no outcome forgotten
    const mine = this.proposed.get(entry.lsn);
    if (mine) this.proposed.delete(entry.lsn);
    const at = entry.lsn as Lsn;
    if (entry.payload.length > 0 && entry.config === undefined) {
      const rec = mine && mine.payload === entry.payload ? mine.record : decodeTxLog(entry.payload);
      this.applyRecord(rec, at);
    }
    this.appliedLsn = entry.lsn;
    const w = this.applyWaiters.get(entry.lsn);
    if (w) {
      this.applyWaiters.delete(entry.lsn);
      const same = w.proposalId === entry.proposalId && bytesEqual(w.payload, entry.payload) &&
        (w.config === true) === (entry.config !== undefined);
      if (same) w.resolve();
      else w.reject(w.txRecord ? Errors.txKilled() : Errors.notMaster());
    }
  }

  private applyRecord(rec: TxLogRecord, at: Lsn): void {
    switch (rec.type) {
      case 'leader_start':
        break;
      case 'commit':
        this.applyRedo(rec.redo, rec.commitScn, at);
        this.remember(rec.txId, { committed: true, commitScn: rec.commitScn });
        this.txMgr.finish(rec.txId);
        break;
      case 'prepare':
        this.prepared.set(rec.txId, {
          redo: rec.redo, lsn: at, prepareScn: rec.prepareScn, appliedUs: this.deps.clock.nowUs(),
          ...(rec.participants ? { participants: rec.participants, prepareUs: rec.prepareUs ?? 0 } : {}),
        });
        break;
      case 'commit_prepared': {
        const p = this.prepared.get(rec.txId);
        if (p) {
          this.applyRedo(p.redo, rec.commitScn, at);
          this.prepared.delete(rec.txId);
        }
        this.remember(rec.txId, { committed: true, commitScn: rec.commitScn });
        this.txMgr.finish(rec.txId);
        break;
      }
      case 'abort':
        this.prepared.delete(rec.txId);
        this.remember(rec.txId, { committed: false });
        this.txMgr.finish(rec.txId);
        break;
      case 'create_tablets':
        for (const id of rec.tablets) {
          if (!this.tablets.has(id.tabletId)) this.tablets.set(id.tabletId, this.deps.createTablet(id));
        }
        break;
      case 'drop_tablets':
        for (const t of rec.tabletIds) {
          this.tablets.get(t)?.destroy();
          this.tablets.delete(t);
          this.transferringOut.delete(t);
        }
        this.txMgr.unblockTablets(rec.tabletIds);
        break;
      case 'transfer_out':
        if (rec.abort) {
          for (const t of rec.tabletIds) if (this.transferringOut.get(t)?.taskId === rec.taskId) this.transferringOut.delete(t);
          this.txMgr.unblockTablets(rec.tabletIds);
        } else {
          for (const t of rec.tabletIds) if (this.tablets.has(t)) this.transferringOut.set(t, { taskId: rec.taskId, transferScn: rec.transferScn });
          this.txMgr.blockTablets(rec.tabletIds);
        }
        break;
      case 'transfer_in':
        this.applyTransferIn(rec.tablets, rec.versions, at);
        break;
      case 'ddl':
        this.deps.onDdl(this.tenantId, rec.json, at);
        break;
      case 'rs':
        this.deps.onRs?.(rec.json);
        break;
    }
  }

  private remember(txId: TxId, outcome: TxOutcome): void {
    this.outcomes.delete(txId);
    this.outcomes.set(txId, outcome);
    if (this.outcomes.size > TX_OUTCOMES_MAX) {
      this.outcomes.delete(this.outcomes.keys().next().value as TxId);
      this.outcomesSinceUs = this.deps.clock.nowUs();
    }
  }

  private applyRedo(redo: TabletMutations[], commitScn: Scn, at: Lsn): void {
    for (const t of redo) {
      const tablet = this.tablets.get(t.tabletId);
      if (!tablet || at <= tablet.checkpointLsn()) continue;
      tablet.applyCommitted(t.mutations, commitScn, at);
    }
    if (commitScn > this.appliedScn) this.appliedScn = commitScn;
    this.deps.observeScn(commitScn);
  }

  /** `transfer_in`: creates the missing tablets, then applies each group of rows at its commit SCN. */
  private applyTransferIn(identities: readonly TabletIdentity[], versions: readonly TransferVersions[], at: Lsn): void {
    for (const id of identities) {
      assert(id.lsId === this.lsId, `transfer_in of tablet ${id.tabletId} for LS ${id.lsId} applied on LS ${this.lsId}`);
      if (!this.tablets.has(id.tabletId)) this.tablets.set(id.tabletId, this.deps.createTablet(id));
    }
    for (const v of versions) this.applyRedo(v.redo, v.commitScn, at);
  }

  /** LSN from which replay must start after a restart (everything before is in SSTables). */
  replayStartLsn(): Lsn {
    let start = this.appliedLsn + 1;
    for (const t of this.tablets.values()) start = Math.min(start, t.checkpointLsn() + 1);
    for (const p of this.prepared.values()) start = Math.min(start, p.lsn);
    // LS 1 carries the schema (DDL) and has no tablets: always replayed from the beginning.
    if (this.lsId === 1) start = 1;
    return toLsn(start);
  }

  /** Fails outstanding proposals and stops pumping (server stop or crash, or the replica is removed). */
  stop(error: unknown): void {
    if (this.stopped) return;
    const wasServing = this.serving;
    this.stopped = true;
    this.epoch = null;
    this.serving = false;
    for (const w of this.applyWaiters.values()) w.reject(error);
    this.applyWaiters.clear();
    for (const w of this.readyWaiters.splice(0)) w.reject(error);
    this.proposed.clear();
    this.txMgr.abortAll();
    this.clog.close();
    if (wasServing) this.deps.onRoleChange?.(this, false);
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
