/**
 * Test helpers for the root service's state machine: a bootstrap state, a command runner that
 * stamps `atUs`, and an assertion on an ObError's MySQL code and text.
 */
import { expect } from 'vitest';
import { isObError } from '../../common/ob_error';
import { applyRsCommand } from '../apply';
import { bootstrapClusterState } from '../bootstrap';
import { defaultServers } from '../topology';
import type { ClusterState, RsCommandInput } from '../types';

export const T0 = 1_700_000_000_000_000;

export function boot(): ClusterState {
  return bootstrapClusterState(defaultServers(), T0);
}

/** Applies commands in order, stamping increasing `atUs`. */
export function run(state: ClusterState, ...cmds: RsCommandInput[]): ClusterState {
  let s = state;
  for (const c of cmds) s = applyRsCommand(s, { ...c, atUs: T0 + s.version * 1000 } as never);
  return s;
}

/** Expects `fn` to throw an ObError printed as `ERROR <code> (<state>): <text>`. */
export function expectObError(fn: () => unknown, formatted: string): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isObError(caught), `expected an ObError, got ${String(caught)}`).toBe(true);
  expect((caught as { format(): string }).format()).toBe(formatted);
}

export const unit = (name: string, memG: number, cpu = 2): RsCommandInput => ({
  type: 'createUnitConfig', name, ifNotExists: false, maxCpu: cpu, minCpu: null, memorySizeBytes: memG * 1024 ** 3,
  logDiskSizeBytes: null, maxIops: null, minIops: null, iopsWeight: null,
});

export const pool = (name: string, unitConfigName: string, unitNum = 1, zoneList: string[] | null = null): RsCommandInput => ({
  type: 'createResourcePool', name, unitConfigName, unitNum, zoneList, replicaType: 'FULL',
});

export const tenant = (name: string, pools: string[], opts: { primaryZone?: string; locality?: string } = {}): RsCommandInput => ({
  type: 'createTenant', name, ifNotExists: false, resourcePoolList: pools, primaryZone: opts.primaryZone ?? null,
  locality: opts.locality ?? null, sqlText: `create tenant ${name}`,
});

/** Adds zone4 … with one ACTIVE server each (ids 4 …), as ADD ZONE / ADD SERVER + a heartbeat. */
export function withServers(state: ClusterState, extra: { zone: string; serverId: number; newZone?: boolean }[]): ClusterState {
  let s = state;
  for (const x of extra) {
    if (x.newZone ?? true) s = run(s, { type: 'addZone', zone: x.zone, idc: '', region: 'default_region' });
    s = run(s,
      { type: 'addServer', svrIp: `10.0.0.${x.serverId}`, svrPort: 2882, zone: x.zone, serverId: x.serverId },
      { type: 'serverLiveness', serverId: x.serverId, status: 'ACTIVE', permanentOffline: false, startServiceTimeUs: T0 },
    );
  }
  return s;
}
