/**
 * The faulty links drawn above the zone columns (issue #4 item 5): one dashed line per link
 * between the two servers' columns, with ticks down to them, an arrowhead on a one-way fault
 * and its effect written on it (✂ cut, ◷ delay 200 ms, ⚠ loss 20%) — readable without colour.
 * Nothing is drawn when every link is healthy.
 */
import type { RefObject } from 'react';
import type { LinkView } from '../format/topology';
import { describeLinkEffect } from '../format/topology';
import { useServerCards } from './serverGeometry';

/** Height of one link's lane, px. */
const LANE_PX = 18;

export function LinkStrip({ links, wrapRef, layoutKey }: { links: LinkView[]; wrapRef: RefObject<HTMLDivElement | null>; layoutKey: string }) {
  const boxes = useServerCards(wrapRef, `${layoutKey}|${links.length}`);
  if (links.length === 0) return null;
  const height = 6 + LANE_PX * links.length;
  return (
    <svg className="link-strip" data-testid="link-strip" width="100%" height={height} role="img" aria-label={`${links.length} faulty links`}>
      <defs>
        <marker id="link-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="link-arrow" />
        </marker>
      </defs>
      {links.map((l, i) => {
        const ba = boxes.get(l.a);
        const bb = boxes.get(l.b);
        if (!ba || !bb) return null;
        let xa = ba.x + ba.w / 2;
        let xb = bb.x + bb.w / 2;
        if (Math.abs(xa - xb) < 8) {
          xa -= ba.w / 4;
          xb += bb.w / 4;
        }
        const y = 4 + LANE_PX * i + LANE_PX / 2 + 2;
        const label = describeLinkEffect(l);
        return (
          <g key={`${l.a}-${l.b}-${l.oneWay}`} className={`link ${l.cut ? 'cut' : 'slow'}`}>
            <line x1={xa} y1={y} x2={xa} y2={height} className="link-tick" />
            <line x1={xb} y1={y} x2={xb} y2={height} className="link-tick" />
            <line x1={xa} y1={y} x2={xb} y2={y} className="link-line" markerEnd={l.oneWay ? 'url(#link-arrow)' : undefined} />
            <text x={(xa + xb) / 2} y={y - 3} textAnchor="middle" className="link-label">
              {label}
              {l.oneWay ? ' (one way)' : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
