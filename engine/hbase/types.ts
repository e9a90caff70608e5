/**
 * OBKV-HBase wire contract: what the HBase client (`engine/client/hbase_client.ts`) sends to an
 * OBServer's HBase service (`engine/hbase/hbase_service.ts`). Reference: obkv-apis §2.
 *
 * The model (reference §2.1): an HBase table `t` is a TABLEGROUP `t` holding one table per column
 * family, `` `t$f` `` (K varbinary(1024), Q varbinary(256), T bigint, V varbinary(1024), PRIMARY
 * KEY (K, Q, T)), T stored **negated** (−timestamp ms) so the newest version of a cell sorts first;
 * every family table of a tablegroup has the same partitioning (default `PARTITION BY KEY(K)
 * PARTITIONS 3`; `SPLITS` → `RANGE COLUMNS(K)`), and partition i of each family lives in the same LS
 * (tablegroup alignment), so one row's families commit together (1PC on that LS).
 * Family attributes live in each family table's `KV_ATTRIBUTES` ('{"Hbase": {"TimeToLive": s,
 * "MaxVersions": n}}').
 *
 * Invariants: rows, qualifiers and values are byte strings (one char per byte, `common/binary.ts`);
 * timestamps are positive ms since the epoch as numbers; requests for one row name the partition
 * index the client computed from K (every family table agrees) and the LS it routed to; the server
 * executes locally only (OB_NOT_MASTER otherwise, like the table service).
 */
import type { KvRouteStamp } from '../table/types';

/** One cell as HBase shows it. */
export interface HCell {
  row: string;
  family: string;
  qualifier: string;
  /** Version, ms since the epoch (positive; stored as −T). */
  timestamp: number;
  value: string;
}

/** HBase compare operators (CompareOp / filter language). */
export type HCompareOp = 'LESS' | 'LESS_OR_EQUAL' | 'EQUAL' | 'NOT_EQUAL' | 'GREATER_OR_EQUAL' | 'GREATER';

/** A column selector: a whole family (`qualifier` null) or one column. */
export interface HColumnRef {
  family: string;
  qualifier: string | null;
}

/** The delete variants with their timestamp semantics (reference §2.4). */
export type HDeleteSpec =
  /** `new Delete(row)`: every family, every version. */
  | { kind: 'row'; ts?: number }
  /** `addFamily(f[, ts])`: all columns of f (with ts: versions ≤ ts). */
  | { kind: 'family'; family: string; ts?: number }
  /** `addFamilyVersion(f, ts)`: exactly version ts in every column of f. */
  | { kind: 'familyVersion'; family: string; ts: number }
  /** `addColumn(f, q[, ts])`: the latest version (with ts: exactly version ts). */
  | { kind: 'column'; family: string; qualifier: string; ts?: number }
  /** `addColumns(f, q[, ts])`: all versions (with ts: versions ≤ ts). */
  | { kind: 'columns'; family: string; qualifier: string; ts?: number };

/** A mutation of one row. */
export type HMutation =
  /** Cells with `timestamp` null get the server's current time (ms). */
  | { type: 'put'; cells: { family: string; qualifier: string; timestamp: number | null; value: string }[] }
  | { type: 'delete'; specs: HDeleteSpec[] }
  /** Each cell must hold an 8-byte big-endian long (absent → 0); answers the new values. */
  | { type: 'increment'; columns: { family: string; qualifier: string; amount: number }[] }
  /** Concatenates to the latest version (absent → the value); answers the new cells. */
  | { type: 'append'; columns: { family: string; qualifier: string; value: string }[] }
  /**
   * checkAndMutate (reference §2.4, OBKV's direction): passes when `stored <op> value` holds for the
   * latest version of (family, qualifier); `value` null checks that the cell does not exist. The
   * mutation must be a put or delete of the same row and family.
   */
  | {
      type: 'checkAndMutate';
      family: string;
      qualifier: string;
      op: HCompareOp;
      value: string | null;
      mutation: Extract<HMutation, { type: 'put' } | { type: 'delete' }>;
    };

