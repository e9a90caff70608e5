/**
 * Property tests for the scenario format: any valid scenario survives formatScenario →
 * parseScenario (header and cells equal, lines pointing at the cells), every admin command
 * survives formatAdminCommand → parseAdminCell, and no input — arbitrary strings or fragments of
 * scenario syntax — makes the parsers throw; whatever parses also survives a round trip.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAdminCommand, parseAdminCell } from './admin';
import { parseScenario } from './parse';
import { formatScenario } from './serialize';
import { decodeShareFragment, encodeShareFragment } from './share_link';
import {
  SCENARIO_ADVANCE_MS_MAX,
  SCENARIO_WAIT_TIMEOUT_MS_MAX,
  type AdminCommand,
  type CellOptions,
  type Condition,
  type Scenario,
  type ScenarioCell,
  type ScenarioHeader,
  type ScenarioTenant,
  type ResultNote,
} from './types';

// ------------------------------------------------------------------------------------ generators

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
const tenantName = identifier;
const serverId = fc.integer({ min: 1, max: 99_999 });
const zone = fc.integer({ min: 1, max: 999 }).map((n) => `zone${n}`);
/** Doubles in [min, max] without -0 (which prints as 0). */
const unitDouble = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
/** One line of text (no line breaks). */
const oneLine = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));

const FENCE_LIKE = /^\s*(```|~~~)/;

const sqlQuery = fc
  .stringMatching(/^[A-Za-z0-9_ ,.*()='"`<>!+\-:;%]{1,40}$/)
  .map((q) => q.trim())
  .filter((q) => q !== '' && !/\stimeout\s+\S+$/i.test(` ${q}`));

/** One arbitrary per condition kind. */
const conditionKinds: fc.Arbitrary<Condition>[] = [
  fc.record({
    kind: fc.constant('leader' as const),
    tenant: tenantName,
    lsId: fc.integer({ min: 1, max: 1_000_000 }),
    where: fc.oneof(fc.constant(null), zone.map((z) => ({ zone: z })), serverId.map((s) => ({ serverId: s }))),
  }).map(({ where, ...c }) => ({
    ...c,
    zone: where !== null && 'zone' in where ? where.zone : null,
    serverId: where !== null && 'serverId' in where ? where.serverId : null,
  })),
  fc.constant({ kind: 'leaders' as const }),
  fc.record({ kind: fc.constant('server' as const), serverId, status: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const, 'STOPPED' as const) }),
  ...(['majorDone', 'miniDone', 'balanced', 'csConverted'] as const).map((kind) => fc.record({ kind: fc.constant(kind), tenant: tenantName })),
  fc.record({ kind: fc.constant('sql' as const), tenant: tenantName, query: sqlQuery, value: oneLine }),
];
const condition: fc.Arbitrary<Condition> = fc.oneof(...conditionKinds);
const waitFor = (c: fc.Arbitrary<Condition>): fc.Arbitrary<AdminCommand> =>
  fc.record({ kind: fc.constant('wait' as const), condition: c, timeoutMs: fc.integer({ min: 1, max: SCENARIO_WAIT_TIMEOUT_MS_MAX }) });

