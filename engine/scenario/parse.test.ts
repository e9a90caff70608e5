/**
 * The scenario parser: the header's keys and defaults, cells of every kind with their options and
 * document lines, expected-output attachment, fences (CommonMark rules) and every error with its
 * line and column.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { SCENARIO_CELLS_MAX, SCENARIO_CHARS_MAX, type Scenario, type ScenarioParseError } from './types';

const F = '```';

function ok(text: string): Scenario {
  const r = parseScenario(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

function errors(text: string): ScenarioParseError[] {
  const r = parseScenario(text);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.scenario)}`);
  return r.errors;
}

/** A document with this header body and Markdown body. */
function doc(header: string, body = ''): string {
  return `---\n${header}\n---\n${body}`;
}

describe('header', () => {
  it('reads every key', () => {
    const s = ok(
      doc(
        [
          'title: Paxos and failover',
          'zones: 2',
          'servers_per_zone: 3',
          'tenants:',
          '  - name: app',
          '    unit_num: 2',
          '    primary_zone: zone1;zone2',
          '  - name: Analytics_1',
          '    primary_zone: RANDOM',
          'seed: 7',
          'clock_rate: 0.5',
        ].join('\n'),
      ),
    );
    expect(s.header).toEqual({
      title: 'Paxos and failover',
      zones: 2,
      serversPerZone: 3,
      tenants: [
        { name: 'app', unitNum: 2, primaryZone: 'zone1;zone2' },
        { name: 'Analytics_1', unitNum: 1, primaryZone: 'RANDOM' },
      ],
      seed: 7,
      clockRate: 0.5,
    });
    expect(s.cells).toEqual([]);
  });

  it('defaults zones 3, one server per zone, no tenants, no seed, clock rate 1', () => {
    expect(ok(doc('title: "T"')).header).toEqual({ title: 'T', zones: 3, serversPerZone: 1, tenants: [], seed: null, clockRate: 1 });
    expect(ok(doc('title: T\nseed:\ntenants:')).header).toMatchObject({ seed: null, tenants: [] });
  });

  it('accepts \\r\\n lines and a byte order mark', () => {
    const s = ok(`\uFEFF---\r\ntitle: T\r\nzones: 1\r\n---\r\nHello\r\n\r\n${F}sql\r\nSELECT 1;\r\n${F}\r\n`);
    expect(s.header.zones).toBe(1);
    expect(s.cells.map((c) => [c.kind, c.source, c.line])).toEqual([
      ['prose', 'Hello', 5],
      ['sql', 'SELECT 1;', 7],
    ]);
  });

  it('requires front matter at line 1, closed by ---', () => {
    expect(errors('# Just markdown\n')).toEqual([{ line: 1, column: 1, message: expect.stringMatching(/starts with a '---' line/) }]);
    expect(errors('')).toHaveLength(1);
    expect(errors('---\ntitle: T\n')).toEqual([{ line: 1, column: 1, message: expect.stringMatching(/never closed/) }]);
  });

  it('requires a title', () => {
    expect(errors(doc('zones: 2'))).toEqual([{ line: 1, column: 1, message: 'the header needs a title' }]);
    expect(errors(doc(''))).toEqual([{ line: 1, column: 1, message: 'the header needs a title' }]);
    expect(errors(doc('title: 42'))[0]).toMatchObject({ line: 2, column: 8, message: expect.stringMatching(/^title must be text/) });
    expect(errors(doc("title: '  '"))[0]).toMatchObject({ line: 2, message: 'title must not be empty' });
  });

  it('names an unknown key and its line', () => {
    expect(errors(doc('title: T\nzone: 3'))).toEqual([
      { line: 3, column: 1, message: "unknown header key 'zone' (expected title, zones, servers_per_zone, tenants, seed, clock_rate)" },
    ]);
    expect(errors(doc('title: T\ntenants:\n  - name: a\n    units: 2'))).toEqual([
      { line: 5, column: 5, message: "unknown tenant key 'units' (expected name, unit_num, primary_zone)" },
    ]);
  });

  it('range-checks numbers at the value', () => {
    expect(errors(doc('title: T\nzones: 6'))).toEqual([{ line: 3, column: 8, message: 'zones must be an integer between 1 and 5' }]);
    expect(errors(doc('title: T\nzones: 0'))[0]!.message).toBe('zones must be an integer between 1 and 5');
    expect(errors(doc('title: T\nzones: "3"'))[0]!.line).toBe(3);
    expect(errors(doc('title: T\nservers_per_zone: 4'))).toEqual([{ line: 3, column: 19, message: 'servers_per_zone must be an integer between 1 and 3' }]);
    expect(errors(doc('title: T\nservers_per_zone: 1.5'))[0]!.message).toMatch(/^servers_per_zone must be an integer/);
    expect(errors(doc('title: T\nseed: 1.5'))).toEqual([{ line: 3, column: 7, message: 'seed must be an integer (or empty)' }]);
    expect(errors(doc('title: T\nseed: 9007199254740993'))[0]!.message).toMatch(/^seed must be an integer/);
    expect(errors(doc('title: T\nclock_rate: 20'))).toEqual([{ line: 3, column: 13, message: 'clock_rate must be a number between 0.1 and 10' }]);
    expect(errors(doc('title: T\nclock_rate: 0.05'))[0]!.line).toBe(3);
  });

  it('checks tenants: names, duplicates, unit_num against servers_per_zone, primary zones', () => {
    const t = (lines: string): ScenarioParseError[] => errors(doc(`title: T\nzones: 2\nservers_per_zone: 2\ntenants:\n${lines}`));
    expect(t('  - name: sys')).toEqual([{ line: 6, column: 11, message: "tenant 'sys' always exists; choose another name" }]);
    expect(t('  - name: TEST')[0]!.message).toBe("tenant 'TEST' always exists; choose another name");
    expect(t('  - name: 1app')[0]).toMatchObject({ line: 6, column: 11, message: expect.stringMatching(/^tenant name must be an identifier/) });
    expect(t(`  - name: ${'a'.repeat(65)}`)[0]!.message).toMatch(/^tenant name must be an identifier/);
    expect(t('  - name: app\n  - name: App')).toEqual([{ line: 7, column: 11, message: "tenant 'App' is listed twice" }]);
    expect(t('  - unit_num: 1')).toEqual([{ line: 6, column: 5, message: 'a tenant needs a name' }]);
    expect(t('  - name: app\n    unit_num: 4')[0]!.message).toBe('unit_num must be an integer between 1 and 3');
    expect(errors(doc('title: T\ntenants:\n  - name: app\n    unit_num: 2'))).toEqual([
      { line: 5, column: 15, message: 'unit_num 2 is more than servers_per_zone (1)' },
    ]);
    expect(t('  - name: app\n    primary_zone: zone3')).toEqual([
      { line: 7, column: 19, message: 'primary_zone: zone3 does not exist (the header has zone1..zone2)' },
    ]);
    expect(t('  - name: app\n    primary_zone: east')[0]!.message).toBe("primary_zone: 'east' is not a zone (zone1..zone2, or RANDOM)");
    expect(t('  - name: app\n    primary_zone: zone1,zone1')[0]!.message).toBe('primary_zone: zone1 is listed twice');
    expect(t('  - app')[0]!.message).toBe('each tenant is a map with name, unit_num and primary_zone');
    expect(errors(doc('title: T\ntenants: app'))[0]).toMatchObject({ line: 3, column: 10, message: expect.stringMatching(/^tenants must be a list/) });
    const seven = Array.from({ length: 7 }, (_, i) => `  - name: t${i}`).join('\n');
    expect(errors(doc(`title: T\ntenants:\n${seven}`))[0]!.message).toBe('at most 6 tenants');
  });

  it('reports YAML syntax errors at their document line', () => {
    const e = errors(doc('title: T\nzones: [1,'));
    expect(e[0]!.message).toMatch(/^the header is not valid YAML: /);
    expect(e[0]!.line).toBeGreaterThanOrEqual(3);
    expect(errors(doc('title: T\ntitle: U'))).toEqual([{ line: 3, column: 1, message: 'the header is not valid YAML: Map keys must be unique' }]);
    expect(errors(doc('- a\n- b'))[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^the header must be YAML keys/) });
    expect(errors(doc('title: &t T\nzones: *t'))[0]).toMatchObject({ line: 3, message: 'zones: YAML aliases are not allowed' });
  });
});

