/**
 * The root service's pure state machine (issue #4), one import for the runtime (root_service.ts),
 * the servers and the views: bootstrap, `applyRsCommand`, the topology and snapshot derived from a
 * state, election priority, and the locality / primary-zone parsers.
 */
export { bootstrapClusterState } from './bootstrap';
export { applyRsCommand } from './apply';
export { topologyFromState, lsPlacement } from './state_topology';
export { clusterStateSnapshot, type ClusterStateSnapshot } from './state_snapshot';
export { electionPriority, preferredLeaderOf, PRIORITY_PREFERRED_LEADER, PRIORITY_UNAVAILABLE } from './election_priority';
export { parseLocality, formatLocality, localityChange, type LocalityChange } from './locality';
export { parsePrimaryZone, normalizePrimaryZone, lsPrimaryZone, lsPrimaryZoneLevels } from './primary_zone';
export {
  GIB, NODE_CPU_CAPACITY, NODE_MEM_CAPACITY_BYTES, NODE_LOG_DISK_CAPACITY_BYTES, MIN_FULL_RESOURCE_POOL_MEMORY_BYTES, serverAddr,
} from './cluster_state';
export { serverUsage, type ResourceUsage } from './placement';
