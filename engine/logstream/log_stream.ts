/**
 * A log stream replica on one server (OceanBase's `ObLS`): its PALF replica, its clog on disk, the
 * tablets it owns and — on the leader — the transaction contexts of writes to them.
 *
 *   propose(record) ─▶ PalfReplica ─ ready() ─▶ persist to ClogStore (one flush per batch)
 *                                          ├──▶ send to the other replicas (rpc 'palf')
 *                                          └──▶ apply committed records (below) ─▶ advance()
 *
 * Apply is the only way rows reach a memtable, on the leader and on followers alike:
 * `commit` → `Tablet.applyCommitted`; `prepare` is kept until `commit_prepared`/`abort`;
 * `create_tablets`/`drop_tablets` change the tablet set; `ddl` goes to the schema service (LS 1);
 * `leader_start` marks the leader ready to serve (everything before it is applied).
 * An entry whose LSN is at or below a tablet's checkpoint LSN is skipped for that tablet (its
 * effect is already in the tablet's SSTables), which is how restart replay resumes.
 */
import { assert } from '../common/assert';
import type { LsId, Lsn, Scn, ServerId, TabletId, TenantId, TxId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import type { Clock, EventSink } from '../env';
import type { LogEntry, PalfMessage, PalfReady } from '../palf';
import { PalfReplica } from '../palf';
import type { RpcEndpoint } from '../rpc/rpc';
import type { TabletStore, TabletIdentity } from '../storage/types';
import { LsTxCtxMgr } from '../tx/ls_tx_ctx_mgr';
import { decodeTxLog, encodeTxLog, type TabletMutations, type TxLogRecord } from '../tx/tx_log';
import type { ClogStore } from './clog_store';

export interface LogStreamDeps {
  rpc: RpcEndpoint;
  clock: Clock;
  events: EventSink;
  /** Creates a tablet in this server's storage (on `create_tablets` replay). */
  createTablet(identity: TabletIdentity): TabletStore;
  /** A DDL record of LS 1 was applied. */
  onDdl(tenantId: TenantId, json: string, lsn: Lsn): void;
  /** A commit SCN was applied (GTS never hands out a smaller SCN afterwards). */
  observeScn(s: Scn): void;
}

interface Prepared {
  redo: TabletMutations[];
  lsn: Lsn;
}

export class LogStream {
  readonly tablets = new Map<TabletId, TabletStore>();
  readonly txMgr: LsTxCtxMgr;
  appliedLsn = 0;
  appliedScn = 0n;
  private readonly prepared = new Map<TxId, Prepared>();
  private readonly applyWaiters = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();
  /** Records this leader proposed, by LSN: applied without decoding their payload again. */
  private readonly proposed = new Map<number, { payload: Uint8Array; record: TxLogRecord }>();
  private pumpScheduled = false;
  private pumping = false;
  private stopped = false;
  private leaderReady = false;
  private readonly readyWaiters: (() => void)[] = [];
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
  }

  isLeader(): boolean {
    return this.palf.status().role === 'LEADER';
  }

  /** Resolves when this leader has applied its `leader_start` record (all earlier entries applied). */
  whenLeaderReady(): Promise<void> {
    if (this.leaderReady) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  /** As leader at start: writes `leader_start`; serving begins once it is applied. */
  startLeader(): void {
    void this.submit({ type: 'leader_start' }).then(() => {
      this.leaderReady = true;
      for (const w of this.readyWaiters.splice(0)) w();
    }, () => {});
  }

  /**
   * Proposes `record` and resolves when it is committed and applied on this replica.
   * Errors: `Errors.notMaster` when this replica is not the leader.
   */
  submit(record: TxLogRecord, recordScn: Scn | null = null): Promise<Lsn> {
    const payload = encodeTxLog(record);
    const at = this.palf.propose(payload, recordScn ?? undefined);
    this.proposed.set(at, { payload, record });
    this.schedulePump();
    return new Promise<Lsn>((resolve, reject) => {
      this.applyWaiters.set(at, { resolve: () => resolve(at), reject });
    });
  }

  onPalfMessage(from: ServerId, message: PalfMessage): void {
    if (this.stopped) return;
    this.palf.step(from, message);
    this.schedulePump();
  }

  tick(): void {
    if (this.stopped) return;
    this.palf.tick();
    this.schedulePump();
  }

  schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
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
        // and a changed meta (proposal id) must be durable before anything leaves.
        const sendFirst = this.palf.isLeader() && ready.persistMeta === null;
        if (!sendFirst) this.persist(ready);
        for (const m of ready.messages) {
          this.deps.rpc.send(m.to, 'palf', { tenantId: this.tenantId, lsId: this.lsId, message: m.message });
        }
        if (sendFirst) this.persist(ready);
        for (const e of ready.committed) this.apply(e);
        this.palf.advance(ready);
      }
    } finally {
      this.pumping = false;
    }
  }

  private persist(ready: PalfReady): void {
    if (ready.truncateFrom !== null) this.clog.truncate(ready.truncateFrom);
    if (ready.persist.length > 0) {
      this.clog.append(ready.persist, ready.committedLsn);
      this.entriesAppended += ready.persist.length;
    }
    if (ready.persist.length > 0 || ready.truncateFrom !== null) this.clog.flush();
    // writeMeta flushes itself; the meta must be durable before any message of this batch leaves.
    if (ready.persistMeta) this.clog.writeMeta(ready.persistMeta);
  }

  private apply(entry: LogEntry): void {
    assert(entry.lsn === this.appliedLsn + 1, `apply out of order: ${entry.lsn} after ${this.appliedLsn}`);
    const mine = this.proposed.get(entry.lsn);
    if (mine) this.proposed.delete(entry.lsn);
    const rec = mine && mine.payload === entry.payload ? mine.record : decodeTxLog(entry.payload);
    const at = entry.lsn as Lsn;
    switch (rec.type) {
      case 'leader_start':
        break;
      case 'commit':
        this.applyRedo(rec.redo, rec.commitScn, at);
        this.txMgr.finish(rec.txId);
        break;
      case 'prepare':
        this.prepared.set(rec.txId, { redo: rec.redo, lsn: at });
        break;
      case 'commit_prepared': {
        const p = this.prepared.get(rec.txId);
        if (p) {
          this.applyRedo(p.redo, rec.commitScn, at);
          this.prepared.delete(rec.txId);
        }
        this.txMgr.finish(rec.txId);
        break;
      }
      case 'abort':
        this.prepared.delete(rec.txId);
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
        }
        break;
      case 'ddl':
        this.deps.onDdl(this.tenantId, rec.json, at);
        break;
    }
    this.appliedLsn = entry.lsn;
    const w = this.applyWaiters.get(entry.lsn);
    if (w) {
      this.applyWaiters.delete(entry.lsn);
      w.resolve();
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

  /** LSN from which replay must start after a restart (everything before is in SSTables). */
  replayStartLsn(): Lsn {
    let start = this.appliedLsn + 1;
    for (const t of this.tablets.values()) start = Math.min(start, t.checkpointLsn() + 1);
    for (const p of this.prepared.values()) start = Math.min(start, p.lsn);
    // LS 1 carries the schema (DDL) and has no tablets: always replayed from the beginning.
    if (this.lsId === 1) start = 1;
    return toLsn(start);
  }

  /** Fails outstanding proposals and stops pumping (server stop or crash). */
  stop(error: unknown): void {
    this.stopped = true;
    for (const w of this.applyWaiters.values()) w.reject(error);
    this.applyWaiters.clear();
    this.proposed.clear();
    this.txMgr.abortAll();
    this.clog.close();
  }
}
