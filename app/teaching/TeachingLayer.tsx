/**
 * Teaching mode in one mount (issue #6): installs the single-key shortcuts and renders the
 * shortcuts overlay and the toast. App mounts it once inside `.app`; the top bar mounts
 * `PresenterToggle`; App adds `usePresenterClass()` to `.app`.
 */
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { TeachingToast } from './TeachingToast';
import { useTeachingShortcuts } from './useTeachingShortcuts';

export function TeachingLayer() {
  useTeachingShortcuts();
  return (
    <>
      <TeachingToast />
      <ShortcutsOverlay />
    </>
  );
}
