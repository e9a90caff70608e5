/**
 * HBase Admin on the OBServer (OceanBase's `ObTableMetaHandler` / HTable DDL, obkv-apis §2.2
 * Admin and §2.6): every command becomes SQL DDL on the tenant, run as root through a session on
 * this server (`KvServiceHost.executeSql`), so it is logged in LS 1 and replayed by every server
 * like any DDL.
 *
 * - create: `CREATE TABLEGROUP IF NOT EXISTS t`, then per family `` CREATE TABLE `t$f` (K, Q, T,
 *   V ...) TABLEGROUP = t KV_ATTRIBUTES = '{"Hbase": {...}}' PARTITION BY KEY(K) PARTITIONS 3 ``
 *   (SPLITS → RANGE COLUMNS(K)). `ns:t` lives in database `ns` (missing: -10521).
 * - disable / enable: OceanBase keeps the state in each family table's KV_ATTRIBUTES
 *   (`"State": "disable"`, `ObKVAttr::is_disable_`, written by the root service's
 *   `ObSetKvAttributeHelper` as `ALTER TABLE t$f KV_ATTRIBUTES='...'`), not in the tablegroup;
 *   so do we. Disabling a disabled table: -10520; enabling an enabled one: -10519.
 * - drop: the table must be disabled (-10519); drops every family table and the tablegroup.
 * - truncate: TRUNCATE TABLE of every family table (schema and state kept).
 * - alter: add a family (same partitioning), change VERSIONS/TTL (ALTER TABLE KV_ATTRIBUTES),
 *   delete a family (DROP TABLE; never the last one).
 */
import { Errors, ObError } from '../common/ob_error';
import type { Value } from '../common/value';
import type { TableSchema } from '../schema/schema';
import type { TenantSchemaService } from '../schema/schema_service';
import type { KvServiceHost } from '../table/kv_tx';
import {
  formatKvAttributes, isFamilyTable, parseKvAttributes, splitHTableName,
  type HFamily, type HTableCache, type HTableInfo,
} from './hbase_model';
import type { HAdminBody, HAdminReply, HFamilyDescriptor, HTableDescriptor } from './types';

/** Default partitions of a new HBase table's family tables. */
export const DEFAULT_HBASE_PARTITIONS = 3;

const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** A SQL string literal of a byte string ('' and \ escaped). */
function literal(bytes: string): string {
  return `'${bytes.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** HBase's legal name characters (TableName / HColumnDescriptor): word characters, '-' and '.'. */
function checkName(name: string, what: 'table' | 'family'): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    throw Errors.invalidArgument(`Illegal character in ${what} name '${name}': only word characters, '-' and '.' are allowed`);
  }
}

function familyDdl(prefix: string, fam: HFamilyDescriptor, partitioning: string, state?: 'enable' | 'disable'): string {
  const attrs = formatKvAttributes({ ttlSeconds: fam.ttlSeconds ?? null, maxVersions: fam.maxVersions ?? 1, state });
  return (
    `CREATE TABLE ${ident(`${prefix}$${fam.name}`)} (` +
    '`K` varbinary(1024) NOT NULL, `Q` varbinary(256) NOT NULL, `T` bigint(20) NOT NULL, `V` varbinary(1024) DEFAULT NULL, ' +
    'PRIMARY KEY (`K`, `Q`, `T`)' +
    `) TABLEGROUP = ${ident(prefix)} KV_ATTRIBUTES = ${literal(attrs)} ${partitioning}`
  );
}

/** PARTITION BY clause of a new table: KEY(K) PARTITIONS n, or RANGE COLUMNS(K) from split keys. */
function partitionClause(splits: string[] | undefined, partitions: number | undefined): string {
  if (splits && splits.length > 0) {
    const sorted = [...new Set(splits)].sort();
    const parts = sorted.map((s, i) => `PARTITION p${i} VALUES LESS THAN (${literal(s)})`);
    parts.push(`PARTITION p${sorted.length} VALUES LESS THAN (MAXVALUE)`);
    return `PARTITION BY RANGE COLUMNS(\`K\`) (${parts.join(', ')})`;
  }
  return `PARTITION BY KEY(\`K\`) PARTITIONS ${partitions ?? DEFAULT_HBASE_PARTITIONS}`;
}

