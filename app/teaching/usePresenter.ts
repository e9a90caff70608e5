/**
 * The presenter layout's hooks (issue #6): `usePresenterClass()` gives the class App puts on
 * `.app` (`presenter` when on, else empty); `usePresenter()` the flag itself. The layout is CSS
 * only (app/styles.css, rules under `.app.presenter`): larger type, the topology wide, the
 * editors narrower, a taller timeline, thicker leader marks.
 */
import { useEffect } from 'react';
import { useUiStore } from '../state/uiStore';

export function usePresenter(): boolean {
  return useUiStore((s) => s.presenter);
}

/**
 * `'presenter'` while the presenter layout is on, else `''`; also marks the document
 * (`<html data-presenter>`) so dialogs rendered outside `.app` can grow too.
 */
export function usePresenterClass(): string {
  const on = usePresenter();
  useEffect(() => {
    if (on) document.documentElement.dataset.presenter = '1';
    else delete document.documentElement.dataset.presenter;
  }, [on]);
  return on ? 'presenter' : '';
}

/** Monaco's font size in the normal and the presenter layout, px. */
export const EDITOR_FONT_PX = 13;
export const PRESENTER_EDITOR_FONT_PX = 18;

/**
 * Keeps a Monaco editor's font size with the layout (Monaco sizes its text in JS options, not CSS):
 * the code a teacher projects grows with the rest of the presenter layout.
 */
export function useEditorFontSize(editor: { updateOptions(o: { fontSize: number }): void } | null): void {
  const on = usePresenter();
  useEffect(() => {
    editor?.updateOptions({ fontSize: on ? PRESENTER_EDITOR_FONT_PX : EDITOR_FONT_PX });
  }, [editor, on]);
}