/** One arbitrary per command kind (`wait` once per condition kind). */
const adminCommandKinds: fc.Arbitrary<AdminCommand>[] = [
  fc.record({ kind: fc.constant('killServer' as const), serverId }),
  fc.record({ kind: fc.constant('killLeader' as const), tenant: tenantName, lsId: fc.integer({ min: 1, max: 1_000_000 }) }),
  fc.record({ kind: fc.constant('startServer' as const), serverId }),
  fc.record({ kind: fc.constant('cutLink' as const), a: serverId, b: serverId, oneWay: fc.boolean() }),
  fc.record({ kind: fc.constant('healLink' as const), a: serverId, b: serverId }),
  fc.record({ kind: fc.constant('cutZones' as const), a: zone, b: zone, oneWay: fc.boolean() }),
  fc.record({ kind: fc.constant('healZones' as const), a: zone, b: zone }),
  fc.constant({ kind: 'healAll' as const }),
  fc
    .record({
      kind: fc.constant('linkFault' as const),
      from: serverId,
      to: serverId,
      delayUs: fc.option(fc.integer({ min: 0, max: 60_000_000 }), { nil: null }),
      lossRate: fc.option(unitDouble(0, 1), { nil: null }),
    })
    .filter((c) => c.delayUs !== null || c.lossRate !== null),
  fc.record({ kind: fc.constant('freeze' as const), tenant: fc.option(tenantName, { nil: null }), major: fc.boolean() }),
  ...conditionKinds.map(waitFor),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: SCENARIO_ADVANCE_MS_MAX }) }),
  fc.constant({ kind: 'pauseClock' as const }),
  fc.constant({ kind: 'resumeClock' as const }),
  fc.record({ kind: fc.constant('clockRate' as const), rate: unitDouble(0.1, 10) }),
  fc.constant({ kind: 'loadSampleData' as const, dataset: 'world' as const, scale: null }),
  fc.record({ kind: fc.constant('loadSampleData' as const), dataset: fc.constant('tpch' as const), scale: fc.option(unitDouble(0, 10).filter((x) => x > 0), { nil: null }) }),
];
const adminCommand: fc.Arbitrary<AdminCommand> = fc.oneof(...adminCommandKinds);

/** An admin cell: formatted commands, with blank and comment lines mixed in. */
const adminSource = fc
  .array(fc.oneof({ weight: 6, arbitrary: adminCommand.map(formatAdminCommand) }, fc.constant(''), fc.constant('# a comment')), { maxLength: 6 })
  .map((lines) => lines.join('\n'));

/** A command cell's body: any lines, including fence-looking ones (the serializer picks a longer fence). */
const commandBody = fc
  .array(fc.oneof({ weight: 5, arbitrary: oneLine }, fc.constantFrom('```', '````', '   ```sql', '~~~', '```expected', '---', '')), { maxLength: 5 })
  .map((lines) => lines.join('\n'));

const proseLine = oneLine.filter((l) => !FENCE_LIKE.test(l));
const proseBlock = fc.oneof(
  { weight: 4, arbitrary: proseLine },
  fc.record({ lang: fc.constantFrom('', 'text', 'js', 'python'), body: fc.array(proseLine, { maxLength: 3 }) }).map(({ lang, body }) => ['```' + lang, ...body, '```'].join('\n')),
  fc.constant(''),
);
const prose = fc
  .array(proseBlock, { minLength: 1, maxLength: 5 })
  .map((blocks) => blocks.join('\n'))
  .filter((p) => {
    const lines = p.split('\n');
    return lines[0]!.trim() !== '' && lines[lines.length - 1]!.trim() !== '';
  });

const sqlOptions: fc.Arbitrary<CellOptions> = fc.record(
  {
    tenant: tenantName,
    server: fc.integer({ min: 1, max: 999 }),
    database: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_$]{0,10}$/),
    show: fc.constantFrom<ResultNote[]>(['stats'], ['routes'], ['stats', 'routes']),
  },
  { requiredKeys: [] },
);
const kvOptions: fc.Arbitrary<CellOptions> = fc.record({ tenant: tenantName, database: identifier }, { requiredKeys: [] });

const commandCell: fc.Arbitrary<ScenarioCell> = fc
  .oneof(
    fc.record({ kind: fc.constant('sql' as const), source: commandBody, options: sqlOptions }),
    fc.record({ kind: fc.constantFrom('kv' as const, 'hbase' as const), source: commandBody, options: kvOptions }),
    fc.record({ kind: fc.constant('admin' as const), source: adminSource, options: fc.constant({}) }),
  )
  .chain((c) => fc.option(commandBody).map((expected) => ({ ...c, expected, line: 0 })));