/** The same partitioning as an existing family table (for alter ... add family). */
function partitionClauseOf(t: TableSchema): string {
  const scheme = t.partitionScheme;
  if (!scheme) return '';
  if (scheme.kind === 'RANGE COLUMNS' || scheme.kind === 'RANGE') {
    const parts = t.partitions.map((p) => {
      const bound = (p.lessThan ?? ['MAXVALUE']).map((v: Value | 'MAXVALUE') => (v === 'MAXVALUE' ? 'MAXVALUE' : literal(String(v))));
      return `PARTITION ${ident(p.name ?? `p${p.index}`)} VALUES LESS THAN (${bound.join(', ')})`;
    });
    return `PARTITION BY RANGE COLUMNS(\`K\`) (${parts.join(', ')})`;
  }
  return `PARTITION BY KEY(\`K\`) PARTITIONS ${t.partitions.length}`;
}

/** `KEY(K) PARTITIONS 3` / `RANGE COLUMNS(K) PARTITIONS 3` for describe. */
function partitioningText(t: TableSchema): string {
  const scheme = t.partitionScheme;
  if (!scheme) return 'NONE';
  return `${scheme.kind === 'KEY' ? 'KEY' : scheme.kind}(K) PARTITIONS ${t.partitions.length}`;
}

function descriptor(info: HTableInfo): HTableDescriptor {
  return {
    name: info.htable,
    enabled: info.enabled,
    families: info.families.map((f: HFamily) => ({ name: f.name, maxVersions: f.maxVersions, ttlSeconds: f.ttlMs === null ? null : f.ttlMs / 1000 })),
    partitioning: partitioningText(info.families[0].table),
  };
}

class AdminRun {
  constructor(
    private readonly host: KvServiceHost,
    private readonly cache: HTableCache,
    private readonly tenant: string,
    private readonly schema: TenantSchemaService,
    private readonly defaultDb: string,
  ) {}

  async sql(database: string, text: string): Promise<void> {
    const reply = await this.host.executeSql(this.tenant, database, text);
    if (reply.error) throw ObError.fromInfo(reply.error);
  }

  lookup(htable: string): HTableInfo | null {
    return this.cache.lookup(this.schema, htable, this.defaultDb);
  }

  get(htable: string): HTableInfo {
    return this.cache.get(this.schema, htable, this.defaultDb);
  }

  async create(htable: string, families: HFamilyDescriptor[], splits?: string[], partitions?: number): Promise<void> {
    const { database, prefix, namespace } = splitHTableName(htable, this.defaultDb);
    if (namespace !== null && !this.schema.getDatabase(database)) throw Errors.kvHbaseNamespaceNotFound(namespace);
    if (this.lookup(htable)) throw Errors.kvHbaseTableExists(htable);
    if (families.length === 0) throw Errors.invalidArgument('Table should have at least one column family.');
    checkName(prefix.slice(prefix.indexOf(':') + 1), 'table');
    for (const f of families) checkName(f.name, 'family');
    await this.sql(database, `CREATE TABLEGROUP IF NOT EXISTS ${ident(prefix)}`);
    const clause = partitionClause(splits, partitions);
    for (const fam of families) await this.sql(database, familyDdl(prefix, fam, clause));
  }

  list(regex: string | undefined): string[] {
    let re: RegExp | null = null;
    try {
      if (regex) re = new RegExp(`^(?:${regex})$`);
    } catch {
      throw Errors.invalidArgument(`Invalid table name pattern '${regex}'`);
    }
    const names = new Set<string>();
    for (const db of this.schema.listDatabases()) {
      const isDefault = db.name.toLowerCase() === this.defaultDb.toLowerCase();
      for (const t of this.schema.listTables(db.name)) {
        if (!isFamilyTable(t)) continue;
        const prefix = t.name.slice(0, t.name.lastIndexOf('$'));
        const colon = prefix.indexOf(':');
        if (isDefault ? colon >= 0 : colon < 0 || prefix.slice(0, colon) !== db.name) continue;
        names.add(prefix);
      }
    }
    return [...names].filter((n) => !re || re.test(n)).sort();
  }

