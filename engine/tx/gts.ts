/**
 * GTS — the Global Timestamp Service of a tenant (reference §3.6), served by the leader of the
 * tenant's LS 1. It hands out strictly increasing SCNs used as read snapshots and commit versions:
 * max(previous + 1, now in ns). (OceanBase pre-allocates ranges through the log so a new leader
 * never goes backwards; with fixed leaders this slice keeps `last` across restarts by starting above
 * the highest SCN replayed, see `observe`.)
 */
import { scn, type Scn } from '../common/ids';
import type { Clock } from '../env';

export class GtsSource {
  private last = 0n;

  constructor(private readonly clock: Clock) {}

  /** A new SCN, greater than every SCN returned or observed before. */
  next(): Scn {
    const nowNs = BigInt(this.clock.nowUs()) * 1000n;
    this.last = nowNs > this.last ? nowNs : this.last + 1n;
    return scn(this.last);
  }

  /** Makes later SCNs exceed `s` (an SCN seen in the log on recovery or from another source). */
  observe(s: Scn): void {
    if (s > this.last) this.last = s;
  }
}
