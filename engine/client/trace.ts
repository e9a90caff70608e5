/**
 * What the routing client reports about each request it sent (issue #5: "every call shows its
 * route — rowkey → partition → tablet → log stream → server — and whether a retry happened"). The
 * KV and HBase editors render these and highlight the server and LS on the topology panel; the
 * headless tools print them. One trace per request sent to one tablet (a batch or scan across
 * partitions gives one per tablet).
 */

/** One failed attempt before the request reached the right server. */
export interface KvRetryTrace {
  serverId: number;
  svrIp: string;
  /** The OBKV error that made the client refresh, e.g. `[-4038][OB_NOT_MASTER][...]`. */
  error: string;
  obCode: number;
}

export interface KvCallTrace {
  /** Sequence number within the client (1, 2, ...). */
  seq: number;
  /** The API call in the client's words, e.g. `insert('t1', [1])`, `query('t1') p1`, `hbase get 't' 'r1'`. */
  call: string;
  /** `KV_METHODS` method sent. */
  method: string;
  tenant: string;
  /** The OceanBase table (HBase: the family table(s), `t$f`), and the HBase table if any. */
  table: string;
  htable?: string;
  /** The rowkey as the user gave it (text), null for a scan. */
  rowkey: string | null;
  /** How the partition was computed, e.g. `KEY(c1) → murmurhash64a % 4 = 2`, `RANGE(c1) < 300`. */
  partitionRule: string | null;
  /** Partition name (`p2`) or null when the table is not partitioned. */
  partition: string | null;
  partitionIndex: number;
  tabletId: number;
  lsId: number;
  /** The server that executed the request. */
  serverId: number;
  svrIp: string;
  zone: string;
  /** Failed attempts first (stale route, leader moved, server down), in order. */
  retries: KvRetryTrace[];
  /** Whether the route came from the location cache (true) or a refresh (false). */
  cacheHit: boolean;
  ok: boolean;
  /** The final error (OBKV form) when `ok` is false. */
  error?: string;
  /** Client-side time of the request including retries, µs. */
  elapsedUs: number;
}
