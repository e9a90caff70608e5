/**
 * "Tutorials ▾" in the top bar (issue #6 item 4): the built-in tutorials (app/tutorials/*.md, in
 * file order). Picking one opens it as a scenario: a fresh cluster of its topology in its own
 * namespace (the user's cluster is kept), the first cell highlighted, nothing run yet.
 */
import { useEffect, useRef, useState } from 'react';
import { TUTORIALS } from '../tutorials/index';
import { openScenario } from './scenarioActions';
import { useScenarioStore } from './scenarioStore';

export function TutorialsMenu() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  const busy = useScenarioStore((s) => s.phase === 'booting' || s.phase === 'setup' || s.runningIndex !== null);
  useEffect(() => {
    if (!open) return;
    const onDown = (ev: MouseEvent) => {
      if (box.current && !box.current.contains(ev.target as Node)) setOpen(false);
    };
    const onKey = (ev: KeyboardEvent) => ev.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const pick = (text: string) => {
    setOpen(false);
    void openScenario(text, { source: 'tutorial' });
  };
  return (
    <span className="menu" ref={box}>
      <button className="btn" data-testid="tutorials-menu" disabled={busy} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Tutorials ▾
      </button>
      {open && (
        <div className="menu-pop tutorials-pop" role="menu" aria-label="Tutorials">
          {TUTORIALS.length === 0 && <div className="hint">No tutorials are built in yet.</div>}
          {TUTORIALS.map((t, k) => (
            <button key={t.slug} role="menuitem" className="tutorial-item" data-testid={`tutorial-${t.slug}`} onClick={() => pick(t.text)}>
              <span>
                <span className="n">{k + 1}.</span> {t.title}
              </span>
            </button>
          ))}
          <div className="hint">Opens in its own cluster; your cluster is kept and comes back on Close.</div>
        </div>
      )}
    </span>
  );
}