/** Route of a one-row request: the HBase table's family tables share partition `partitionIndex`. */
export interface HRowRoute extends Omit<KvRouteStamp, 'table' | 'tabletId'> {
  /** The HBase table name (`ns:t` or `t`); `database` is the namespace's database. */
  htable: string;
  partitionIndex: number;
}

/** `hbase.mutate` */
export interface HMutateBody extends HRowRoute {
  row: string;
  mutation: HMutation;
}

export interface HMutateReply {
  /** increment/append: the cells after the change. */
  cells?: HCell[];
  /** checkAndMutate: whether the check passed (and the mutation ran). */
  checkPassed?: boolean;
}

/** What Get and Scan read (reference §2.2). */
export interface HReadSpec {
  /** Empty: every family, every column. */
  columns: HColumnRef[];
  /** Versions per column (default 1). */
  maxVersions: number;
  /** [min, max) in ms, or null. */
  timeRange: [number, number] | null;
  /** Exactly this version, or null. */
  timestamp: number | null;
  /** HBase filter-language string (`ValueFilter(=, 'binary:abc')`), or null. */
  filter: string | null;
}

/** `hbase.get`: one row. */
export interface HGetBody extends HRowRoute {
  row: string;
  read: HReadSpec;
  /** `exists(Get)`: answer only whether any cell matches. */
  existsOnly: boolean;
}

export interface HGetReply {
  /** The row's cells in HBase order (family, qualifier, newest version first). */
  cells: HCell[];
}

/** `hbase.scan`: rows of one partition in [startRow, stopRow) (reversed: (stopRow, startRow]). */
export interface HScanBody extends HRowRoute {
  /** '' = from the first (reversed: last) row. Inclusive. */
  startRow: string;
  /** '' = to the end. Exclusive. */
  stopRow: string;
  reversed: boolean;
  read: HReadSpec;
  /** Rows to return at most in this page (the client pages and merges partitions). */
  limitRows: number;
  /** Resume after this row (exclusive), from the previous page; null on the first page. */
  afterRow: string | null;
}

export interface HScanReply {
  /** Cells of whole rows, rows in scan order. */
  cells: HCell[];
  /** True when the partition has more rows after the last one returned. */
  more: boolean;
}

/** One family of `create` / `alter` (HColumnDescriptor). */
export interface HFamilyDescriptor {
  name: string;
  /** VERSIONS (MaxVersions); default 1 for a new family. */
  maxVersions?: number;
  /** TTL (TimeToLive) in seconds; absent: forever. */
  ttlSeconds?: number;
}

/** HBase Admin commands (reference §2.2 Admin, §2.6 DDL). */
export type HAdminCommand =
  | { type: 'create'; htable: string; families: HFamilyDescriptor[]; splits?: string[]; partitions?: number }
  | { type: 'list'; regex?: string }
  | { type: 'describe'; htable: string }
  | { type: 'exists'; htable: string }
  | { type: 'disable'; htable: string }
  | { type: 'enable'; htable: string }
  | { type: 'isEnabled'; htable: string }
  | { type: 'drop'; htable: string }
  | { type: 'truncate'; htable: string }
  /** Add or modify a family (`alter 't', NAME => 'f', VERSIONS => 5`), or delete it. */
  | { type: 'alter'; htable: string; family: HFamilyDescriptor; delete?: boolean };

/** `hbase.admin` (asked of any server; DDL goes through the tenant's DDL path). */
export interface HAdminBody {
  tenant: string;
  /** The database of the default namespace (`test` unless the client says otherwise). */
  database: string;
  command: HAdminCommand;
}

export interface HTableDescriptor {
  name: string;
  enabled: boolean;
  families: { name: string; maxVersions: number; ttlSeconds: number | null }[];
  /** Partitioning of the family tables, e.g. `KEY(K) PARTITIONS 3`. */
  partitioning: string;
}

export interface HAdminReply {
  tables?: string[];
  descriptor?: HTableDescriptor;
  exists?: boolean;
  enabled?: boolean;
}
