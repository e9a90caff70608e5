/**
 * The shell's DDL commands on OBKV-HBase's Admin (reference obkv-apis §2.2 Admin, §2.6): create
 * (a TABLEGROUP plus one `t$f` table per family, VERSIONS/TTL → KV_ATTRIBUTES, SPLITS → RANGE
 * COLUMNS(K), NUMREGIONS → KEY(K) partitions), list, describe/desc, exists, disable, enable,
 * is_enabled, is_disabled, drop, truncate, alter (add/modify a family's VERSIONS and TTL, delete a
 * family). Output follows the HBase 2.x shell.
 */
import type { HFamily } from '../kv_api_types';
import {
  asInt,
  asString,
  isHash,
  readOptions,
  ShellUsageError,
  typeName,
  type ShellHash,
  type ShellValue,
} from './args';
import { toApiBytes, type ShellContext, type ShellHandler } from './context';
import { describeLines, rubyStringList, TTL_FOREVER } from './format';

/** HColumnDescriptor options HBase has and OBKV-HBase accepts but has no use for. */
const IGNORED_FAMILY_OPTIONS = [
  'BLOOMFILTER', 'IN_MEMORY', 'KEEP_DELETED_CELLS', 'DATA_BLOCK_ENCODING', 'COMPRESSION', 'MIN_VERSIONS',
  'BLOCKCACHE', 'BLOCKSIZE', 'REPLICATION_SCOPE', 'CONFIGURATION', 'METADATA',
];
const FAMILY_OPTIONS = ['NAME', 'VERSIONS', 'TTL', 'METHOD', ...IGNORED_FAMILY_OPTIONS];
const TABLE_OPTIONS = ['SPLITS', 'NUMREGIONS', 'SPLITALGO', 'OWNER', 'REGION_REPLICATION', 'DURABILITY', 'MAX_FILESIZE', 'MEMSTORE_FLUSHSIZE', 'READONLY'];

function tableName(v: ShellValue | undefined): string {
  const name = asString(v, 'table name');
  if (name === '') throw new ShellUsageError('table name must not be empty');
  return name;
}

function versions(v: ShellValue): number {
  const n = asInt(v, 'VERSIONS');
  if (n < 1) throw new ShellUsageError(`VERSIONS must be at least 1, got ${n}`);
  return n;
}

/** TTL in seconds: an integer, its digits, or 'FOREVER'. Null: forever. */
function ttlSeconds(v: ShellValue): number | null {
  if (v === 'FOREVER') return null;
  const n = asInt(v, 'TTL');
  if (n <= 0) throw new ShellUsageError(`TTL must be a positive number of seconds, got ${n}`);
  return n >= TTL_FOREVER ? null : n;
}

/** A family from `'f1'` or `{NAME => 'f1', VERSIONS => 3, TTL => 60}`. */
function familyOf(ctx: ShellContext, arg: ShellValue): HFamily {
  if (!isHash(arg)) return { name: asString(arg, 'column family') };
  const opts = readOptions(arg, FAMILY_OPTIONS);
  const family: HFamily = { name: asString(opts.get('NAME'), 'NAME') };
  if (opts.has('VERSIONS')) family.maxVersions = versions(opts.get('VERSIONS')!);
  if (opts.has('TTL')) {
    const ttl = ttlSeconds(opts.get('TTL')!);
    if (ttl !== null) family.ttlSeconds = ttl;
  }
  const ignored = [...opts.keys()].filter((k) => IGNORED_FAMILY_OPTIONS.includes(k));
  if (ignored.length > 0) ctx.note(`OBKV-HBase keeps only VERSIONS and TTL of a family; ignored: ${ignored.join(', ')}`);
  return family;
}

function tableOptions(ctx: ShellContext, hash: ShellHash): { splits?: string[]; partitions?: number } {
  const opts = readOptions(hash, TABLE_OPTIONS);
  const out: { splits?: string[]; partitions?: number } = {};
  const splits = opts.get('SPLITS');
  if (splits !== undefined) {
    if (!Array.isArray(splits)) throw new ShellUsageError(`SPLITS must be an Array of row keys, got ${typeName(splits)}`);
    out.splits = splits.map((s) => asString(s, 'split key'));
  }
  if (opts.has('NUMREGIONS')) out.partitions = asInt(opts.get('NUMREGIONS'), 'NUMREGIONS');
  const ignored = [...opts.keys()].filter((k) => k !== 'SPLITS' && k !== 'NUMREGIONS');
  if (ignored.length > 0) ctx.note(`OBKV-HBase ignores table options: ${ignored.join(', ')}`);
  return out;
}

