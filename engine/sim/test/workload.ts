/**
 * The write workload of the seeded simulation test, and its ledger of what clients were told.
 *
 * Clients (each its own SQL session, `user` = `c<n>`) run one operation at a time against a random
 * live server of the simulator, until told to stop:
 * - `INSERT INTO kv` of a new key (autocommit, LS 1001);
 * - `UPDATE kv SET v = <fresh value>` of a key this client inserted and saw acknowledged;
 * - a two-row transaction on `acct` (HASH-partitioned over the tenant's three user LSs): rows
 *   `3m` and `3m + 1` live on different LSs, so its COMMIT runs two-phase commit; first
 *   `BEGIN; INSERT; INSERT; COMMIT`, later `BEGIN; UPDATE; UPDATE; COMMIT` of both rows together;
 * - a strong read of one pair (`SELECT ... WHERE id IN (3m, 3m + 1)`): both rows or neither, with
 *   equal values (no half of a 2PC transaction visible), and never missing once acknowledged.
 *
 * The ledger keeps, per key, every write in the order the client issued it, as `acked` (the reply
 * had no error) or `unknown` (an error, or the server died: it may or may not have taken effect).
 * Values are unique across the run, so a value read back names the write that produced it.
 * At the end (`verifyFinal`): a key with an acknowledged write holds the value of its last
 * acknowledged write or of an unknown write issued after it; a key with none is absent or holds
 * an unknown write's value; both rows of a pair are present or both absent, with the same value.
 *
 * A client writes a key only after its previous write to that key returned, so (row locks, one
 * leader at a time) no write can take effect after a later acknowledged one.
 */
import { SeededRng } from '../../env/memory';
import type { ExecuteReply } from '../../server/api';
import type { SimCluster } from '../sim_cluster';
import { describePrepared, sqlWithin, type ClusterMonitor } from './invariants';

/** Virtual ms an operation may take before its client gives up on it and retires (liveness). */
export const OPERATION_TIMEOUT_MS = 60_000;
/** Virtual ms a final read may take. */
export const FINAL_READ_TIMEOUT_MS = 30_000;

export const WORKLOAD_DDL = [
  'CREATE TABLE kv (id INT PRIMARY KEY, v INT)',
  'CREATE TABLE acct (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 3',
];

type WriteState = 'acked' | 'unknown';

interface Write {
  value: number;
  state: WriteState;
  /** What the client ran, for a failure's report. */
  what: string;
}

/** One key (`kv` row) or pair (`acct` rows 3m, 3m + 1) and its writes in issue order. */
interface Entity {
  table: 'kv' | 'acct';
  id: number;
  owner: number;
  writes: Write[];
}

export interface WorkloadStats {
  acked: number;
  unknown: number;
  reads: number;
  twoPhaseAcked: number;
}

export interface WorkloadOptions {
  clients?: number;
  /** Virtual ms a client waits after a failed operation (default 50). */
  backoffMs?: number;
}

/** Issues operations, records their outcomes, and checks reads and the final state. */
export class Workload {
  readonly stats: WorkloadStats = { acked: 0, unknown: 0, reads: 0, twoPhaseAcked: 0 };
  private readonly kv = new Map<number, Entity>();
  private readonly pairs = new Map<number, Entity>();
  private nextKey = 1;
  private nextPair = 1;
  private nextValue = 1;
  private stopping = false;
  private readonly retired = new Set<number>();
  private readonly rng: SeededRng;
  private readonly startUs: number;

  constructor(private readonly c: SimCluster, private readonly monitor: ClusterMonitor, seed: number, private readonly opts: WorkloadOptions = {}) {
    this.rng = new SeededRng(seed * 7 + 3);
    this.startUs = c.clock.nowUs();
  }

  /** Runs the clients until `stop()`; resolves when every client's last operation returned. */
  async run(): Promise<void> {
    const n = this.opts.clients ?? 3;
    await Promise.all(Array.from({ length: n }, (_, i) => this.client(i + 1)));
  }

  stop(): void {
    this.stopping = true;
  }

  private async client(me: number): Promise<void> {
    while (!this.stopping && !this.retired.has(me)) {
      const ok = await this.step(me);
      if (!ok) await this.c.advance(this.opts.backoffMs ?? 50);
    }
  }