/** Cells with no two prose cells next to each other (they would read back as one). */
const cells: fc.Arbitrary<ScenarioCell[]> = fc
  .tuple(fc.array(fc.tuple(fc.option(prose), commandCell), { maxLength: 6 }), fc.option(prose))
  .map(([pairs, tail]) => {
    const out: ScenarioCell[] = [];
    const proseCell = (source: string): ScenarioCell => ({ kind: 'prose', source, options: {}, expected: null, line: 0 });
    for (const [p, c] of pairs) {
      if (p !== null) out.push(proseCell(p));
      out.push(c);
    }
    if (tail !== null) out.push(proseCell(tail));
    return out;
  });

const title = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
  .map((t) => t.replace(/[\r\n]/g, ' ').trim())
  .filter((t) => t !== '');

const header: fc.Arbitrary<ScenarioHeader> = fc
  .record({ zones: fc.integer({ min: 1, max: 5 }), serversPerZone: fc.integer({ min: 1, max: 3 }) })
  .chain(({ zones, serversPerZone }) => {
    const primaryZone = fc.oneof(
      fc.constant(null),
      fc.constant('RANDOM'),
      fc
        .uniqueArray(fc.integer({ min: 1, max: zones }), { minLength: 1, maxLength: zones })
        .chain((ids) => fc.array(fc.constantFrom(';', ','), { minLength: ids.length, maxLength: ids.length }).map((seps) => ids.map((id, i) => (i === 0 ? '' : seps[i]) + `zone${id}`).join(''))),
    );
    const tenant: fc.Arbitrary<ScenarioTenant> = fc.record({
      name: tenantName.filter((n) => n.toLowerCase() !== 'sys' && n.toLowerCase() !== 'test'),
      unitNum: fc.integer({ min: 1, max: serversPerZone }),
      primaryZone,
    });
    return fc.record({
      title,
      zones: fc.constant(zones),
      serversPerZone: fc.constant(serversPerZone),
      tenants: fc.uniqueArray(tenant, { maxLength: 6, selector: (t) => t.name.toLowerCase() }),
      seed: fc.option(fc.maxSafeInteger()),
      clockRate: fc.oneof(fc.constant(1), unitDouble(0.1, 10)),
    });
  });

const scenario: fc.Arbitrary<Scenario> = fc.record({ header, cells });

function withoutLines(cs: ScenarioCell[]): Omit<ScenarioCell, 'line'>[] {
  return cs.map(({ line: _line, ...rest }) => rest);
}

// ------------------------------------------------------------------------------------ properties

