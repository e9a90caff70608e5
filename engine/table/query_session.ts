/**
 * OBKV query sessions of one server (OceanBase's `ObTableQueryAsyncP` sessions): a streaming
 * query keeps its scan open here — the DAS scan at the query's read snapshot, suspended between
 * requests — and `table.queryNext` pulls the next `batchSize` rows. A session ends when its scan
 * is exhausted, on `table.queryClose`, when it stayed idle past `KV_QUERY_SESSION_IDLE_US`, or when
 * more than `KV_QUERY_SESSIONS_MAX` are open (the least recently used is closed). Using an ended
 * session → -10524 OB_KV_SESS_NOT_EXIST.
 */
import { KV_QUERY_SESSIONS_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { KvValue, TableQueryReply } from './types';

/** A query session left idle this long (µs of server time) is closed (OBKV: kv session timeout). */
export const KV_QUERY_SESSION_IDLE_US = 60_000_000;

/** Projected rows of a running query, pulled in batches, with one row of lookahead. */
export class RowSource {
  private buffered: KvValue[] | null = null;
  private done = false;

  constructor(
    private readonly it: AsyncIterator<KvValue[]>,
  ) {}

  /** Up to `n` rows; `more` tells whether rows remain after them. */
  async pull(n: number): Promise<{ rows: KvValue[][]; more: boolean }> {
    const rows: KvValue[][] = [];
    if (this.buffered) {
      rows.push(this.buffered);
      this.buffered = null;
    }
    while (!this.done && rows.length < n) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else rows.push(r.value);
    }
    if (!this.done) {
      const r = await this.it.next();
      if (r.done) this.done = true;
      else this.buffered = r.value;
    }
    return { rows, more: !this.done };
  }

  close(): void {
    if (!this.done) void this.it.return?.(undefined);
    this.done = true;
  }
}

interface Session {
  tenantId: number;
  columns: string[];
  source: RowSource;
  batchSize: number;
  lastUsedUs: number;
  busy: boolean;
}

export class QuerySessionManager {
  private readonly sessions = new Map<number, Session>();
  private nextId = 1;

  constructor(private readonly nowUs: () => number) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Answers the first batch of a query; opens a session when rows remain. */
  async start(tenantId: number, columns: string[], source: RowSource, batchSize: number): Promise<TableQueryReply> {
    const { rows, more } = await source.pull(batchSize);
    if (!more) {
      source.close();
      return { columns, rows, sessionId: null };
    }
    const id = this.nextId++;
    this.sessions.set(id, { tenantId, columns, source, batchSize, lastUsedUs: this.nowUs(), busy: false });
    this.evictOverLimit();
    return { columns, rows, sessionId: id };
  }

  /** The next batch of session `id`. Errors: -10524 unknown, closed or expired session. */
  async next(tenantId: number, id: number): Promise<TableQueryReply> {
    const s = this.sessions.get(id);
    if (!s || s.tenantId !== tenantId || s.busy) throw Errors.kvSessNotExist();
    s.busy = true;
    try {
      const { rows, more } = await s.source.pull(s.batchSize);
      if (!more) this.drop(id);
      return { columns: s.columns, rows, sessionId: more ? id : null };
    } catch (e) {
      this.drop(id);
      throw e;
    } finally {
      s.busy = false;
      s.lastUsedUs = this.nowUs();
    }
  }

  /** Closes session `id`. Errors: -10524 when unknown or already closed. */
  close(tenantId: number, id: number): void {
    const s = this.sessions.get(id);
    if (!s || s.tenantId !== tenantId) throw Errors.kvSessNotExist();
    this.drop(id);
  }

  /** Closes sessions idle for longer than `KV_QUERY_SESSION_IDLE_US` (run periodically). */
  expireIdle(): void {
    const now = this.nowUs();
    for (const [id, s] of this.sessions) if (!s.busy && now - s.lastUsedUs > KV_QUERY_SESSION_IDLE_US) this.drop(id);
  }

  private evictOverLimit(): void {
    while (this.sessions.size > KV_QUERY_SESSIONS_MAX) {
      let oldest: number | null = null;
      let oldestUs = Infinity;
      for (const [id, s] of this.sessions) {
        if (!s.busy && s.lastUsedUs < oldestUs) {
          oldest = id;
          oldestUs = s.lastUsedUs;
        }
      }
      if (oldest === null) return;
      this.drop(oldest);
    }
  }

  private drop(id: number): void {
    this.sessions.get(id)?.source.close();
    this.sessions.delete(id);
  }
}
