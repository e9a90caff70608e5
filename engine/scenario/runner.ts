/**
 * Runs a scenario's cells against a `ScenarioTarget` (issue #6) — the same code in the page (the
 * scenario pane, the page's obPlayground API) and headless (`obsh --scenario`, the tutorials in CI), so a
 * lesson prints the same text wherever it runs.
 *
 *   setup()       index -1: the header's tenants created as root@sys, as an operator would
 *                 (CREATE RESOURCE UNIT <t>_unit / RESOURCE POOL <t>_pool over every zone /
 *                 CREATE TENANT), a tenant that exists left alone; then every LS led; clock_rate set.
 *   runCell(i)    prose: nothing; sql / kv / hbase: through the target in the cell's tenant
 *                 (default `test`) and database (`test` in tenant test); admin: line by line in order,
 *                 stopping at the first action that fails. The output is compared with `expected`.
 *   runAll()      setup (once) and every cell in order.
 *
 * Invariant: never throws. A target rejection (no server alive, unknown server) becomes a failed
 * cell with `ERROR: <message>` as its output. `CellRun.ok` says whether the command itself
 * succeeded; `expectation` whether its output matched (a cell may expect an error).
 */
import { parseAdminCell } from './admin';
import { conditionHolds, conditionReachedText, servingLeader, tenantIdOf, waitTimedOutText } from './condition';
import { matchExpected } from './expect';
import { adminOutputText, durationText, hbaseOutputText, kvOutputText, lsText, serverText, sqlReplyText } from './output';
import {
  SCENARIO_WAIT_POLL_MS,
  type AdminCommand,
  type CellRun,
  type Condition,
  type Scenario,
  type ScenarioCell,
  type ScenarioTarget,
  type TargetServer,
} from './types';

/** How long setup waits for every log stream to have a leader, simulated ms. */
export const SCENARIO_SETUP_LEADERS_TIMEOUT_MS = 30_000;
/** The unit config the header's tenants get (the smallest a user tenant may have). */
export const SCENARIO_UNIT_SQL = `MAX_CPU 1, MEMORY_SIZE '5G'`;

/** An admin action that could not be done: its message becomes the cell's `ERROR:` line. */
class AdminFailure extends Error {}

