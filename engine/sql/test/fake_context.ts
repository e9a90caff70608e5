/**
 * An in-memory `ExecContext` for SQL tests without a cluster: a schema guard over plain maps, a
 * DAS that keeps each tablet's rows in a Map sorted on demand by encoded rowkey, a TxControl with
 * an undo log (statement and transaction rollback, autocommit), a DDL service assigning ids the
 * way OceanBase does (tables 500001+, tablets 200001+, partitions round-robin over LS 1001..),
 * and a small virtual table provider. Reads see the latest writes (no MVCC: one session).
 */
import type { RsCommandInput } from '../../rootservice/types';
import { lsId, tableId, tabletId, tenantId, type LsId } from '../../common/ids';
import { DAS_SCAN_BATCH_ROWS } from '../../common/limits';
import { Errors } from '../../common/ob_error';
import { encodeRowkey, type EncodedRowkey } from '../../common/rowkey';
import type { Value } from '../../common/value';
import { BUILTIN_DATABASES, rowkeyTypes, type DatabaseSchema, type PartitionSchema, type TableSchema } from '../../schema/schema';
import type { AlterSystem } from '../ast';
import type {
  DasScanRequest, DasService, ExecContext, KeyRange, ReadConsistency, RowWrite, SessionState, StatementHandle, StatementResult, TableDraft, TxControl, VirtualTableDef,
} from '../exec_context';
import { executeStatement } from '../executor';
import { parseSql } from '../parser/index';
import { formatValue } from '../expr/format';

const TENANT = tenantId(1002);

type Undo = () => void;

class Tablet {
  readonly rows = new Map<EncodedRowkey, Value[]>();
  private sorted: EncodedRowkey[] | null = null;

  keys(): EncodedRowkey[] {
    if (this.sorted === null) this.sorted = [...this.rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sorted;
  }

  set(k: EncodedRowkey, row: Value[] | undefined): void {
    if (row === undefined) this.rows.delete(k);
    else this.rows.set(k, row);
    this.sorted = null;
  }
}

function inRange(k: EncodedRowkey, r: KeyRange): boolean {
  const afterStart = r.startInclusive ? k >= r.start : k > r.start;
  const beforeEnd = r.endInclusive ? k <= r.end : k < r.end;
  return afterStart && beforeEnd;
}

export class FakeCluster {
  readonly databases = new Map<string, DatabaseSchema>();
  readonly tables = new Map<string, TableSchema>();
  readonly tablets = new Map<number, Tablet>();
  readonly autoInc = new Map<number, number>();
  readonly alterSystemCalls: AlterSystem[] = [];
  /** Management commands the statements sent to the root service (issue #4). */
  readonly rsCommands: RsCommandInput[] = [];
  readonly calls: { name: string; args: Value[] }[] = [];
  /** The options of every `startStatement` (issue #4: read consistency of each statement). */
  readonly statementStarts: { write: boolean; readConsistency?: ReadConsistency }[] = [];
  /** Number of user LSs partitions are spread over; LS 1002 is led by server 2 (remote). */
  lsCount = 1;
  das: DasService & { writeCalls: number; getCalls: number };
  private nextTable = 500001;
  private nextTablet = 200001;
  private version = 1;
  private undo: Undo[] = [];
  views = new Map<string, VirtualTableDef>();

  constructor() {
    for (const name of BUILTIN_DATABASES) this.databases.set(name, { tenantId: TENANT, databaseId: 201000 + this.databases.size, name, schemaVersion: 1 });
    this.das = this.makeDas();
    this.views.set('dba_ob_test_view', {
      name: 'DBA_OB_TEST_VIEW',
      columns: [
        { name: 'ID', type: { kind: 'bigint' } },
        { name: 'NAME', type: { kind: 'varchar', precision: 64 } },
      ],
      rows: async () => [[1, 'one'], [2, 'two']],
    });
  }

  tablet(_table: TableSchema, p: PartitionSchema): Tablet {
    let tb = this.tablets.get(p.tabletId);
    if (!tb) this.tablets.set(p.tabletId, (tb = new Tablet()));
    return tb;
  }

  /** Rows stored in every partition of a table (tests). */
  partitionRowCounts(db: string, name: string): number[] {
    const t = this.tables.get(`${db}.${name}`.toLowerCase())!;
    return t.partitions.map((p) => this.tablet(t, p).rows.size);
  }

  private record(tb: Tablet, k: EncodedRowkey): void {
    const before = tb.rows.get(k);
    this.undo.push(() => tb.set(k, before));
  }