  async setState(htable: string, disable: boolean): Promise<void> {
    const info = this.get(htable);
    if (disable && !info.enabled) throw Errors.kvTableNotEnabled(htable);
    if (!disable && info.enabled) throw Errors.kvTableNotDisabled(htable);
    for (const f of info.families) {
      const a = parseKvAttributes(f.table.options.kvAttributes);
      const text = formatKvAttributes({ ttlSeconds: a.ttlSeconds, maxVersions: a.maxVersions, state: disable ? 'disable' : 'enable' });
      await this.sql(info.database, `ALTER TABLE ${ident(f.table.name)} KV_ATTRIBUTES = ${literal(text)}`);
    }
  }

  async drop(htable: string): Promise<void> {
    const info = this.get(htable);
    if (info.enabled) throw Errors.kvTableNotDisabled(htable);
    for (const f of info.families) await this.sql(info.database, `DROP TABLE ${ident(f.table.name)}`);
    await this.sql(info.database, `DROP TABLEGROUP IF EXISTS ${ident(info.prefix)}`);
  }

  async truncate(htable: string): Promise<void> {
    const info = this.get(htable);
    for (const f of info.families) await this.sql(info.database, `TRUNCATE TABLE ${ident(f.table.name)}`);
  }

  async alter(htable: string, fam: HFamilyDescriptor, del: boolean): Promise<void> {
    const info = this.get(htable);
    const existing = info.byName.get(fam.name);
    if (del) {
      if (!existing) throw Errors.invalidArgument(`Family '${fam.name}' does not exist, so it cannot be deleted`);
      if (info.families.length === 1) {
        throw Errors.invalidArgument(`Family '${fam.name}' is the only column family in the table, so it cannot be deleted`);
      }
      await this.sql(info.database, `DROP TABLE ${ident(existing.table.name)}`);
      return;
    }
    if (!existing) {
      checkName(fam.name, 'family');
      const state = info.enabled ? undefined : 'disable';
      await this.sql(info.database, familyDdl(info.prefix, fam, partitionClauseOf(info.families[0].table), state));
      return;
    }
    const a = parseKvAttributes(existing.table.options.kvAttributes);
    const text = formatKvAttributes({
      ttlSeconds: fam.ttlSeconds !== undefined ? fam.ttlSeconds : a.ttlSeconds,
      maxVersions: fam.maxVersions !== undefined ? fam.maxVersions : a.maxVersions,
      state: a.disabled ? 'disable' : undefined,
    });
    await this.sql(info.database, `ALTER TABLE ${ident(existing.table.name)} KV_ATTRIBUTES = ${literal(text)}`);
  }
}

/**
 * `hbase.admin`. Errors: -10522 exists, -10523 not exists, -10521 namespace missing, -10519 /
 * -10520 state, the SQL DDL's own errors, unknown tenant (-5160).
 */
export async function runAdmin(host: KvServiceHost, cache: HTableCache, body: HAdminBody): Promise<HAdminReply> {
  const tenant = host.tenantByName(body.tenant);
  if (!tenant) throw Errors.unknownTenant(body.tenant);
  const schema = host.schema(tenant.tenantId);
  if (!schema) throw Errors.unknownTenant(body.tenant);
  const run = new AdminRun(host, cache, tenant.name, schema, body.database);
  const c = body.command;
  switch (c.type) {
    case 'create':
      await run.create(c.htable, c.families, c.splits, c.partitions);
      return {};
    case 'list':
      return { tables: run.list(c.regex) };
    case 'describe':
      return { descriptor: descriptor(run.get(c.htable)) };
    case 'exists':
      return { exists: run.lookup(c.htable) !== null };
    case 'isEnabled':
      return { enabled: run.get(c.htable).enabled };
    case 'disable':
    case 'enable':
      await run.setState(c.htable, c.type === 'disable');
      return {};
    case 'drop':
      await run.drop(c.htable);
      return {};
    case 'truncate':
      await run.truncate(c.htable);
      return {};
    case 'alter':
      await run.alter(c.htable, c.family, c.delete === true);
      return {};
  }
}

