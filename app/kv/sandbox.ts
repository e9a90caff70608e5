/**
 * Runs one untrusted KV script (issue #5 item 5): a fresh `<iframe sandbox="allow-scripts">` per
 * run (no `allow-same-origin`: an opaque origin with no access to our OPFS, storage, cookies or
 * DOM) from a `srcdoc` with a strict CSP, which starts a dedicated worker from a blob URL holding
 * the bundled runtime plus the user's code (protocol.ts `wrapUserCode`). The worker's API calls
 * come up as `KvScriptCall`s; the page validates each message (anything else is ignored), runs the
 * call on the page's executor and posts the answer back.
 *
 * A runaway script (an endless loop, an await that never resolves) is stopped when the time limit
 * passes, by removing the iframe (which ends its worker): "Script stopped after 10 s (time limit)".
 *
 * Invariants: exactly one outcome per run; after it, late messages and answers are dropped; the
 * iframe is always removed.
 */
import { toKvScriptError } from '../../engine/client/script_api';
import type { KvDisplay } from '../../engine/client/kv_display';
import { parseSandboxMessage, sandboxSrcdoc, wrapUserCode, type SandboxIn } from './protocol';

/** Default time limit of a KV script, ms. */
export const KV_SCRIPT_TIME_LIMIT_MS = 10_000;

export interface SandboxHooks {
  /** Whether a `call` payload is a `KvScriptCall` (script_api's shape check). */
  isCall(call: unknown): boolean;
  /** Runs one validated call (the page's executor). Rejections become the script's exceptions. */
  execute(call: unknown): Promise<unknown>;
  onPrint(items: KvDisplay[]): void;
}

export interface SandboxOutcome {
  ok: boolean;
  /** The script's returned value, null when it returned nothing. */
  value: KvDisplay | null;
  /** Why it failed, with the user's line in the emitted JS (the caller maps it to the source). */
  error?: { message: string; jsLine: number | null };
  /** True when the time limit or the caller stopped it. */
  stopped: boolean;
  elapsedMs: number;
}

export interface SandboxRun {
  done: Promise<SandboxOutcome>;
  /** Stops the script now (its outcome: stopped, with `reason`). */
  stop(reason?: string): void;
}

/** The message a stopped runaway script shows. */
export function timeLimitMessage(limitMs: number): string {
  const s = limitMs / 1000;
  return `Script stopped after ${Number.isInteger(s) ? s : s.toFixed(1)} s (time limit)`;
}

/**
 * Starts `js` (the user's emitted JavaScript) in a new sandbox. `runtime`: the `?kvruntime`
 * bundle; `names`: the script globals (KV_SCRIPT_GLOBAL_NAMES, `print` included).
 */
export function runSandboxed(
  js: string,
  runtime: string,
  names: readonly string[],
  hooks: SandboxHooks,
  timeLimitMs = KV_SCRIPT_TIME_LIMIT_MS,
): SandboxRun {
  const started = performance.now();
  const wrapped = wrapUserCode(runtime, js, names);
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.title = 'KV script sandbox';
  frame.style.display = 'none';
  frame.srcdoc = sandboxSrcdoc();

  let settle!: (o: SandboxOutcome) => void;
  const done = new Promise<SandboxOutcome>((resolve) => (settle = resolve));
  let over = false;
  const finish = (o: Omit<SandboxOutcome, 'elapsedMs'>) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    removeEventListener('message', onMessage);
    frame.remove();
    settle({ ...o, elapsedMs: performance.now() - started });
  };
  const send = (m: SandboxIn) => {
    if (over) return;
    try {
      frame.contentWindow?.postMessage(m, '*');
    } catch (e) {
      // The answer could not be cloned: tell the script instead.
      if (m.t === 'answer' && m.ok) frame.contentWindow?.postMessage({ t: 'answer', id: m.id, ok: false, error: toKvScriptError(e) } satisfies SandboxIn, '*');
    }
  };
  const onMessage = (ev: MessageEvent) => {
    if (over || ev.source !== frame.contentWindow) return;
    const m = parseSandboxMessage(ev.data, hooks.isCall);
    if (!m) return;
    if (m.t === 'ready') send({ t: 'start', source: wrapped.source });
    else if (m.t === 'print') hooks.onPrint(m.items);
    else if (m.t === 'badCall') {
      send({ t: 'answer', id: m.id, ok: false, error: { code: -4002, errorName: 'OB_INVALID_ARGUMENT', message: '[-4002][OB_INVALID_ARGUMENT][the script sent a call the page does not know]' } });
    }
    else if (m.t === 'call') {
      hooks.execute(m.call).then(
        (value) => send({ t: 'answer', id: m.id, ok: true, value }),
        (e) => send({ t: 'answer', id: m.id, ok: false, error: toKvScriptError(e) }),
      );
    } else if (m.t === 'done') finish({ ok: true, value: m.value, stopped: false });
    else finish({ ok: false, value: null, error: { message: m.message, jsLine: m.line }, stopped: false });
  };
  addEventListener('message', onMessage);
  const timer = setTimeout(() => finish({ ok: false, value: null, error: { message: timeLimitMessage(timeLimitMs), jsLine: null }, stopped: true }), timeLimitMs);
  document.body.appendChild(frame);
  return {
    done,
    stop: (reason = 'Script stopped (Stop pressed)') => finish({ ok: false, value: null, error: { message: reason, jsLine: null }, stopped: true }),
  };
}