  private makeDas(): DasService & { writeCalls: number; getCalls: number } {
    const self = this;
    const das = {
      tenantId: TENANT,
      snapshot: 1n as never,
      writeCalls: 0,
      getCalls: 0,
      async *scan(req: DasScanRequest): AsyncIterable<Value[][]> {
        const tb = self.tablet(req.table, req.partition);
        let keys = tb.keys().filter((k) => req.ranges.some((r) => inRange(k, r)));
        if (req.reverse) keys = keys.slice().reverse();
        if (req.limit !== undefined) keys = keys.slice(0, req.limit);
        for (let i = 0; i < keys.length; i += DAS_SCAN_BATCH_ROWS) {
          yield keys.slice(i, i + DAS_SCAN_BATCH_ROWS).map((k) => {
            const row = tb.rows.get(k)!;
            return req.columns.map((c) => row[c]);
          });
        }
      },
      async get(t: TableSchema, p: PartitionSchema, keys: EncodedRowkey[]) {
        das.getCalls++;
        const tb = self.tablet(t, p);
        return keys.map((k) => tb.rows.get(k)?.slice() ?? null);
      },
      async write(t: TableSchema, p: PartitionSchema, writes: RowWrite[]) {
        das.writeCalls++;
        const tb = self.tablet(t, p);
        const types = rowkeyTypes(t);
        const keyOf = (row: Value[]) => encodeRowkey(t.rowkey.map((i) => row[i]), types);
        for (const w of writes) {
          if (w.op === 'delete') {
            self.record(tb, w.key);
            tb.set(w.key, undefined);
            continue;
          }
          const k = keyOf(w.row);
          if (w.op === 'insert' && tb.rows.has(k)) {
            throw Errors.dupEntry(t.rowkey.map((i) => formatValue(w.row[i], t.columns[i].type)).join('-'));
          }
          if (w.op === 'update' && w.key !== k) {
            self.record(tb, w.key);
            tb.set(w.key, undefined);
          }
          self.record(tb, k);
          tb.set(k, w.row.slice());
        }
      },
    };
    return das;
  }

  /** Marks the undo position (a statement or transaction start). */
  mark(): number {
    return this.undo.length;
  }

  rollbackTo(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()!();
  }

  forget(): void {
    this.undo = [];
  }