/** The outcome of a command before the expectation is checked. */
interface CommandOutcome {
  ok: boolean;
  output: string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A failure as an output line: SQL errors as obclient prints them, anything else `ERROR: …`. */
function errorLine(e: unknown): string {
  const text = errorText(e);
  return /^ERROR \d+ \(/.test(text) ? text : `ERROR: ${text}`;
}

/** Runs cells of one scenario in order against one target; see the module comment. */
export class ScenarioRunner {
  private setupDone = false;

  constructor(
    readonly scenario: Scenario,
    private readonly target: ScenarioTarget,
  ) {}

  /** Creates the header's tenants, waits for every LS to be led and applies clock_rate (index -1). */
  async setup(): Promise<CellRun> {
    this.setupDone = true;
    const lines: string[] = [];
    try {
      const h = this.scenario.header;
      for (const t of h.tenants) {
        const failed = await this.createTenant(t.name, t.unitNum, t.primaryZone, lines);
        if (failed) return finish(-1, { ok: false, output: adminOutputText([...lines, errorLine(failed)]) }, null);
      }
      if (h.clockRate !== 1) {
        await this.target.setClockRate(h.clockRate);
        lines.push(`clock rate ${h.clockRate}x`);
      }
      await this.waitFor({ kind: 'leaders' }, SCENARIO_SETUP_LEADERS_TIMEOUT_MS);
      return finish(-1, { ok: true, output: adminOutputText(lines) }, null);
    } catch (e) {
      return finish(-1, { ok: false, output: adminOutputText([...lines, errorLine(e)]) }, null);
    }
  }

  /** Runs cell `index` (0-based) and checks its expectation. Never throws. */
  async runCell(index: number): Promise<CellRun> {
    const cell = this.scenario.cells[index];
    if (!cell) return finish(index, { ok: false, output: `ERROR: no cell ${index}` }, null);
    let outcome: CommandOutcome;
    try {
      outcome = await this.runCommand(cell);
    } catch (e) {
      outcome = { ok: false, output: errorLine(e) };
    }
    return finish(index, outcome, cell.kind === 'prose' ? null : cell.expected);
  }

  /** Setup (unless done) and every cell in order; `onCell` sees each run as it finishes. */
  async runAll(onCell?: (run: CellRun) => void): Promise<CellRun[]> {
    const runs: CellRun[] = [];
    const report = (r: CellRun) => {
      runs.push(r);
      onCell?.(r);
    };
    if (!this.setupDone) report(await this.setup());
    for (let i = 0; i < this.scenario.cells.length; i++) report(await this.runCell(i));
    return runs;
  }

  // ------------------------------------------------------------------ commands

  private async runCommand(cell: ScenarioCell): Promise<CommandOutcome> {
    const tenant = cell.options.tenant ?? 'test';
    switch (cell.kind) {
      case 'prose':
        return { ok: true, output: '' };
      case 'sql': {
        if (cell.options.server !== undefined) this.server(cell.options.server);
        const database = cell.options.database ?? (tenant === 'test' ? 'test' : null);
        const reply = await this.target.sql(cell.source, { tenant, serverId: cell.options.server ?? null, database });
        return { ok: !reply.error, output: sqlReplyText(reply, cell.options.show ?? []) };
      }
      case 'kv': {
        const out = await this.target.kv(cell.source, { tenant, database: cell.options.database ?? 'test' });
        return { ok: out.error === null, output: kvOutputText(out) };
      }
      case 'hbase': {
        const outputs = await this.target.hbase(cell.source, { tenant, database: cell.options.database ?? 'test' });
        return { ok: outputs.every((o) => o.ok), output: hbaseOutputText(outputs) };
      }
      case 'admin':
        return this.runAdmin(cell);
    }
  }

  /** Every line of an admin cell in order; the first failure ends the cell (`ERROR: …` line). */
  private async runAdmin(cell: ScenarioCell): Promise<CommandOutcome> {
    const parsed = parseAdminCell(cell.source);
    if (!parsed.ok) {
      const lines = parsed.errors.map((e) => `ERROR: line ${e.line}:${e.column}: ${e.message}`);
      return { ok: false, output: adminOutputText(lines) };
    }
    const lines: string[] = [];
    for (const { command } of parsed.commands) {
      try {
        lines.push(await this.runAdminCommand(command, cell));
      } catch (e) {
        lines.push(errorLine(e));
        return { ok: false, output: adminOutputText(lines) };
      }
    }
    return { ok: true, output: adminOutputText(lines) };
  }

  /** One admin action; resolves with its output line, throws (AdminFailure or a rejection) when it fails. */
  private async runAdminCommand(c: AdminCommand, cell: ScenarioCell): Promise<string> {
    const t = this.target;
    switch (c.kind) {
      case 'killServer': {
        const s = this.server(c.serverId);
        await t.killServer(c.serverId);
        return `killed ${serverText(s.serverId, s.zone)}`;
      }
      case 'killLeader':
        return this.killLeader(c.tenant, c.lsId);
      case 'startServer': {
        const s = this.server(c.serverId);
        await t.startServer(c.serverId);
        return `started ${serverText(s.serverId, s.zone)}`;
      }
      case 'cutLink':
        this.server(c.a);
        this.server(c.b);
        await t.cutLink(c.a, c.b, c.oneWay);
        return `cut link ${c.a} ${c.oneWay ? '→' : '↔'} ${c.b}`;
      case 'healLink':
        this.server(c.a);
        this.server(c.b);
        await t.healLink(c.a, c.b);
        return `healed link ${c.a} ↔ ${c.b}`;
      case 'cutZones':
        this.zone(c.a);
        this.zone(c.b);
        await t.cutZones(c.a, c.b, c.oneWay);
        return `cut ${c.a} ${c.oneWay ? '→' : '↔'} ${c.b}`;
      case 'healZones':
        this.zone(c.a);
        this.zone(c.b);
        await t.healZones(c.a, c.b);
        return `healed ${c.a} ↔ ${c.b}`;
      case 'healAll':
        await t.healAll();
        return 'healed all links';
      case 'linkFault':
        return this.linkFault(c.from, c.to, c.delayUs, c.lossRate);
      default:
        return this.runTimeCommand(c, cell);
    }
  }

  /** Freeze, wait, clock and sample-data commands. */
  private async runTimeCommand(c: AdminCommand, cell: ScenarioCell): Promise<string> {
    const t = this.target;
    switch (c.kind) {
      case 'freeze':
        return this.freeze(c.tenant, c.major);
      case 'wait':
        return this.waitFor(c.condition, c.timeoutMs);
      case 'advance':
        this.requireRunningClock('advance');
        await t.sleep(c.ms);
        return `advanced ${durationText(c.ms)}`;
      case 'pauseClock':
        await t.pauseClock();
        return 'clock paused';
      case 'resumeClock':
        await t.resumeClock();
        return 'clock resumed';
      case 'clockRate':
        await t.setClockRate(c.rate);
        return `clock rate ${c.rate}x`;
      case 'loadSampleData':
        return this.loadSampleData(c.dataset, c.scale, cell.options.tenant ?? 'test');
      default:
        throw new AdminFailure(`unsupported admin command '${c.kind}'`);
    }
  }

  // ------------------------------------------------------------------ admin actions

  private server(id: number): TargetServer {
    const servers = this.target.servers();
    const s = servers.find((x) => x.serverId === id);
    if (!s) throw new AdminFailure(`no server ${id} (the servers are ${servers.map((x) => x.serverId).join(', ')})`);
    return s;
  }

  private zone(name: string): void {
    const zones = [...new Set(this.target.servers().map((s) => s.zone))];
    if (!zones.includes(name)) throw new AdminFailure(`no zone ${name} (the zones are ${zones.join(', ')})`);
  }

  private requireRunningClock(what: string): void {
    if (this.target.clockPaused()) throw new AdminFailure(`cannot ${what} while the clock is paused (resume clock first)`);
  }

  private async killLeader(tenant: string, lsId: number): Promise<string> {
    const snap = await this.target.snapshot();
    const tenantId = tenantIdOf(snap, tenant);
    if (tenantId === null) throw new AdminFailure(`no tenant ${tenant}`);
    const leader = servingLeader(snap, tenantId, lsId);
    if (!leader) throw new AdminFailure(`${lsText(lsId, tenant)} has no leader now`);
    await this.target.killServer(leader.server.serverId);
    return `killed ${serverText(leader.server.serverId, leader.server.zone)}: leader of ${lsText(lsId, tenant)}`;
  }

  private async linkFault(from: number, to: number, delayUs: number | null, lossRate: number | null): Promise<string> {
    this.server(from);
    this.server(to);
    await this.target.setLinkFault(from, to, delayUs, lossRate);
    const parts: string[] = [];
    if (delayUs !== null) parts.push(`delay ${durationText(delayUs / 1000)}`);
    if (lossRate !== null) parts.push(`loss ${Math.round(lossRate * 1000) / 10}%`);
    return `link ${from} → ${to}: ${parts.join(', ')}`;
  }

  /** Runs SQL as root@sys; a SQL error becomes an AdminFailure with obclient's error line. */
  private async sysSql(sql: string): Promise<string[][]> {
    const reply = await this.target.sql(sql, { tenant: 'sys', serverId: null, database: null });
    if (reply.error) throw new AdminFailure(sqlReplyText({ results: [], error: reply.error, database: null }));
    return (reply.results[0]?.rows ?? []).map((r) => r.map((v) => v ?? 'NULL'));
  }

  private async freeze(tenant: string | null, major: boolean): Promise<string> {
    await this.sysSql(`ALTER SYSTEM ${major ? 'MAJOR' : 'MINOR'} FREEZE${tenant === null ? '' : ` TENANT = ${tenant}`}`);
    return `${major ? 'major' : 'minor'} freeze of ${tenant === null ? 'every tenant' : `tenant ${tenant}`}`;
  }

  private async loadSampleData(dataset: 'tpch' | 'world', scale: number | null, tenant: string): Promise<string> {
    const call = dataset === 'tpch' ? `CALL load_sample_data('tpch', ${scale ?? 0.01})` : `CALL load_sample_data('world')`;
    const reply = await this.target.sql(call, { tenant, serverId: null, database: tenant === 'test' ? 'test' : null });
    if (reply.error) throw new AdminFailure(sqlReplyText({ results: [], error: reply.error, database: null }));
    return `loaded sample data ${dataset}${dataset === 'tpch' ? ` (scale ${scale ?? 0.01})` : ''} into tenant ${tenant}`;
  }

  /**
   * Polls `c` every SCENARIO_WAIT_POLL_MS of simulated time until it holds (its line) or
   * `timeoutMs` passed (AdminFailure `timed out after …`). Time waited is the larger of the sleeps
   * and the snapshots' clock (a snapshot may itself take simulated time: a dead server's report
   * times out). A paused clock fails at once.
   */
  private async waitFor(c: Condition, timeoutMs: number): Promise<string> {
    this.requireRunningClock('wait');
    if (c.kind === 'server') this.server(c.serverId);
    if (c.kind === 'leader') {
      if (c.serverId !== null) this.server(c.serverId);
      if (c.zone !== null) this.zone(c.zone);
    }
    let slept = 0;
    let firstUs: number | null = null;
    for (;;) {
      const { reached, atUs } = await this.check(c);
      if (reached !== null) return reached;
      if (atUs !== null) firstUs ??= atUs;
      const waitedMs = Math.max(slept, firstUs === null || atUs === null ? 0 : (atUs - firstUs) / 1000);
      if (waitedMs >= timeoutMs) throw new AdminFailure(waitTimedOutText(c, timeoutMs));
      this.requireRunningClock('wait');
      const ms = Math.min(SCENARIO_WAIT_POLL_MS, timeoutMs - waitedMs);
      await this.target.sleep(ms);
      slept += ms;
    }
  }

  /** The condition's reached line when it holds now (else null), and the snapshot's time (µs). */
  private async check(c: Condition): Promise<{ reached: string | null; atUs: number | null }> {
    if (c.kind === 'sql') {
      const database = c.tenant === 'test' ? 'test' : null;
      const reply = await this.target.sql(c.query, { tenant: c.tenant, serverId: null, database });
      const first = reply.error ? undefined : reply.results.find((r) => r.kind === 'rows')?.rows[0]?.[0];
      const text = first === undefined ? undefined : (first ?? 'NULL');
      return { reached: text === c.value ? conditionReachedText(c, null) : null, atUs: null };
    }
    const snap = await this.target.snapshot();
    return { reached: conditionHolds(c, snap) ? conditionReachedText(c, snap) : null, atUs: snap.takenAtUs };
  }

  /** Setup of one header tenant; returns the failure's message when a statement failed, else null. */
  private async createTenant(name: string, unitNum: number, primaryZone: string | null, lines: string[]): Promise<string | null> {
    const exists = await this.sysSql(`SELECT COUNT(*) FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = '${name}'`);
    if (exists[0]?.[0] !== '0') {
      lines.push(`tenant ${name} exists`);
      return null;
    }
    const zones = [...new Set(this.target.servers().map((s) => s.zone))].map((z) => `'${z}'`).join(', ');
    const primary = primaryZone === null ? '' : `, PRIMARY_ZONE = '${primaryZone}'`;
    const statements = [
      `CREATE RESOURCE UNIT ${name}_unit ${SCENARIO_UNIT_SQL}`,
      `CREATE RESOURCE POOL ${name}_pool UNIT = '${name}_unit', UNIT_NUM = ${unitNum}, ZONE_LIST = (${zones})`,
      `CREATE TENANT ${name} RESOURCE_POOL_LIST = ('${name}_pool')${primary}`,
    ];
    for (const sql of statements) {
      try {
        await this.sysSql(sql);
      } catch (e) {
        return errorText(e);
      }
    }
    lines.push(`created tenant ${name} (unit_num ${unitNum}${primaryZone === null ? '' : `, primary_zone ${primaryZone}`})`);
    return null;
  }
}

/** A CellRun from a command outcome, with its expectation checked when there is one. */
function finish(index: number, o: CommandOutcome, expected: string | null): CellRun {
  if (expected === null) return { index, ok: o.ok, output: o.output, expectation: 'none', diff: null };
  const m = matchExpected(expected, o.output);
  return { index, ok: o.ok, output: o.output, expectation: m.pass ? 'pass' : 'fail', diff: m.diff };
}
