/**
 * Host interfaces: everything the engine needs from outside, injected (conventions §2).
 *
 * The engine never touches `Date.now`, `setTimeout`, `Math.random`, OPFS, ports or any browser or
 * Node global. A host (a browser worker, the Node shell, the in-process simulator) hands an
 * `ObServer` these four things plus an `Rng`:
 * - `Clock` — the time in µs and one-shot timers (real, scaled, or virtual);
 * - `FileSystem` — named files of bytes with synchronous positional I/O once open (OPFS sync
 *   access handles, `node:fs`, or memory);
 * - `Transport` — datagrams to and from other servers (MessagePorts, or in-process queues);
 * - `EventSink` — state changes the UI shows (role changes, freezes, compaction progress, crashes).
 */
import type { ServerId } from '../common/ids';
import type { CompactionHistorySnapshot } from '../server/snapshot';

export interface Clock {
  /** Microseconds since the Unix epoch (scaled or virtual in simulations). */
  nowUs(): number;
  /** Runs `fn` once after `delayUs` µs of this clock's time; returns a handle for `cancel`. */
  schedule(delayUs: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
}

export type TimerHandle = { readonly id: number };

/** A seeded source of randomness (never Math.random inside the engine). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * A file opened for synchronous positional I/O (an OPFS `FileSystemSyncAccessHandle`, a `node:fs`
 * descriptor, or memory). Offsets and lengths are bytes. Errors: implementations throw `ObError`
 * (`Errors.diskFull` when the quota is exhausted, `Errors.ioError` otherwise).
 */
export interface FileHandle {
  readonly path: string;
  /** Reads up to `length` bytes at `offset`; shorter at end of file. */
  read(offset: number, length: number): Uint8Array;
  write(offset: number, data: Uint8Array): void;
  size(): number;
  truncate(size: number): void;
  /** Makes every write so far durable (OPFS `flush()`, fsync). */
  flush(): void;
  close(): void;
}

/**
 * A directory tree of files. Paths are `/`-separated and relative to the server's own root
 * (e.g. `clog/1002/1001`, `data/block_file`, `slog/checkpoint`).
 */
export interface FileSystem {
  /** Opens (creating if absent) a file for I/O. Only one open handle per path at a time. */
  open(path: string): Promise<FileHandle>;
  exists(path: string): Promise<boolean>;
  /** File names directly under `dir` (no recursion); [] when the directory does not exist. */
  list(dir: string): Promise<string[]>;
  remove(path: string): Promise<void>;
}

/** A message between servers. Objects are structured-clone safe; bulk bytes travel as Uint8Array. */
export type WireMessage = { readonly [key: string]: unknown };

export interface Transport {
  readonly self: ServerId;
  /** Sends a datagram; delivery is not guaranteed (the peer may be down or the link cut). */
  send(to: ServerId, message: WireMessage, transfer?: ArrayBuffer[]): void;
  /** Installs the single receive handler. */
  onMessage(handler: (from: ServerId, message: WireMessage) => void): void;
}

/**
 * A fault on the one-way link `from` → `to` (issue #4: cut, delay, loss), the same model in the
 * in-process `MemoryNetwork`, the browser's `PortTransport` and the scenario `admin` commands.
 * `cut`: every datagram is dropped; `delayUs`: each datagram is held this long (µs of the
 * simulated clock) before delivery; `lossRate`: probability in [0, 1] that a datagram is dropped
 * (drawn from a seeded Rng). A cut in both directions is two faults.
 */
export interface LinkFault {
  from: number;
  to: number;
  cut: boolean;
  delayUs: number;
  lossRate: number;
}

/** Why an election happened (issue #4's event timeline). */
export type ElectionReason =
  | 'leader lease expired'
  | 'no leader at start'
  | 'leader transferred'
  | 'switch leader by command'
  | 'priority handover'
  | 'leader stepped down';

export type ObEvent =
  /** Issue #4: a replica won an election (one event per new leader; `reason` why it ran). */
  | { kind: 'election'; tenantId: number; lsId: number; serverId: number; proposalId: number; reason: ElectionReason; atUs: number }
  /** Issue #4: a server's status as the root service sees it changed (ACTIVE / INACTIVE / DELETING / stopped / started). */
  | { kind: 'server-status'; serverId: number; svrIp: string; zone: string; status: string; reason: string; atUs: number }
  /** Issue #4: a tablet moved between log streams (balance job / transfer task). */
  | { kind: 'transfer'; tenantId: number; taskId: number; srcLsId: number; destLsId: number; tabletIds: number[]; status: string; atUs: number }
  /** Issue #4: a tenant job (locality, primary zone, unit num) changed state. */
  | { kind: 'tenant-job'; tenantId: number; jobId: number; jobType: string; status: string; progress: number; atUs: number }
  /** Issue #4: a membership change of a log stream's PALF group (member/learner added or removed). */
  | { kind: 'ls-member-change'; tenantId: number; lsId: number; change: string; serverId: number; atUs: number }
  /** Issue #4: a fault injected or healed (kill, restart, cut, heal, delay, loss, clock). */
  | { kind: 'fault'; description: string; atUs: number }
  | { kind: 'role-change'; tenantId: number; lsId: number; role: 'LEADER' | 'FOLLOWER'; atUs: number }
  | { kind: 'freeze'; tenantId: number; tabletId: number; freezeType: 'MINI_MERGE' | 'MINOR_MERGE' | 'MAJOR_MERGE'; atUs: number }
  | { kind: 'compaction-progress'; tenantId: number; tabletId: number; mergeType: string; done: number; total: number; atUs: number }
  /** A tablet finished a merge. Tablets also fill in the rest of a GV$OB_TABLET_COMPACTION_HISTORY
   *  row (issue 3; optional so other emitters and older consumers keep working). */
  | ({ kind: 'compaction-finished'; tenantId: number; tabletId: number; mergeType: string; atUs: number } & Partial<
      Omit<CompactionHistorySnapshot, 'tenantId' | 'tabletId' | 'mergeType'>
    >)
  | { kind: 'major-freeze'; tenantId: number; frozenScn: string; status: 'COMPACTING' | 'VERIFYING' | 'IDLE'; atUs: number }
  | { kind: 'ddl'; tenantId: number; statement: string; atUs: number }
  | { kind: 'sample-data-progress'; dataset: string; table: string; rowsDone: number; rowsTotal: number; atUs: number }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string; atUs: number };

export interface EventSink {
  emit(event: ObEvent): void;
}

export const NULL_EVENT_SINK: EventSink = { emit() {} };
