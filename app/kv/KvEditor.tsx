/**
 * The KV script editor (issue #5 item 5): Monaco in TypeScript mode over one model
 * (`file:///obkv/kv-script.ts`) with IntelliSense from the script API's types (compile.ts). Ctrl/
 * Cmd+Enter runs the script — the only other way is the Run button; nothing runs on load. The
 * text is kept in localStorage across reloads.
 */
import { useEffect, useRef, useState } from 'react';
import { useUiStore } from '../state/uiStore';
import { EDITOR_FONT_PX, useEditorLook } from '../editor/editorLook';
import { compileKvScript, configureKvTypeScript } from './compile';
import { DEFAULT_KV_SCRIPT, KV_SCRIPT_KEY } from './defaultKvScript';
import { runKvScript } from './runScript';

type Monaco = typeof import('../editor/monacoSetup')['monaco'];
type Editor = ReturnType<Monaco['editor']['create']>;

let current: { editor: Editor; monaco: Monaco } | null = null;

/** Runs the editor's script (the Run button and Ctrl/Cmd+Enter). No-op until the editor exists. */
export function runKvFromEditor(): void {
  const ed = current;
  const model = ed?.editor.getModel();
  if (!ed || !model) return;
  void runKvScript('editor', (monaco) => compileKvScript(monaco, model));
}

/** Replaces the editor's text (tests, shared links). */
export function setKvEditorText(text: string): void {
  current?.editor.getModel()?.setValue(text);
}

export function KvEditor() {
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let created: { editor: Editor; model: ReturnType<Monaco['editor']['createModel']> } | null = null;
    void import('../editor/monacoSetup').then(({ monaco }) => {
      if (disposed || !host.current) return;
      configureKvTypeScript(monaco);
      const uri = monaco.Uri.parse('file:///obkv/kv-script.ts');
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(localStorage.getItem(KV_SCRIPT_KEY) || DEFAULT_KV_SCRIPT, 'typescript', uri);
      const editor = monaco.editor.create(host.current, {
        model,
        theme: useUiStore.getState().theme === 'dark' ? 'vs-dark' : 'vs',
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: EDITOR_FONT_PX,
        scrollBeyondLastLine: false,
        tabSize: 2,
        renderLineHighlight: 'line',
        ariaLabel: 'KV script editor (TypeScript)',
      });
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runKvFromEditor());
      editor.onDidChangeModelContent(() => localStorage.setItem(KV_SCRIPT_KEY, model.getValue()));
      created = { editor, model };
      current = { editor, monaco };
      setReady(true);
    });
    return () => {
      disposed = true;
      if (created && current?.editor === created.editor) current = null;
      created?.editor.dispose();
      created?.model.dispose();
    };
  }, []);

  useEditorLook(ready ? current : null);

  return (
    <div ref={host} style={{ position: 'absolute', inset: 0 }}>
      {!ready && <div className="placeholder">Loading the KV editor…</div>}
    </div>
  );
}
