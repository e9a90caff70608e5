/**
 * The schema service of one tenant on one server (OceanBase's `ObMultiVersionSchemaService`,
 * simplified to the latest version).
 *
 * Schema changes are DDL records in the tenant's LS 1 log; every server applies them in log order
 * (`applyDdl`), so all servers agree on the schema at each version. The LS 1 leader also allocates
 * ids from the same state before proposing a DDL (`allocate*`): database ids from 500001, table ids
 * from 500001 (reference §1.1), tablet ids from 200001. A transfer moves tablets between LSs by a
 * `transfer_tablets` record (the partitions' `lsId`), so every server routes to the new LS from
 * that schema version on. Issue #5: tablegroups (`create_tablegroup` / `drop_tablegroup`, ids from
 * 200001); a table names its tablegroup in `options.tablegroup`.
 */
import { assert } from '../common/assert';
import { FIRST_USER_TABLE_ID, FIRST_USER_TABLET_ID, type LsId, type TenantId } from '../common/ids';
import { fromJson, toJson } from '../common/json';
import type { SchemaGuard } from '../sql/exec_context';
import { BUILTIN_DATABASES, type DatabaseSchema, type PartitionSchema, type TableSchema, type TablegroupSchema } from './schema';

/** First id of a user tablegroup (OceanBase numbers user tablegroups from 200001). */
export const FIRST_USER_TABLEGROUP_ID = 200001;

export type DdlOperation =
  | { op: 'create_database'; database: DatabaseSchema }
  | { op: 'drop_database'; name: string }
  | { op: 'create_table'; table: TableSchema }
  | { op: 'drop_table'; databaseName: string; name: string; tableId: number }
  /** TRUNCATE: the table keeps its id but gets new tablets. */
  | { op: 'replace_table'; table: TableSchema }
  /** ALTER TABLE: the table's new definition; same id, partitions and tablets. */
  | { op: 'alter_table'; table: TableSchema }
  /** Issue #4, transfer: partitions' tablets now live in another LS (`lsId`); routing follows. */
  | { op: 'transfer_tablets'; moves: TabletMove[] }
  /** Issue #5: CREATE / DROP TABLEGROUP. */
  | { op: 'create_tablegroup'; tablegroup: TablegroupSchema }
  | { op: 'drop_tablegroup'; name: string };

/** One tablet's new log stream (a transfer's schema change). */
export interface TabletMove {
  tabletId: number;
  lsId: number;
}

const key = (s: string) => s.toLowerCase();

export class TenantSchemaService implements SchemaGuard {
  version = 0;
  private readonly databases = new Map<string, DatabaseSchema>();
  private readonly tables = new Map<string, Map<string, TableSchema>>();
  private nextDatabaseId = 500001;
  private nextTableId: number = FIRST_USER_TABLE_ID;
  private nextTabletId: number = FIRST_USER_TABLET_ID;
  private readonly tablegroups = new Map<string, TablegroupSchema>();
  private nextTablegroupId = FIRST_USER_TABLEGROUP_ID;
  /** Called after each applied DDL (schema version changed). */
  onChange: (version: number) => void = () => {};
  /** Called when an ALTER TABLE is applied, with the table's new definition: the server updates
   *  the storage schema of its local replicas of the table's tablets. */
  onTableAltered: (table: TableSchema) => void = () => {};
  private readonly versionWaiters: { version: number; resolve: () => void }[] = [];

  constructor(readonly tenantId: TenantId) {
    for (const [i, name] of BUILTIN_DATABASES.entries()) {
      this.databases.set(key(name), { tenantId, databaseId: 201001 + i, name, schemaVersion: 0 });
      this.tables.set(key(name), new Map());
    }
  }

  getDatabase(name: string): DatabaseSchema | undefined {
    return this.databases.get(key(name));
  }

