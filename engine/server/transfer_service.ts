/**
 * Transfer: moving tablets from one log stream of a tenant to another (OceanBase V4's transfer,
 * `ObTransferHandler`, simplified but honest: no acknowledged write is lost, no row duplicated).
 *
 *   runTransferTask (any server; the root service's)                    task status
 *     1. ddl.transferInfo ─▶ LS 1 leader: rowkeys of the tablets (they must be in the src LS)
 *     2. transfer.out ─▶ src LS leader: block new writes to the tablets (OB_EAGAIN, retryable),
 *        wait for the transactions touching them (kill the still-active ones after
 *        TRANSFER_TX_WAIT_US), log `transfer_out` at a GTS value = transfer SCN, dump the
 *        tablets' committed rows at that SCN as `transfer_in` records            ──▶ START
 *     3. transfer.in ─▶ dest LS leader: logs the `transfer_in` records: every dest
 *        replica creates the tablets with their rows and storage schema            ──▶ DOING
 *     4. ddl.transferTablets ─▶ LS 1 leader: the partitions' `lsId` := dest (new schema version;
 *        statements route to the dest from it on; writes retried meanwhile find it)
 *     5. transfer.waitSchema ─▶ every server (best effort): the new schema is applied there
 *     6. ls.dropTablets ─▶ src LS leader: `drop_tablets` (also unblocks)          ──▶ COMPLETED
 *   Failure before step 4: `transfer.abort` on the src (a `transfer_out` abort record unblocks the
 *   tablets on every replica) and the dest's partial tablets are dropped        ──▶ FAILED
 *
 * Rows move with the SCN of their newest committed version (`latestVersionScn`), so a read on the
 * dest at a snapshot ≥ that SCN sees exactly what the src showed; older versions of a row are not
 * moved (a read at a snapshot older than a row's last change finds that row absent on the dest).
 * Every step is idempotent or guarded (the src leader recognises a task already logged; the dest
 * drops a previous attempt's tablets first; the schema change skips tablets already moved), so
 * retries across leader changes are safe.
 */
import { lsId as toLsId, scn, type LsId, type Scn, type TabletId, type TenantId, type TxId } from '../common/ids';
import { Errors, isObError, type ObErrorInfo } from '../common/ob_error';
import { encodeRowkey } from '../common/rowkey';
import type { ColumnType, Value } from '../common/value';
import type { LogStream } from '../logstream/log_stream';
import type { RpcEndpoint } from '../rpc/rpc';
import { FULL_RANGE } from '../sql/exec_context';
import type { RowMutation, TabletIdentity } from '../storage/types';
import { decodeTxLog, encodeTxLog, type TabletMutations, type TransferVersions, type TxLogRecord } from '../tx/tx_log';
import type { BalancerHost, TabletPlacement } from '../rootservice/balancer';
import type { ClusterState, RsCommandInput } from '../rootservice/types';
import type { ObServer } from './ob_server';

/** How long the src leader waits for active transactions on the tablets before killing them, µs. */
export const TRANSFER_TX_WAIT_US = 1_000_000;
/** How long it waits for committing / prepared ones (their outcome is being logged), µs. */
export const TRANSFER_TX_WAIT_MAX_US = 10_000_000;
/** Target size of one `transfer_in` record (rows are split over several), bytes (approximate). */
export const TRANSFER_RECORD_BYTES = 1024 * 1024;
/** Per-server timeout of the best-effort schema propagation wait, µs. */
const SCHEMA_WAIT_US = 2_000_000;
const POLL_US = 10_000;

/** One transfer task as the root service planned it (`__all_transfer_task`). */
export interface TransferTaskSpec {
  taskId: number;
  tenantId: number;
  srcLsId: number;
  destLsId: number;
  tabletIds: number[];
}

export type TransferTaskStatus = 'START' | 'DOING' | 'COMPLETED' | 'FAILED';

/** Where a task's progress goes (the root service proposes `transferTaskStatus`). Errors are logged, not fatal. */
export type TransferStatusSink = (taskId: number, status: TransferTaskStatus, scns: { startScn?: string; finishScn?: string }) => Promise<void>;

export interface TransferResult {
  status: 'COMPLETED' | 'FAILED';
  /** The `transfer_out` SCN ('0' when the task failed before it). */
  startScn: string;
  /** A GTS value taken after the src dropped the tablets ('0' when failed). */
  finishScn: string;
  /** Schema version at which the tablets moved (0 when failed). */
  schemaVersion: number;
  error?: ObErrorInfo;
}

/** What the LS 1 leader tells about a tablet (`ddl.transferInfo`). */
export interface TransferTabletInfo {
  tabletId: number;
  tableId: number;
  rowkey: number[];
  keyTypes: ColumnType[];
}

