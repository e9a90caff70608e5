/**
 * One line per OBKV call (issue #5 item 5): where the routing client sent it and why —
 * `insert('t1', [1]) → p3 [KEY(c1): murmurhash64a → 7 % 4 = 3] → tablet 200004 → LS 1001 → 10.0.0.1 (zone1)`
 * — and the retries before it ("retried: 10.0.0.2 answered -4038 OB_NOT_MASTER → refreshed").
 * Pure text from the client's `KvCallTrace`; nothing is computed here.
 */
import type { KvCallTrace, KvRetryTrace } from '../../engine/client/trace';

/** The route part: partition (with its rule) → tablet → LS → server (zone). */
export function routeText(t: KvCallTrace): string {
  const part = t.partition ?? (t.partitionRule ? `p${t.partitionIndex}` : 'one partition');
  const rule = t.partitionRule ? ` [${t.partitionRule}]` : '';
  return `${part}${rule} → tablet ${t.tabletId} → LS ${t.lsId} → ${t.svrIp} (${t.zone})`;
}

/** The OceanBase error name of a retry (`-4038 OB_NOT_MASTER`), from its code and `[code][NAME][...]` text. */
export function retryReason(r: KvRetryTrace): string {
  const name = /^\[-?\d+\]\[([A-Z][A-Z0-9_]*)\]/.exec(r.error)?.[1];
  return name ? `${r.obCode} ${name}` : `${r.obCode}`;
}

/** One line per failed attempt, e.g. `retried: 10.0.0.2 answered -4038 OB_NOT_MASTER → refreshed`. */
export function retryLines(t: KvCallTrace): string[] {
  return t.retries.map((r) => `retried: ${r.svrIp} answered ${retryReason(r)} → refreshed`);
}

/** The whole line: `call → route`, then `· cached route` / `· route refreshed` and the time. */
export function traceLine(t: KvCallTrace): string {
  const how = t.cacheHit ? 'cached route' : 'route refreshed';
  const ms = (t.elapsedUs / 1000).toFixed(t.elapsedUs < 10_000 ? 2 : 1);
  return `${t.call} → ${routeText(t)} · ${how} · ${ms} ms${t.ok ? '' : ` · ${t.error ?? 'failed'}`}`;
}
