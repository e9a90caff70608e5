/**
 * The headless `ScenarioTarget` (issue #6): a scenario's cluster as an in-process `SimCluster`
 * (engine/sim) booted with the header's zones × servers per zone and seed, on a virtual clock
 * pumped by Node's `setImmediate`. Used by `obsh --scenario` and the tutorials' tests.
 *
 *   sql      `SimCluster.sql` (its sessions are kept per server / tenant / database, until the
 *            server is killed); no server given: the first live server.
 *   kv       the KV script runner of `obsh --kv` (kv_script.ts), `print` showing values as the KV
 *            editor does (kv_display.ts `displayToLines(toDisplay(v))`), the returned value after.
 *   hbase    one HBase shell per tenant/database (its command numbering continues across cells)
 *            over the OBKV routing client on the simulator's transport.
 *   clock    pause / rate are recorded only: virtual time moves when the runner sleeps or a call
 *            is in flight, whatever the rate (`clockPaused()` makes wait/advance refuse).
 *
 * Deterministic: the same scenario and seed give the same outputs.
 */
import { createKvClients } from '../../engine/client/index';
import { HBaseShell, type ShellOutput } from '../../engine/client/hbase_shell/index';
import { displayToLines, toDisplay } from '../../engine/client/kv_display';
import type { ExecuteReply } from '../../engine/server/api';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { KvRunOutput, ScenarioHeader, ScenarioTarget, TargetServer } from '../../engine/scenario/types';
import { SimCluster } from '../../engine/sim/sim_cluster';
import { runKvScript } from './kv_script';

/** How long a restarted server may take to catch up before `start server` returns anyway, virtual ms. */
export const SCENARIO_CATCH_UP_TIMEOUT_MS = 10_000;

/** One idle turn of Node's event loop (the simulator's `yieldToHost`). */
const nodeYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Several plain values print on one line, as `print` does in the KV editor. */
function printLines(values: unknown[]): string[] {
  const items = values.length === 0 ? [toDisplay('')] : values.map((v) => toDisplay(v));
  if (items.length > 1 && items.every((d) => d.kind === 'text')) {
    return displayToLines(toDisplay(items.map((d) => (d.kind === 'text' ? d.text : '')).join(' ')));
  }
  return items.flatMap((d) => displayToLines(d));
}

export class SimScenarioTarget implements ScenarioTarget {
  private paused = false;
  private rate = 1;
  private readonly shells = new Map<string, HBaseShell>();

  private constructor(readonly sim: SimCluster) {}

  /** Boots the header's topology (zones × servers per zone, seed; default seed 1). */
  static async boot(header: Pick<ScenarioHeader, 'zones' | 'serversPerZone' | 'seed'>): Promise<SimScenarioTarget> {
    const sim = await SimCluster.start({ seed: header.seed ?? 1, zones: header.zones, serversPerZone: header.serversPerZone, yieldToHost: nodeYield });
    return new SimScenarioTarget(sim);
  }

  /** The clock rate last set (recorded; virtual time does not depend on it). */
  get clockRate(): number {
    return this.rate;
  }

  servers(): readonly TargetServer[] {
    return this.sim.servers.map((s) => ({ serverId: s.serverId, zone: s.zone, svrIp: s.svrIp }));
  }

  private firstAlive(): number {
    const id = this.sim.aliveIds()[0];
    if (id === undefined) throw new Error('no server is alive');
    return id;
  }

  sql(text: string, session: { tenant: string; serverId: number | null; database: string | null }): Promise<ExecuteReply> {
    const id = session.serverId ?? this.firstAlive();
    return this.sim.sql(id, text, { tenant: session.tenant, user: 'root', database: session.database });
  }

  async kv(script: string, session: { tenant: string; database: string }): Promise<KvRunOutput> {
    const out: KvRunOutput = { lines: [], error: null, errorLine: null };
    await runKvScript(script, {
      transport: this.sim.kvTransport(),
      tenant: session.tenant,
      database: session.database,
      trace: false,
      fileName: 'kv',
      out: (text) => out.lines.push(...text.replace(/\n$/, '').split('\n')),
      err: (text) => out.lines.push(...text.replace(/\n$/, '').split('\n')),
      print: (values) => out.lines.push(...printLines(values)),
      onValue: (v) => out.lines.push(...displayToLines(toDisplay(v))),
      onError: (message, line) => {
        out.error = message;
        out.errorLine = line;
      },
      sleep: (ms) => this.sim.advance(ms),
      nowUs: () => this.sim.clock.nowUs(),
    });
    return out;
  }

  hbase(commands: string, session: { tenant: string; database: string }): Promise<ShellOutput[]> {
    const key = `${session.tenant}/${session.database}`;
    let shell = this.shells.get(key);
    if (!shell) {
      const { globals } = createKvClients(this.sim.kvTransport(), {
        tenant: session.tenant,
        database: session.database,
        sleep: (ms) => this.sim.advance(ms),
        nowUs: () => this.sim.clock.nowUs(),
      });
      shell = new HBaseShell({ api: globals, nowMs: () => this.sim.clock.nowUs() / 1000, user: `root@${session.tenant}`, tenant: session.tenant, database: session.database });
      this.shells.set(key, shell);
    }
    return shell.run(commands);
  }

  private known(id: number): void {
    if (!this.sim.servers.some((s) => s.serverId === id)) throw new Error(`no server ${id}`);
  }

  async killServer(serverId: number): Promise<void> {
    this.known(serverId);
    this.sim.kill(serverId);
  }

  async startServer(serverId: number): Promise<void> {
    this.known(serverId);
    if (this.sim.isAlive(serverId) || this.sim.isBooting(serverId)) throw new Error(`server ${serverId} is running`);
    await this.sim.restart(serverId);
    // It serves once it replayed its log and caught up with the leaders (as the page's restart).
    await this.sim.whenCaughtUp(serverId, SCENARIO_CATCH_UP_TIMEOUT_MS).catch(() => {});
  }

  async cutLink(a: number, b: number, oneWay: boolean): Promise<void> {
    this.sim.cutLink(a, b, oneWay);
  }

  async healLink(a: number, b: number): Promise<void> {
    this.sim.healLink(a, b);
  }

  async cutZones(a: string, b: string, oneWay: boolean): Promise<void> {
    this.sim.cutZones(a, b, oneWay);
  }

  async healZones(a: string, b: string): Promise<void> {
    this.sim.healZones(a, b);
  }

  async healAll(): Promise<void> {
    this.sim.healAll();
  }

  async setLinkFault(from: number, to: number, delayUs: number | null, lossRate: number | null): Promise<void> {
    const f = this.sim.network.linkFault(from, to) ?? { from, to, cut: false, delayUs: 0, lossRate: 0 };
    this.sim.setLinkFault({ ...f, delayUs: delayUs ?? f.delayUs, lossRate: lossRate ?? f.lossRate });
  }

  async pauseClock(): Promise<void> {
    this.paused = true;
  }

  async resumeClock(): Promise<void> {
    this.paused = false;
  }

  async setClockRate(rate: number): Promise<void> {
    this.rate = rate;
  }

  clockPaused(): boolean {
    return this.paused;
  }

  snapshot(): Promise<ClusterSnapshot> {
    return this.sim.clusterSnapshot();
  }

  sleep(ms: number): Promise<void> {
    return this.sim.advance(ms);
  }

  /** Stops the simulated cluster. */
  stop(): Promise<void> {
    return this.sim.stop();
  }
}
