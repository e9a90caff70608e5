/**
 * SHOW statements and DESCRIBE (MySQL result shapes, reference §8.3): DATABASES, TABLES (with
 * `Tables_in_<db>`; FROM oceanbase lists the system views), COLUMNS/DESC (`Field | Type | Null |
 * Key | Default | Extra`), CREATE TABLE, VARIABLES, WARNINGS/ERRORS, PARAMETERS, INDEX, and the
 * small informational ones (ENGINES, CHARSET, COLLATION, PROCESSLIST, TENANT).
 * `LIKE` patterns match case-insensitively with `%` and `_`, and name the column `X (pattern)`.
 */
import { Errors } from '../../common/ob_error';
import { typeToSql, type ColumnType, type Value } from '../../common/value';
import { BUILTIN_DATABASES, type TableSchema } from '../../schema/schema';
import type { ShowStmt } from '../ast';
import type { ExecContext, StatementResult } from '../exec_context';
import { formatValue } from '../plan/expr_api';
import { SYSTEM_VIEW_DATABASES } from '../resolver/resolve_from';
import { listSystemVariables } from '../session/variables';
import { showCreateTableText } from './show_create_table';

const TEXT: ColumnType = { kind: 'varchar', precision: 1024 };
const INT: ColumnType = { kind: 'bigint' };

function rows(names: string[], data: Value[][], types?: ColumnType[]): StatementResult {
  return { kind: 'rows', columns: names.map((name, i) => ({ name, type: types?.[i] ?? TEXT })), rows: data };
}

/** MySQL LIKE for SHOW: `%`, `_`, backslash escapes; case-insensitive. */
export function likeMatcher(pattern: string | undefined): (s: string) => boolean {
  if (pattern === undefined) return () => true;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const r = new RegExp(`^${re}$`, 'is');
  return (s) => r.test(s);
}

function withLike(name: string, like: string | undefined): string {
  return like === undefined ? name : `${name} (${like})`;
}

export function findTable(ctx: ExecContext, ref: { db?: string; name: string }): TableSchema {
  const db = ref.db ?? ctx.session.database;
  if (db === null || db === undefined) throw Errors.noDbSelected();
  const t = ctx.schema.getTable(db, ref.name);
  if (!t) throw Errors.tableNotExist(db, ref.name);
  return t;
}

function databaseNames(ctx: ExecContext): string[] {
  const names = new Map<string, string>();
  for (const b of BUILTIN_DATABASES) names.set(b, b);
  for (const d of ctx.schema.listDatabases()) names.set(d.name.toLowerCase(), d.name);
  return [...names.values()].sort();
}

