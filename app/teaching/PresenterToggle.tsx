/** The top bar's presenter-layout switch (issue #6; the `T` key does the same). */
import { togglePresenter } from '../state/uiStore';
import { usePresenter } from './usePresenter';
import { setOverlayOpen } from './teachingStore';

export function PresenterToggle() {
  const on = usePresenter();
  return (
    <span className="presenter-toggle">
      <button
        className="btn"
        data-testid="presenter-toggle"
        aria-pressed={on}
        aria-keyshortcuts="T"
        onClick={() => void togglePresenter()}
        title={on ? 'Leave the presenter layout (T)' : 'Presenter layout: large type, topology in focus (T)'}
      >
        {on ? '▣ Presenting' : '▣'}
      </button>
      <button
        className="btn icon"
        data-testid="shortcuts-help"
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        onClick={() => setOverlayOpen(true)}
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
    </span>
  );
}
