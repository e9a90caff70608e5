/**
 * SQL golden tests: runs every `engine/sql/test/golden/*.test` file (sqllogictest dialect, see
 * golden/sqllogic.ts) against the in-process cluster (`LocalCluster`, engine/server/local_cluster.ts)
 * through `ObServerApi.execute`, exactly as a client connected to server 1 would.
 *
 * - Each file runs in a fresh `test` database (dropped and recreated) of tenant `test`, on a cluster
 *   shared by the files; a file starting with `require fresh_cluster` gets its own new cluster (for
 *   outputs that show table, tablet or LS ids).
 * - The cluster runs on a `VirtualClock` that this harness advances whenever the engine is idle
 *   (every macrotask turn), so elections and timeouts happen in virtual time: fast and repeatable.
 * - Mismatches are reported as `file:line: ...` and the file's test fails.
 * - `UPDATE_GOLDEN=1 npx vitest run engine/sql/test/golden.test.ts` rewrites expected outputs with
 *   the actual ones; review the diff before committing (the golden files are the spec).
 *
 * This is a test harness, so it uses Node's fs and setImmediate; engine code never does.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../env/memory';
import type { ExecuteReply } from '../../server/api';
import { LocalCluster } from '../../server/local_cluster';
import { pumped } from '../../server/test/virtual_time';
import { applyUpdates, parseGolden } from './golden/sqllogic';
import { DEFAULT_TENANT, runGoldenRecords, type GoldenConnection, type GoldenEndpoint } from './golden/runner';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
/** A file taking more real time than this is reported as hung. */
const FILE_TIMEOUT_MS = 300_000;

interface RunningCluster {
  cluster: LocalCluster;
  clock: VirtualClock;
}

async function bootCluster(): Promise<RunningCluster> {
  const clock = new VirtualClock();
  const cluster = await pumped(clock, LocalCluster.start({ clock, seed: 1 }));
  return { cluster, clock };
}

/** Named sessions on server 1, opened on first use (tenant test sessions start in database test). */
function endpointFor(run: RunningCluster): GoldenEndpoint & { close(): Promise<void> } {
  const server = run.cluster.servers[0];
  const sessions = new Map<string, number>();
  const sessionOf = async (c: GoldenConnection): Promise<number> => {
    let id = sessions.get(c.name);
    if (id === undefined) {
      const database = c.tenant === DEFAULT_TENANT ? 'test' : null;
      id = await pumped(run.clock, server.openSession({ tenant: c.tenant, database }));
      sessions.set(c.name, id);
    }
    return id;
  };
  return {
    async execute(connection: GoldenConnection, sql: string): Promise<ExecuteReply> {
      const id = await sessionOf(connection);
      return pumped(run.clock, server.execute(id, sql));
    },
    async close() {
      for (const id of sessions.values()) await pumped(run.clock, server.closeSession(id));
    },
  };
}

/** Drops and recreates database `test` of tenant `test`, so every file starts empty. */
async function freshTestDatabase(run: RunningCluster): Promise<void> {
  const server = run.cluster.servers[0];
  const id = await pumped(run.clock, server.openSession({ tenant: DEFAULT_TENANT, database: null }));
  const reply = await pumped(run.clock, server.execute(id, 'DROP DATABASE IF EXISTS test; CREATE DATABASE test'));
  await pumped(run.clock, server.closeSession(id));
  if (reply.error) throw new Error(`cannot recreate database test: ERROR ${reply.error.mysqlCode}: ${reply.error.message}`);
}

const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.test')).sort();

describe('SQL golden files (engine/sql/test/golden)', () => {
  let shared: Promise<RunningCluster> | null = null;
  afterAll(async () => {
    if (shared) {
      const run = await shared.catch(() => null);
      if (run) await pumped(run.clock, run.cluster.stop());
    }
  });

  it('has golden files, and every one parses', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const records = parseGolden(file, readFileSync(`${GOLDEN_DIR}${file}`, 'utf8'));
      expect(records.some((r) => r.kind === 'query'), file).toBe(true);
    }
  });

  for (const file of files) {
    it(file, async () => {
      const path = `${GOLDEN_DIR}${file}`;
      const text = readFileSync(path, 'utf8');
      const records = parseGolden(file, text);
      const fresh = records.some((r) => r.kind === 'require' && r.what === 'fresh_cluster');
      let run: RunningCluster;
      if (fresh) {
        run = await bootCluster();
      } else {
        shared ??= bootCluster();
        run = await shared;
        await freshTestDatabase(run);
      }
      const endpoint = endpointFor(run);
      try {
        const outcome = await runGoldenRecords(file, records, endpoint);
        if (process.env.UPDATE_GOLDEN === '1' && outcome.updates.length > 0) {
          writeFileSync(path, applyUpdates(text, outcome.updates));
        }
        expect(outcome.mismatches, outcome.mismatches.join('\n\n')).toEqual([]);
      } finally {
        await endpoint.close();
        if (fresh) await pumped(run.clock, run.cluster.stop());
      }
    }, FILE_TIMEOUT_MS);
  }
});