function showTables(ctx: ExecContext, s: ShowStmt & { what: 'tables' }): StatementResult {
  const db = s.db ?? ctx.session.database;
  if (db === null || db === undefined) throw Errors.noDbSelected();
  const lower = db.toLowerCase();
  const known = databaseNames(ctx).some((d) => d.toLowerCase() === lower);
  if (!known) throw Errors.badDb(db);
  const match = likeMatcher(s.like);
  const views = SYSTEM_VIEW_DATABASES.has(lower) ? ctx.virtual.list(lower) : [];
  const list = [
    ...ctx.schema.listTables(db).map((t) => ({ name: t.name, type: 'BASE TABLE' })),
    ...views.map((v) => ({ name: v, type: 'SYSTEM VIEW' })),
  ]
    .filter((t) => match(t.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const col = withLike(`Tables_in_${db}`, s.like);
  if (s.full) return rows([col, 'Table_type'], list.map((t) => [t.name, t.type]));
  return rows([col], list.map((t) => [t.name]));
}

function keyOf(t: TableSchema, index: number): string {
  if (!t.isHeap && t.rowkey.includes(index)) return 'PRI';
  const name = t.columns[index].name.toLowerCase();
  if ((t.indexes ?? []).some((k) => k.columns[0].toLowerCase() === name)) return 'MUL';
  return '';
}

function defaultText(t: TableSchema, i: number): Value {
  const c = t.columns[i];
  if (c.defaultNow) return 'CURRENT_TIMESTAMP';
  return c.defaultValue === undefined || c.defaultValue === null ? null : formatValue(c.defaultValue, c.type);
}

/** SHOW [FULL] COLUMNS / DESC t [col]. */
export function describeTable(ctx: ExecContext, ref: { db?: string; name: string }, full = false, column?: string): StatementResult {
  const t = findTable(ctx, ref);
  const match = likeMatcher(column);
  const cols = t.columns.filter((c) => !c.hidden && match(c.name));
  if (full) {
    return rows(
      ['Field', 'Type', 'Collation', 'Null', 'Key', 'Default', 'Extra', 'Privileges', 'Comment'],
      cols.map((c) => [
        c.name, typeToSql(c.type), c.type.kind === 'char' || c.type.kind === 'varchar' || c.type.kind === 'text' ? t.options.collation : null,
        c.nullable ? 'YES' : 'NO', keyOf(t, c.index), defaultText(t, c.index), c.autoIncrement ? 'auto_increment' : '',
        'select,insert,update,references', c.comment ?? '',
      ]),
    );
  }
  return rows(
    ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'],
    cols.map((c) => [c.name, typeToSql(c.type), c.nullable ? 'YES' : 'NO', keyOf(t, c.index), defaultText(t, c.index), c.autoIncrement ? 'auto_increment' : '']),
  );
}

function showIndex(ctx: ExecContext, ref: { db?: string; name: string }): StatementResult {
  const t = findTable(ctx, ref);
  const out: Value[][] = [];
  const row = (key: string, nonUnique: number, seq: number, col: string) => [
    t.name, nonUnique, key, seq, col, 'A', null, null, null, t.columns.find((c) => c.name === col)?.nullable ? 'YES' : '', 'BTREE', 'available', '', 'YES',
  ];
  if (!t.isHeap) t.rowkey.forEach((i, k) => out.push(row('PRIMARY', 0, k + 1, t.columns[i].name)));
  for (const idx of t.indexes ?? []) idx.columns.forEach((c, k) => out.push(row(idx.name, 1, k + 1, c)));
  const names = ['Table', 'Non_unique', 'Key_name', 'Seq_in_index', 'Column_name', 'Collation', 'Cardinality', 'Sub_part', 'Packed', 'Null', 'Index_type', 'Comment', 'Index_comment', 'Visible'];
  return rows(names, out, names.map((n) => (n === 'Non_unique' || n === 'Seq_in_index' ? INT : TEXT)));
}

function showParameters(ctx: ExecContext, like: string | undefined): StatementResult {
  const match = likeMatcher(like);
  const names = ['zone', 'svr_type', 'svr_ip', 'svr_port', 'name', 'data_type', 'value', 'info', 'section', 'scope', 'edit_level'];
  const data = ctx.admin
    .parameters()
    .filter((p) => match(p.name))
    .map((p) => ['zone1', 'observer', ctx.localServer.svrIp, 2882, p.name, 'STRING', p.value, p.info, 'OBSERVER', p.scope, 'DYNAMIC_EFFECTIVE']);
  return rows(names, data, names.map((n) => (n === 'svr_port' ? INT : TEXT)));
}

/** Runs a SHOW statement. */
export function runShow(ctx: ExecContext, s: ShowStmt): StatementResult {
  switch (s.what) {
    case 'databases': {
      const match = likeMatcher(s.like);
      return rows([withLike('Database', s.like)], databaseNames(ctx).filter(match).map((d) => [d]));
    }
    case 'tables':
      return showTables(ctx, s);
    case 'columns':
      return describeTable(ctx, s.table, s.full);
    case 'createTable': {
      const t = findTable(ctx, s.table);
      return rows(['Table', 'Create Table'], [[t.name, showCreateTableText(t, ctx.tenantReplicaNum ?? 1)]]);
    }
    case 'variables': {
      const match = likeMatcher(s.like);
      const vars = listSystemVariables(ctx).filter((v) => match(v.name));
      return rows(['Variable_name', 'Value'], vars.map((v) => [v.name, v.value === null ? null : String(v.value)]));
    }
    case 'warnings':
    case 'errors': {
      const ws = ctx.session.warnings.filter((w) => s.what === 'warnings' || w.level === 'Error');
      return rows(['Level', 'Code', 'Message'], ws.map((w) => [w.level, w.code, w.message]), [TEXT, INT, TEXT]);
    }
    case 'parameters':
      return showParameters(ctx, s.like);
    case 'index':
      return showIndex(ctx, s.table);
    case 'engines':
      return rows(['Engine', 'Support', 'Comment', 'Transactions', 'XA', 'Savepoints'], [['OceanBase', 'DEFAULT', 'Supports transactions', 'YES', 'NO', 'NO']]);
    case 'charset':
      return rows(['Charset', 'Description', 'Default collation', 'Maxlen'], [['utf8mb4', 'UTF-8 Unicode', 'utf8mb4_general_ci', 4]], [TEXT, TEXT, TEXT, INT]);
    case 'collation':
      return rows(['Collation', 'Charset', 'Id', 'Default', 'Compiled', 'Sortlen'], [['utf8mb4_general_ci', 'utf8mb4', 45, 'Yes', 'Yes', 1], ['utf8mb4_bin', 'utf8mb4', 46, '', 'Yes', 1]], [TEXT, TEXT, INT, TEXT, TEXT, INT]);
    case 'processlist': {
      const se = ctx.session;
      return rows(['Id', 'User', 'Host', 'db', 'Command', 'Time', 'State', 'Info'], [[se.sessionId, se.user, ctx.localServer.svrIp, se.database, 'Query', 0, 'ACTIVE', 'SHOW PROCESSLIST']], [INT, TEXT, TEXT, TEXT, TEXT, INT, TEXT, TEXT]);
    }
    case 'tenant':
      return rows(['Current_tenant_name'], [[ctx.session.tenantName]]);
    case 'tablegroups':
      return showTablegroups(ctx, s.like);
  }
}

/**
 * SHOW TABLEGROUPS (issue #5): OceanBase's `Tablegroup_name, Table_name, Database_name`, one row per
 * table of each tablegroup (NULLs for an empty one), by tablegroup then database and table.
 */
function showTablegroups(ctx: ExecContext, like: string | undefined): StatementResult {
  const match = likeMatcher(like);
  const out: Value[][] = [];
  for (const tg of ctx.schema.listTablegroups?.() ?? []) {
    if (!match(tg.name)) continue;
    const tables = databaseNames(ctx)
      .flatMap((db) => ctx.schema.listTables(db))
      .filter((t) => t.options.tablegroup?.toLowerCase() === tg.name.toLowerCase());
    if (tables.length === 0) out.push([tg.name, null, null]);
    for (const t of tables) out.push([tg.name, t.name, t.databaseName]);
  }
  return rows(['Tablegroup_name', 'Table_name', 'Database_name'], out);
}