  /**
   * Runs one statement batch for client `me`; a server that died answers null. A batch still
   * running after OPERATION_TIMEOUT_MS is a liveness violation: the client retires (its next write
   * could otherwise overtake the hung one).
   */
  private async exec(me: number, server: number, sql: string): Promise<ExecuteReply | null> {
    const reply = await sqlWithin(this.c, server, sql, { user: `c${me}` }, OPERATION_TIMEOUT_MS);
    if (reply === 'timeout') {
      this.retired.add(me);
      this.monitor.report('liveness', `client ${me}: ${sql} on server ${server} did not return within ${OPERATION_TIMEOUT_MS} ms (${describePrepared(this.c)})`);
      return null;
    }
    return reply instanceof Error ? null : reply;
  }

  /** One operation; false when it failed. */
  private async step(me: number): Promise<boolean> {
    const r = this.rng.next();
    const mineKv = [...this.kv.values()].filter((e) => e.owner === me && e.writes[0].state === 'acked');
    const minePairs = [...this.pairs.values()].filter((e) => e.owner === me && e.writes[0].state === 'acked');
    if (r < 0.35 || (r < 0.6 && mineKv.length === 0)) return this.insertKv(me);
    if (r < 0.6) return this.updateKv(me, mineKv[this.rng.int(mineKv.length)]);
    if (r < 0.75 || (r < 0.9 && minePairs.length === 0)) return this.insertPair(me);
    if (r < 0.9) return this.updatePair(me, minePairs[this.rng.int(minePairs.length)]);
    const all = [...this.pairs.values()];
    return all.length === 0 ? this.insertPair(me) : this.readPair(me, all[this.rng.int(all.length)]);
  }

  private async insertKv(me: number): Promise<boolean> {
    const id = this.nextKey++;
    const value = this.nextValue++;
    const e: Entity = { table: 'kv', id, owner: me, writes: [] };
    this.kv.set(id, e);
    return this.write(me, e, value, `INSERT INTO kv VALUES (${id}, ${value})`, 1);
  }

  private async updateKv(me: number, e: Entity): Promise<boolean> {
    const value = this.nextValue++;
    return this.write(me, e, value, `UPDATE kv SET v = ${value} WHERE id = ${e.id}`, 1);
  }

  private async insertPair(me: number): Promise<boolean> {
    const m = this.nextPair++;
    const value = this.nextValue++;
    const e: Entity = { table: 'acct', id: 3 * m, owner: me, writes: [] };
    this.pairs.set(3 * m, e);
    return this.write(me, e, value, `BEGIN; INSERT INTO acct VALUES (${3 * m}, ${value}); INSERT INTO acct VALUES (${3 * m + 1}, ${value}); COMMIT`, 4);
  }

  private async updatePair(me: number, e: Entity): Promise<boolean> {
    const value = this.nextValue++;
    const sql = `BEGIN; UPDATE acct SET v = ${value} WHERE id = ${e.id}; UPDATE acct SET v = ${value} WHERE id = ${e.id + 1}; COMMIT`;
    return this.write(me, e, value, sql, 4);
  }

  /**
   * Runs a write and records its outcome. `statements`: how many results an acknowledged reply
   * has; every UPDATE of a key whose insert was acknowledged must report 1 affected row.
   */
  private async write(me: number, e: Entity, value: number, sql: string, statements: number): Promise<boolean> {
    const server = this.pickServer();
    const issuedUs = this.c.clock.nowUs();
    const write: Write = { value, state: 'unknown', what: `${sql} (client ${me}, server ${server ?? '-'})` };
    e.writes.push(write);
    if (server === null) return false;
    const reply = await this.exec(me, server, sql);
    write.what += ` at ${this.msOf(issuedUs)}–${this.msOf(this.c.clock.nowUs())} ms${reply?.error ? `: ${reply.error.message}` : reply ? '' : ': no reply'}`;
    if (reply && !reply.error && reply.results.length === statements) {
      write.state = 'acked';
      this.stats.acked++;
      if (e.table === 'acct') this.stats.twoPhaseAcked++;
      this.checkAffected(e, reply, sql);
      return true;
    }
    this.stats.unknown++;
    if (reply && sql.startsWith('BEGIN')) await this.exec(me, server, 'ROLLBACK');
    return false;
  }

  private checkAffected(e: Entity, reply: ExecuteReply, sql: string): void {
    if (e.writes.length === 1 || e.writes[0].state !== 'acked') return;
    for (const r of reply.results) {
      if (r.sql.trim().toUpperCase().startsWith('UPDATE') && r.affectedRows !== 1) {
        this.monitor.report('ack', `${r.sql}: ${r.affectedRows} rows affected, but the row's INSERT was acknowledged (in: ${sql})`);
      }
    }
  }

