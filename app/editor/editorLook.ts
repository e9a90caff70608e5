/**
 * How every Monaco editor of the page looks (SQL, KV, HBase): the theme follows the page's light /
 * dark theme, and the font size the presenter layout (Monaco sizes its text in JS options, not
 * CSS, so the code a teacher projects grows with the rest of the presenter layout).
 */
import { useEffect } from 'react';
import { useUiStore } from '../state/uiStore';
import { usePresenter } from '../teaching/usePresenter';

type Monaco = typeof import('./monacoSetup')['monaco'];
type Editor = ReturnType<Monaco['editor']['create']>;

/** Monaco's font size in the normal and the presenter layout, px. */
export const EDITOR_FONT_PX = 13;
export const PRESENTER_EDITOR_FONT_PX = 18;

/** Keeps `editor` (null while it loads) in the page's theme and the layout's font size. */
export function useEditorLook(editor: { editor: Editor; monaco: Monaco } | null): void {
  const theme = useUiStore((s) => s.theme);
  const presenter = usePresenter();
  useEffect(() => {
    editor?.monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [editor, theme]);
  useEffect(() => {
    editor?.editor.updateOptions({ fontSize: presenter ? PRESENTER_EDITOR_FONT_PX : EDITOR_FONT_PX });
  }, [editor, presenter]);
}
