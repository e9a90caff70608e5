/**
 * The runtime of a KV script worker (issue #5 item 5). Bundled by the `?kvruntime` Vite plugin into
 * one IIFE script (`__obkvRuntime`) that the sandbox puts in front of the user's code; it runs in a
 * dedicated worker started from a blob URL inside an opaque-origin `<iframe sandbox="allow-scripts">`.
 *
 * It builds the script globals with `makeKvApi(invoke)` (engine/client/script_api.ts), where
 * `invoke` posts each `KvScriptCall` up (worker → iframe → page) and waits for the page's answer;
 * adds `print`; runs the user's function; and reports `print`s, the returned value and any error
 * (with the user's line, found in the stack) as `SandboxOut` messages (protocol.ts).
 *
 * Invariants: exactly one `done` or `error` per run (later ones are not sent); call ids increase
 * from 1; an answer for an unknown id is ignored.
 */
import { makeKvApi } from '../../engine/client/script_api';
import { toDisplay, valueText } from '../../engine/client/kv_display';
import { userLineFromStack as userLine, type SandboxIn, type SandboxOut } from './protocol';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `Uncaught ${valueText(e, 1)}`;
}

/**
 * Runs the user's function `body` with the script globals named by `names` (in that order; any
 * further parameters get `undefined`). `firstLine`/`lastLine`: where the user's code sits in the
 * worker source, to find its line in error stacks.
 */
export function run(names: string[], firstLine: number, lastLine: number, body: (...args: unknown[]) => Promise<unknown>): void {
  const scope = globalThis as unknown as {
    postMessage(m: SandboxOut): void;
    addEventListener(type: string, fn: (ev: Event & Record<string, unknown>) => void): void;
  };
  const post = scope.postMessage.bind(scope);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let finished = false;
  const finish = (m: SandboxOut) => {
    if (finished) return;
    finished = true;
    post(m);
  };
  const fail = (e: unknown) => finish({ t: 'error', message: errorText(e), line: userLine(e instanceof Error ? e.stack : undefined, firstLine, lastLine) });

  scope.addEventListener('message', (ev) => {
    const m = (ev as unknown as MessageEvent<SandboxIn>).data;
    if (!m || m.t !== 'answer') return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(m.error); // a KvScriptError: script_api rebuilds the ObTableException
  });
  scope.addEventListener('error', (ev) => {
    ev.preventDefault();
    const err = ev.error instanceof Error ? ev.error : new Error(String(ev.message ?? 'script error'));
    fail(err);
  });
  scope.addEventListener('unhandledrejection', (ev) => {
    ev.preventDefault();
    fail(ev.reason);
  });

  const invoke = (call: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      post({ t: 'call', id, call });
    });
  const print = (...values: unknown[]): void => {
    if (finished) return;
    const items = values.length === 0 ? [toDisplay('')] : values.map(toDisplay);
    // Several plain values print on one line, like console.log.
    const merged = items.every((d) => d.kind === 'text') && items.length > 1 ? [toDisplay(items.map((d) => (d.kind === 'text' ? d.text : '')).join(' '))] : items;
    post({ t: 'print', items: merged });
  };
  const globals: Record<string, unknown> = { ...(makeKvApi(invoke) as unknown as Record<string, unknown>), print };
  const args = names.map((n) => globals[n]);
  let result: Promise<unknown>;
  try {
    result = body.apply(undefined, args);
  } catch (e) {
    fail(e);
    return;
  }
  result.then(
    (v) => finish({ t: 'done', value: v === undefined ? null : toDisplay(v) }),
    (e) => fail(e),
  );
}