describe('cells', () => {
  it('splits the body into prose and command cells of every kind, with document lines', () => {
    const body = [
      '', // 4
      '# Intro', // 5
      '',
      'Some *prose*.', // 7
      '',
      `${F}sql`, // 9
      'SELECT 1;',
      `${F}`,
      `${F}kv tenant=app database=db1`, // 12
      "await table('t').get({ id: 1 });",
      `${F}`,
      'Between.', // 15
      `${F}hbase tenant=app`, // 16
      "get 't1', 'row1'",
      `${F}`,
      `${F}admin`, // 19
      'kill server 2',
      'wait for leaders',
      `${F}`,
      '',
      'The end.', // 24
      '',
    ].join('\n');
    const s = ok(doc('title: T', body));
    expect(s.cells).toEqual([
      { kind: 'prose', source: '# Intro\n\nSome *prose*.', options: {}, expected: null, line: 5 },
      { kind: 'sql', source: 'SELECT 1;', options: {}, expected: null, line: 9 },
      { kind: 'kv', source: "await table('t').get({ id: 1 });", options: { tenant: 'app', database: 'db1' }, expected: null, line: 12 },
      { kind: 'prose', source: 'Between.', options: {}, expected: null, line: 15 },
      { kind: 'hbase', source: "get 't1', 'row1'", options: { tenant: 'app' }, expected: null, line: 16 },
      { kind: 'admin', source: 'kill server 2\nwait for leaders', options: {}, expected: null, line: 19 },
      { kind: 'prose', source: 'The end.', options: {}, expected: null, line: 24 },
    ]);
  });

  it('reads sql options in any order; keeps a command body verbatim', () => {
    const s = ok(doc('title: T', `${F}sql   database=oceanbase  server=3 tenant=sys\n  SELECT 1;\n\n  -- two\n${F}`));
    expect(s.cells[0]).toMatchObject({ options: { tenant: 'sys', server: 3, database: 'oceanbase' }, source: '  SELECT 1;\n\n  -- two' });
    expect(ok(doc('title: T', `${F}sql\n${F}`)).cells[0]!.source).toBe('');
    expect(ok(doc('title: T', `${F}SQL\nSELECT 1;\n${F}`)).cells[0]!.kind).toBe('sql');
  });

  it('keeps other fences (text, js, no language) in the prose, even when they hold a command fence', () => {
    const body = `Look:\n\n${F}\`text\n${F}sql\nSELECT 1;\n${F}\n${F}\`\n\n~~~js\nlet a;\n~~~\n${F}\nplain\n${F}`;
    const s = ok(doc('title: T', body));
    expect(s.cells).toHaveLength(1);
    expect(s.cells[0]!.kind).toBe('prose');
    expect(s.cells[0]!.source).toBe(body);
  });

  it('follows CommonMark fences: tildes, longer fences, indents up to 3, closing at least as long', () => {
    const s = ok(doc('title: T', `~~~~sql\nSELECT '~~~';\n~~~\n~~~~~\n   ${F}admin\n   heal all\n  ${F}\n    ${F}sql\n`));
    expect(s.cells.map((c) => [c.kind, c.source])).toEqual([
      ['sql', "SELECT '~~~';\n~~~"],
      ['admin', 'heal all'],
      ['prose', `    ${F}sql`],
    ]);
  });

  it('attaches an expected block to the command before it (only blank lines between)', () => {
    const s = ok(doc('title: T', `${F}sql\nSELECT 1;\n${F}\n\n\n${F}expected\n+---+\n| 1 |\n${F}\n${F}kv\nx\n${F}\n${F}expected\n${F}`));
    expect(s.cells.map((c) => c.expected)).toEqual(['+---+\n| 1 |', '']);
    const admin = ok(doc('title: T', `${F}admin\nheal all\n${F}\n${F}expected\nok\n${F}`));
    expect(admin.cells[0]!.expected).toBe('ok');
  });

  it('refuses an expected block that follows prose or nothing, or a second one', () => {
    expect(errors(doc('title: T', `Hi\n${F}expected\nx\n${F}`))).toEqual([
      { line: 5, column: 1, message: 'an expected block must follow a sql, kv, hbase or admin cell' },
    ]);
    expect(errors(doc('title: T', `${F}sql\nSELECT 1;\n${F}\ntext\n\n  ${F}expected\n${F}`))).toEqual([
      { line: 9, column: 3, message: 'an expected block must follow a sql, kv, hbase or admin cell' },
    ]);
    expect(errors(doc('title: T', `${F}sql\nSELECT 1;\n${F}\n${F}expected\na\n${F}\n\n${F}expected\nb\n${F}`))).toEqual([
      { line: 11, column: 1, message: 'the cell at line 4 already has an expected block' },
    ]);
    expect(errors(doc('title: T', `${F}sql\nSELECT 1;\n${F}\n${F}expected strict\n${F}`))).toEqual([
      { line: 7, column: 13, message: "an expected block takes no options, found 'strict'" },
    ]);
  });

  it('reads show=stats,routes in either order as the canonical list', () => {
    const cell = (info: string) => {
      const r = parseScenario(doc('title: T', `${F}${info}\nSELECT 1\n${F}`));
      return r.ok ? r.scenario.cells[0]!.options : null;
    };
    expect(cell('sql show=routes,stats')).toEqual({ show: ['stats', 'routes'] });
    expect(cell('sql show=stats tenant=app')).toEqual({ show: ['stats'], tenant: 'app' });
  });

  it('reports option errors at their column', () => {
    const one = (info: string): ScenarioParseError[] => errors(doc('title: T', `${F}${info}\nx\n${F}`));
    expect(one('sql color=red')).toEqual([{ line: 4, column: 8, message: "unknown option 'color=red' for a sql cell (expected tenant=…, server=…, database=…, show=…)" }]);
    expect(one('sql show=plan')).toEqual([{ line: 4, column: 13, message: "show= needs stats and/or routes separated by commas, found 'plan'" }]);
    expect(one('sql show=stats,stats')[0]!.column).toBe(13);
    expect(one('sql server=0')).toEqual([{ line: 4, column: 15, message: "server= needs a server id (1..999), found '0'" }]);
    expect(one('sql server=two')[0]!.column).toBe(15);
    expect(one('sql tenant=')).toEqual([{ line: 4, column: 15, message: "tenant= needs a tenant name, found ''" }]);
    expect(one('sql database=a-b')[0]!.column).toBe(17);
    expect(one('sql tenant')).toEqual([{ line: 4, column: 8, message: "expected tenant=… , found 'tenant'" }]);
    expect(one('sql tenant=a tenant=b')).toEqual([{ line: 4, column: 17, message: "option 'tenant' is given twice" }]);
    expect(one('kv server=1')[0]!.message).toBe("unknown option 'server=1' for a kv cell (expected tenant=…, database=…)");
    expect(one('admin tenant=app')[0]).toEqual({ line: 4, column: 10, message: "admin cells take no options, found 'tenant=app'" });
  });

  it('checks admin cells at parse time, at document lines and columns', () => {
    const e = errors(doc('title: T', `Intro\n\n  ${F}admin\n  heal all\n  kill server x\n${F}`));
    expect(e).toEqual([{ line: 8, column: 15, message: "expected a server id after 'kill server', found 'x'" }]);
  });

  it('reports an unclosed fence at its line', () => {
    expect(errors(doc('title: T', `ok\n\n${F}sql\nSELECT 1;\n`))).toEqual([
      { line: 6, column: 1, message: 'the sql fence opened here is never closed (add a line ```)' },
    ]);
    expect(errors(doc('title: T', `  ~~~~\ntext\n~~~`))).toEqual([{ line: 4, column: 3, message: 'the fence opened here is never closed (add a line ~~~~)' }]);
  });

  it('reports header and body errors together, in document order', () => {
    const e = errors(doc('title: T\nzones: 9', `${F}admin\nfly\n${F}\n${F}sql bad\n${F}`));
    expect(e.map((x) => x.line)).toEqual([3, 6, 8]);
  });
});

describe('limits', () => {
  it('refuses a document over SCENARIO_CHARS_MAX characters', () => {
    const e = errors(doc('title: T', 'x'.repeat(SCENARIO_CHARS_MAX)));
    expect(e).toEqual([{ line: 1, column: 1, message: expect.stringMatching(/at most 262144 are read/) }]);
  });

  it('refuses more than SCENARIO_CELLS_MAX cells, at the first cell over', () => {
    const cells = Array.from({ length: SCENARIO_CELLS_MAX + 5 }, () => `${F}sql\nSELECT 1;\n${F}`).join('\n');
    const e = errors(doc('title: T', cells));
    expect(e).toEqual([{ line: 4 + 3 * SCENARIO_CELLS_MAX, column: 1, message: `a scenario has at most ${SCENARIO_CELLS_MAX} cells` }]);
    const exactly = Array.from({ length: SCENARIO_CELLS_MAX }, () => `${F}sql\nSELECT 1;\n${F}`).join('\n');
    expect(ok(doc('title: T', exactly)).cells).toHaveLength(SCENARIO_CELLS_MAX);
  });
});