const create: ShellHandler = {
  minArgs: 1,
  maxArgs: -1,
  async run(ctx, args) {
    const name = tableName(args[0]);
    const families: HFamily[] = [];
    let options: { splits?: string[]; partitions?: number } = {};
    for (const arg of args.slice(1)) {
      if (isHash(arg) && !arg.map.has('NAME')) options = { ...options, ...tableOptions(ctx, arg) };
      else families.push(familyOf(ctx, arg));
    }
    if (families.length === 0) throw new ShellUsageError('Table must have at least one column family');
    const opts: { splits?: (string | Uint8Array)[]; partitions?: number } = {};
    if (options.splits) opts.splits = options.splits.map(toApiBytes);
    if (options.partitions !== undefined) opts.partitions = options.partitions;
    await ctx.api.hbase.admin.createTable(name, families, opts.splits || opts.partitions !== undefined ? opts : undefined);
    ctx.out(`Created table ${name}`);
    ctx.result(`Hbase::Table - ${name}`);
  },
};

const list: ShellHandler = {
  minArgs: 0,
  maxArgs: 1,
  async run(ctx, args) {
    const regex = args.length > 0 ? asString(args[0], 'regex') : undefined;
    if (regex !== undefined) {
      try {
        new RegExp(regex);
      } catch {
        throw new ShellUsageError(`invalid regular expression: ${regex}`);
      }
    }
    const tables = await ctx.api.hbase.admin.listTables(regex);
    ctx.out('TABLE');
    for (const t of tables) ctx.out(t);
    ctx.out(`${tables.length} row(s)`);
    ctx.result(rubyStringList(tables));
  },
};

const describe: ShellHandler = {
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, args) {
    const d = await ctx.api.hbase.admin.describe(tableName(args[0]));
    for (const line of describeLines(d)) ctx.out(line);
  },
};

const exists: ShellHandler = {
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, args) {
    const name = tableName(args[0]);
    const yes = await ctx.api.hbase.admin.tableExists(name);
    ctx.out(`Table ${name} ${yes ? 'does exist' : 'does not exist'}`);
    ctx.result(String(yes));
  },
};

function simple(fn: (ctx: ShellContext, name: string) => Promise<void>): ShellHandler {
  return { minArgs: 1, maxArgs: 1, run: (ctx, args) => fn(ctx, tableName(args[0])) };
}

function enabledCheck(wantEnabled: boolean): ShellHandler {
  return simple(async (ctx, name) => {
    const enabled = await ctx.api.hbase.admin.isTableEnabled(name);
    const answer = enabled === wantEnabled;
    ctx.out(String(answer));
    ctx.result(String(answer));
  });
}

const truncate = simple(async (ctx, name) => {
  ctx.out(`Truncating '${name}' table (it may take a while):`);
  await ctx.api.hbase.admin.truncateTable(name);
  ctx.out('Truncating table...');
});

/** One alteration: `'f3'` (add), `{NAME => 'f1', VERSIONS => 5}`, `{'delete' => 'f1'}`, `{NAME => 'f1', METHOD => 'delete'}`. */
async function alterOne(ctx: ShellContext, name: string, arg: ShellValue): Promise<void> {
  if (isHash(arg) && arg.map.has('delete')) {
    if (arg.map.size !== 1) throw new ShellUsageError("'delete' => 'family' stands alone in its hash");
    await ctx.api.hbase.admin.deleteFamily(name, asString(arg.map.get('delete'), 'family to delete'));
    return;
  }
  if (isHash(arg) && !arg.map.has('NAME')) {
    const keys = [...arg.map.keys()];
    throw new ShellUsageError(`OBKV-HBase cannot alter table attributes (${keys.join(', ')}); alter a family: alter 't1', NAME => 'f1', VERSIONS => 5`);
  }
  if (isHash(arg) && arg.map.has('METHOD')) {
    const method = asString(arg.map.get('METHOD'), 'METHOD');
    if (method !== 'delete') throw new ShellUsageError(`METHOD must be 'delete', got '${method}'`);
    await ctx.api.hbase.admin.deleteFamily(name, asString(arg.map.get('NAME'), 'NAME'));
    return;
  }
  await ctx.api.hbase.admin.modifyFamily(name, familyOf(ctx, arg));
}

const alter: ShellHandler = {
  minArgs: 2,
  maxArgs: -1,
  async run(ctx, args) {
    const name = tableName(args[0]);
    ctx.out('Updating all regions with the new schema...');
    for (const arg of args.slice(1)) await alterOne(ctx, name, arg);
    ctx.out('Done.');
  },
};

/** The DDL handlers by command name. */
export const DDL_HANDLERS: Record<string, ShellHandler> = {
  create,
  list,
  describe,
  exists,
  disable: simple((ctx, name) => ctx.api.hbase.admin.disableTable(name)),
  enable: simple((ctx, name) => ctx.api.hbase.admin.enableTable(name)),
  is_enabled: enabledCheck(true),
  is_disabled: enabledCheck(false),
  drop: simple((ctx, name) => ctx.api.hbase.admin.deleteTable(name)),
  truncate,
  alter,
};

