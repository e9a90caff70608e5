/**
 * `obsh --kv=FILE`: runs a KV script headless, as the KV editor runs it in the page (issue #5) —
 * the same script globals (`KV_SCRIPT_GLOBAL_NAMES`: `client`, `hbase`, filters, builders, and a
 * `print` writing one line to stdout) over the OBKV routing client (`KvExecutor`) and the
 * in-process cluster's `KvTransport`.
 *
 * The script is JavaScript; TypeScript syntax is accepted (esbuild's `transform` strips the types).
 * It runs inside an async function, so top-level `await` and `return` work. Errors never escape as
 * a Node crash: a syntax error prints `ERROR: file:line:col: text`; an OBKV error prints
 * `ERROR: [-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][…] at line N` with the script line of the failing
 * call (found from the call's stack, mapped back through esbuild's source map); anything else the
 * script throws prints `ERROR: TypeError: … at line N`. With `--trace`, every request the client
 * sent prints one route line (`KvCallTrace`): `call → partition → tablet → LS → server (zone)`.
 */
import { SourceMap } from 'node:module';
import * as vm from 'node:vm';
import { KvExecutor, KV_SCRIPT_GLOBAL_NAMES, makeKvApi, type KvCallTrace } from '../../engine/client/index';
import type { KvTransport } from '../../engine/client/transport';

/** The file name scripts run under (what their stack frames show). */
const SCRIPT_FILE = 'obsh-kv-script.js';

export interface KvScriptRunOptions {
  transport: KvTransport;
  tenant: string;
  database: string;
  /** Print one route line per request. */
  trace: boolean;
  /** The script's name in messages (its path). */
  fileName: string;
  out(text: string): void;
  err(text: string): void;
  /**
   * Issue #6 (scenarios): replaces the default `print` (one `printText` line to `out`) — the
   * scenario target prints values as the page does (engine/client/kv_display.ts).
   */
  print?: (values: unknown[]) => void;
  /** Issue #6: receives the script's returned value (when it finished and returned one). */
  onValue?: (value: unknown) => void;
  /** Issue #6: receives the failure (message without `ERROR: `, script line) instead of `err`. */
  onError?: (message: string, line: number | null) => void;
  /** Retry backoff and time for the routing client (default: no wait, time 0). */
  sleep?: (ms: number) => Promise<void>;
  nowUs?: () => number;
  /** The script's time limit, ms (default KV_SCRIPT_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/** A script compiled to a callable async function, or the syntax error (1-based line/column). */
type Compiled = { ok: true; js: string; map: SourceMap | null } | { ok: false; message: string };

/** Strips TypeScript types and wraps the script in `async function (globals…) { … }`. */
async function compile(source: string, fileName: string): Promise<Compiled> {
  const wrapped = `(async function (${KV_SCRIPT_GLOBAL_NAMES.join(', ')}) {\n${source}\n})`;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return { ok: true, js: wrapped, map: null }; // no esbuild: plain JavaScript only
  }
  try {
    const r = await esbuild.transform(wrapped, { loader: 'ts', sourcemap: 'external', sourcefile: fileName, target: 'es2022' });
    return { ok: true, js: r.code, map: new SourceMap(JSON.parse(r.map)) };
  } catch (e) {
    const first = (e as { errors?: { text: string; location: { line: number; column: number } | null }[] }).errors?.[0];
    if (!first) return { ok: false, message: e instanceof Error ? e.message : String(e) };
    const at = first.location ? `:${first.location.line - 1}:${first.location.column + 1}` : '';
    return { ok: false, message: `${fileName}${at}: ${first.text}` };
  }
}

