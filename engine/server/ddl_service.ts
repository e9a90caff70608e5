/**
 * DDL: the session-side `DdlService` (DdlClient) and its executor on the leader of the tenant's
 * LS 1 (DdlExecutor), where OceanBase's root service / DDL service runs.
 *
 * CREATE TABLE: the executor assigns the table id (500001+), one tablet id per partition
 * (200001+) and an LS per tablet — a non-partitioned table goes to the user LS with the fewest
 * tablets, partitions are spread round-robin over the user LSs (reference §2.6) — then logs
 * `create_tablets` in each target LS (so the tablets exist before any row can reach them) and
 * finally the `ddl` record in LS 1. DROP logs the `ddl` record first, then `drop_tablets`.
 * Tablet identities carry the table's storage schema (schema/storage_schema.ts). ALTER TABLE only
 * logs the table's new definition in LS 1; each server, applying it, updates the storage schema
 * of its replicas of the table's tablets (`refreshTabletStorage`), effective at the next major.
 * The session returns once its own server's schema has reached the new version.
 * Issue #5: CREATE/DROP TABLEGROUP are logged like other DDL; a table created in a tablegroup has
 * its partitions aligned with the group's tables (`tablegroupPlacement`: partition i in the LS of
 * partition i of the oldest table), so all column-family tables of an HBase row share an LS.
 * DDL on one tenant is serialised on its LS 1 leader. A transfer (transfer_service.ts) changes the
 * partitions' LS here too (`ddl.transferTablets`, op `transfer_tablets`); this file also installs
 * the transfer's own RPCs.
 */
