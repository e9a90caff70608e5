/**
 * The timeline's words for a link fault (issue #4 `fault` events), shared by the in-process
 * simulator and the browser host so a scenario reads the same in both.
 */
import type { LinkFault } from '../env';

/** `cut on 1 → 2`, `delay 20 ms, loss 10% on 1 → 2`, or `heal 1 → 2` for a healthy link. */
export function describeLinkFault(f: LinkFault): string {
  const parts: string[] = [];
  if (f.cut) parts.push('cut');
  if (f.delayUs > 0) parts.push(`delay ${f.delayUs / 1000} ms`);
  if (f.lossRate > 0) parts.push(`loss ${Math.round(f.lossRate * 1000) / 10}%`);
  return parts.length === 0 ? `heal ${f.from} → ${f.to}` : `${parts.join(', ')} on ${f.from} → ${f.to}`;
}
