/**
 * The teaching keys (issue #6): one capture-phase `keydown` listener on the window that maps a
 * key to a teaching action (`keyAction`, given where the focus is and whether the overlay is
 * open) and performs it. A key we act on is not passed on (so Esc closing the overlay does not
 * also leave a past moment in the timeline); every other key goes to the page untouched.
 */
import { useEffect } from 'react';
import { focusKind, keyAction, type ElementLike } from './shortcuts';
import { runTeachingAction } from './teachingActions';
import { useTeachingStore } from './teachingStore';

/** The element a key event is aimed at: the focused one (through shadow roots), else the target. */
function focusedElement(e: KeyboardEvent): ElementLike | null {
  const target = e.composedPath()[0] ?? e.target;
  return target instanceof Element ? (target as unknown as ElementLike) : null;
}

function onKeyDown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.isComposing) return;
  const action = keyAction(e, { focus: focusKind(focusedElement(e)), overlayOpen: useTeachingStore.getState().overlayOpen });
  if (!action) return;
  e.preventDefault();
  e.stopPropagation();
  runTeachingAction(action);
}

/** Installs the teaching keys for as long as the calling component is mounted (App calls it once). */
export function useTeachingShortcuts(): void {
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
