/**
 * The KV sandbox's wire and the pure parts of running an untrusted script (issue #5 item 5):
 * - the messages between the script worker (inside the sandboxed iframe, relayed unchanged by the
 *   iframe) and the page, and their validation — the page acts only on well-formed messages and
 *   executes only `KvScriptCall` shapes; anything else is ignored;
 * - wrapping the user's transpiled code into the worker's source (runtime first, then the user's
 *   code inside an async function whose parameters are the script globals, and which shadows
 *   the worker's own globals such as `self` and `postMessage`);
 * - finding the user's line in an error stack, and mapping a line of the emitted JavaScript back
 *   to the TypeScript source through the emit's source map.
 *
 * The security boundary is the opaque-origin iframe (no `allow-same-origin`) and its CSP, not the
 * shadowing here; the shadowing only keeps a learner's script from confusing the protocol.
 */
import type { KvDisplay } from '../../engine/client/kv_display';

/** Worker → page (relayed by the iframe; `ready` comes from the iframe itself). `line`: 1-based line of the user's emitted JS, when known. */
export type SandboxOut =
  | { t: 'ready' }
  | { t: 'call'; id: number; call: unknown }
  /** A call whose payload is not a KvScriptCall: never executed, answered with an error. */
  | { t: 'badCall'; id: number }
  | { t: 'print'; items: KvDisplay[] }
  | { t: 'done'; value: KvDisplay | null }
  | { t: 'error'; message: string; line: number | null };

/** Page → iframe: start the worker from `source`; answer call `id`. */
export type SandboxIn =
  | { t: 'start'; source: string }
  | { t: 'answer'; id: number; ok: true; value: unknown }
  | { t: 'answer'; id: number; ok: false; error: { code: number; errorName: string; message: string } };

/** Text longer than this in a message is refused (a script cannot flood the page with one print). */
const MESSAGE_TEXT_MAX = 100_000;
/** Cells per table at most. */
const TABLE_CELLS_MAX = 200_000;

function isCellRow(r: unknown, width: number): boolean {
  return Array.isArray(r) && r.length === width && r.every((c) => c === null || (typeof c === 'string' && c.length <= MESSAGE_TEXT_MAX));
}

/** Whether `d` is a well-formed `KvDisplay` (bounded sizes, strings only). */
export function isKvDisplay(d: unknown): d is KvDisplay {
  if (d === null || typeof d !== 'object') return false;
  const x = d as Record<string, unknown>;
  if (x.kind === 'text') return typeof x.text === 'string' && x.text.length <= MESSAGE_TEXT_MAX;
  if (x.kind !== 'table') return false;
  const { columns, rows, numeric, note } = x;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string' && c.length <= 1000)) return false;
  if (!Array.isArray(numeric) || numeric.length !== columns.length || !numeric.every((n) => typeof n === 'boolean')) return false;
  if (note !== undefined && typeof note !== 'string') return false;
  return Array.isArray(rows) && rows.length * Math.max(1, columns.length) <= TABLE_CELLS_MAX && rows.every((r) => isCellRow(r, columns.length));
}

/**
 * Validates one message from the sandbox. Returns it typed, or null (ignored) when it is not one
 * of the `SandboxOut` shapes. `isCall` decides whether a `call` payload is a `KvScriptCall`; a
 * call with a good id and a bad payload is `badCall` (answered with an error, so the script does
 * not wait for ever).
 */
export function parseSandboxMessage(data: unknown, isCall: (call: unknown) => boolean): SandboxOut | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const m = data as Record<string, unknown>;
  switch (m.t) {
    case 'ready':
      return { t: 'ready' };
    case 'call':
      if (!Number.isSafeInteger(m.id) || (m.id as number) <= 0) return null;
      return isCall(m.call) ? { t: 'call', id: m.id as number, call: m.call } : { t: 'badCall', id: m.id as number };
    case 'print':
      return Array.isArray(m.items) && m.items.length <= 100 && m.items.every(isKvDisplay) ? { t: 'print', items: m.items as KvDisplay[] } : null;
    case 'done':
      return m.value === null || isKvDisplay(m.value) ? { t: 'done', value: m.value as KvDisplay | null } : null;
    case 'error': {
      const line = m.line === null || m.line === undefined ? null : m.line;
      if (typeof m.message !== 'string' || (line !== null && !(Number.isSafeInteger(line) && (line as number) > 0))) return null;
      return { t: 'error', message: m.message.slice(0, MESSAGE_TEXT_MAX), line: line as number | null };
    }
    default:
      return null;
  }
}

/**
 * The worker's own globals a script's code sees as `undefined` (parameters of the wrapper), so a
 * script does not post protocol messages or reach the runtime by accident. Only these: what a
 * script could otherwise reach (fetch, OPFS, ...) is refused by the opaque origin and the CSP,
 * which is the real boundary. (`eval` and `arguments` cannot be parameters; the CSP forbids eval.)
 */
export const SHADOWED_GLOBALS = [
  'self', 'globalThis', 'postMessage', 'onmessage', 'addEventListener', 'removeEventListener', 'close', '__obkvRuntime',
] as const;

/** The worker source and where the user's code sits in it (1-based lines, inclusive). */
export interface WrappedScript {
  source: string;
  userFirstLine: number;
  userLastLine: number;
}

function lineCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Builds the script worker's source: the bundled runtime (which defines `__obkvRuntime.run`), then
 * `__obkvRuntime.run(names, firstLine, lastLine, async function (<names>, <shadowed>) { { <js> } })`.
 * The user's code runs in strict mode inside a block, so its own `const self = …` shadows the
 * parameter instead of clashing with it; a top-level `return x` makes `x` the script's result.
 * `names`: the script globals in the order the runtime passes them (KV_SCRIPT_GLOBAL_NAMES).
 */
export function wrapUserCode(runtime: string, js: string, names: readonly string[]): WrappedScript {
  for (const n of names) if (!/^[A-Za-z_$][\w$]*$/.test(n)) throw new Error(`bad script global name '${n}'`);
  const params = [...names, ...SHADOWED_GLOBALS.filter((s) => !names.includes(s))];
  const head =
    `${runtime}\n;\n` +
    `__obkvRuntime.run(${JSON.stringify(names)}, %FIRST%, %LAST%, async function (${params.join(', ')}) {\n'use strict';\n{\n`;
  const body = js.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const userFirstLine = lineCount(head);
  const userLastLine = userFirstLine + lineCount(body) - 1;
  const source = head.replace('%FIRST%', String(userFirstLine)).replace('%LAST%', String(userLastLine)) + `${body}\n}\n});\n`;
  return { source, userFirstLine, userLastLine };
}

/**
 * The user's line (1-based, counted from the first line of their code) of the innermost stack frame
 * inside the user's code, or null. Frames look like `at fn (blob:null/uuid:LINE:COL)` or
 * `at async blob:null/uuid:LINE:COL` (V8) or `fn@blob:null/uuid:LINE:COL` (Firefox, WebKit).
 */
export function userLineFromStack(stack: string | undefined, firstLine: number, lastLine: number): number | null {
  if (!stack) return null;
  for (const m of stack.matchAll(/:(\d+):(\d+)\)?\s*$/gm)) {
    const line = Number(m[1]);
    if (line >= firstLine && line <= lastLine) return line - firstLine + 1;
  }
  return null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one source-map segment (base64 VLQ) into its numbers. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    if (digit < 0) throw new Error(`bad VLQ character '${ch}'`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Maps a 1-based line of the emitted JavaScript to the 1-based line of the TypeScript source, using
 * the source map's `mappings` (the first mapped segment of that line, or of the nearest earlier line
 * that has one). Returns null when the map has nothing for it.
 */
export function mapGeneratedLine(mappings: string, generatedLine: number): number | null {
  const lines = mappings.split(';');
  let sourceLine = 0;
  const firstOriginal: (number | null)[] = [];
  for (const line of lines) {
    let first: number | null = null;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const f = decodeVlq(seg);
      if (f.length >= 4) {
        sourceLine += f[2];
        if (first === null) first = sourceLine;
      }
    }
    firstOriginal.push(first);
  }
  for (let i = Math.min(generatedLine, firstOriginal.length) - 1; i >= 0; i--) {
    const l = firstOriginal[i];
    if (l !== null) return l + 1;
  }
  return null;
}

/** Removes what the TypeScript emit adds around a script: the source-map comment and a trailing `export {};`. */
export function stripEmitTrailer(js: string): string {
  return js.replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '').replace(/^export \{\};\s*$/m, '');
}

/** The iframe's document: a strict CSP, and a relay between the page and the script worker. */
export function sandboxSrcdoc(): string {
  const csp = "default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:";
  // The relay accepts only its parent's messages; the page validates everything it relays up.
  const relay = `
let w = null;
addEventListener('message', (ev) => {
  if (ev.source !== parent) return;
  const m = ev.data;
  if (m && m.t === 'start' && !w && typeof m.source === 'string') {
    try {
      const url = URL.createObjectURL(new Blob([m.source], { type: 'text/javascript' }));
      w = new Worker(url);
      w.onmessage = (e) => parent.postMessage(e.data, '*');
      w.onerror = (e) => { e.preventDefault(); parent.postMessage({ t: 'error', message: String(e.message || 'script error'), line: null }, '*'); };
      w.onmessageerror = () => parent.postMessage({ t: 'error', message: 'a message from the script could not be read', line: null }, '*');
    } catch (e) {
      parent.postMessage({ t: 'error', message: 'could not start the script worker: ' + (e && e.message || e), line: null }, '*');
    }
  } else if (m && m.t === 'answer' && w) {
    w.postMessage(m);
  }
});
parent.postMessage({ t: 'ready' }, '*');`;
  return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${relay}</script></head><body></body></html>`;
}

/**
 * The `.d.ts` text of a script's scope: the API types (their `export ` dropped, so they are global)
 * and a `declare const` per global name (`print` as a function).
 */
export function kvScriptLib(apiTypesText: string, names: readonly string[]): string {
  const types = apiTypesText.replace(/^export (?=(declare |interface |type |const |function |class |enum |abstract ))/gm, '');
  const decls = names
    .filter((n) => n !== 'print')
    .map((n) => `declare const ${n}: KvScriptGlobals['${n}'];`)
    .join('\n');
  return `${types}\n// ---- the script's globals\n${decls}\n/** Prints values to the result pane (rows and arrays of rows render as tables). */\ndeclare function print(...values: unknown[]): void;\n`;
}
