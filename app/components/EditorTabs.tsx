/**
 * The left pane's editors (issue #5, architecture §9): SQL | KV | HBase tabs above the editor
 * (Alt+1 / Alt+2 / Alt+3 switch). Each editor is mounted the first time its tab opens and then
 * kept (hidden) so its text, cursor and last results survive switching.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { setEditorTab, useUiStore, type EditorTab } from '../state/uiStore';

export const EDITOR_TABS: { id: EditorTab; label: string; title: string }[] = [
  { id: 'sql', label: 'SQL', title: 'SQL console (MySQL mode) — Alt+1' },
  { id: 'kv', label: 'KV', title: 'OBKV-Table / HBase client scripts in TypeScript — Alt+2' },
  { id: 'hbase', label: 'HBase', title: 'HBase shell — Alt+3' },
];

/** Alt+1/2/3 anywhere on the page switches the editor tab. */
function useTabKeys(): void {
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (!ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      const i = ['Digit1', 'Digit2', 'Digit3'].indexOf(ev.code);
      if (i < 0) return;
      ev.preventDefault();
      ev.stopPropagation();
      setEditorTab(EDITOR_TABS[i].id);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

export function EditorTabs({ panels }: { panels: Record<EditorTab, () => ReactNode> }) {
  const tab = useUiStore((s) => s.editorTab);
  const [mounted, setMounted] = useState<EditorTab[]>([tab]);
  useTabKeys();
  useEffect(() => setMounted((m) => (m.includes(tab) ? m : [...m, tab])), [tab]);
  return (
    <>
      <div className="tabs editor-tabs" role="tablist" aria-label="Editors">
        {EDITOR_TABS.map((t, i) => (
          <button
            key={t.id}
            className="tab"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`editor-panel-${t.id}`}
            data-testid={`editor-tab-${t.id}`}
            title={t.title}
            onClick={() => setEditorTab(t.id)}
          >
            {t.label}
            <span className="key-hint" aria-hidden>
              Alt+{i + 1}
            </span>
          </button>
        ))}
      </div>
      {EDITOR_TABS.filter((t) => mounted.includes(t.id) || t.id === tab).map((t) => (
        <div key={t.id} id={`editor-panel-${t.id}`} className="editor-panel" role="tabpanel" hidden={tab !== t.id} data-testid={`editor-panel-${t.id}`}>
          {panels[t.id]()}
        </div>
      ))}
    </>
  );
}
