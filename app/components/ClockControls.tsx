/**
 * The simulated clock in the top bar (issue #4 item 5): the simulated time (ticking, from the
 * clock anchor every worker shares), Pause/Resume (Alt+P) and the speed (0.1×–10×). The clock's
 * state comes from the host (`useNetworkStore`); every server's time is the simulated clock, so
 * leases, election timeouts and heartbeats slow down, speed up or stop with it. The time text is
 * updated in place every `CLOCK_TEXT_MS` (no React render).
 */
import { useEffect, useRef } from 'react';
import { clockTime } from '../format/obclient';
import { pauseClock, resumeClock, setClockRate } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { simNowUs, useNetworkStore } from '../state/networkStore';

/** How often the shown time is updated, ms of real time. */
const CLOCK_TEXT_MS = 100;

/** Speeds offered, × real time. */
export const CLOCK_RATES = [0.1, 0.25, 0.5, 1, 2, 5, 10] as const;

const SHORTCUT_HINT = 'Alt+P pauses or resumes the simulated clock';

function togglePause(paused: boolean): void {
  if (paused) resumeClock();
  else pauseClock();
}

export function ClockControls() {
  const paused = useNetworkStore((s) => s.clock.paused);
  const rate = useNetworkStore((s) => s.clock.rate);
  const ready = useClusterStore((s) => s.boot === 'ready');
  const timeRef = useRef<HTMLSpanElement | null>(null);
  useEffect(() => {
    const show = () => {
      if (timeRef.current) timeRef.current.textContent = clockTime(simNowUs());
    };
    show();
    if (paused) return;
    const timer = setInterval(show, CLOCK_TEXT_MS);
    return () => clearInterval(timer);
  }, [paused, rate]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'KeyP' || !e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      togglePause(useNetworkStore.getState().clock.paused);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  return (
    <span className="status-pill clock" data-testid="clock" data-paused={paused} title={`Simulated clock. ${SHORTCUT_HINT}.`}>
      <span className="sim-time" data-testid="sim-time">
        <span aria-hidden>{paused ? '‖' : '◷'}</span> <span ref={timeRef} />
        {paused && <b> paused</b>}
      </span>
      <button
        className="btn small"
        data-testid="clock-pause"
        disabled={!ready}
        onClick={() => togglePause(paused)}
        title={`${paused ? 'Resume' : 'Pause'} the simulated clock (Alt+P)`}
        aria-keyshortcuts="Alt+P"
        aria-label={paused ? 'Resume the simulated clock' : 'Pause the simulated clock'}
      >
        {paused ? '▶' : '‖'}
      </button>
      <select
        className="select"
        data-testid="clock-rate"
        aria-label="Simulated clock speed"
        title="Speed of the simulated clock (× real time)"
        disabled={!ready}
        value={String(rate)}
        onChange={(e) => setClockRate(Number(e.target.value))}
      >
        {(CLOCK_RATES as readonly number[]).includes(rate) ? null : <option value={String(rate)}>{rate}×</option>}
        {CLOCK_RATES.map((r) => (
          <option key={r} value={String(r)}>
            {r}×
          </option>
        ))}
      </select>
    </span>
  );
}
