/**
 * The storage schema of tablets on every server of the in-process cluster: what CREATE TABLE gives
 * each replica (column classes, store format, compression, skip-index bits, rowkey, BLOCK_SIZE),
 * how ALTER TABLE — logged once in LS 1 — reaches every replica of every tablet of the table, and
 * that a restart keeps the altered storage schema whether the tablet comes back from the
 * checkpoint (written before the ALTER) or from replaying its log stream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../env/memory';
import type { TableSchema } from '../../schema/schema';
import type { TabletIdentity, TabletStorageSchema } from '../../storage/types';
import { SystemClock } from '../../../workers/system_clock';
import type { ExecuteReply } from '../api';
import { LocalCluster } from '../local_cluster';

const TENANT = 1002;
let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

async function boot(fsList?: MemoryFileSystem[]): Promise<LocalCluster> {
  cluster = await LocalCluster.start({ clock: new SystemClock(), fsFor: fsList ? (id) => fsList[id - 1] : undefined });
  return cluster;
}

async function ok(c: LocalCluster, text: string, server = 1): Promise<ExecuteReply> {
  const s = c.server(server);
  const id = await s.openSession({ tenant: 'test', database: 'test' });
  try {
    const r = await s.execute(id, text);
    if (r.error) throw new Error(`${text}: ERROR ${r.error.mysqlCode} ${r.error.message}`);
    return r;
  } finally {
    await s.closeSession(id);
  }
}

async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const tableOn = (c: LocalCluster, server: number, name: string): TableSchema | undefined =>
  c.server(server).schemas.get(TENANT)!.getTable('test', name);

/** The identities of every replica of every tablet of `name` on every server (9 for 3 partitions). */
function replicaIdentities(c: LocalCluster, name: string): (TabletIdentity | undefined)[] {
  const table = tableOn(c, 1, name)!;
  return c.servers.flatMap((s) => table.partitions.map((p) => s.logStream(TENANT, p.lsId)?.tablets.get(p.tabletId)?.identity));
}

/** True when all replicas exist and have `storage` and `microBlockBytes`. */
function allReplicasHave(c: LocalCluster, name: string, storage: TabletStorageSchema, microBlockBytes: number): boolean {
  const ids = replicaIdentities(c, name);
  return ids.length > 0 && ids.every((id) => id !== undefined && id.microBlockBytes === microBlockBytes
    && JSON.stringify(id.storage) === JSON.stringify(storage));
}

const CREATE_S = `CREATE TABLE s (
  id INT PRIMARY KEY, v DECIMAL(10,2) SKIP_INDEX(MIN_MAX, SUM), name VARCHAR(20) SKIP_INDEX(MIN_MAX), d DATE
) COMPRESSION = 'lz4_1.0' BLOCK_SIZE = 8192 PARTITION BY HASH(id) PARTITIONS 3 WITH COLUMN GROUP(each column)`;

const S_STORAGE: TabletStorageSchema = {
  columns: [{ kind: 'int' }, { kind: 'decimal', scale: 2 }, { kind: 'string', ci: true }, { kind: 'string', ci: false }],
  storeFormat: 'column',
  compression: 'lz4_1.0',
  skipIndex: [0, 3, 1, 0],
  rowkey: [0],
};

