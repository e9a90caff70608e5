/**
 * Monaco from the npm package (never a CDN): the core editor, the MySQL Monarch tokenizer, and
 * the editor worker bundled by Vite (`?worker`). `MonacoEnvironment` is set before any editor is
 * created, so Monaco never "falls back to loading web worker code in main thread".
 * Loaded lazily (dynamic import) so the cluster view renders first.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import 'monaco-editor/esm/vs/editor/edcore.main';
import 'monaco-editor/esm/vs/basic-languages/mysql/mysql.contribution';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
