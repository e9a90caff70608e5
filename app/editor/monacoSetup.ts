/**
 * Monaco from the npm package (never a CDN): the core editor, the MySQL Monarch tokenizer, the
 * TypeScript language (issue #5: the KV editor's IntelliSense and the scripts' transpile), and
 * their workers bundled by Vite (`?worker`): the TypeScript language worker for the `typescript` /
 * `javascript` labels, the editor worker otherwise. `MonacoEnvironment` is set before any editor
 * is created, so Monaco never "falls back to loading web worker code in main thread".
 * Loaded lazily (dynamic import) so the cluster view renders first.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import 'monaco-editor/esm/vs/editor/edcore.main';
import 'monaco-editor/esm/vs/basic-languages/mysql/mysql.contribution';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution';
import 'monaco-editor/esm/vs/language/typescript/monaco.contribution';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker?worker';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()),
};

export { monaco };
