/**
 * The KV sandbox's pure parts: message validation (only well-formed messages, only KvScriptCall
 * shapes are executed), wrapping the user's code (globals in scope, worker globals shadowed, a
 * top-level return, the user's line in a stack), source-map line mapping, and the script lib.
 */
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  decodeVlq, isKvDisplay, kvScriptLib, mapGeneratedLine, parseSandboxMessage, sandboxSrcdoc, stripEmitTrailer, userLineFromStack,
  wrapUserCode,
} from './protocol';

const isCall = (c: unknown) => typeof c === 'object' && c !== null && (c as { op?: unknown }).op === 'insert';

describe('parseSandboxMessage', () => {
  it('accepts the protocol shapes', () => {
    expect(parseSandboxMessage({ t: 'ready' }, isCall)).toEqual({ t: 'ready' });
    expect(parseSandboxMessage({ t: 'call', id: 1, call: { op: 'insert' } }, isCall)).toEqual({ t: 'call', id: 1, call: { op: 'insert' } });
    expect(parseSandboxMessage({ t: 'print', items: [{ kind: 'text', text: 'hi' }] }, isCall)).toEqual({ t: 'print', items: [{ kind: 'text', text: 'hi' }] });
    expect(parseSandboxMessage({ t: 'done', value: null }, isCall)).toEqual({ t: 'done', value: null });
    expect(parseSandboxMessage({ t: 'error', message: 'ReferenceError: x', line: 3 }, isCall)).toEqual({ t: 'error', message: 'ReferenceError: x', line: 3 });
    const table = { kind: 'table', columns: ['c1', 'c2'], rows: [['1', null]], numeric: [true, false] };
    expect(parseSandboxMessage({ t: 'done', value: table }, isCall)).toEqual({ t: 'done', value: table });
  });

  it('never executes a call that is not a KvScriptCall, and ignores malformed messages', () => {
    expect(parseSandboxMessage({ t: 'call', id: 1, call: { op: 'sql', text: 'DROP TABLE t' } }, isCall)).toEqual({ t: 'badCall', id: 1 });
    expect(parseSandboxMessage({ t: 'call', id: 0, call: { op: 'insert' } }, isCall)).toBeNull();
    expect(parseSandboxMessage({ t: 'call', id: '1', call: { op: 'insert' } }, isCall)).toBeNull();
    expect(parseSandboxMessage({ t: 'eval', code: 'alert(1)' }, isCall)).toBeNull();
    expect(parseSandboxMessage('{"t":"done"}', isCall)).toBeNull();
    expect(parseSandboxMessage(null, isCall)).toBeNull();
    expect(parseSandboxMessage([{ t: 'ready' }], isCall)).toBeNull();
    expect(parseSandboxMessage({ t: 'print', items: [{ kind: 'html', html: '<img onerror>' }] }, isCall)).toBeNull();
    expect(parseSandboxMessage({ t: 'print', items: [{ kind: 'table', columns: ['a'], rows: [[1]], numeric: [true] }] }, isCall)).toBeNull();
    expect(parseSandboxMessage({ t: 'error', message: 'x', line: -2 }, isCall)).toBeNull();
    expect(parseSandboxMessage({ t: 'error', message: 42 }, isCall)).toBeNull();
  });

  it('bounds the size of what a script can post', () => {
    expect(isKvDisplay({ kind: 'text', text: 'x'.repeat(100_001) })).toBe(false);
    const rows = Array.from({ length: 200_001 }, () => ['1']);
    expect(isKvDisplay({ kind: 'table', columns: ['a'], rows, numeric: [false] })).toBe(false);
    expect(isKvDisplay({ kind: 'table', columns: ['a', 'b'], rows: [['1']], numeric: [false, false] })).toBe(false);
  });
});

/** Runs a wrapped script in a fresh V8 context with a fake runtime; returns what `run` got. */
function runWrapped(js: string, names: string[], args: unknown[]) {
  const runtime = 'var __obkvRuntime = { run(names, first, last, fn) { captured = { names, first, last, fn }; } }; var captured;';
  const w = wrapUserCode(runtime, js, names);
  const ctx: Record<string, unknown> = { postMessage: () => 'leaked' };
  runInNewContext(w.source, ctx, { filename: 'blob:null/1234' });
  const cap = ctx.captured as { names: string[]; first: number; last: number; fn: (...a: unknown[]) => Promise<unknown> };
  return { w, cap, result: cap.fn(...args) };
}

