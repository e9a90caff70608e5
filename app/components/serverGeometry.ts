/**
 * Where the server cards are drawn, for the link strip and the message dots: each card's box
 * relative to the topology panel's wrapper (`[data-server-id]` elements). Layout only.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface CardBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Boxes of the server cards under `wrap`, relative to it (px), by server id. */
export function measureServerCards(wrap: HTMLElement): Map<number, CardBox> {
  const base = wrap.getBoundingClientRect();
  const out = new Map<number, CardBox>();
  for (const el of wrap.querySelectorAll<HTMLElement>('[data-server-id]')) {
    const r = el.getBoundingClientRect();
    out.set(Number(el.dataset.serverId), { x: r.left - base.left, y: r.top - base.top, w: r.width, h: r.height });
  }
  return out;
}

/**
 * The card boxes, re-measured after every render of the caller whose `key` changed and whenever
 * the wrapper resizes. State changes only when a box moved (no render loop).
 */
export function useServerCards(wrapRef: RefObject<HTMLElement | null>, key: unknown): Map<number, CardBox> {
  const [boxes, setBoxes] = useState<{ sig: string; map: Map<number, CardBox> }>({ sig: '', map: new Map() });
  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measure = () => {
      const map = measureServerCards(wrap);
      const sig = [...map].map(([id, b]) => `${id}:${Math.round(b.x)},${Math.round(b.y)},${Math.round(b.w)},${Math.round(b.h)}`).join(';');
      setBoxes((cur) => (cur.sig === sig ? cur : { sig, map }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(wrap);
    return () => ro.disconnect();
  }, [wrapRef, key]);
  return boxes.map;
}