  listDatabases(): DatabaseSchema[] {
    return [...this.databases.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  getTable(db: string, name: string): TableSchema | undefined {
    return this.tables.get(key(db))?.get(key(name));
  }

  listTables(db: string): TableSchema[] {
    return [...(this.tables.get(key(db))?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  allTables(): TableSchema[] {
    return [...this.tables.values()].flatMap((m) => [...m.values()]);
  }

  /** Issue #5: a tablegroup by name (case-insensitive), or undefined. */
  getTablegroup(name: string): TablegroupSchema | undefined {
    return this.tablegroups.get(key(name));
  }

  /** Issue #5: the tenant's tablegroups, by name. */
  listTablegroups(): TablegroupSchema[] {
    return [...this.tablegroups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Issue #5: the tables of tablegroup `name`, by table id (oldest first). */
  tablesInTablegroup(name: string): TableSchema[] {
    return this.allTables()
      .filter((t) => t.options.tablegroup !== undefined && key(t.options.tablegroup) === key(name))
      .sort((a, b) => a.tableId - b.tableId);
  }

  allocateTablegroupId(): number {
    return this.nextTablegroupId++;
  }

  allocateDatabaseId(): number {
    return this.nextDatabaseId++;
  }

  allocateTableId(): number {
    return this.nextTableId++;
  }

  allocateTabletId(): number {
    return this.nextTabletId++;
  }

  static encode(op: DdlOperation): string {
    return toJson(op);
  }

  /** Applies one DDL record (log order). */
  applyDdl(json: string): void {
    const op = fromJson<DdlOperation>(json);
    this.version++;
    switch (op.op) {
      case 'create_database':
        this.databases.set(key(op.database.name), { ...op.database, schemaVersion: this.version });
        this.tables.set(key(op.database.name), new Map());
        this.nextDatabaseId = Math.max(this.nextDatabaseId, op.database.databaseId + 1);
        break;
      case 'drop_database':
        this.databases.delete(key(op.name));
        this.tables.delete(key(op.name));
        break;
      case 'create_table':
      case 'replace_table':
      case 'alter_table': {
        const t = { ...op.table, schemaVersion: this.version };
        const m = this.tables.get(key(t.databaseName));
        assert(m, `${op.op} in missing database ${t.databaseName}`);
        assert(op.op !== 'alter_table' || m.get(key(t.name))?.tableId === t.tableId, `alter of missing table ${t.name}`);
        m.set(key(t.name), t);
        this.nextTableId = Math.max(this.nextTableId, t.tableId + 1);
        for (const p of t.partitions) this.nextTabletId = Math.max(this.nextTabletId, p.tabletId + 1);
        if (op.op === 'alter_table') this.onTableAltered(t);
        break;
      }
      case 'drop_table':
        this.tables.get(key(op.databaseName))?.delete(key(op.name));
        break;
      case 'transfer_tablets':
        this.applyTransfer(op.moves);
        break;
      case 'create_tablegroup':
        this.tablegroups.set(key(op.tablegroup.name), { ...op.tablegroup, schemaVersion: this.version });
        this.nextTablegroupId = Math.max(this.nextTablegroupId, op.tablegroup.tablegroupId + 1);
        break;
      case 'drop_tablegroup':
        this.tablegroups.delete(key(op.name));
        break;
    }
    this.onChange(this.version);
    for (let i = this.versionWaiters.length - 1; i >= 0; i--) {
      if (this.versionWaiters[i].version <= this.version) {
        this.versionWaiters[i].resolve();
        this.versionWaiters.splice(i, 1);
      }
    }
  }

  /** Sets the LS of the moved tablets' partitions; each changed table gets the new schema version. */
  private applyTransfer(moves: readonly TabletMove[]): void {
    const to = new Map(moves.map((m) => [m.tabletId, m.lsId]));
    for (const m of this.tables.values()) {
      for (const [name, t] of m) {
        if (!t.partitions.some((p) => to.has(p.tabletId))) continue;
        const partitions = t.partitions.map((p) => (to.has(p.tabletId) ? { ...p, lsId: to.get(p.tabletId)! as LsId } : p));
        m.set(name, { ...t, partitions, schemaVersion: this.version });
      }
    }
  }

  /** The table and partition holding `tabletId`, or undefined. */
  findTablet(tabletId: number): { table: TableSchema; partition: PartitionSchema } | undefined {
    for (const t of this.allTables()) {
      const partition = t.partitions.find((p) => p.tabletId === tabletId);
      if (partition) return { table: t, partition };
    }
    return undefined;
  }

  /** Resolves when this server's schema has reached `version`. */
  waitVersion(version: number): Promise<void> {
    if (this.version >= version) return Promise.resolve();
    return new Promise((resolve) => this.versionWaiters.push({ version, resolve }));
  }
}