interface TransferOutBody {
  tenantId: number;
  lsId: number;
  destLsId: number;
  taskId: number;
  tablets: TransferTabletInfo[];
}

interface TransferOutReply {
  transferScn: string;
  /** Encoded `transfer_in` records for the dest. */
  records: Uint8Array[];
}

/**
 * Runs one transfer task end to end from `server` (see the module comment), reporting START,
 * DOING, COMPLETED or FAILED to `report`. Resolves with the outcome; never rejects for an
 * ObError (the task is FAILED then, and the tablets are unblocked when the schema did not move).
 */
export async function runTransferTask(server: ObServer, task: TransferTaskSpec, report: TransferStatusSink = async () => {}): Promise<TransferResult> {
  const loc = server.location;
  const tenantId = task.tenantId as TenantId;
  const say = (status: TransferTaskStatus, scns: { startScn?: string; finishScn?: string } = {}) =>
    report(task.taskId, status, scns).catch((e) => server.log('warn', `transfer task ${task.taskId} ${status}: ${(e as Error).message}`));
  let startScn = '0';
  let outLogged = false;
  try {
    const tablets = await loc.callLeader<TransferTabletInfo[]>(tenantId, toLsId(1), 'ddl.transferInfo',
      { tenantId, srcLsId: task.srcLsId, tabletIds: task.tabletIds });
    const out = await loc.callLeader<TransferOutReply>(tenantId, task.srcLsId as LsId, 'transfer.out',
      { tenantId, lsId: task.srcLsId, destLsId: task.destLsId, taskId: task.taskId, tablets } satisfies TransferOutBody, { retryOnTimeout: false });
    outLogged = true;
    startScn = out.transferScn;
    await say('START', { startScn });
    await say('DOING');
    await loc.callLeader(tenantId, task.destLsId as LsId, 'transfer.in',
      { tenantId, lsId: task.destLsId, taskId: task.taskId, tabletIds: task.tabletIds, records: out.records }, { retryOnTimeout: false });
  } catch (e) {
    if (!isObError(e)) throw e;
    await abortTransfer(server, task, outLogged);
    await say('FAILED');
    return { status: 'FAILED', startScn, finishScn: '0', schemaVersion: 0, error: e.toInfo() };
  }
  // From here the dest holds the data: the schema change is retried (it is idempotent) rather
  // than undone, so a row can never be left without a tablet that the schema routes to.
  const reply = await loc.callLeader<{ version: number }>(tenantId, toLsId(1), 'ddl.transferTablets',
    { tenantId, moves: task.tabletIds.map((tabletId) => ({ tabletId, lsId: task.destLsId })) }, { budgetUs: 60_000_000 });
  await waitSchemaEverywhere(server, tenantId, reply.version);
  await loc.callLeader(tenantId, task.srcLsId as LsId, 'ls.dropTablets', { tenantId, lsId: task.srcLsId, tabletIds: task.tabletIds }, { budgetUs: 60_000_000 });
  const finishScn = (await server.gts(tenantId)).toString();
  await say('COMPLETED', { finishScn });
  return { status: 'COMPLETED', startScn, finishScn, schemaVersion: reply.version };
}

/** Undoes a failed task before its schema change: unblocks the src, drops the dest's partial tablets. */
async function abortTransfer(server: ObServer, task: TransferTaskSpec, outLogged: boolean): Promise<void> {
  const tenantId = task.tenantId as TenantId;
  const body = { tenantId, lsId: task.srcLsId, taskId: task.taskId, tabletIds: task.tabletIds };
  await server.location.callLeader(tenantId, task.srcLsId as LsId, 'transfer.abort', body)
    .catch((e) => server.log('warn', `transfer task ${task.taskId}: src unblock failed: ${(e as Error).message}`));
  if (!outLogged) return;
  await server.location.callLeader(tenantId, task.destLsId as LsId, 'ls.dropTablets', { tenantId, lsId: task.destLsId, tabletIds: task.tabletIds })
    .catch((e) => server.log('warn', `transfer task ${task.taskId}: dest cleanup failed: ${(e as Error).message}`));
}

/** Asks every server to apply schema `version` of `tenantId` (bounded wait; silent servers are skipped). */
async function waitSchemaEverywhere(server: ObServer, tenantId: TenantId, version: number): Promise<void> {
  await Promise.all(server.topology.servers.map((s) =>
    server.rpc.call(s.serverId as never, 'transfer.waitSchema', { tenantId, version }, SCHEMA_WAIT_US).catch(() => undefined)));
}

// ------------------------------------------------------------------------------ balancer glue

/** What the balancer host needs of the root service (rootservice/root_service.ts `RootService`). */
export interface RootServiceCommands {
  isActive(): boolean;
  handleCommand(input: RsCommandInput): Promise<{ state: ClusterState }>;
}

