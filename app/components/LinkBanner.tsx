/**
 * Issue #6: the banner shown when a share link could not be opened (bad or tampered link, or a
 * scenario that does not parse): what went wrong and what the page did instead. Dismissable.
 * Its message lives in a tiny store so the boot code (app/host/linkBoot.ts) can set it before
 * React renders.
 */
import type { CSSProperties } from 'react';
import { create } from 'zustand';

const BANNER_STYLE: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: 10,
  padding: '6px 12px',
  background: 'var(--error-bg)',
  color: 'var(--text)',
  borderBottom: '2px solid var(--error)',
  fontSize: 13,
};

export const useLinkBanner = create<{ message: string | null }>(() => ({ message: null }));

/** Shows `message` in the banner (replacing any earlier one). */
export function showLinkBanner(message: string): void {
  useLinkBanner.setState({ message });
}

export function dismissLinkBanner(): void {
  useLinkBanner.setState({ message: null });
}

export function LinkBanner() {
  const message = useLinkBanner((s) => s.message);
  if (!message) return null;
  return (
    <div className="link-banner" role="alert" data-testid="link-banner" style={BANNER_STYLE}>
      <span className="link-banner-mark" aria-hidden style={{ color: 'var(--error)', fontWeight: 700 }}>
        ⚠
      </span>
      <span className="link-banner-text" data-testid="link-banner-text" style={{ flex: 1, overflowWrap: 'anywhere' }}>
        {message}
      </span>
      <button className="btn small" data-testid="link-banner-dismiss" onClick={dismissLinkBanner} aria-label="Dismiss" title="Dismiss">
        ✕
      </button>
    </div>
  );
}
