/**
 * Every limit in one place (conventions §12, TIGER_STYLE "Put a limit on everything"), with the
 * relationships between them asserted at load time. Sizes are bytes, times µs unless named.
 */
import { assert } from './assert';

/** OceanBase's fixed macroblock size: 2 MiB (reference §4.6). */
export const MACRO_BLOCK_BYTES = 2 * 1024 * 1024;
/** Default microblock size, table option BLOCK_SIZE (reference §4.6). */
export const MICRO_BLOCK_BYTES_DEFAULT = 16 * 1024;
/** Rows per executor batch ("rowset=256" in EXPLAIN). */
export const ROWSET_ROWS = 256;
/** Rows per DAS remote-scan reply batch. */
export const DAS_SCAN_BATCH_ROWS = 4096;
/** Maximum entries PALF ships to a follower in one message. */
export const PALF_APPEND_BATCH_ENTRIES_MAX = 256;
/** Maximum bytes in one PALF log entry (one transaction's redo on one LS). */
export const PALF_ENTRY_BYTES_MAX = 64 * 1024 * 1024;
/** RPC requests in flight per peer before the sender queues. */
export const RPC_IN_FLIGHT_MAX = 4096;
/** RPC timeout, µs. */
export const RPC_TIMEOUT_US = 10_000_000;
/** `ob_query_timeout` default: 10 s (reference §8.1), µs. */
export const OB_QUERY_TIMEOUT_US = 10_000_000;
/** `max_partition_num` default (reference §2.1). */
export const PARTITIONS_MAX = 8192;
/** VARCHAR maximum length in bytes (reference §8.2). */
export const VARCHAR_BYTES_MAX = 262_144;
/** CHAR maximum length in characters (reference §8.2). */
export const CHAR_LENGTH_MAX = 256;
/** TEXT maximum length in bytes (reference §8.2). */
export const TEXT_BYTES_MAX = 65_535;
/** DECIMAL maximum precision (MySQL). */
export const DECIMAL_PRECISION_MAX = 65;
/** DECIMAL maximum scale (MySQL). */
export const DECIMAL_SCALE_MAX = 30;
/** Statements per session buffered before the SQL layer refuses more (shell and UI). */
export const SQL_TEXT_BYTES_MAX = 16 * 1024 * 1024;
/** Memstore per tenant per server in the playground (the simulated unit's memstore_limit). */
export const MEMSTORE_LIMIT_BYTES = 256 * 1024 * 1024;
/** Rows per insert batch when loading sample data (progress granularity, bounded memory). */
export const SAMPLE_DATA_BATCH_ROWS = 2000;
/** freeze_trigger_percentage default: 20 (reference §4.2). */
export const FREEZE_TRIGGER_PERCENTAGE = 20;

/** Block cache per server (OceanBase's kv cache for microblocks), charged with each cached
 *  microblock's on-disk plus decompressed bytes. 128 MiB holds the columns a TPC-H Q1 reads of a
 *  1M-row lineitem, so repeated analytical scans decode nothing. */
export const BLOCK_CACHE_BYTES = 128 * 1024 * 1024;
/** `minor_compact_trigger` default: mini SSTables that trigger a MINOR_MERGE (reference §4.2). */
export const MINOR_COMPACT_TRIGGER_DEFAULT = 2;

/** How often the host calls `PalfReplica.tick()`, ms. Every PALF timeout below counts ticks. */
export const PALF_TICK_MS = 50;
/** Ticks between two heartbeats of a PALF leader (commit LSN to followers, liveness). */
export const PALF_HEARTBEAT_TICKS = 2;
/** Ticks without any answer from a follower before the leader resends from its match LSN. */
export const PALF_RETRANSMIT_TICKS = 4;
/** Maximum payload bytes PALF ships to a follower in one message (at least one entry is sent). */
export const PALF_APPEND_BATCH_BYTES_MAX = 2 * 1024 * 1024;
/** Append messages a PALF leader keeps in flight to one follower before waiting for acks. */
export const PALF_INFLIGHT_APPENDS_MAX = 16;
/** Persisted entries a PALF replica keeps in memory; older ones are read back from the clog. */
export const PALF_MEMORY_ENTRIES_MAX = 8192;
/** Uncommitted entries a PALF leader accepts before `propose` answers OB_EAGAIN (sliding window). */
export const PALF_SLIDING_WINDOW_ENTRIES_MAX = 65536;
/** Committed entries handed to the host in one `ready()` (restart replay comes in batches). */
export const PALF_APPLY_BATCH_ENTRIES_MAX = 1024;
/**
 * PALF leader lease (issue #4): a leader serves only while a majority acknowledged it within this
 * many ms (OceanBase: 4 s, renewed by heartbeats); a voter refuses to elect another leader as long.
 */
