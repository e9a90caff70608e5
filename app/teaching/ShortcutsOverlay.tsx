/**
 * The keyboard shortcuts list (issue #6), opened with `?` or the top bar's `?` button: the
 * teaching keys and the page's other shortcuts. A modal dialog: focus moves into it and Tab
 * cycles inside it; Esc, `?`, the Close button or a click outside closes it, and focus returns to
 * where it was.
 */
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { OTHER_SHORTCUTS, TEACHING_SHORTCUTS } from './shortcuts';
import { setOverlayOpen, useTeachingStore } from './teachingStore';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function close(): void {
  setOverlayOpen(false);
}

/** Keeps Tab / Shift+Tab inside `box`. */
function trapTab(e: ReactKeyboardEvent<HTMLDivElement>, box: HTMLDivElement | null): void {
  if (e.key !== 'Tab' || !box) return;
  const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !box.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !box.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

export function ShortcutsOverlay() {
  const open = useTeachingStore((s) => s.overlayOpen);
  if (!open) return null;
  return <OverlayDialog />;
}

function OverlayDialog() {
  const boxRef = useRef<HTMLDivElement | null>(null);
  const closeRef = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div
      className="dialog-backdrop shortcuts-backdrop"
      data-testid="shortcuts-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div
        ref={boxRef}
        className="shortcuts-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-overlay"
        onKeyDown={(e) => {
          trapTab(e, boxRef.current);
          if (e.key === 'Escape') close();
        }}
      >
        <div className="shortcuts-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={closeRef} className="btn" data-testid="shortcuts-close" onClick={close}>
            Close <span className="dim">(Esc)</span>
          </button>
        </div>
        <p className="hint">
          Single keys act when the focus is not in an editor or a text field (click outside the editor first). Faults land on the
          event timeline.
        </p>
        <div className="shortcuts-cols">
          <section aria-labelledby="keys-teaching">
            <h3 id="keys-teaching">Teaching keys</h3>
            <dl className="shortcut-list">
              {TEACHING_SHORTCUTS.map((s) => (
                <div key={s.key} className="shortcut" data-action={s.action}>
                  <dt>
                    <kbd>{s.label}</kbd>
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="keys-page">
            <h3 id="keys-page">Everywhere else</h3>
            <dl className="shortcut-list">
              {OTHER_SHORTCUTS.map((s) => (
                <div key={s.label} className="shortcut">
                  <dt>
                    {s.label.split(' / ').map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' / '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.description}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
    </div>
  );
}
