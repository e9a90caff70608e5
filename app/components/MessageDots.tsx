/**
 * Messages moving between servers (issue #4 item 6, as RaftScope draws Raft): each message the
 * host traced (`useNetworkStore.messages`) becomes a dot that travels from the sender's card to
 * the receiver's card in `DOT_FLIGHT_MS`, labelled by its kind on hover. At most `DOTS_MAX` dots
 * fly at once (extra messages are counted, not drawn). Positions are set with CSS transforms in
 * one requestAnimationFrame loop, outside React; the component is mounted only while the trace
 * is on, so it costs nothing when off.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useNetworkStore, type TracedMessage } from '../state/networkStore';
import { measureServerCards } from './serverGeometry';

/** Dots drawn at once. */
export const DOTS_MAX = 100;
/** How long a dot takes from sender to receiver, ms of real time. */
export const DOT_FLIGHT_MS = 700;
type Msg = TracedMessage;
interface Flight {
  msg: Msg;
  startMs: number;
}

export function MessageDots({ wrapRef }: { wrapRef: RefObject<HTMLDivElement | null> }) {
  const layerRef = useRef<HTMLDivElement | null>(null);
  const countRef = useRef<HTMLSpanElement | null>(null);
  useEffect(() => {
    const layer = layerRef.current;
    const wrap = wrapRef.current;
    if (!layer || !wrap) return;
    const pool: HTMLSpanElement[] = [];
    for (let i = 0; i < DOTS_MAX; i++) {
      const dot = document.createElement('span');
      dot.className = 'msg-dot';
      dot.hidden = true;
      layer.appendChild(dot);
      pool.push(dot);
    }
    // The store keeps each traced message's object as it arrived: identity tells new from drawn.
    const seen = new WeakSet<Msg>();
    let flights: Flight[] = [];
    let skipped = 0;
    const ingest = (messages: readonly Msg[]) => {
      const now = performance.now();
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i];
        if (seen.has(m)) break;
        seen.add(m);
        if (flights.length < DOTS_MAX) flights.push({ msg: m, startMs: now });
        else skipped++;
      }
    };
    // Messages already in the store when the trace is turned on are history: not drawn.
    for (const m of useNetworkStore.getState().messages) seen.add(m);
    const unsubscribe = useNetworkStore.subscribe((s, prev) => {
      if (s.messages !== prev.messages) ingest(s.messages);
    });
    let frame = 0;
    const tick = () => {
      const now = performance.now();
      flights = flights.filter((f) => now - f.startMs < DOT_FLIGHT_MS);
      const boxes = flights.length ? measureServerCards(wrap) : new Map();
      let used = 0;
      for (const f of flights) {
        const a = boxes.get(f.msg.from);
        const b = boxes.get(f.msg.to);
        if (!a || !b) continue;
        const p = (now - f.startMs) / DOT_FLIGHT_MS;
        const x = a.x + a.w / 2 + (b.x + b.w / 2 - (a.x + a.w / 2)) * p;
        const y = a.y + (b.y - a.y) * p;
        const dot = pool[used++];
        dot.hidden = false;
        dot.style.transform = `translate(${x - 4}px, ${y - 4}px)`;
        dot.title = `${f.msg.kind} (${f.msg.bytes.toLocaleString('en-US')} B): server ${f.msg.from} → server ${f.msg.to}`;
        dot.dataset.kind = f.msg.kind;
      }
      for (let i = used; i < pool.length; i++) if (!pool[i].hidden) pool[i].hidden = true;
      if (countRef.current) countRef.current.textContent = skipped > 0 ? `${used} in flight · ${skipped.toLocaleString('en-US')} not drawn (over ${DOTS_MAX})` : `${used} in flight`;
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      for (const d of pool) d.remove();
    };
  }, [wrapRef]);
  return (
    <>
      <div className="msg-layer" ref={layerRef} aria-hidden data-testid="message-dots" />
      <span className="msg-count hint" ref={countRef} data-testid="message-count" />
    </>
  );
}
