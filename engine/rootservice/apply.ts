/**
 * `applyRsCommand`: the root service's state machine. Every replica of the sys tenant's LS 1
 * applies the same `rs` records in the same order, so the function must be pure and deterministic:
 * same state + same command → same new state (or the same ObError) on every server. The root
 * service also calls it before proposing a command, to validate it and return the ObError to the
 * statement (OceanBase's RootService checks a DDL against its inner tables the same way).
 *
 * Returns a NEW state with `version + 1` (the input is never mutated: handlers work on a
 * structured clone), or throws the ObError OceanBase would print. A command that changes nothing
 * (IF NOT EXISTS on an existing object, a late internal report) still yields version + 1, so the
 * runtime can wait for "the version after my command".
 */
import { unreachable } from '../common/assert';
import { nextState } from './cluster_state';
import {
  addServer, addZone, cancelDeleteServer, deleteServer, deleteZone, replaceReplica, serverLiveness, startStopServer, startStopZone,
  unitMigrated,
} from './apply_cluster';
import { createTransferTask, jobProgress, lsStatus, transferTaskStatus } from './apply_internal';
import {
  alterResourcePool, alterUnitConfig, createResourcePool, createUnitConfig, dropResourcePool, dropUnitConfig,
} from './apply_resource';
import {
  alterTenantLocality, alterTenantPrimaryZone, alterTenantUnitNum, createTenant, dropTenant, switchReplicaLeader,
} from './apply_tenant';
import type { ClusterState, RsCommand } from './types';

/**
 * Applies one command. Throws (examples): 4649/4648 unit config exists / not exists, 4651/4650
 * pool exists / not exists, 4626 pool already granted, 4624 a server lacks resources, 4656
 * UNIT_NUM above the zone's server count, 4668 zone not empty, 5156/5157 tenant exists / unknown,
 * 4643 primary zone outside the tenant's zones, 1210 bad locality, 4179 locality change not
 * allowed, 1235 two pool attributes in one ALTER. See each handler for its rules.
 */
export function applyRsCommand(state: ClusterState, cmd: RsCommand): ClusterState {
  const s = nextState(state);
  switch (cmd.type) {
    case 'addZone': addZone(s, cmd); break;
    case 'deleteZone': deleteZone(s, cmd); break;
    case 'startZone':
    case 'stopZone': startStopZone(s, cmd); break;
    case 'addServer': addServer(s, cmd); break;
    case 'deleteServer': deleteServer(s, cmd); break;
    case 'cancelDeleteServer': cancelDeleteServer(s, cmd); break;
    case 'startServer':
    case 'stopServer': startStopServer(s, cmd); break;
    case 'createUnitConfig': createUnitConfig(s, cmd); break;
    case 'alterUnitConfig': alterUnitConfig(s, cmd); break;
    case 'dropUnitConfig': dropUnitConfig(s, cmd); break;
    case 'createResourcePool': createResourcePool(s, cmd); break;
    case 'alterResourcePool': alterResourcePool(s, cmd); break;
    case 'dropResourcePool': dropResourcePool(s, cmd); break;
    case 'createTenant': createTenant(s, cmd); break;
    case 'alterTenantPrimaryZone': alterTenantPrimaryZone(s, cmd); break;
    case 'alterTenantLocality': alterTenantLocality(s, cmd); break;
    case 'alterResourceTenantUnitNum': alterTenantUnitNum(s, cmd); break;
    case 'dropTenant': dropTenant(s, cmd); break;
    case 'switchReplicaLeader': switchReplicaLeader(s, cmd); break;
    case 'serverLiveness': serverLiveness(s, cmd); break;
    case 'lsStatus': lsStatus(s, cmd); break;
    case 'jobProgress': jobProgress(s, cmd); break;
    case 'transferTaskStatus': transferTaskStatus(s, cmd); break;
    case 'replaceReplica': replaceReplica(s, cmd); break;
    case 'unitMigrated': unitMigrated(s, cmd); break;
    case 'createTransferTask': createTransferTask(s, cmd); break;
    default: unreachable(cmd, 'unknown rs command');
  }
  return s;
}
