/**
 * The OBKV client entry point (issue #5): `createKvClients(transport)` gives the script globals
 * (`client`, `hbase`, filters, builders — everything but `print`) wired to a routing executor over
 * the transport. Used by the KV editor's host (page side), the headless tools and the YCSB bench.
 */
import { KvExecutor, type KvExecutorOptions } from './executor';
import type { KvScriptGlobals } from './kv_api_types';
import { makeKvApi } from './script_api';
import type { KvTransport } from './transport';

export { KvExecutor, type KvExecutorOptions } from './executor';
export type { KvScriptCall } from './script_api';
export { KV_SCRIPT_GLOBAL_NAMES, makeKvApi, toKvScriptError, ObTableException } from './script_api';
export type { KvCallTrace, KvRetryTrace } from './trace';

/**
 * Script globals over a new executor. Options: `tenant` / `database` (default `test` / `test`),
 * `onTrace` (one `KvCallTrace` per request to one tablet), `sleep(ms)` (retry backoff), `nowUs()`.
 */
export function createKvClients(
  transport: KvTransport,
  opts: KvExecutorOptions = {},
): { globals: Omit<KvScriptGlobals, 'print'>; executor: KvExecutor } {
  const executor = new KvExecutor(transport, opts);
  const globals = makeKvApi((call) => executor.run(call));
  return { globals, executor };
}