/** The 1-based script line of the innermost script frame in `stack`, or null. */
function scriptLine(stack: string | undefined, map: SourceMap | null): number | null {
  if (!stack) return null;
  const m = new RegExp(`${SCRIPT_FILE.replace(/\./g, '\\.')}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return null;
  const jsLine = Number(m[1]) - 1; // 0-based
  const jsCol = Number(m[2]) - 1;
  if (!map) return jsLine >= 1 ? jsLine : null; // the wrapper's first line is line 0
  const entry = map.findEntry(jsLine, jsCol) as { originalLine?: number };
  return entry.originalLine !== undefined && entry.originalLine >= 1 ? entry.originalLine : null;
}

/** A KV script's time limit, ms (as the page's sandbox: app/kv/sandbox.ts). */
export const KV_SCRIPT_TIME_LIMIT_MS = 10_000;

/**
 * Calls `fn(...args)` under the vm's watchdog: a synchronous run longer than `ms` throws
 * `Script stopped after N s (time limit)` (the vm's own error comes from another realm).
 */
function startWithWatchdog(fn: (...args: unknown[]) => Promise<unknown>, args: unknown[], ms: number): Promise<unknown> {
  try {
    return vm.runInNewContext('fn(...args)', { fn, args }, { timeout: ms }) as Promise<unknown>;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new Error(`Script stopped after ${ms / 1000} s (time limit)`);
    throw e;
  }
}

/** `p`, or a rejection `Script stopped after N s (time limit)` once `ms` have passed. */
function withTimeLimit<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Script stopped after ${ms / 1000} s (time limit)`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** A value as `print` shows it: strings as they are, bigints as digits, others JSON-like. */
export function printText(v: unknown, depth = 0): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return `[function ${v.name || 'anonymous'}]`;
  if (typeof v !== 'object') return String(v);
  if (v instanceof Uint8Array) return `0x${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (v instanceof Error) return v.message;
  if (depth > 5) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) return `[${v.map((x) => printText(x, depth + 1)).join(', ')}]`;
  const parts = Object.keys(v).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${printText((v as Record<string, unknown>)[k], depth + 1)}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

/** One `--trace` line (and one per retry before it). */
export function traceText(t: KvCallTrace): string {
  const part = t.partition ?? (t.partitionRule ? `p${t.partitionIndex}` : 'one partition');
  const rule = t.partitionRule ? ` [${t.partitionRule}]` : '';
  const lines = t.retries.map((r) => `  retried: ${r.svrIp} answered ${r.error} → refreshed`);
  const how = t.cacheHit ? '' : ' (route refreshed)';
  const fail = t.ok ? '' : ` · ${t.error ?? 'failed'}`;
  lines.push(`${t.call} → ${part}${rule} → tablet ${t.tabletId} → LS ${t.lsId} → ${t.svrIp} (${t.zone})${how}${fail}`);
  return lines.join('\n');
}

/**
 * Runs the KV script `source` to completion (every call it started settled). Resolves true when
 * it finished without an error; false after printing the error. Never rejects for script faults.
 */
export async function runKvScript(source: string, o: KvScriptRunOptions): Promise<boolean> {
  const compiled = await compile(source, o.fileName);
  const fail = (message: string, line: number | null): void => {
    if (o.onError) o.onError(message, line);
    else o.err(`ERROR: ${message}${line !== null ? ` at line ${line}` : ''}\n`);
  };
  if (!compiled.ok) {
    fail(compiled.message, null);
    return false;
  }
  const executor = new KvExecutor(o.transport, {
    tenant: o.tenant,
    database: o.database,
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.nowUs ? { nowUs: o.nowUs } : {}),
    onTrace: o.trace ? (t) => o.out(`${traceText(t)}\n`) : undefined,
  });
  const pending = new Set<Promise<unknown>>();
  /** Script line of each failed call (captured when the script made the call). */
  const failedAt = new WeakMap<object, number | null>();
  const api = makeKvApi((call) => {
    const site = new Error().stack;
    const p = executor.run(call).catch((e: unknown) => {
      if (typeof e === 'object' && e !== null && !failedAt.has(e)) failedAt.set(e, scriptLine(site, compiled.map));
      throw e;
    });
    pending.add(p);
    // A call the script forgot to await must not crash the process with an unhandled rejection.
    p.then(() => pending.delete(p), () => pending.delete(p));
    return p;
  });
  const print = (...values: unknown[]): void => (o.print ? o.print(values) : o.out(`${values.map((v) => printText(v)).join(' ')}\n`));
  const globals: Record<string, unknown> = { ...(api as unknown as Record<string, unknown>), print };
  try {
    const fn = vm.runInThisContext(compiled.js, { filename: SCRIPT_FILE }) as (...args: unknown[]) => Promise<unknown>;
    const limitMs = o.timeLimitMs ?? KV_SCRIPT_TIME_LIMIT_MS;
    // The script's synchronous start runs under the vm's watchdog (an endless loop before its first
    // await is interrupted); the whole script under the page's time limit. A loop after an await
    // cannot be interrupted in-process (the page's sandbox worker can be terminated; this cannot).
    const started = startWithWatchdog(fn, KV_SCRIPT_GLOBAL_NAMES.map((n) => globals[n]), limitMs);
    const value = await withTimeLimit(started, limitMs);
    if (value !== undefined) o.onValue?.(value);
    return true;
  } catch (e) {
    const obkv = typeof e === 'object' && e !== null && failedAt.has(e);
    const line = obkv ? failedAt.get(e as object)! : scriptLine(e instanceof Error ? e.stack : undefined, compiled.map);
    const text = e instanceof Error ? (obkv || e.name === 'ObTableException' ? e.message : `${e.name}: ${e.message}`) : `uncaught ${printText(e)}`;
    fail(text, line);
    return false;
  } finally {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }
}