describe('wrapUserCode', () => {
  it('passes the script globals, shadows the worker globals, and returns the top-level return', async () => {
    const { w, cap, result } = runWrapped('const x = await client.get(1);\nreturn [x, typeof self, typeof postMessage, typeof __obkvRuntime];', ['client', 'print'], [
      { get: async (k: number) => k + 1 },
      () => {},
    ]);
    expect(cap.names).toEqual(['client', 'print']);
    expect(cap.first).toBe(w.userFirstLine);
    expect(cap.last).toBe(w.userLastLine);
    expect(w.userLastLine - w.userFirstLine).toBe(1);
    expect(await result).toEqual([2, 'undefined', 'undefined', 'undefined']);
  });

  it("lets the script declare a name that shadows a worker global", async () => {
    const { result } = runWrapped('const self = 5;\nreturn self;', ['print'], [() => {}]);
    expect(await result).toBe(5);
  });

  it('runs in strict mode', async () => {
    const { result } = runWrapped('undeclared = 1;', ['print'], [() => {}]);
    await expect(result).rejects.toThrow(/undeclared is not defined/);
  });

  it("finds the user's line of a runtime error in the stack", async () => {
    const { w, result } = runWrapped('const a = 1;\n\nnull.boom;\n', ['print'], [() => {}]);
    const err = (await result.catch((e: Error) => e)) as Error;
    expect(String(err)).toMatch(/TypeError: Cannot read properties of null/); // an Error of the script's realm
    expect(userLineFromStack(err.stack, w.userFirstLine, w.userLastLine)).toBe(3);
  });

  it('rejects global names that are not identifiers', () => {
    expect(() => wrapUserCode('', '', ['a-b'])).toThrow(/bad script global name/);
  });
});

describe('userLineFromStack', () => {
  it('reads V8 and Firefox frames, ignoring the runtime', () => {
    const v8 = 'Error: x\n    at run (blob:null/ab:12:5)\n    at async blob:null/ab:40:3';
    expect(userLineFromStack(v8, 38, 45)).toBe(3);
    expect(userLineFromStack('f@blob:null/ab:39:2\n', 38, 45)).toBe(2);
    expect(userLineFromStack(v8, 50, 60)).toBeNull();
    expect(userLineFromStack(undefined, 1, 2)).toBeNull();
  });
});

describe('source maps', () => {
  it('decodes VLQ segments', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('AACA')).toEqual([0, 0, 1, 0]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('gB')).toEqual([16]);
  });

  it('maps emitted lines back to the TypeScript line', () => {
    const source = ['interface R {', '  a: number;', '}', 'type T = string;', 'const r: R = { a: 1 };', '', 'const s: T = "x";', 'null!.boom;'].join('\n');
    const out = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, sourceMap: true }, fileName: 'script.ts' });
    const js = stripEmitTrailer(out.outputText).split('\n');
    const map = JSON.parse(out.sourceMapText!) as { mappings: string };
    const boomJsLine = js.findIndex((l) => l.includes('boom')) + 1;
    const sJsLine = js.findIndex((l) => l.includes('"x"')) + 1;
    expect(boomJsLine).toBeLessThan(8); // the types are gone
    expect(mapGeneratedLine(map.mappings, boomJsLine)).toBe(8);
    expect(mapGeneratedLine(map.mappings, sJsLine)).toBe(7);
  });

  it('strips the emit trailer', () => {
    expect(stripEmitTrailer('a();\nexport {};\n//# sourceMappingURL=x.js.map')).toBe('a();\n');
  });
});

describe('kvScriptLib', () => {
  it('makes the API types global and declares each script global', () => {
    const lib = kvScriptLib('/** doc */\nexport interface ObTableApi { get(): void }\nexport type Value = number;\nexport interface KvScriptGlobals { client: ObTableApi; print: (...v: unknown[]) => void }\n', ['client', 'print']);
    expect(lib).toContain('interface ObTableApi');
    expect(lib).not.toMatch(/^export /m);
    expect(lib).toContain("declare const client: KvScriptGlobals['client'];");
    expect(lib).toContain('declare function print(...values: unknown[]): void;');
    expect(lib).not.toContain("declare const print");
  });

  it('type-checks a script against the real API types', () => {
    const apiText = ts.sys.readFile('engine/client/kv_api_types.ts')!;
    const names = ['client', 'hbase', 'print', 'compareVal', 'andList', 'orList', 'inList', 'notInList', 'MIN', 'MAX', 'Put', 'Get', 'Delete', 'Scan', 'CompareOp'];
    const lib = kvScriptLib(apiText, names);
    const script = [
      "await client.insert('t1', 1, ['c2'], ['a']);",
      "const row = await client.get('t1', 1);",
      "const q = await client.query('t1').addScanRange([MIN], [MAX]).setFilter(compareVal('>=', 'c1', 5)).limit(10).execute();",
      "await hbase.table('h').put(new Put('r1').addColumn('f', 'q', 'v'));",
      'print(row, q.rows.length);',
      'client.nope();',
    ].join('\n');
    const files = new Map([
      ['/lib.d.ts', lib],
      ['/script.ts', `${script}\nexport {};`],
    ]);
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, lib: ['lib.es2022.d.ts'], noEmit: true, strict: false, types: [] };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, lang) : getSourceFile(name, lang));
    host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
    const program = ts.createProgram(['/lib.d.ts', '/script.ts'], options, host);
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(diags).toEqual(["/script.ts: Property 'nope' does not exist on type 'ObTableApi'."]);
  });
});

describe('sandboxSrcdoc', () => {
  it('carries a strict CSP and talks only to its parent', () => {
    const doc = sandboxSrcdoc();
    expect(doc).toContain(`content="default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:"`);
    expect(doc).toContain('ev.source !== parent');
    expect(doc).not.toContain('allow-same-origin');
  });
});
