/**
 * A server's request queue on its card (issue #5): `queue 0 · 3/16 busy` — requests waiting (RPC
 * and SQL priorities together) and worker tasks busy out of all — with a tooltip giving each
 * priority's waiting and served counts, the refusals (queue full, -4019) and the deepest queue seen.
 */
import type { RequestQueueSnapshot } from '../../engine/server/snapshot';

const n = (x: number) => x.toLocaleString('en-US');

export function queueLabel(q: RequestQueueSnapshot): string {
  const waiting = q.queuedRpc + q.queuedSql;
  return `queue ${n(waiting)} · ${n(q.active)}/${n(q.workers)} busy${q.rejected > 0 ? ` · ${n(q.rejected)} refused` : ''}`;
}

export function queueTitle(q: RequestQueueSnapshot): string {
  return [
    `Request queue (capacity ${n(q.capacity)} waiting requests; RPC before SQL)`,
    `waiting: ${n(q.queuedRpc)} RPC (OBKV), ${n(q.queuedSql)} SQL`,
    `worker tasks: ${n(q.active)} busy of ${n(q.workers)}`,
    `served since start: ${n(q.servedRpc)} RPC, ${n(q.servedSql)} SQL`,
    `refused (queue full, -4019): ${n(q.rejected)}`,
    `deepest queue seen: ${n(q.depthMax)}`,
  ].join('\n');
}
