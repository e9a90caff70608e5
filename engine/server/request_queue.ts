/**
 * A server's request queue (the seed: "requests wait in a queue and are served by worker threads";
 * OceanBase's tenant `ObMultiLevelQueue` + worker threads). Every client request — a SQL statement
 * batch from a session, an OBKV RPC — enters here with a priority: RPC (table API calls, short and
 * latency-sensitive) is taken before SQL. At most `workers` requests run at once; the others wait in
 * FIFO order within their priority. A request arriving when `capacity` are already waiting is
 * refused with -4019 OB_SIZE_OVERFLOW ("queue full"), as an overloaded OBServer answers. Depth,
 * activity and counters are in the server snapshot (`RequestQueueSnapshot`).
 *
 * Invariants: active ≤ workers; queued ≤ capacity; a task is started exactly once, in priority
 * order; a finished task (resolved or rejected) always frees its worker.
 */
import { assert } from '../common/assert';
import { REQUEST_QUEUE_CAPACITY, REQUEST_QUEUE_WORKERS } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { RequestQueueSnapshot } from './snapshot';

export type RequestPriority = 'rpc' | 'sql';

interface Waiting {
  run: () => void;
}

export class RequestQueue {
  private readonly queues: Record<RequestPriority, Waiting[]> = { rpc: [], sql: [] };
  private heads: Record<RequestPriority, number> = { rpc: 0, sql: 0 };
  private active = 0;
  private servedRpc = 0;
  private servedSql = 0;
  private rejected = 0;
  private depthMax = 0;

  constructor(readonly workers = REQUEST_QUEUE_WORKERS, readonly capacity = REQUEST_QUEUE_CAPACITY) {
    assert(workers >= 1 && capacity >= 1, 'a request queue needs a worker and room');
  }

  /**
   * Runs `task` on a worker task when one is free (RPC before SQL), resolving with its result.
   * Errors: -4019 OB_SIZE_OVERFLOW when the queue is full; the task's own errors.
   */
  submit<T>(priority: RequestPriority, task: () => Promise<T>): Promise<T> {
    if (this.active < this.workers && this.depth() === 0) return this.start(priority, task);
    if (this.depth() >= this.capacity) {
      this.rejected++;
      return Promise.reject(Errors.sizeOverflow());
    }
    return new Promise<T>((resolve, reject) => {
      this.queues[priority].push({ run: () => this.start(priority, task).then(resolve, reject) });
      this.depthMax = Math.max(this.depthMax, this.depth());
    });
  }

  private start<T>(priority: RequestPriority, task: () => Promise<T>): Promise<T> {
    this.active++;
    assert(this.active <= this.workers, 'more requests running than worker tasks');
    if (priority === 'rpc') this.servedRpc++;
    else this.servedSql++;
    let p: Promise<T>;
    try {
      p = task();
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.finally(() => {
      this.active--;
      this.next();
    });
  }

  private next(): void {
    for (const pr of ['rpc', 'sql'] as const) {
      const q = this.queues[pr];
      if (this.heads[pr] < q.length) {
        const w = q[this.heads[pr]++];
        if (this.heads[pr] === q.length) {
          q.length = 0;
          this.heads[pr] = 0;
        }
        w.run();
        return;
      }
    }
  }

  private queued(p: RequestPriority): number {
    return this.queues[p].length - this.heads[p];
  }

  /** Requests waiting, all priorities. */
  depth(): number {
    return this.queued('rpc') + this.queued('sql');
  }

  snapshot(): RequestQueueSnapshot {
    return {
      workers: this.workers,
      active: this.active,
      queuedRpc: this.queued('rpc'),
      queuedSql: this.queued('sql'),
      capacity: this.capacity,
      servedRpc: this.servedRpc,
      servedSql: this.servedSql,
      rejected: this.rejected,
      depthMax: this.depthMax,
    };
  }
}
