/**
 * Management statements on the session's side (`AdminService.rootService`): OceanBase's SQL layer
 * turning `CREATE RESOURCE UNIT`, `CREATE TENANT`, `ALTER SYSTEM ... SERVER/ZONE`, `ALTER SYSTEM
 * SWITCH REPLICA LEADER`, ... into an RPC to the root service (`ObCommonRpcProxy` → RS).
 *
 *   session ─▶ privilege check ─▶ rs.command ──▶ root service (sys LS 1 leader; others answer
 *            OB_NOT_MASTER and the next server is tried) ─▶ reply {version, state} adopted here
 *                                               └─ CREATE TENANT: wait until its LSs are NORMAL
 *
 * - Only the sys tenant may run them (ERROR 1227, OB_ERR_NO_PRIVILEGE), except
 *   `ALTER SYSTEM SWITCH REPLICA LEADER` on one's own tenant; naming another tenant from a user
 *   tenant is ERROR 1235 as for other ALTER SYSTEM statements.
 * - The statement returns once the command is applied (replicated on the sys LS) and this server's
 *   state has it, so a following query of DBA_OB_* on this server sees it.
 * - `CREATE TENANT` is synchronous in OceanBase: it returns once the tenant's log streams have
 *   serving leaders (their status NORMAL in the state), bounded by CREATE_TENANT_WAIT_US.
 * - What follows a command happens elsewhere: a SWITCH REPLICA LEADER's target is taken up by the
 *   LS's leader (ls_manager `planLeaderMove` → PALF transferLeader); a STOP SERVER moves leaders off
 *   the server the same way; replica changes converge on the LS leaders.
 */
import type { ServerId } from '../common/ids';
import { CREATE_TENANT_WAIT_US, RS_COMMAND_ATTEMPTS_MAX, RS_COMMAND_RPC_TIMEOUT_US } from '../common/limits';
import { Errors, isObError } from '../common/ob_error';
import type { Clock } from '../env';
import type { ClusterStateHolder, RsCommandReply } from '../rootservice/root_service';
import type { ClusterState, RsCommandInput } from '../rootservice/types';

export interface TenantAdminHost {
  serverId: number;
  clock: Clock;
  holder: ClusterStateHolder;
  call<T>(to: ServerId, method: string, body: unknown, timeoutUs: number): Promise<T>;
  /** Servers to try, the likely root service first (location of sys LS 1, heartbeat's answer). */
  rootServiceCandidates(): number[];
}

/** Who runs the statement. */
export interface AdminSessionInfo {
  tenantId: number;
  tenantName: string;
}

/** OB_NOT_MASTER, a timeout or a dead server: the next candidate may be the root service. */
function retryable(e: unknown): boolean {
  return isObError(e) && (e.obCode === Errors.notMaster().obCode || e.obCode === Errors.rpcTimeout().obCode || e.obCode === Errors.serverNotAlive('').obCode);
}

/**
 * Checks that `session` may run `cmd`. Errors: ERROR 1227 (OB_ERR_NO_PRIVILEGE) for a user
 * tenant running a sys-only command; ERROR 1235 for SWITCH REPLICA LEADER of another tenant.
 */
export function checkRootServicePrivilege(session: AdminSessionInfo, cmd: RsCommandInput): void {
  if (session.tenantId === 1) return;
  if (cmd.type !== 'switchReplicaLeader') throw Errors.noPrivilege();
  if (cmd.tenantName.toLowerCase() !== session.tenantName.toLowerCase()) throw Errors.notSupported('operate other tenant in user tenant');
}

/**
 * Runs a management command through the root service and resolves once it is applied and this
 * server's state has it. Errors: the command's ObError (e.g. ERROR 4624, 4651); OB_NOT_MASTER /
 * timeout when no root service answered within RS_COMMAND_ATTEMPTS_MAX tries; the privilege
 * errors of `checkRootServicePrivilege`.
 */
export async function runRootServiceCommand(host: TenantAdminHost, session: AdminSessionInfo, cmd: RsCommandInput): Promise<void> {
  checkRootServicePrivilege(session, cmd);
  const reply = await sendToRootService(host, cmd);
  host.holder.adopt(reply.state);
  await host.holder.whenVersion(reply.version);
  if (cmd.type === 'createTenant') await waitTenantServing(host, cmd.name);
}

/** Sends `rs.command` to the candidates in turn until the root service answers. */
async function sendToRootService(host: TenantAdminHost, cmd: RsCommandInput): Promise<RsCommandReply> {
  let last: unknown = Errors.notMaster();
  const tried: number[] = [];
  for (let attempt = 0; attempt < RS_COMMAND_ATTEMPTS_MAX; attempt++) {
    const candidates = host.rootServiceCandidates();
    const to = candidates.find((c) => !tried.includes(c)) ?? candidates[attempt % Math.max(1, candidates.length)];
    if (to === undefined) break;
    tried.push(to);
    try {
      return await host.call<RsCommandReply>(to as ServerId, 'rs.command', { cmd }, RS_COMMAND_RPC_TIMEOUT_US);
    } catch (e) {
      if (!retryable(e)) throw e;
      last = e;
      if (tried.length >= candidates.length) {
        tried.length = 0;
        await sleep(host.clock, 500_000); // an election may be running: give it time
      }
    }
  }
  throw last;
}

/** Whether every LS of tenant `name` (and of its meta tenant) is NORMAL in `state`. */
export function tenantServing(state: ClusterState, name: string): boolean {
  const t = state.tenants.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!t) return true; // dropped meanwhile (or IF NOT EXISTS on an existing one): nothing to wait for
  const ids = [t.tenantId, t.tenantId - 1].filter((id) => state.tenants.some((x) => x.tenantId === id));
  const lss = state.ls.filter((l) => ids.includes(l.tenantId));
  return lss.length > 0 && lss.every((l) => l.status === 'NORMAL');
}

/** Waits (bounded) until the new tenant's LSs serve, as this server's state shows it. */
async function waitTenantServing(host: TenantAdminHost, name: string): Promise<void> {
  const deadlineUs = host.clock.nowUs() + CREATE_TENANT_WAIT_US;
  while (!tenantServing(host.holder.state, name) && host.clock.nowUs() < deadlineUs) {
    await sleep(host.clock, 100_000);
  }
}

function sleep(clock: Clock, us: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(us, resolve));
}