import { lsId as toLsId, tableId as toTableId, tabletId as toTabletId, type LsId, type TenantId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { Value } from '../common/value';
import type { RpcEndpoint } from '../rpc/rpc';
import { rowkeyTypes, type PartitionSchema, type TableSchema, type TablegroupSchema } from '../schema/schema';
import { alterTableSchema, type TableAlterStep } from '../schema/alter_table_schema';
import { TenantSchemaService, type DdlOperation, type TabletMove } from '../schema/schema_service';
import { sameStorage, tabletIdentityOf, type StorageDefinition } from '../schema/storage_schema';
import { FULL_RANGE, type DdlService, type SessionState, type TableDraft } from '../sql/exec_context';
import { DasClient } from './das_client';
import type { TabletIdentity } from '../storage/types';
import type { ObServer } from './ob_server';
import { registerTransferRpc, type TransferTabletInfo } from './transfer_service';

type DdlRequest =
  | { kind: 'createDatabase'; tenantId: number; name: string; ifNotExists: boolean }
  | { kind: 'dropDatabase'; tenantId: number; name: string; ifExists: boolean }
  | { kind: 'createTable'; tenantId: number; draft: TableDraft; ifNotExists: boolean }
  | { kind: 'dropTable'; tenantId: number; db: string; name: string; ifExists: boolean }
  | { kind: 'truncateTable'; tenantId: number; db: string; name: string }
  | { kind: 'alterTable'; tenantId: number; db: string; name: string; steps: TableAlterStep[] }
  | { kind: 'createTablegroup'; tenantId: number; name: string; sharding: TablegroupSchema['sharding']; ifNotExists: boolean }
  | { kind: 'dropTablegroup'; tenantId: number; name: string; ifExists: boolean };

interface DdlReply {
  version: number;
  table?: TableSchema | null;
}

export class DdlClient implements DdlService {
  constructor(
    private readonly server: ObServer,
    private readonly tenantId: TenantId,
    private readonly session: SessionState,
  ) {}

  private async run(req: DdlRequest): Promise<DdlReply> {
    // Not repeated after a timeout (a DDL is not idempotent); OB_NOT_MASTER follows LS 1's leader.
    const reply = await this.server.location.callLeader<DdlReply>(this.tenantId, toLsId(1), 'ddl.execute', req, { retryOnTimeout: false });
    await this.server.schemas.get(this.tenantId)!.waitVersion(reply.version);
    return reply;
  }

  async createDatabase(name: string, ifNotExists: boolean): Promise<void> {
    await this.run({ kind: 'createDatabase', tenantId: this.tenantId, name, ifNotExists });
  }

  async dropDatabase(name: string, ifExists: boolean): Promise<void> {
    await this.run({ kind: 'dropDatabase', tenantId: this.tenantId, name, ifExists });
    if (this.session.database?.toLowerCase() === name.toLowerCase()) this.session.database = null;
  }

  async createTable(draft: TableDraft, ifNotExists: boolean): Promise<TableSchema | null> {
    const r = await this.run({ kind: 'createTable', tenantId: this.tenantId, draft, ifNotExists });
    return r.table ?? null;
  }

  async dropTable(db: string, name: string, ifExists: boolean): Promise<void> {
    await this.run({ kind: 'dropTable', tenantId: this.tenantId, db, name, ifExists });
  }

  async truncateTable(db: string, name: string): Promise<void> {
    await this.run({ kind: 'truncateTable', tenantId: this.tenantId, db, name });
  }

  async alterTable(db: string, name: string, steps: TableAlterStep[]): Promise<void> {
    await this.run({ kind: 'alterTable', tenantId: this.tenantId, db, name, steps });
  }

  async createTablegroup(name: string, sharding: TablegroupSchema['sharding'], ifNotExists: boolean): Promise<void> {
    await this.run({ kind: 'createTablegroup', tenantId: this.tenantId, name, sharding, ifNotExists });
  }

  async dropTablegroup(name: string, ifExists: boolean): Promise<void> {
    await this.run({ kind: 'dropTablegroup', tenantId: this.tenantId, name, ifExists });
  }

  async nextAutoIncrement(table: TableSchema, count: number): Promise<number> {
    return this.server.location.callLeader<number>(this.tenantId, toLsId(1), 'autoinc.next', { tenantId: this.tenantId, tableId: table.tableId, count, table });
  }

  async observeAutoIncrement(table: TableSchema, value: number): Promise<void> {
    await this.server.location.callLeader(this.tenantId, toLsId(1), 'autoinc.observe', { tenantId: this.tenantId, tableId: table.tableId, value, table });
  }
}

/** Runs DDL on the LS 1 leader of a tenant. */
export class DdlExecutor {
  private chain: Promise<unknown> = Promise.resolve();
  /** AUTO_INCREMENT counters: next value per table, initialised from the table's max on first use. */
  private readonly autoInc = new Map<string, number>();

  constructor(private readonly server: ObServer) {}

  register(rpc: RpcEndpoint): void {
    rpc.register('ddl.execute', (_f, req: DdlRequest) => this.serialised(() => this.execute(req)));
    rpc.register('ls.createTablets', async (_f, b: { tenantId: number; lsId: number; tablets: TabletIdentity[] }) => {
      await this.leaderLs(b.tenantId, b.lsId).submit({ type: 'create_tablets', tablets: b.tablets });
    });
    rpc.register('ls.dropTablets', async (_f, b: { tenantId: number; lsId: number; tabletIds: number[] }) => {
      await this.leaderLs(b.tenantId, b.lsId).submit({ type: 'drop_tablets', tabletIds: b.tabletIds.map(toTabletId) });
    });
    rpc.register('ddl.transferInfo', (_f, b: { tenantId: number; srcLsId: number; tabletIds: number[] }) =>
      this.serialised(async () => this.transferInfo(b.tenantId, b.srcLsId, b.tabletIds)));
    rpc.register('ddl.transferTablets', (_f, b: { tenantId: number; moves: TabletMove[] }) =>
      this.serialised(() => this.transferTablets(b.tenantId, b.moves)));
    rpc.register('ddl.tabletPlacements', (_f, b: { tenantId: number }) =>
      this.leaderLs(b.tenantId, 1) && this.schema(b.tenantId).allTables().flatMap((t) => t.partitions.map((p) => ({ tabletId: p.tabletId, lsId: p.lsId }))));
    registerTransferRpc(rpc, this.server);
    rpc.register('autoinc.next', (_f, b: { tenantId: number; tableId: number; count: number; table: TableSchema }) =>
      this.serialised(() => this.nextAutoInc(b.tenantId, b.table, b.count)));
    rpc.register('autoinc.observe', (_f, b: { tenantId: number; tableId: number; value: number; table: TableSchema }) =>
      this.serialised(async () => {
        const k = `${b.tenantId}/${b.tableId}`;
        const next = await this.autoIncNext(b.tenantId, b.table);
        if (b.value >= next) this.autoInc.set(k, b.value + 1);
      }));
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private leaderLs(tenantId: number, lsId: number) {
    const ls = this.server.logStream(tenantId, lsId);
    if (!ls || !ls.isLeader()) throw Errors.notMaster();
    return ls;
  }

  private schema(tenantId: number): TenantSchemaService {
    const s = this.server.schemas.get(tenantId);
    if (!s) throw Errors.unknownTenant(String(tenantId));
    return s;
  }

  private async log(tenantId: number, op: DdlOperation): Promise<number> {
    await this.leaderLs(tenantId, 1).submit({ type: 'ddl', json: TenantSchemaService.encode(op) });
    this.server.env.events.emit({ kind: 'ddl', tenantId, statement: op.op, atUs: this.server.env.clock.nowUs() });
    return this.schema(tenantId).version;
  }

  private async execute(req: DdlRequest): Promise<DdlReply> {
    const schema = this.schema(req.tenantId);
    switch (req.kind) {
      case 'createDatabase': {
        if (schema.getDatabase(req.name)) {
          if (req.ifNotExists) return { version: schema.version };
          throw Errors.dbExists(req.name);
        }
        const database = { tenantId: req.tenantId as TenantId, databaseId: schema.allocateDatabaseId(), name: req.name, schemaVersion: 0 };
        return { version: await this.log(req.tenantId, { op: 'create_database', database }) };
      }
      case 'dropDatabase': {
        const db = schema.getDatabase(req.name);
        if (!db) {
          if (req.ifExists) return { version: schema.version };
          throw Errors.dbDropNotExist(req.name);
        }
        const tables = schema.listTables(db.name);
        const version = await this.log(req.tenantId, { op: 'drop_database', name: db.name });
        for (const t of tables) await this.dropTablets(req.tenantId, t.partitions);
        return { version };
      }
      case 'createTable':
        return this.createTable(schema, req.tenantId, req.draft, req.ifNotExists);
      case 'dropTable': {
        const t = schema.getTable(req.db, req.name);
        if (!t) {
          if (req.ifExists) return { version: schema.version };
          throw Errors.unknownTable(`${req.db}.${req.name}`);
        }
        const version = await this.log(req.tenantId, { op: 'drop_table', databaseName: t.databaseName, name: t.name, tableId: t.tableId });
        await this.dropTablets(req.tenantId, t.partitions);
        this.autoInc.delete(`${req.tenantId}/${t.tableId}`);
        return { version };
      }
      case 'createTablegroup': {
        if (schema.getTablegroup(req.name)) {
          if (req.ifNotExists) return { version: schema.version };
          throw Errors.tablegroupExist();
        }
        const tablegroup: TablegroupSchema = {
          tenantId: req.tenantId as TenantId, name: req.name, tablegroupId: schema.allocateTablegroupId(), sharding: req.sharding, schemaVersion: 0,
        };
        return { version: await this.log(req.tenantId, { op: 'create_tablegroup', tablegroup }) };
      }
      case 'dropTablegroup': {
        const tg = schema.getTablegroup(req.name);
        if (!tg) {
          if (req.ifExists) return { version: schema.version };
          throw Errors.tablegroupNotExist();
        }
        if (schema.tablesInTablegroup(tg.name).length > 0) throw Errors.tablegroupNotEmpty();
        return { version: await this.log(req.tenantId, { op: 'drop_tablegroup', name: tg.name }) };
      }
      case 'truncateTable': {
        const t = schema.getTable(req.db, req.name);
        if (!t) throw Errors.tableNotExist(req.db, req.name);
        // New tablets stay in their partitions' LSs, so a tablegroup's alignment survives.
        const sameLs = (i: number) => t.partitions[i]?.lsId;
        const partitions = await this.placeTablets(schema, req.tenantId, t.tableId, t.partitions, t, t.partitionScheme !== null, sameLs);
        const version = await this.log(req.tenantId, { op: 'replace_table', table: { ...t, partitions } });
        await this.dropTablets(req.tenantId, t.partitions);
        this.autoInc.delete(`${req.tenantId}/${t.tableId}`);
        return { version };
      }
      case 'alterTable': {
        const t = schema.getTable(req.db, req.name);
        if (!t) throw Errors.tableNotExist(req.db, req.name);
        const table = alterTableSchema(t, req.steps);
        return { version: await this.log(req.tenantId, { op: 'alter_table', table }) };
      }
    }
  }

  /**
   * `ddl.transferInfo` (transfer, on the LS 1 leader): each tablet's rowkey columns and types, for
   * the source leader's dump. Errors: OB_ENTRY_NOT_EXIST for a tablet the schema does not place
   * in `srcLsId`.
   */
  private transferInfo(tenantId: number, srcLsId: number, tabletIds: number[]): TransferTabletInfo[] {
    const schema = this.schema(tenantId);
    return tabletIds.map((tabletId) => {
      const found = schema.findTablet(tabletId);
      if (!found || found.partition.lsId !== srcLsId) throw Errors.entryNotExist(`tablet ${tabletId} not in LS ${srcLsId}`);
      return { tabletId, tableId: found.table.tableId, rowkey: [...found.table.rowkey], keyTypes: rowkeyTypes(found.table) };
    });
  }

  /**
   * `ddl.transferTablets` (transfer, on the LS 1 leader): logs the tablets' new LS in the schema.
   * Idempotent: tablets already there are not logged again (a retried call returns the version).
   * Errors: OB_ENTRY_NOT_EXIST for a tablet no table holds (dropped meanwhile).
   */
  private async transferTablets(tenantId: number, moves: TabletMove[]): Promise<DdlReply> {
    const schema = this.schema(tenantId);
    for (const m of moves) if (!schema.findTablet(m.tabletId)) throw Errors.entryNotExist(`tablet ${m.tabletId} does not exist`);
    const todo = moves.filter((m) => schema.findTablet(m.tabletId)!.partition.lsId !== m.lsId);
    if (todo.length === 0) return { version: schema.version };
    return { version: await this.log(tenantId, { op: 'transfer_tablets', moves: todo }) };
  }

  private async createTable(schema: TenantSchemaService, tenantId: number, draft: TableDraft, ifNotExists: boolean): Promise<DdlReply> {
    if (!schema.getDatabase(draft.databaseName)) throw Errors.badDb(draft.databaseName);
    if (schema.getTable(draft.databaseName, draft.name)) {
      if (ifNotExists) return { version: schema.version, table: null };
      throw Errors.tableExists(draft.name);
    }
    let aligned: ((i: number) => LsId | undefined) | undefined;
    if (draft.options.tablegroup !== undefined) {
      const tg = schema.getTablegroup(draft.options.tablegroup);
      if (!tg) throw Errors.tablegroupNotExist();
      draft = { ...draft, options: { ...draft.options, tablegroup: tg.name } };
      aligned = tablegroupPlacement(tg, schema.tablesInTablegroup(tg.name));
    }
    const tableId = schema.allocateTableId();
    const partitions = await this.placeTablets(schema, tenantId, tableId, draft.partitions, draft, draft.partitionScheme !== null, aligned);
    const table: TableSchema = { ...draft, tenantId: tenantId as TenantId, tableId: toTableId(tableId), partitions, schemaVersion: 0 };
    const version = await this.log(tenantId, { op: 'create_table', table });
    return { version, table: schema.getTable(draft.databaseName, draft.name) ?? table };
  }

  /**
   * Assigns tablet ids and log streams, and creates the tablets in their LSs. `fixedLs(i)` pins
   * partition i to an LS (tablegroup alignment, TRUNCATE); partitions it leaves undefined are
   * spread round-robin from the least loaded user LS.
   */
  private async placeTablets(
    schema: TenantSchemaService,
    tenantId: number,
    tableId: number,
    drafts: readonly Omit<PartitionSchema, 'tabletId' | 'lsId' | 'objectId'>[],
    definition: StorageDefinition,
    partitioned: boolean,
    fixedLs?: (i: number) => LsId | undefined,
  ): Promise<PartitionSchema[]> {
    const layout = this.server.location.tenant(tenantId)!;
    const userLs = layout.ls.filter((l) => l.lsId !== 1).map((l) => l.lsId);
    const candidates = userLs.length > 0 ? userLs : [toLsId(1)];
    const load = new Map<number, number>(candidates.map((l) => [l, 0]));
    for (const t of schema.allTables()) for (const p of t.partitions) if (load.has(p.lsId)) load.set(p.lsId, load.get(p.lsId)! + 1);
    const start = candidates.reduce((best, l) => (load.get(l)! < load.get(best)! ? l : best), candidates[0]);
    const startIdx = candidates.indexOf(start);
    const partitions: PartitionSchema[] = drafts.map((d, i) => ({
      ...d,
      tabletId: toTabletId(schema.allocateTabletId()),
      lsId: pinnedLs(fixedLs?.(i), candidates) ?? (candidates[(startIdx + i) % candidates.length] as LsId),
      objectId: partitioned ? schema.allocateTableId() : tableId,
    }));
    const byLs = new Map<number, TabletIdentity[]>();
    for (const p of partitions) {
      if (!byLs.has(p.lsId)) byLs.set(p.lsId, []);
      byLs.get(p.lsId)!.push(tabletIdentityOf(definition, { tenantId, tableId, lsId: p.lsId, tabletId: p.tabletId }));
    }
    await Promise.all(
      [...byLs].map(([ls, tablets]) =>
        this.server.location.callLeader(tenantId as TenantId, ls as LsId, 'ls.createTablets', { tenantId, lsId: ls, tablets })),
    );
    return partitions;
  }

  private async dropTablets(tenantId: number, partitions: PartitionSchema[]): Promise<void> {
    const byLs = new Map<number, number[]>();
    for (const p of partitions) {
      if (!byLs.has(p.lsId)) byLs.set(p.lsId, []);
      byLs.get(p.lsId)!.push(p.tabletId);
    }
    await Promise.all(
      [...byLs].map(([ls, tabletIds]) =>
        this.server.location.callLeader(tenantId as TenantId, ls as LsId, 'ls.dropTablets', { tenantId, lsId: ls, tabletIds })),
    );
  }

  private async autoIncNext(tenantId: number, table: TableSchema): Promise<number> {
    const k = `${tenantId}/${table.tableId}`;
    let next = this.autoInc.get(k);
    if (next === undefined) {
      next = (await this.maxAutoIncValue(tenantId, table)) + 1;
      this.autoInc.set(k, next);
    }
    return next;
  }

  private async nextAutoInc(tenantId: number, table: TableSchema, count: number): Promise<number> {
    const k = `${tenantId}/${table.tableId}`;
    const first = await this.autoIncNext(tenantId, table);
    this.autoInc.set(k, first + count);
    return first;
  }

  /** Max of the auto-increment column (or __pk_increment) over all partitions, 0 when empty. */
  private async maxAutoIncValue(tenantId: number, table: TableSchema): Promise<number> {
    const col = table.columns.find((c) => c.autoIncrement) ?? (table.isHeap ? table.columns[0] : undefined);
    if (!col) return 0;
    const das = new DasClient(tenantId as TenantId, await this.server.gts(tenantId as TenantId), null, this.server.rpc, this.server.location);
    let max = 0;
    for (const p of table.partitions) {
      for await (const batch of das.scan({ table, partition: p, ranges: [FULL_RANGE], columns: [col.index] })) {
        for (const r of batch) {
          const v: Value = r[0];
          const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v === null ? 0 : Number(String(v));
          if (n > max) max = n;
        }
      }
    }
    return max;
  }
}

/** A pinned LS if the tenant still has it (an LS removed by shrinking is not a target). */
function pinnedLs(ls: LsId | undefined, candidates: readonly number[]): LsId | undefined {
  return ls !== undefined && candidates.includes(ls) ? ls : undefined;
}

/**
 * Where partition i of a new table in tablegroup `tg` goes (OceanBase's tablegroup alignment): with
 * SHARDING = 'NONE' every partition joins partition 0 of the group's oldest table; with 'PARTITION'
 * and 'ADAPTIVE' partition i joins partition i of the oldest table that has one. Undefined (normal
 * placement) for the group's first table or a partition index no existing table has.
 */
export function tablegroupPlacement(tg: TablegroupSchema, tables: readonly TableSchema[]): ((i: number) => LsId | undefined) | undefined {
  if (tables.length === 0) return undefined;
  if (tg.sharding === 'NONE') return () => tables[0].partitions[0]?.lsId;
  return (i) => tables.find((t) => t.partitions.length > i)?.partitions[i].lsId;
}

// ---------------------------------------------------------------- storage schema on every server

/**
 * An ALTER TABLE reached this server's schema (LS 1 apply, on every server and in restart replay
 * alike): hands each local replica of the table's tablets its new identity — storage schema and
 * BLOCK_SIZE — through `TabletStore.updateStorageSchema`. The table store keeps its SSTables; the
 * next major compaction writes the new layout. Replicas already up to date are left alone.
 */
export function refreshTabletStorage(server: ObServer, table: TableSchema): void {
  for (const p of table.partitions) {
    const tablet = server.logStream(table.tenantId, p.lsId)?.tablets.get(p.tabletId);
    if (!tablet) continue; // created later from its create_tablets record: see currentTabletIdentity
    const identity = tabletIdentityOf(table, { tenantId: table.tenantId, tableId: table.tableId, lsId: tablet.identity.lsId, tabletId: p.tabletId });
    if (!sameStorage(tablet.identity, identity)) tablet.updateStorageSchema(identity);
  }
}

/**
 * The identity a tablet is created with on `create_tablets` apply: the logged one, or — when this
 * server's schema already has the tablet's table (LS 1 replayed an ALTER TABLE before the user LS
 * replayed the creation, as can happen after a restart) — the one the current schema gives, so
 * no replica keeps a storage schema older than its server's schema.
 */
export function currentTabletIdentity(server: ObServer, logged: TabletIdentity): TabletIdentity {
  const table = server.schemas.get(logged.tenantId)?.allTables().find((t) => t.tableId === logged.tableId);
  if (!table || !table.partitions.some((p) => p.tabletId === logged.tabletId)) return logged;
  return tabletIdentityOf(table, { tenantId: logged.tenantId, tableId: logged.tableId, lsId: logged.lsId, tabletId: logged.tabletId });
}
