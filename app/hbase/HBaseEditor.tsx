/**
 * The HBase shell editor: Monaco with the shell's tokenizer and completion (hbaseLanguage.ts),
 * loaded lazily like the SQL editor. Ctrl/Cmd+Enter runs the selection or the command at the
 * cursor; Shift+Ctrl/Cmd+Enter runs everything. Nothing runs without a click or a key press. The
 * text is kept in localStorage across reloads.
 */
import { useEffect, useRef, useState } from 'react';
import { useUiStore } from '../state/uiStore';
import { EDITOR_FONT_PX, useEditorLook } from '../editor/editorLook';
import { commandAtLine } from './commandAtCursor';
import { DEFAULT_HBASE_SCRIPT, HBASE_EDITOR_TEXT_KEY } from './defaultHBaseScript';
import { HBASE_LANGUAGE_ID, registerHBaseLanguage } from './hbaseLanguage';
import { hbaseTableNames, runHBase } from './hbaseRunner';

type Monaco = typeof import('../editor/monacoSetup')['monaco'];
type Editor = ReturnType<Monaco['editor']['create']>;

export type HBaseRunMode = 'current' | 'all';

let current: Editor | null = null;

function textToRun(editor: Editor, mode: HBaseRunMode): string | null {
  const model = editor.getModel();
  if (!model) return null;
  if (mode === 'all') return model.getValue();
  const selection = editor.getSelection();
  if (selection && !selection.isEmpty()) return model.getValueInRange(selection);
  return commandAtLine(model.getValue(), editor.getPosition()?.lineNumber ?? 1);
}

/** Runs the command at the cursor / the selection ('current') or the whole text ('all'). */
export function runHBaseFromEditor(mode: HBaseRunMode): void {
  const text = current ? textToRun(current, mode) : null;
  if (text && text.trim() !== '') void runHBase(text);
}

/** Replaces the editor's text (tests). */
export function setHBaseEditorText(text: string): void {
  current?.getModel()?.setValue(text);
}

export function HBaseEditor() {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<{ editor: Editor; monaco: Monaco } | null>(null);

  useEffect(() => {
    let disposed = false;
    let created: Editor | null = null;
    void import('../editor/monacoSetup').then(({ monaco }) => {
      if (disposed || !host.current) return;
      registerHBaseLanguage(monaco, hbaseTableNames);
      created = monaco.editor.create(host.current, {
        value: localStorage.getItem(HBASE_EDITOR_TEXT_KEY) || DEFAULT_HBASE_SCRIPT,
        language: HBASE_LANGUAGE_ID,
        theme: useUiStore.getState().theme === 'dark' ? 'vs-dark' : 'vs',
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: EDITOR_FONT_PX,
        scrollBeyondLastLine: false,
        wordBasedSuggestions: 'off',
        quickSuggestions: { other: true, comments: false, strings: true },
        suggestOnTriggerCharacters: true,
        renderLineHighlight: 'line',
        ariaLabel: 'HBase shell editor',
      });
      const ed = created;
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runHBaseFromEditor('current'));
      ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => runHBaseFromEditor('all'));
      ed.onDidChangeModelContent(() => localStorage.setItem(HBASE_EDITOR_TEXT_KEY, ed.getValue()));
      current = ed;
      setEditor({ editor: ed, monaco });
    });
    return () => {
      disposed = true;
      if (current === created) current = null;
      created?.dispose();
    };
  }, []);

  useEditorLook(editor);

  return (
    <div ref={host} style={{ position: 'absolute', inset: 0 }}>
      {!editor && <div className="placeholder">Loading the HBase shell editor…</div>}
    </div>
  );
}