/**
 * The `BalancerHost` of `server` (rootservice/balancer.ts): tablets from the tenant's LS 1 leader
 * (`ddl.tabletPlacements`), commands through the local root service, transfers by
 * `runTransferTask` from this server.
 */
export function balancerHostFor(server: ObServer, rs: RootServiceCommands, state: () => ClusterState): BalancerHost {
  return {
    active: () => rs.isActive(),
    state,
    tablets: (tenantId) => server.location.callLeader<TabletPlacement[]>(tenantId as TenantId, toLsId(1), 'ddl.tabletPlacements', { tenantId }),
    command: async (input) => (await rs.handleCommand(input)).state,
    runTransfer: (task, report) => runTransferTask(server, task, report),
    log: (level, message) => server.log(level, message),
  };
}

// ------------------------------------------------------------------------------ leader side

/** Installs `transfer.out`, `transfer.in`, `transfer.abort`, `transfer.waitSchema` (called by DdlExecutor.register). */
export function registerTransferRpc(rpc: RpcEndpoint, server: ObServer): void {
  rpc.register('transfer.out', (_f, b: TransferOutBody) => transferOut(server, b));
  rpc.register('transfer.in', (_f, b: { tenantId: number; lsId: number; taskId: number; tabletIds: number[]; records: Uint8Array[] }) =>
    transferIn(server, b.tenantId, b.lsId, b.tabletIds, b.records));
  rpc.register('transfer.abort', (_f, b: { tenantId: number; lsId: number; taskId: number; tabletIds: number[] }) =>
    transferAbort(server, b.tenantId, b.lsId, b.taskId, b.tabletIds));
  rpc.register('transfer.waitSchema', async (_f, b: { tenantId: number; version: number }) => {
    const schema = server.schemas.get(b.tenantId);
    if (!schema) return false;
    await schema.waitVersion(b.version);
    return true;
  });
}

/** The local leader of the LS once it serves. Errors: OB_NOT_MASTER. */
async function servingLs(server: ObServer, tenantId: number, lsId: number): Promise<LogStream> {
  const ls = server.logStream(tenantId, lsId);
  if (!ls || !ls.isLeader()) throw Errors.notMaster();
  await ls.whenLeaderReady();
  return ls;
}

/**
 * `transfer.out` on the src leader: blocks the tablets, waits for (or kills) the transactions on
 * them, logs `transfer_out`, and returns the dump. A task whose `transfer_out` is already logged
 * (a retry on a new leader) is only dumped again. Errors: OB_NOT_MASTER; OB_ENTRY_NOT_EXIST for a
 * tablet not in this LS; OB_EAGAIN when a tablet is in another transfer or transactions on the
 * tablets did not finish within TRANSFER_TX_WAIT_MAX_US.
 */
async function transferOut(server: ObServer, b: TransferOutBody): Promise<TransferOutReply> {
  const ls = await servingLs(server, b.tenantId, b.lsId);
  const ids = b.tablets.map((t) => t.tabletId as TabletId);
  for (const t of ids) if (!ls.tablets.has(t)) throw Errors.entryNotExist(`tablet ${t} not in LS ${b.lsId}`);
  const logged = ids.every((t) => ls.transferringOut.get(t)?.taskId === b.taskId);
  if (!logged) {
    if (ids.some((t) => ls.transferringOut.has(t))) throw Errors.eagain();
    ls.txMgr.blockTablets(ids);
    try {
      await waitForTransactions(server, ls, ids);
      const transferScn = await server.gts(b.tenantId as TenantId);
      await ls.submit({ type: 'transfer_out', taskId: b.taskId, tabletIds: ids, transferScn, abort: false });
    } catch (e) {
      if (!ids.every((t) => ls.transferringOut.has(t))) ls.txMgr.unblockTablets(ids);
      throw e;
    }
  }
  const transferScn = ls.transferringOut.get(ids[0])!.transferScn;
  return { transferScn: transferScn.toString(), records: dumpTablets(ls, b.tablets, b.destLsId, b.taskId, transferScn) };
}

/** Waits until no transaction context or prepared transaction of `ls` touches `ids`; kills active ones after TRANSFER_TX_WAIT_US. */
async function waitForTransactions(server: ObServer, ls: LogStream, ids: TabletId[]): Promise<void> {
  const clock = server.env.clock;
  const started = clock.nowUs();
  const set = new Set<number>(ids);
  for (;;) {
    if (!ls.isServing()) throw Errors.notMaster();
    const live = ls.txMgr.touching(ids);
    const prepared = [...ls.prepared.values()].some((p) => p.redo.some((r) => set.has(r.tabletId)));
    if (live.length === 0 && !prepared) return;
    const waitedUs = clock.nowUs() - started;
    if (waitedUs >= TRANSFER_TX_WAIT_US) {
      for (const c of live) {
        if (ls.txMgr.kill(c.txId as TxId)) server.log('info', `transfer killed transaction ${c.txId} on LS ${ls.lsId}`);
      }
    }
    if (waitedUs >= TRANSFER_TX_WAIT_MAX_US) throw Errors.eagain();
    await new Promise<void>((r) => clock.schedule(POLL_US, r));
  }
}

