/** The draggable divider between the console and the cluster panel (sets --right-width). */
import { useCallback } from 'react';

export function Splitter() {
  const onPointerDown = useCallback((e: React.PointerEvent<HTMLDivElement>) => {
    const main = e.currentTarget.parentElement;
    if (!main) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const rect = main.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      const right = Math.min(Math.max(rect.right - ev.clientX, 380), rect.width - 420);
      main.style.setProperty('--right-width', `${right}px`);
    };
    const up = () => {
      removeEventListener('pointermove', move);
      removeEventListener('pointerup', up);
    };
    addEventListener('pointermove', move);
    addEventListener('pointerup', up);
  }, []);
  return <div className="splitter" role="separator" aria-orientation="vertical" aria-label="Resize panels" onPointerDown={onPointerDown} />;
}