  /** A strong read of one pair: both rows or neither, equal values; present once acknowledged. */
  private async readPair(me: number, e: Entity): Promise<boolean> {
    const server = this.pickServer();
    if (server === null) return false;
    const ackedBefore = e.writes.some((w) => w.state === 'acked');
    const sql = `SELECT id, v FROM acct WHERE id IN (${e.id}, ${e.id + 1}) ORDER BY id`;
    const reply = await this.exec(me, server, sql);
    if (!reply || reply.error) return false;
    this.stats.reads++;
    const rows = reply.results[0].rows;
    const where = `${sql} on server ${server} at ${this.c.clock.nowUs()} µs`;
    if (rows.length === 1) this.monitor.report('atomicity', `${where}: only row ${rows[0][0]} of a 2PC pair is visible`);
    if (rows.length === 2 && rows[0][1] !== rows[1][1]) this.monitor.report('atomicity', `${where}: the pair has values ${rows[0][1]} and ${rows[1][1]}`);
    if (rows.length === 0 && ackedBefore) this.monitor.report('ack', `${where}: the pair's acknowledged INSERT is not visible (${this.history(e)})`);
    return true;
  }

  /** Virtual ms since the workload was created (the simulation's time base). */
  private msOf(us: number): number {
    return (us - this.startUs) / 1000;
  }

  private pickServer(): number | null {
    const alive = this.c.aliveIds();
    return alive.length === 0 ? null : alive[this.rng.int(alive.length)];
  }

  private history(e: Entity): string {
    return e.writes.map((w) => `${w.state}: ${w.what}`).join(' | ');
  }

  /**
   * Checks the final state read from server `server` (call after healing and settling):
   * acknowledged writes present with an allowed value, pairs atomic. Reports into the monitor.
   */
  async verifyFinal(server: number): Promise<void> {
    const kvRows = await this.readAll(server, 'SELECT id, v FROM kv');
    const acctRows = await this.readAll(server, 'SELECT id, v FROM acct');
    if (!kvRows || !acctRows) return;
    for (const e of this.kv.values()) this.verifyEntity(e, kvRows.get(e.id) ?? null, `kv row ${e.id}`);
    for (const e of this.pairs.values()) {
      const a = acctRows.get(e.id) ?? null;
      const b = acctRows.get(e.id + 1) ?? null;
      if ((a === null) !== (b === null) || (a !== null && a !== b)) {
        this.monitor.report('atomicity', `acct pair (${e.id}, ${e.id + 1}) ends as (${a ?? 'absent'}, ${b ?? 'absent'}): half of a 2PC transaction (${this.history(e)})`);
      }
      this.verifyEntity(e, a, `acct pair (${e.id}, ${e.id + 1})`);
    }
    for (const id of kvRows.keys()) if (!this.kv.has(id)) this.monitor.report('ack', `kv row ${id} exists but was never written`);
    for (const id of acctRows.keys()) if (!this.pairs.has(id - (id % 3))) this.monitor.report('ack', `acct row ${id} exists but was never written`);
  }

  private verifyEntity(e: Entity, actual: number | null, what: string): void {
    const lastAcked = e.writes.map((w) => w.state).lastIndexOf('acked');
    // The last acknowledged write's value, or that of any (unknown) write issued after it.
    const allowed = new Set(e.writes.slice(Math.max(0, lastAcked)).map((w) => w.value));
    if (actual === null) {
      if (lastAcked >= 0) this.monitor.report('ack', `${what} is missing after acknowledged writes (${this.history(e)})`);
      return;
    }
    if (!allowed.has(actual)) this.monitor.report('ack', `${what} holds ${actual}, allowed ${[...allowed].join('/')} (${this.history(e)})`);
  }

  private async readAll(server: number, sql: string): Promise<Map<number, number> | null> {
    const reply = await sqlWithin(this.c, server, sql, {}, FINAL_READ_TIMEOUT_MS);
    if (reply === 'timeout' || reply instanceof Error || reply.error) {
      const err = reply === 'timeout' ? `no reply within ${FINAL_READ_TIMEOUT_MS} ms` : reply instanceof Error ? reply.message : reply.error!.message;
      this.monitor.report('liveness', `${sql} on server ${server} failed after healing: ${err} (${describePrepared(this.c)})`);
      return null;
    }
    const out = new Map<number, number>();
    for (const row of reply.results[0].rows) out.set(Number(row[0]), Number(row[1]));
    return out;
  }

  /** Counts for the report: keys and pairs written, writes acknowledged. */
  get entities(): { kv: number; pairs: number } {
    return { kv: this.kv.size, pairs: this.pairs.size };
  }
}