  createTable(draft: TableDraft, ifNotExists: boolean): TableSchema | null {
    const key = `${draft.databaseName}.${draft.name}`.toLowerCase();
    if (!this.databases.has(draft.databaseName.toLowerCase())) throw Errors.badDb(draft.databaseName);
    if (this.tables.has(key)) {
      if (ifNotExists) return null;
      throw Errors.tableExists(draft.name);
    }
    const id = this.nextTable++;
    const t: TableSchema = {
      ...draft,
      tenantId: TENANT,
      tableId: tableId(id),
      schemaVersion: ++this.version,
      partitions: draft.partitions.map((p, i) => ({
        ...p,
        tabletId: tabletId(this.nextTablet++),
        lsId: lsId(1001 + (i % this.lsCount)),
        objectId: draft.partitionScheme ? id + 1 + i : id,
      })),
    };
    this.tables.set(key, t);
    return t;
  }
}

export interface FakeContext extends ExecContext {
  cluster: FakeCluster;
}

/** A fresh session on a fresh in-memory tenant with database `test` selected. */
export function createFakeContext(cluster = new FakeCluster()): FakeContext {
  const session: SessionState = {
    sessionId: 3221487617,
    tenantId: TENANT,
    tenantName: 'test',
    user: 'root',
    database: 'test',
    variables: new Map(),
    userVariables: new Map(),
    lastInsertId: 0,
    warnings: [],
  };
  let txMark: number | null = null;
  const autocommit = () => Number(session.variables.get('autocommit') ?? 1) === 1;
  const txn: TxControl = {
    inTransaction: () => txMark !== null,
    async begin() {
      cluster.forget();
      txMark = cluster.mark();
    },
    async commit() {
      txMark = null;
      cluster.forget();
    },
    async rollback() {
      if (txMark !== null) cluster.rollbackTo(txMark);
      txMark = null;
    },
    async startStatement(opts): Promise<StatementHandle> {
      cluster.statementStarts.push(opts);
      if (txMark === null && !autocommit()) txMark = cluster.mark();
      const stmtMark = cluster.mark();
      return {
        das: cluster.das,
        async end(ok: boolean) {
          if (!ok) cluster.rollbackTo(stmtMark);
          if (txMark === null) cluster.forget();
        },
      };
    },
  };
  const schema = {
    tenantId: TENANT,
    get version() {
      return 1;
    },
    getDatabase: (name: string) => cluster.databases.get(name.toLowerCase()),
    listDatabases: () => [...cluster.databases.values()],
    getTable: (db: string, name: string) => cluster.tables.get(`${db}.${name}`.toLowerCase()),
    listTables: (db: string) => [...cluster.tables.values()].filter((t) => t.databaseName.toLowerCase() === db.toLowerCase()),
  };
  return {
    cluster,
    session,
    schema,
    txn,
    ddl: {
      async createDatabase(name, ifNotExists) {
        if (cluster.databases.has(name.toLowerCase())) {
          if (ifNotExists) return;
          throw Errors.dbExists(name);
        }
        cluster.databases.set(name.toLowerCase(), { tenantId: TENANT, databaseId: 500000 + cluster.databases.size, name, schemaVersion: 2 });
      },
      async dropDatabase(name, ifExists) {
        if (!cluster.databases.delete(name.toLowerCase())) {
          if (ifExists) return;
          throw Errors.dbDropNotExist(name);
        }
        for (const [k, t] of cluster.tables) if (t.databaseName.toLowerCase() === name.toLowerCase()) cluster.tables.delete(k);
      },
      async createTable(draft, ifNotExists) {
        return cluster.createTable(draft, ifNotExists);
      },
      async dropTable(db, name, ifExists) {
        if (!cluster.tables.delete(`${db}.${name}`.toLowerCase()) && !ifExists) throw Errors.unknownTable(`${db}.${name}`);
      },
      async truncateTable(db, name) {
        const t = cluster.tables.get(`${db}.${name}`.toLowerCase());
        if (!t) throw Errors.tableNotExist(db, name);
        for (const p of t.partitions) cluster.tablets.delete(p.tabletId);
      },
      async nextAutoIncrement(t, count) {
        const next = cluster.autoInc.get(t.tableId) ?? 1;
        cluster.autoInc.set(t.tableId, next + count);
        return next;
      },
      async observeAutoIncrement(t, value) {
        const next = cluster.autoInc.get(t.tableId) ?? 1;
        if (value >= next) cluster.autoInc.set(t.tableId, value + 1);
      },
    },
    admin: {
      async alterSystem(stmt) {
        cluster.alterSystemCalls.push(stmt);
      },
      async call(name, args): Promise<StatementResult> {
        cluster.calls.push({ name, args });
        return { kind: 'ok', affectedRows: 0 };
      },
      parameters: () => [{ name: 'minor_freeze_times', value: '100', scope: 'TENANT', info: 'specifies how many minor freezes' }],
      async rootService(cmd) {
        cluster.rsCommands.push(cmd);
      },
    },
    virtual: {
      lookup: (db, name) => (db === 'oceanbase' ? cluster.views.get(name.toLowerCase()) : undefined),
      list: (db) => (db === 'oceanbase' ? [...cluster.views.values()].map((v) => v.name) : []),
    },
    nowUs: () => Date.UTC(2024, 0, 5, 10, 0, 0) * 1000,
    localServer: { serverId: 1, svrIp: '10.0.0.1' },
    leaderOf: (ls: LsId) => (ls === 1002 ? { serverId: 2, svrIp: '10.0.0.2' } : { serverId: 1, svrIp: '10.0.0.1' }),
  };
}

/** Runs every statement of `sql`, returning the last result (throws the first ObError). */
export async function run(ctx: ExecContext, sql: string): Promise<StatementResult> {
  let last: StatementResult = { kind: 'ok', affectedRows: 0 };
  for (const p of parseSql(sql)) last = await executeStatement(p, ctx);
  return last;
}

/** Rows of a query as text (NULL as 'NULL'), using the MySQL text format of each column type. */
export async function query(ctx: ExecContext, sql: string): Promise<string[][]> {
  const r = await run(ctx, sql);
  if (r.kind !== 'rows') throw new Error(`not a query: ${sql}`);
  return r.rows.map((row) => row.map((v, i) => formatValue(v, r.columns[i].type) ?? 'NULL'));
}

/** The formatted error of a failing statement (`ERROR 1146 (42S02): ...`). */
export async function errorOf(ctx: ExecContext, sql: string): Promise<string> {
  try {
    await run(ctx, sql);
  } catch (e) {
    if (e && typeof (e as { format?: unknown }).format === 'function') return (e as { format(): string }).format();
    throw e;
  }
  throw new Error(`expected an error from: ${sql}`);
}

/** EXPLAIN text lines. */
export async function explain(ctx: ExecContext, sql: string): Promise<string> {
  const r = await run(ctx, sql);
  if (r.kind !== 'rows') throw new Error('EXPLAIN returned no rows');
  return r.rows.map((row) => String(row[0])).join('\n');
}
