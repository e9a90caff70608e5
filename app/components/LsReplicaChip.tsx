/** One log-stream replica: leader filled with "L", follower outlined with "F" (shape + label). */
import type { LsReplicaSnapshot } from '../../engine/server/snapshot';

export function LsReplicaChip({ replica, serverId }: { replica: LsReplicaSnapshot; serverId: number }) {
  const leader = replica.role === 'LEADER';
  const title =
    `tenant ${replica.tenantId}, LS ${replica.lsId}: ${replica.role} (${replica.replicaType}), proposal id ${replica.proposalId}\n` +
    `LSN last ${replica.lastLsn}, committed ${replica.committedLsn}, applied ${replica.appliedLsn}\n` +
    `members: servers ${replica.memberList.join(', ')}; ${replica.tabletCount} tablets`;
  return (
    <span
      className={`chip ${leader ? 'leader' : 'follower'}`}
      data-testid={`ls-replica-${replica.tenantId}-${replica.lsId}-${serverId}`}
      data-role={replica.role}
      title={title}
    >
      LS {replica.lsId} <span className="role">{leader ? 'L' : 'F'}</span>
    </span>
  );
}