describe('scenario round trip', () => {
  it('any valid scenario survives formatScenario → parseScenario', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const text = formatScenario(s);
        const r = parseScenario(text);
        if (!r.ok) throw new Error(`${JSON.stringify(r.errors)}\n${text}`);
        expect(r.scenario.header).toEqual(s.header);
        expect(withoutLines(r.scenario.cells)).toEqual(withoutLines(s.cells));
        const lines = text.split('\n');
        for (const c of r.scenario.cells) {
          const at = lines[c.line - 1]!;
          if (c.kind === 'prose') expect(at).toBe(c.source.split('\n')[0]);
          else expect(at).toMatch(new RegExp(`^\`{3,}${c.kind}( |$)`));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('any valid scenario survives a share link: formatScenario → encodeShareFragment → decodeShareFragment → parseScenario', () => {
    fc.assert(
      fc.property(scenario, fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 200 }), (s, step, sqlText) => {
        const fragment = encodeShareFragment({ scenario: formatScenario(s), step, editors: { sql: sqlText, kv: '', hbase: '' } });
        const d = decodeShareFragment(fragment);
        if (d.kind !== 'ok') throw new Error(d.kind === 'bad' ? d.error : 'no link');
        expect(d.payload.step).toBe(step);
        expect(d.payload.editors.sql).toBe(sqlText);
        const r = parseScenario(d.payload.scenario);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.scenario.header).toEqual(s.header);
        expect(withoutLines(r.scenario.cells)).toEqual(withoutLines(s.cells));
      }),
      { numRuns: 150 },
    );
  });

  it.each(['sql', 'kv', 'hbase', 'admin'])('a scenario of %s cells (with prose between) survives', (kind) => {
    const only = scenario.map((s) => ({ ...s, cells: s.cells.filter((c) => c.kind === kind || c.kind === 'prose') }));
    fc.assert(
      fc.property(only.filter((s) => s.cells.some((c) => c.kind === kind)), (s) => {
        const r = parseScenario(formatScenario(s));
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        // filtering may leave prose next to prose: those read back as one cell
        expect(r.scenario.cells.filter((c) => c.kind === kind)).toEqual(s.cells.filter((c) => c.kind === kind).map((c) => ({ ...c, line: expect.any(Number) })));
      }),
      { numRuns: 100 },
    );
  });

  /** `killServer`, `wait:leader`, … — each arbitrary yields one kind. */
  const kindOf = (c: AdminCommand): string => (c.kind === 'wait' ? `wait:${c.condition.kind}` : c.kind);
  const labelled = adminCommandKinds.map((arb) => [kindOf(fc.sample(arb, 1)[0]!), arb] as const);
  it('covers every command kind and every condition kind', () => {
    expect(new Set(labelled.map(([k]) => k)).size).toBe(15 + 8);
  });
  it.each(labelled)('admin command %s survives inside a scenario', (_kind, arb) => {
    fc.assert(
      fc.property(header, fc.array(arb, { minLength: 1, maxLength: 3 }), (h, cmds) => {
        const source = cmds.map(formatAdminCommand).join('\n');
        const r = parseScenario(formatScenario({ header: h, cells: [{ kind: 'admin', source, options: {}, expected: null, line: 0 }] }));
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        const a = parseAdminCell(r.scenario.cells[0]!.source);
        expect(a.ok && a.commands.map((c) => c.command)).toEqual(cmds);
      }),
      { numRuns: 60 },
    );
  });

  it('every admin command survives formatAdminCommand → parseAdminCell', () => {
    fc.assert(
      fc.property(fc.array(adminCommand, { minLength: 1, maxLength: 8 }), (cmds) => {
        const r = parseAdminCell(cmds.map(formatAdminCommand).join('\n'));
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        expect(r.commands.map((c) => c.command)).toEqual(cmds);
        expect(r.commands.map((c) => c.line)).toEqual(cmds.map((_, i) => i + 1));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('robustness', () => {
  const fragment = fc.oneof(
    fc.constantFrom(
      '---', '```sql', '```kv tenant=app', '```hbase', '```admin', '```expected', '```', '````', '~~~', '```text', '  ```sql server=2',
      'title: T', 'zones: 2', 'tenants:', '  - name: app', '    unit_num: 2', '    primary_zone: zone1', 'seed: 3', 'clock_rate: 2',
      'kill server 1', 'wait for leader of ls 1001 in zone2', "wait for sql returns 'x': SELECT 1", 'heal all', 'advance 1s', '# c',
      '', '\r', 'SELECT 1;', 'title: [', '&a b', '*a',
    ),
    oneLine,
  );
  const document = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('\n'));

  it('parseScenario never throws, and what it accepts survives a round trip', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), document, document.map((d) => `---\ntitle: T\n---\n${d}`)), (text) => {
        const r = parseScenario(text);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(e.line >= 1 && e.column >= 1).toBe(true);
          return;
        }
        const again = parseScenario(formatScenario(r.scenario));
        if (!again.ok) throw new Error(`${JSON.stringify(again.errors)}\n${formatScenario(r.scenario)}`);
        expect(again.scenario.header).toEqual(r.scenario.header);
        expect(withoutLines(again.scenario.cells)).toEqual(withoutLines(r.scenario.cells));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseAdminCell never throws for any text', () => {
    const words = fc.constantFrom('kill', 'server', 'leader', 'of', 'ls', 'wait', 'for', 'sql', 'returns', "'", ':', 'timeout', '5s', '1', 'tenant', '#', 'zone1', 'link', 'loss', 'delay', '0', '%');
    const line = fc.array(fc.oneof(words, oneLine), { maxLength: 8 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(line, { maxLength: 5 }).map((l) => l.join('\n'))), (text) => {
        const r = parseAdminCell(text);
        if (!r.ok) for (const e of r.errors) expect(e.line >= 1 && e.column >= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
