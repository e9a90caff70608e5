/**
 * The KV script worker end to end without a browser: the `?kvruntime` bundle plus a wrapped user
 * script run in a fresh V8 context standing in for the sandboxed worker (only `postMessage` and
 * `addEventListener`); a fake page validates each message as the real page does
 * (parseSandboxMessage + isKvScriptCall) and runs the calls on the real routing client over a
 * LocalCluster. Checks the printed tables, the returned rows, the routes, an OBKV error reaching
 * the script as ObTableException with its line, and that the script cannot post by itself.
 */
import { createContext, runInContext } from 'node:vm';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvClients, KV_SCRIPT_GLOBAL_NAMES, toKvScriptError, type KvExecutor } from '../../engine/client/index';
import type { KvCallTrace } from '../../engine/client/trace';
import { LocalCluster } from '../../engine/server/local_cluster';
import { SystemClock } from '../../workers/system_clock';
import { isKvScriptCall } from './callShape';
import type { KvDisplay } from '../../engine/client/kv_display';
import { mapGeneratedLine, parseSandboxMessage, stripEmitTrailer, wrapUserCode, type SandboxIn, type SandboxOut } from './protocol';
import runtime from './scriptRuntime.ts?kvruntime';

let cluster: LocalCluster;
let executor: KvExecutor;
const traces: KvCallTrace[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  executor = createKvClients(cluster.kvTransport(), { onTrace: (t) => traces.push(t) }).executor;
  const s = cluster.server(1);
  const id = await s.openSession({ tenant: 'test', user: 'root' });
  for (const text of ['USE test', 'CREATE TABLE rt (k BIGINT PRIMARY KEY, v VARCHAR(20)) PARTITION BY HASH(k) PARTITIONS 3']) {
    const r = await s.execute(id, text);
    if (r.error) throw new Error(r.error.message);
  }
  await s.closeSession(id);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

interface FakeRun {
  prints: KvDisplay[];
  /** `error.line` mapped back to the TypeScript line through the emit's source map, as the page does. */
  outcome: SandboxOut;
  ignored: number;
}

/** Runs TypeScript `source` as the sandbox would; resolves with what the page saw. */
function runScript(source: string): Promise<FakeRun> {
  const out = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true } });
  const js = stripEmitTrailer(out.outputText);
  const mappings = (JSON.parse(out.sourceMapText!) as { mappings: string }).mappings;
  const wrapped = wrapUserCode(runtime, js, KV_SCRIPT_GLOBAL_NAMES);
  return new Promise((resolve) => {
    const prints: KvDisplay[] = [];
    let ignored = 0;
    const listeners: ((ev: { data: SandboxIn }) => void)[] = [];
    const deliver = (m: SandboxIn) => setTimeout(() => listeners.forEach((f) => f({ data: m })));
    const onMessage = (data: unknown) => {
      const m = parseSandboxMessage(data, isKvScriptCall);
      if (!m) {
        ignored++;
        return;
      }
      if (m.t === 'print') prints.push(...m.items);
      else if (m.t === 'call') {
        executor.run(m.call as Parameters<KvExecutor['run']>[0]).then(
          (value) => deliver({ t: 'answer', id: m.id, ok: true, value: structuredClone(value) }),
          (e) => deliver({ t: 'answer', id: m.id, ok: false, error: toKvScriptError(e) }),
        );
      } else if (m.t === 'done') resolve({ prints, outcome: m, ignored });
      else if (m.t === 'error') resolve({ prints, outcome: { ...m, line: m.line === null ? null : mapGeneratedLine(mappings, m.line) }, ignored });
    };
    const ctx = createContext({
      TextEncoder,
      TextDecoder,
      postMessage: (m: unknown) => onMessage(structuredClone(m)),
      addEventListener: (type: string, f: (ev: { data: SandboxIn }) => void) => type === 'message' && listeners.push(f),
    });
    runInContext(wrapped.source, ctx, { filename: 'blob:null/kv-test' });
  });
}

describe('the KV script worker runtime', () => {
  it('runs a script: prints, calls routed to the leaders, returns rows', async () => {
    traces.length = 0;
    const run = await runScript(`
for (let k = 1; k <= 3; k++) await client.insert('rt', k, ['v'], ['v' + k]);
print(await client.get('rt', 2));
print('two', 'values', 3n);
const q = await client.query('rt').addScanRange([MIN], [MAX]).execute();
return q.rows;
`);
    expect(run.outcome.t).toBe('done');
    expect(run.prints[0]).toEqual({ kind: 'table', columns: ['k', 'v'], rows: [['2', 'v2']], numeric: [true, false] });
    expect(run.prints[1]).toEqual({ kind: 'text', text: 'two values 3' });
    const value = (run.outcome as Extract<SandboxOut, { t: 'done' }>).value;
    expect(value?.kind).toBe('table');
    if (value?.kind === 'table') expect([...value.rows].sort()).toEqual([['1', 'v1'], ['2', 'v2'], ['3', 'v3']]);
    // HASH(k) over 3 partitions: k → p(k % 3); each insert went to its partition's leader.
    const inserts = traces.filter((t) => t.method === 'table.execute' && t.call.startsWith('insert'));
    expect(inserts.map((t) => t.partitionIndex)).toEqual([1, 2, 0]);
    expect(run.ignored).toBe(0);
  });

  it("an OBKV error reaches the script as ObTableException, and uncaught it names the script's line", async () => {
    const caught = await runScript(`
try { await client.insert('rt', 1, ['v'], ['again']); } catch (e) { print(e.name, e.code, e.errorName); }
`);
    expect(caught.prints).toEqual([{ kind: 'text', text: 'ObTableException -5024 OB_ERR_PRIMARY_KEY_DUPLICATE' }]);
    const uncaught = await runScript(`const a = 1;\n\nawait client.insert('rt', 1, ['v'], ['again']);\n`);
    expect(uncaught.outcome).toMatchObject({ t: 'error', line: 3 });
    expect((uncaught.outcome as { message: string }).message).toMatch(/^ObTableException: \[-5024\]\[OB_ERR_PRIMARY_KEY_DUPLICATE\]/);
  });

  it('a script cannot reach postMessage or the runtime; a bad argument fails in the script', async () => {
    const run = await runScript(`
print(typeof postMessage, typeof self, typeof globalThis, typeof __obkvRuntime);
await client.insert('rt', 9, ['v'], []);
`);
    expect(run.prints[0]).toEqual({ kind: 'text', text: 'undefined undefined undefined undefined' });
    expect(run.outcome).toMatchObject({ t: 'error', line: 3 });
    expect((run.outcome as { message: string }).message).toMatch(/OB_INVALID_ARGUMENT/);
  });

  it('a syntax-valid runtime error reports its line', async () => {
    const run = await runScript('let x: any = null;\n\nprint(1);\nx.y;\n');
    expect(run.prints).toEqual([{ kind: 'text', text: '1' }]);
    expect(run.outcome).toMatchObject({ t: 'error', line: 4 });
    expect((run.outcome as { message: string }).message).toMatch(/^TypeError: Cannot read properties of null/);
  });
});
