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