export const PALF_LEASE_MS = 4000;
/**
 * Base election timeout (issue #4), ms: a follower that heard no leader this long (plus a quarter
 * of it per better-ranked member, see `randomizedTimeoutTicks`) campaigns. Above the lease by a
 * margin: every worker ticks on its own timer and hears the last heartbeat at a slightly different
 * moment, so a candidate campaigning exactly at the lease could find a voter still honouring it and
 * lose a whole timeout (OceanBase likewise bounds clock skew, to 200 ms).
 */
export const PALF_ELECTION_TIMEOUT_MS = 4500;
/** Base timeout of a replica's first campaign after (re)start, ms (fast first election). */
export const PALF_INITIAL_ELECTION_TIMEOUT_MS = 300;
/**
 * Budget of a location-routed call (`LocationService.callLeader`), ms: "not master", an RPC timeout
 * or a dead server make it refresh the location cache and retry with backoff until it runs out.
 */
export const LOCATION_RETRY_BUDGET_MS = 10_000;
/** First and largest pause between two retries of a location-routed call, ms. */
export const LOCATION_RETRY_BACKOFF_MIN_MS = 20;
export const LOCATION_RETRY_BACKOFF_MAX_MS = 500;
/** Timeout of one `ls.leader` location probe to a replica, µs. */
export const LOCATION_PROBE_TIMEOUT_US = 500_000;
/** Finished transaction outcomes an LS remembers (answers a retried commit after a failover). */
export const TX_OUTCOMES_MAX = 65_536;
/**
 * 2PC recovery (issue #4): a leader holding a transaction prepared longer than this asks the other
 * participants' leaders for its state and finishes it (its coordinator died or gave up), µs.
 */
export const TX_2PC_RECOVERY_AFTER_US = 3_000_000;
/** Pause between two recovery attempts of one prepared transaction that could not be decided yet, µs. */
export const TX_2PC_RECOVERY_RETRY_US = 1_000_000;
/** Size at which a clog segment file (a PALF "block") is closed and a new one started, bytes. */
export const PALF_CLOG_SEGMENT_BYTES = 16 * 1024 * 1024;

assert(MICRO_BLOCK_BYTES_DEFAULT < MACRO_BLOCK_BYTES, 'microblock must fit in a macroblock');
assert(ROWSET_ROWS <= DAS_SCAN_BATCH_ROWS, 'a DAS batch holds whole rowsets');
assert(CHAR_LENGTH_MAX * 4 < VARCHAR_BYTES_MAX, 'char fits in varchar');
assert(MINOR_COMPACT_TRIGGER_DEFAULT >= 2, 'a minor merge needs at least two minis');
assert(MICRO_BLOCK_BYTES_DEFAULT <= BLOCK_CACHE_BYTES, 'the block cache holds at least one microblock');
assert(PALF_APPEND_BATCH_ENTRIES_MAX <= PALF_MEMORY_ENTRIES_MAX, 'a PALF batch fits the memory window');
assert(PALF_HEARTBEAT_TICKS < PALF_RETRANSMIT_TICKS, 'heartbeats answer before a retransmit fires');
assert(PALF_APPEND_BATCH_BYTES_MAX <= PALF_CLOG_SEGMENT_BYTES, 'a PALF batch fits a clog segment');
assert(PALF_LEASE_MS % PALF_TICK_MS === 0 && PALF_ELECTION_TIMEOUT_MS % PALF_TICK_MS === 0, 'lease and election timeout are whole ticks');
assert(PALF_LEASE_MS <= PALF_ELECTION_TIMEOUT_MS, 'a follower never campaigns inside a lease it honours');
assert(PALF_HEARTBEAT_TICKS * PALF_TICK_MS < PALF_LEASE_MS, 'the lease spans several heartbeats');
assert(PALF_INITIAL_ELECTION_TIMEOUT_MS >= PALF_TICK_MS, 'the first campaign waits at least a tick');
assert(LOCATION_RETRY_BACKOFF_MIN_MS <= LOCATION_RETRY_BACKOFF_MAX_MS, 'backoff grows');

/** Microblocks listed per column group in an SSTable detail (storage panel column view). */
export const SSTABLE_DETAIL_MICROBLOCKS_MAX = 256;
/** Finished compactions kept per server (GV$OB_TABLET_COMPACTION_HISTORY). */
export const COMPACTION_HISTORY_MAX = 512;
/** Concurrent compaction DAG tasks per server (the bounded scheduler of issue 3 §8). */
export const COMPACTION_DAG_WORKERS = 2;
/** Rows per horizontal range task of a parallel major compaction. */
export const COMPACTION_RANGE_ROWS = 262_144;
/** Column groups per vertical merge task, before adapting to memory. */
export const COMPACTION_CG_BATCH_MAX = 8;

