/** `obsh --kv` / scenario kv cells in Node: a runaway script is stopped by the time limit, never hangs the shell. */
import { describe, expect, it } from 'vitest';
import type { KvTransport } from '../../engine/client/transport';
import { runKvScript } from './kv_script';

const NO_CLUSTER: KvTransport = { servers: () => [], call: async () => ({ ok: false, error: { code: -4122, name: 'OB_RPC_SEND_ERROR', message: 'no cluster' } as never }) };

async function run(source: string, timeLimitMs: number): Promise<{ ok: boolean; out: string; err: string }> {
  let out = '';
  let err = '';
  const ok = await runKvScript(source, {
    transport: NO_CLUSTER, tenant: 'test', database: 'test', trace: false, fileName: 'loop.ts', timeLimitMs,
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { ok, out, err };
}

describe('KV script time limit (headless)', () => {
  it('interrupts an endless loop before the first await', async () => {
    const r = await run("print('start');\nwhile (true) {}\n", 300);
    expect(r.ok).toBe(false);
    expect(r.out).toBe('start\n');
    expect(r.err).toMatch(/^ERROR: Error: Script stopped after 0.3 s \(time limit\)/);
  });

  it('stops a script that awaits forever', async () => {
    const r = await run("print('waiting');\nawait new Promise(() => {});\n", 300);
    expect(r.ok).toBe(false);
    expect(r.err).toMatch(/Script stopped after 0.3 s \(time limit\)/);
  });

  it('lets a short script finish', async () => {
    const r = await run("let n = 0;\nfor (let i = 0; i < 1000; i++) n += i;\nprint(n);\n", 5_000);
    expect(r).toEqual({ ok: true, out: '499500\n', err: '' });
  });
});
