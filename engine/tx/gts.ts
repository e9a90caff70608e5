/**
 * GTS — the Global Timestamp Service of a tenant (reference §3.6), served by the leader of the
 * tenant's LS 1. It hands out strictly increasing SCNs used as read snapshots and commit versions:
 * max(previous + 1, now in ns).
 *
 * Issue #4: the GTS follows LS 1's leader. A server creates a `GtsSource` when its replica of the
 * tenant's LS 1 starts serving as leader and drops it the moment that replica stops leading
 * (`engine/server/ls_service.ts`). Why a new GTS never hands out an SCN below one the old GTS gave:
 *  1. the old leader serves GTS only while it leads LS 1, and it stops leading (and drops its
 *     source) at the PALF tick where its lease lapses — or earlier, when it hands over;
 *  2. the new leader is elected only after a majority's voters stopped honouring the old lease
 *     (they refuse votes for `leaseTicks` after last hearing the old leader), so every SCN the old
 *     GTS handed out was taken at a clock reading at least a lease earlier than the new one's first;
 *     OceanBase makes the same argument with its lease wait, assuming clock drift below the lease;
 *  3. every SCN that reached a log (commit and prepare versions) is ≤ the highest SCN the new
 *     leader has seen: before serving, the new source `observe`s the maximum applied SCN and the
 *     maximum SCN in the PALF log of every replica on its server — LS 1's log among them, whose
 *     takeover applied every entry of the earlier leaders.
 * (OceanBase pre-allocates GTS ranges through LS 1's log; the lease argument above replaces that.)
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
