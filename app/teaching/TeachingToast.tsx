/**
 * The toast naming what a teaching key just did (issue #6), e.g. "Killed OBServer 1 (zone1),
 * leader of LS 1001 of tenant test". Announced politely to screen readers; the tone is shown by
 * an icon and a border style as well as colour.
 */
import { dismissToast, useTeachingStore } from './teachingStore';

const ICON = { info: 'ℹ', fault: '⚡', error: '⚠' } as const;

export function TeachingToast() {
  const toast = useTeachingStore((s) => s.toast);
  return (
    <div className="teaching-toast-region" role="status" aria-live="polite">
      {toast && (
        <div key={toast.seq} className={`teaching-toast ${toast.tone}`} data-testid="teaching-toast" data-tone={toast.tone}>
          <span className="icon" aria-hidden>
            {ICON[toast.tone]}
          </span>
          <span className="text">{toast.text}</span>
          <button className="dismiss" aria-label="Dismiss" onClick={dismissToast}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