describe('tablet storage schema from DDL', () => {
  it('gives every replica of every tablet the storage schema of CREATE TABLE', async () => {
    const c = await boot();
    await ok(c, CREATE_S);
    await eventually(() => allReplicasHave(c, 's', S_STORAGE, 8192), 'every replica has the CREATE TABLE storage schema');
    expect(replicaIdentities(c, 's')).toHaveLength(9);
  });

  it('applies ALTER TABLE to the storage schema of every replica, on every server', async () => {
    const c = await boot();
    await ok(c, CREATE_S);
    await ok(c, "INSERT INTO s VALUES (1, 1.50, 'a', '2024-01-01'), (2, 2.25, 'b', NULL), (3, NULL, 'c', '2024-03-01')");
    await ok(c, 'ALTER TABLE s ADD COLUMN GROUP(all columns)', 2);
    await ok(c, "ALTER TABLE s SET COMPRESSION = 'none', BLOCK_SIZE = 32768, MODIFY COLUMN v DECIMAL(10,2) SKIP_INDEX(SUM), MODIFY d DATE SKIP_INDEX(MIN_MAX)", 3);
    const altered: TabletStorageSchema = { ...S_STORAGE, storeFormat: 'hybrid', compression: 'none', skipIndex: [0, 2, 1, 1] };
    await eventually(() => allReplicasHave(c, 's', altered, 32768), 'every replica has the altered storage schema');
    for (const server of [1, 2, 3]) {
      const t = tableOn(c, server, 's')!;
      expect([t.options.storeFormat, t.options.compression, t.options.blockSize]).toEqual(['hybrid', 'none', 32768]);
    }
    // The rows are untouched: the new layout waits for the next major compaction.
    expect((await ok(c, 'SELECT id, v, name, d FROM s ORDER BY id', 2)).results[0].rows).toEqual([
      ['1', '1.50', 'a', '2024-01-01'], ['2', '2.25', 'b', null], ['3', null, 'c', '2024-03-01'],
    ]);
    await ok(c, 'ALTER TABLE s DROP COLUMN GROUP(all columns, each column)');
    await eventually(() => allReplicasHave(c, 's', { ...altered, storeFormat: 'row' }, 32768), 'every replica is a row store again');
  });

  it('keeps the altered storage schema across a restart, from the checkpoint or from replay', async () => {
    const fsList = [new MemoryFileSystem(), new MemoryFileSystem(), new MemoryFileSystem()];
    let c = await boot(fsList);
    // `frozen` is checkpointed before its ALTER; `replayed` is never checkpointed.
    await ok(c, 'CREATE TABLE frozen (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 3');
    await ok(c, 'INSERT INTO frozen VALUES (1, 10), (2, 20), (3, 30)');
    await ok(c, 'ALTER SYSTEM MINOR FREEZE');
    const frozenLs = tableOn(c, 1, 'frozen')!.partitions.map((p) => p.lsId);
    await eventually(() => c.servers.every((s) => frozenLs.every((ls) => s.logStream(TENANT, ls)!.replayStartLsn() > 1)), 'checkpoint written');
    await ok(c, 'CREATE TABLE replayed (id INT PRIMARY KEY, v INT SKIP_INDEX(MIN_MAX))');
    await ok(c, "ALTER TABLE frozen ADD COLUMN GROUP(each column), SET COMPRESSION = 'zstd_1.0', MODIFY v INT SKIP_INDEX(MIN_MAX, SUM)");
    await ok(c, 'ALTER TABLE replayed ADD COLUMN GROUP(all columns, each column), BLOCK_SIZE = 4096');
    const frozenStorage: TabletStorageSchema = {
      columns: [{ kind: 'int' }, { kind: 'int' }], storeFormat: 'column', compression: 'zstd_1.0', skipIndex: [0, 3], rowkey: [0],
    };
    const replayedStorage: TabletStorageSchema = {
      columns: [{ kind: 'int' }, { kind: 'int' }], storeFormat: 'hybrid', compression: 'zstd_1.3.8', skipIndex: [0, 1], rowkey: [0],
    };
    await eventually(() => allReplicasHave(c, 'frozen', frozenStorage, 16384) && allReplicasHave(c, 'replayed', replayedStorage, 4096), 'altered before restart');
    await c.stop();
    c = await boot(fsList);
    await eventually(() => allReplicasHave(c, 'frozen', frozenStorage, 16384), 'frozen: altered storage after restart');
    await eventually(() => allReplicasHave(c, 'replayed', replayedStorage, 4096), 'replayed: altered storage after restart');
    expect((await ok(c, 'SELECT id, v FROM frozen ORDER BY id', 3)).results[0].rows).toEqual([['1', '10'], ['2', '20'], ['3', '30']]);
  });
});
