/**
 * The Monaco SQL editor (MySQL tokenizer), loaded lazily from the bundled package. Ctrl/Cmd+Enter
 * runs the selection or the statement at the cursor; Shift+Ctrl/Cmd+Enter runs everything;
 * Ctrl/Cmd+Alt+Enter compares the statement at the cursor on the row and the column store. The
 * text is kept in localStorage across reloads.
 */
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_SCRIPT, EDITOR_TEXT_KEY } from '../editor/defaultScript';
import { compareFromEditor, registerEditor, runFromEditor, type RunMode } from '../editor/editorBridge';
import { statementAtCursor } from '../sql/statements';
import { useUiStore } from '../state/uiStore';
import { EDITOR_FONT_PX, useEditorLook } from '../editor/editorLook';

type Monaco = typeof import('../editor/monacoSetup')['monaco'];
type Editor = ReturnType<Monaco['editor']['create']>;

function textToRun(editor: Editor, mode: RunMode): string | null {
  const model = editor.getModel();
  if (!model) return null;
  if (mode === 'all') return model.getValue();
  const selection = editor.getSelection();
  if (selection && !selection.isEmpty()) return model.getValueInRange(selection);
  const position = editor.getPosition();
  const offset = position ? model.getOffsetAt(position) : 0;
  return statementAtCursor(model.getValue(), offset)?.text ?? null;
}

export function SqlEditor() {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<{ editor: Editor; monaco: Monaco } | null>(null);

  useEffect(() => {
    let disposed = false;
    let created: Editor | null = null;
    void import('../editor/monacoSetup').then(({ monaco }) => {
      if (disposed || !host.current) return;
      created = monaco.editor.create(host.current, {
        value: localStorage.getItem(EDITOR_TEXT_KEY) || DEFAULT_SCRIPT,
        language: 'mysql',
        theme: useUiStore.getState().theme === 'dark' ? 'vs-dark' : 'vs',
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: EDITOR_FONT_PX,
        scrollBeyondLastLine: false,
        wordBasedSuggestions: 'off',
        quickSuggestions: false,
        renderLineHighlight: 'line',
        ariaLabel: 'SQL editor',
      });
      const ed = created;
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runFromEditor('current'));
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => runFromEditor('all'));
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Alt | monaco.KeyCode.Enter, () => compareFromEditor());
      ed.onDidChangeModelContent(() => localStorage.setItem(EDITOR_TEXT_KEY, ed.getValue()));
      registerEditor((mode) => textToRun(ed, mode));
      setEditor({ editor: ed, monaco });
    });
    return () => {
      disposed = true;
      registerEditor(null);
      created?.dispose();
    };
  }, []);

  useEditorLook(editor);

  return (
    <div ref={host} style={{ position: 'absolute', inset: 0 }}>
      {!editor && <div className="placeholder">Loading the SQL editor…</div>}
    </div>
  );
}
