/**
 * The KV editor's TypeScript (issue #5 item 5), all through Monaco's bundled TypeScript worker —
 * no CDN, no second compiler:
 * - IntelliSense: `engine/client/kv_api_types.ts` (imported as text) minus `export `, plus one
 *   `declare const <name>: KvScriptGlobals['<name>']` per script global and `print`, added as an
 *   extra lib (`kvScriptLib`, pure and unit-tested);
 * - compile: syntactic and semantic diagnostics (errors block the run, each with its line), then
 *   `getEmitOutput` → JavaScript and its source map (to give runtime errors their TypeScript line).
 *
 * Scripts are modules (`moduleDetection: force`), so two scripts never clash over top-level names;
 * top-level `await` and `return` are allowed (the sandbox runs the code inside an async function).
 */
import type * as MonacoNs from 'monaco-editor/esm/vs/editor/editor.api';
import kvApiTypesText from '../../engine/client/kv_api_types.ts?raw';
import { KV_SCRIPT_GLOBAL_NAMES } from '../../engine/client/script_api';
import { kvScriptLib, mapGeneratedLine, stripEmitTrailer } from './protocol';

type Monaco = typeof MonacoNs;

/** TypeScript diagnostics that do not apply to a KV script (its code runs inside an async function). */
export const IGNORED_DIAGNOSTICS = [
  1108, // A 'return' statement can only be used within a function body.
  1375, // 'await' expressions are only allowed at the top level of a file when that file is a module ...
  1378, // Top-level 'await' expressions are only allowed when the 'module' option is set to ...
  1431, // 'for await' loops are only allowed at the top level of a file when that file is a module ...
  1432, // Top-level 'for await' loops are only allowed when the 'module' option is set to ...
] as const;

/** A compile error (or a runtime error) placed in the user's TypeScript. */
export interface ScriptProblem {
  message: string;
  /** 1-based line in the script, null when unknown. */
  line: number | null;
  column?: number;
}

export type CompileResult =
  | { ok: true; js: string; mapJsLine: (jsLine: number) => number | null }
  | { ok: false; problems: ScriptProblem[] };

let configured = false;

/** Sets the TypeScript defaults and the script-globals lib once (idempotent). */
export function configureKvTypeScript(monaco: Monaco): void {
  if (configured) return;
  configured = true;
  const ts = monaco.languages.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    lib: ['es2022'],
    moduleDetection: 3, // force: every script is a module
    strict: false,
    noImplicitAny: false,
    allowNonTsExtensions: true,
    sourceMap: true,
    noEmitOnError: false,
    removeComments: false,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ diagnosticCodesToIgnore: [...IGNORED_DIAGNOSTICS] });
  ts.typescriptDefaults.setEagerModelSync(true);
  ts.typescriptDefaults.addExtraLib(kvScriptLib(kvApiTypesText, KV_SCRIPT_GLOBAL_NAMES), 'file:///obkv/kv-script-globals.d.ts');
}

function flatten(text: string | MonacoNs.languages.typescript.DiagnosticMessageChain): string {
  if (typeof text === 'string') return text;
  let out = text.messageText;
  let next = text.next?.[0];
  while (next) {
    out += ` ${next.messageText}`;
    next = next.next?.[0];
  }
  return out;
}

/**
 * Compiles the script in `model` (a `typescript` model): errors (syntax first) with their lines,
 * or the emitted JavaScript with a line mapper back to the script.
 */
export async function compileKvScript(monaco: Monaco, model: MonacoNs.editor.ITextModel): Promise<CompileResult> {
  configureKvTypeScript(monaco);
  const getWorker = await typeScriptWorker(monaco);
  const worker = await getWorker(model.uri);
  const file = model.uri.toString();
  const ignored = new Set<number>(IGNORED_DIAGNOSTICS);
  const syntax = await worker.getSyntacticDiagnostics(file);
  const semantic = syntax.some((d) => d.category === 1 && !ignored.has(d.code)) ? [] : await worker.getSemanticDiagnostics(file);
  const problems = [...syntax, ...semantic]
    .filter((d) => d.category === 1 && !ignored.has(d.code))
    .map((d): ScriptProblem => {
      const pos = d.start !== undefined ? model.getPositionAt(d.start) : null;
      return { message: `TS${d.code}: ${flatten(d.messageText)}`, line: pos?.lineNumber ?? null, ...(pos ? { column: pos.column } : {}) };
    });
  if (problems.length > 0) return { ok: false, problems };
  const out = await worker.getEmitOutput(file);
  const js = out.outputFiles.find((f) => f.name.endsWith('.js'));
  if (!js || out.emitSkipped) return { ok: false, problems: [{ message: 'TypeScript produced no output for this script', line: null }] };
  const map = out.outputFiles.find((f) => f.name.endsWith('.js.map'));
  let mappings = '';
  try {
    mappings = map ? String((JSON.parse(map.text) as { mappings?: unknown }).mappings ?? '') : '';
  } catch {
    mappings = '';
  }
  return { ok: true, js: stripEmitTrailer(js.text), mapJsLine: (line) => (mappings ? mapGeneratedLine(mappings, line) : line) };
}

/** How long the TypeScript language may take to start after its first model, ms. */
const TS_START_MS = 15_000;

/**
 * Monaco's TypeScript worker accessor. The language starts (a lazy import) when its first model is
 * created, and until then `getTypeScriptWorker` rejects with "TypeScript not registered!": a
 * script run right after the page loaded (window.obPlayground.kv, a scenario's kv cell) waits for it.
 */
async function typeScriptWorker(monaco: Monaco): ReturnType<Monaco['languages']['typescript']['getTypeScriptWorker']> {
  const deadline = performance.now() + TS_START_MS;
  for (;;) {
    try {
      return await monaco.languages.typescript.getTypeScriptWorker();
    } catch (e) {
      if (performance.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

let scratch = 0;

/** Compiles script text that is not in an editor (window.obPlayground.kv): a temporary model. */
export async function compileKvText(monaco: Monaco, text: string): Promise<CompileResult> {
  const model = monaco.editor.createModel(text, 'typescript', monaco.Uri.parse(`file:///obkv/api-script-${++scratch}.ts`));
  try {
    return await compileKvScript(monaco, model);
  } finally {
    model.dispose();
  }
}
