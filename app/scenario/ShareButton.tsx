/**
 * "Copy link" in the top bar (issue #6 item 3): puts this page's address plus the share fragment
 * (`#s=v1.…`: the scenario at its current cell, its topology and the editors' texts) on the
 * clipboard and says so. Without an open scenario the link carries an empty scenario of the current
 * topology plus the editors. A link over SHARE_LINK_CHARS_MAX characters is not offered: the pop-up
 * says so and offers "Save .md" instead. The link is also shown, selectable, in case the clipboard
 * is not available.
 */
import { useEffect, useRef, useState } from 'react';
import { SHARE_LINK_CHARS_MAX } from '../../engine/scenario/types';
import { formatScenario } from '../../engine/scenario/serialize';
import { currentTopologyScenario, scenarioDocument, shareFragment } from './scenarioActions';
import { downloadScenario } from './scenarioFile';

type ShareState = { kind: 'copied' | 'shown'; url: string } | { kind: 'too-long'; chars: number } | { kind: 'error'; message: string };

export function ShareButton() {
  const [state, setState] = useState<ShareState | null>(null);
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!state) return;
    const onDown = (ev: MouseEvent) => {
      if (box.current && !box.current.contains(ev.target as Node)) setState(null);
    };
    const onKey = (ev: KeyboardEvent) => ev.key === 'Escape' && setState(null);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [state]);

  const copy = async () => {
    let share: ReturnType<typeof shareFragment>;
    try {
      share = shareFragment();
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (share.tooLong) {
      setState({ kind: 'too-long', chars: share.fragment.length });
      return;
    }
    const url = location.origin + location.pathname + share.fragment;
    try {
      await navigator.clipboard.writeText(url);
      setState({ kind: 'copied', url });
    } catch {
      setState({ kind: 'shown', url });
    }
  };
  const save = () => {
    const doc = scenarioDocument() ?? { text: formatScenario(currentTopologyScenario()), title: 'My playground' };
    downloadScenario(doc.text, doc.title);
    setState(null);
  };

  return (
    <span className="menu" ref={box}>
      <button className="btn" data-testid="share-button" onClick={() => void copy()} title="Copy a link to this scenario, its topology and the editors' texts">
        Copy link
      </button>
      {state && (
        <div className="menu-pop share-pop" role="dialog" aria-label="Share link" data-testid="share-pop">
          {state.kind === 'copied' && (
            <div className="share-ok" role="status" data-testid="share-copied">
              ✓ Link copied to the clipboard
            </div>
          )}
          {state.kind === 'shown' && <div className="hint">The clipboard is not available here: copy the link below.</div>}
          {(state.kind === 'copied' || state.kind === 'shown') && (
            <>
              <input readOnly value={state.url} data-testid="share-url" aria-label="Share link" onFocus={(e) => e.currentTarget.select()} />
              <div className="hint">Opening it boots this topology in its own storage and loads the scenario; nothing runs until the reader clicks.</div>
            </>
          )}
          {state.kind === 'too-long' && (
            <>
              <div data-testid="share-too-long">
                This link would be {state.chars.toLocaleString('en-US')} characters, over the {SHARE_LINK_CHARS_MAX.toLocaleString('en-US')} a link may
                carry. Save the scenario as a .md file and share that instead.
              </div>
              <button className="btn small primary" data-testid="share-save" onClick={save}>
                Save .md
              </button>
            </>
          )}
          {state.kind === 'error' && <div className="error-message">{state.message}</div>}
        </div>
      )}
    </span>
  );
}