/** Rough encoded size of a row, bytes (to split records). */
function approxRowBytes(row: readonly Value[] | null): number {
  if (row === null) return 16;
  let n = 16;
  for (const v of row) n += typeof v === 'string' ? v.length * 3 + 4 : v instanceof Uint8Array ? v.length + 4 : 10;
  return n;
}

/**
 * The tablets' committed rows at `transferScn` as `transfer_in` records for `destLsId`: each row
 * with the SCN of its newest version, grouped by SCN, records of about TRANSFER_RECORD_BYTES.
 * Every record names all the tablets (creating a missing one is idempotent on apply).
 */
export function dumpTablets(ls: LogStream, infos: readonly TransferTabletInfo[], destLsId: number, taskId: number, transferScn: Scn): Uint8Array[] {
  const identities: TabletIdentity[] = infos.map((i) => ({ ...ls.tablets.get(i.tabletId as TabletId)!.identity, lsId: destLsId as LsId }));
  const records: Uint8Array[] = [];
  let groups = new Map<Scn, Map<TabletId, RowMutation[]>>();
  let bytes = 0;
  const flush = (force: boolean) => {
    if (!force && groups.size === 0) return;
    const versions: TransferVersions[] = [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([commitScn, byTablet]) => ({
      commitScn,
      redo: [...byTablet].map(([tabletId, mutations]): TabletMutations => ({ tabletId, mutations })),
    }));
    const rec: TxLogRecord = { type: 'transfer_in', taskId, tablets: identities, versions };
    records.push(encodeTxLog(rec));
    groups = new Map();
    bytes = 0;
  };
  for (const info of infos) {
    const tablet = ls.tablets.get(info.tabletId as TabletId)!;
    for (const batch of tablet.scan(FULL_RANGE, transferScn)) {
      for (const row of batch) {
        const key = encodeRowkey(info.rowkey.map((c) => row[c]), info.keyTypes);
        const at = tablet.latestVersionScn(key);
        if (at === null || at > transferScn) throw Errors.internal(`tablet ${info.tabletId} changed after its transfer SCN`);
        let byTablet = groups.get(at);
        if (!byTablet) groups.set(at, (byTablet = new Map()));
        let muts = byTablet.get(info.tabletId as TabletId);
        if (!muts) byTablet.set(info.tabletId as TabletId, (muts = []));
        muts.push({ key, row: [...row] });
        bytes += approxRowBytes(row);
        if (bytes >= TRANSFER_RECORD_BYTES) flush(false);
      }
    }
  }
  if (groups.size > 0 || records.length === 0) flush(true);
  return records;
}

/**
 * `transfer.in` on the dest leader: drops tablets a previous attempt left, then logs the records
 * one after another (each applied here before the next). Returns the dest's applied SCN.
 * Errors: OB_NOT_MASTER (nothing partial stays: the next attempt drops it); OB_INVALID_ARGUMENT
 * for a record that is not a `transfer_in` of these tablets.
 */
async function transferIn(server: ObServer, tenantId: number, lsId: number, tabletIds: number[], records: Uint8Array[]): Promise<string> {
  const ls = await servingLs(server, tenantId, lsId);
  const stale = tabletIds.filter((t) => ls.tablets.has(t as TabletId)) as TabletId[];
  if (stale.length > 0) await ls.submit({ type: 'drop_tablets', tabletIds: stale });
  for (const bytes of records) {
    const rec = decodeTxLog(bytes);
    if (rec.type !== 'transfer_in' || rec.tablets.some((t) => t.lsId !== lsId || !tabletIds.includes(t.tabletId))) {
      throw Errors.invalidArgument('not a transfer_in record of this task');
    }
    await ls.submit(rec);
  }
  return ls.appliedScn.toString();
}

/** `transfer.abort` on the src leader: logs the unblocking record when `transfer_out` was logged, else unblocks locally. */
async function transferAbort(server: ObServer, tenantId: number, lsId: number, taskId: number, tabletIds: number[]): Promise<void> {
  const ls = await servingLs(server, tenantId, lsId);
  const ids = tabletIds as TabletId[];
  if (ids.some((t) => ls.transferringOut.get(t)?.taskId === taskId)) {
    await ls.submit({ type: 'transfer_out', taskId, tabletIds: ids, transferScn: scn(0n), abort: true });
  } else if (!ids.some((t) => ls.transferringOut.has(t))) {
    ls.txMgr.unblockTablets(ids);
  }
}