/** Smallest table option BLOCK_SIZE (OceanBase's MIN_BLOCK_SIZE), bytes. */
export const MICRO_BLOCK_BYTES_MIN = 1024;
/** Largest table option BLOCK_SIZE (OceanBase's MAX_BLOCK_SIZE), bytes. */
export const MICRO_BLOCK_BYTES_MAX = 1024 * 1024;
assert(MICRO_BLOCK_BYTES_MIN <= MICRO_BLOCK_BYTES_DEFAULT && MICRO_BLOCK_BYTES_DEFAULT <= MICRO_BLOCK_BYTES_MAX, 'default BLOCK_SIZE is valid');
assert(MICRO_BLOCK_BYTES_MAX < MACRO_BLOCK_BYTES, 'a microblock fits in a macroblock');
/** Major freeze points kept per tenant by its root service (DBA_OB_FREEZE_INFO rows). */
export const MAJOR_FREEZE_INFO_MAX = 64;
/** Column scans a server keeps open between DAS pages (cursors); the oldest is closed past this. */
export const DAS_COLUMN_CURSORS_MAX = 256;

// --- root service runtime (issue #4; engine/rootservice/root_service.ts, server/ls_manager.ts) ---
/** Every server sends the root service a heartbeat this often (OceanBase: 2 s), µs. */
export const RS_HEARTBEAT_INTERVAL_US = 2_000_000;
/** A heartbeat unanswered this long is retried at another server, µs. */
export const RS_HEARTBEAT_RPC_TIMEOUT_US = 1_000_000;
/** How often the root service checks liveness, LS status and jobs, µs. */
export const RS_CHECK_INTERVAL_US = 1_000_000;
/** A management command sent to the root service fails after this long without an answer, µs. */
export const RS_COMMAND_RPC_TIMEOUT_US = 30_000_000;
/** Servers tried for one management command (OB_NOT_MASTER / unreachable → the next). */
export const RS_COMMAND_ATTEMPTS_MAX = 8;
/** CREATE TENANT waits at most this long for its log streams to have serving leaders, µs. */
export const CREATE_TENANT_WAIT_US = 60_000_000;
/** How often each server reconciles its LS replicas with the cluster state, µs. */
export const LS_MANAGER_INTERVAL_US = 200_000;
/** A learner within this many entries of the leader's committed LSN counts as caught up. */
export const LS_CATCH_UP_ENTRIES = 4;
/** An LS leader re-sends a leader transfer that did not happen after this long, µs. */
export const LS_TRANSFER_RETRY_US = 2_000_000;
assert(RS_HEARTBEAT_RPC_TIMEOUT_US < RS_HEARTBEAT_INTERVAL_US, 'a heartbeat times out before the next is due');

// --- OBKV (issue #5; engine/table, engine/hbase, engine/client, server/request_queue.ts) ---
/** Worker tasks of a server's request queue: requests served at once (OceanBase: tenant worker threads). */
export const REQUEST_QUEUE_WORKERS = 16;
/** Requests that may wait in a server's queue, all priorities; one more is refused with -4019. */
export const REQUEST_QUEUE_CAPACITY = 4096;
/** Operations in one OBKV batch request (the client splits larger batches by tablet anyway). */
export const KV_BATCH_OPS_MAX = 10_000;
/** Rows one OBKV query answer carries at most when the client set no batch size. */
export const KV_QUERY_ROWS_MAX = 100_000;
/** Open OBKV query sessions per server (async/stream query); the oldest is closed past this. */
export const KV_QUERY_SESSIONS_MAX = 256;
/** Attempts of one OBKV call across route refreshes before the client gives up (OBKV: runtime retry times). */
export const KV_ROUTE_RETRY_MAX = 8;
/** Rows per page of an HBase scan request to one partition. */
export const HBASE_SCAN_PAGE_ROWS = 1000;
/** Nesting levels a filter string (OBKV-Table, HBase) or an HBase shell value may have; deeper → a syntax error. */
export const KV_FILTER_DEPTH_MAX = 64;
/** Characters in an HBase `regexstring:` comparator's pattern; longer → -10514. */
export const KV_FILTER_REGEX_CHARS_MAX = 256;
assert(REQUEST_QUEUE_WORKERS >= 1 && REQUEST_QUEUE_CAPACITY >= REQUEST_QUEUE_WORKERS, 'the request queue can serve');
