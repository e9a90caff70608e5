/**
 * The admin-cell grammar: every command and `wait for` condition, defaults, ranges, comments,
 * case-insensitivity, canonical formatting, and errors with their line, column and message.
 */
import { describe, expect, it } from 'vitest';
import { formatAdminCommand, parseAdminCell, parseAdminLine } from './admin';
import { SCENARIO_WAIT_TIMEOUT_MS_DEFAULT, type AdminCommand, type Condition } from './types';

function one(line: string): AdminCommand {
  const r = parseAdminLine(line);
  if (!r.ok) throw new Error(`${line}: ${r.error.message}`);
  return r.command;
}

function fails(line: string): { message: string; column: number } {
  const r = parseAdminLine(line);
  if (r.ok) throw new Error(`${line} parsed as ${JSON.stringify(r.command)}`);
  return { message: r.error.message, column: r.error.column };
}

function waitFor(text: string): { condition: Condition; timeoutMs: number } {
  const c = one(`wait for ${text}`);
  if (c.kind !== 'wait') throw new Error(`not a wait: ${JSON.stringify(c)}`);
  return { condition: c.condition, timeoutMs: c.timeoutMs };
}

describe('admin commands', () => {
  it('kills, stops, starts and restarts servers', () => {
    expect(one('kill server 2')).toEqual({ kind: 'killServer', serverId: 2 });
    expect(one('stop server 3')).toEqual({ kind: 'killServer', serverId: 3 });
    expect(one('start server 2')).toEqual({ kind: 'startServer', serverId: 2 });
    expect(one('restart server 12')).toEqual({ kind: 'startServer', serverId: 12 });
  });

  it('kills the leader of a log stream, in tenant test unless told', () => {
    expect(one('kill leader of ls 1001')).toEqual({ kind: 'killLeader', tenant: 'test', lsId: 1001 });
    expect(one('kill leader of ls 1 tenant sys')).toEqual({ kind: 'killLeader', tenant: 'sys', lsId: 1 });
  });

  it('cuts and heals links and zones, one way or both', () => {
    expect(one('cut link 1 2')).toEqual({ kind: 'cutLink', a: 1, b: 2, oneWay: false });
    expect(one('cut link 1 2 oneway')).toEqual({ kind: 'cutLink', a: 1, b: 2, oneWay: true });
    expect(one('heal link 2 1')).toEqual({ kind: 'healLink', a: 2, b: 1 });
    expect(one('cut zone1 zone3')).toEqual({ kind: 'cutZones', a: 'zone1', b: 'zone3', oneWay: false });
    expect(one('CUT Zone1 ZONE2 ONEWAY')).toEqual({ kind: 'cutZones', a: 'zone1', b: 'zone2', oneWay: true });
    expect(one('heal zone1 zone2')).toEqual({ kind: 'healZones', a: 'zone1', b: 'zone2' });
    expect(one('heal all')).toEqual({ kind: 'healAll' });
  });

  it('sets delay and loss on a one-way link; 0 clears', () => {
    expect(one('delay link 1 2 200ms')).toEqual({ kind: 'linkFault', from: 1, to: 2, delayUs: 200_000, lossRate: null });
    expect(one('delay link 1 2 1.5s')).toEqual({ kind: 'linkFault', from: 1, to: 2, delayUs: 1_500_000, lossRate: null });
    expect(one('delay link 1 2 0')).toEqual({ kind: 'linkFault', from: 1, to: 2, delayUs: 0, lossRate: null });
    expect(one('delay link 1 2 250us loss 10%')).toEqual({ kind: 'linkFault', from: 1, to: 2, delayUs: 250, lossRate: 0.1 });
    expect(one('loss link 3 1 30%')).toEqual({ kind: 'linkFault', from: 3, to: 1, delayUs: null, lossRate: 0.3 });
    expect(one('loss link 3 1 0.25')).toEqual({ kind: 'linkFault', from: 3, to: 1, delayUs: null, lossRate: 0.25 });
    expect(one('loss link 3 1 0')).toEqual({ kind: 'linkFault', from: 3, to: 1, delayUs: null, lossRate: 0 });
  });

  it('freezes one tenant or all of them, minor or major', () => {
    expect(one('freeze')).toEqual({ kind: 'freeze', tenant: null, major: false });
    expect(one('minor freeze tenant app')).toEqual({ kind: 'freeze', tenant: 'app', major: false });
    expect(one('freeze tenant test')).toEqual({ kind: 'freeze', tenant: 'test', major: false });
    expect(one('major freeze')).toEqual({ kind: 'freeze', tenant: null, major: true });
    expect(one('Major Freeze Tenant app')).toEqual({ kind: 'freeze', tenant: 'app', major: true });
  });

  it('advances, pauses, resumes and sets the clock rate', () => {
    expect(one('advance 5s')).toEqual({ kind: 'advance', ms: 5000 });
    expect(one('advance 250ms')).toEqual({ kind: 'advance', ms: 250 });
    expect(one('advance 2m')).toEqual({ kind: 'advance', ms: 120_000 });
    expect(one('pause clock')).toEqual({ kind: 'pauseClock' });
    expect(one('resume clock')).toEqual({ kind: 'resumeClock' });
    expect(one('clock rate 2')).toEqual({ kind: 'clockRate', rate: 2 });
    expect(one('clock rate 0.5x')).toEqual({ kind: 'clockRate', rate: 0.5 });
  });

  it('loads sample data', () => {
    expect(one('load sample data tpch')).toEqual({ kind: 'loadSampleData', dataset: 'tpch', scale: null });
    expect(one('load sample data tpch 0.01')).toEqual({ kind: 'loadSampleData', dataset: 'tpch', scale: 0.01 });
    expect(one('load sample data world')).toEqual({ kind: 'loadSampleData', dataset: 'world', scale: null });
  });

  it('reads one command per line, skipping blank lines and comments, with their lines', () => {
    const r = parseAdminCell('# set up\nkill server 1  # the leader\n\n  heal all\r\nadvance 1s');
    expect(r).toEqual({
      ok: true,
      commands: [
        { command: { kind: 'killServer', serverId: 1 }, line: 2 },
        { command: { kind: 'healAll' }, line: 4 },
        { command: { kind: 'advance', ms: 1000 }, line: 5 },
      ],
    });
    expect(parseAdminCell('')).toEqual({ ok: true, commands: [] });
  });
});

describe('wait for conditions', () => {
  it('waits for a leader of a log stream, anywhere, in a zone or on a server', () => {
    expect(waitFor('leader of ls 1001')).toEqual({
      condition: { kind: 'leader', tenant: 'test', lsId: 1001, zone: null, serverId: null },
      timeoutMs: SCENARIO_WAIT_TIMEOUT_MS_DEFAULT,
    });
    expect(waitFor('leader of ls 1001 tenant app in zone2 timeout 20s')).toEqual({
      condition: { kind: 'leader', tenant: 'app', lsId: 1001, zone: 'zone2', serverId: null },
      timeoutMs: 20_000,
    });
    expect(waitFor('leader of ls 1 on server 3 tenant sys').condition).toEqual({ kind: 'leader', tenant: 'sys', lsId: 1, zone: null, serverId: 3 });
  });

  it('waits for leaders, a server status, compactions, balance and column store conversion', () => {
    expect(waitFor('leaders').condition).toEqual({ kind: 'leaders' });
    expect(waitFor('server 2 active').condition).toEqual({ kind: 'server', serverId: 2, status: 'ACTIVE' });
    expect(waitFor('server 2 INACTIVE').condition).toEqual({ kind: 'server', serverId: 2, status: 'INACTIVE' });
    expect(waitFor('server 4 stopped').condition).toEqual({ kind: 'server', serverId: 4, status: 'STOPPED' });
    expect(waitFor('major compaction').condition).toEqual({ kind: 'majorDone', tenant: 'test' });
    expect(waitFor('major compaction tenant app timeout 2m')).toEqual({ condition: { kind: 'majorDone', tenant: 'app' }, timeoutMs: 120_000 });
    expect(waitFor('mini compaction tenant sys').condition).toEqual({ kind: 'miniDone', tenant: 'sys' });
    expect(waitFor('balance').condition).toEqual({ kind: 'balanced', tenant: 'test' });
    expect(waitFor('column store conversion tenant app').condition).toEqual({ kind: 'csConverted', tenant: 'app' });
  });

  it('waits for a query to return a value (bare or quoted), the query running to the end of the line', () => {
    expect(waitFor('sql returns 3: SELECT count(*) FROM t')).toEqual({
      condition: { kind: 'sql', tenant: 'test', value: '3', query: 'SELECT count(*) FROM t' },
      timeoutMs: SCENARIO_WAIT_TIMEOUT_MS_DEFAULT,
    });
    expect(waitFor("sql tenant sys returns 'FULL' : SELECT status FROM x WHERE a = 'it''s' timeout 10s")).toEqual({
      condition: { kind: 'sql', tenant: 'sys', value: 'FULL', query: "SELECT status FROM x WHERE a = 'it''s'" },
      timeoutMs: 10_000,
    });
    expect(waitFor("sql returns 'it''s here': SELECT '#1' # a comment").condition).toEqual({
      kind: 'sql',
      tenant: 'test',
      value: "it's here",
      query: "SELECT '#1'",
    });
    expect(waitFor("sql returns '': SELECT ''").condition).toMatchObject({ value: '', query: "SELECT ''" });
  });
});

describe('admin errors', () => {
  it('lists the commands when the first word is unknown', () => {
    const e = fails('  frobnicate server 2');
    expect(e.column).toBe(3);
    expect(e.message).toMatch(/^unknown admin command 'frobnicate' \(expected one of: kill, stop, start, restart, cut, heal/);
  });

  it('names what was expected, at the column of the offending word', () => {
    expect(fails('kill server')).toEqual({ message: "expected a server id after 'kill server'", column: 13 });
    expect(fails('kill server two')).toEqual({ message: "expected a server id after 'kill server', found 'two'", column: 13 });
    expect(fails('kill server 0').column).toBe(13);
    expect(fails('kill node 1')).toEqual({ message: "expected 'server' or 'leader of ls' after 'kill', found 'node'", column: 6 });
    expect(fails('kill server 2 now')).toEqual({ message: "unexpected 'now' after 'kill server 2'", column: 15 });
    expect(fails('cut link 1')).toEqual({ message: "expected a server id after 'cut link 1'", column: 12 });
    expect(fails('cut zone1 east').column).toBe(11);
    expect(fails('heal').message).toBe("expected 'link A B', two zones or 'all' after 'heal'");
    expect(fails('pause').message).toBe("expected 'clock' after 'pause'");
    expect(fails('wait leaders').message).toBe("expected 'for' after 'wait', found 'leaders'");
    expect(fails('wait for coffee').message).toMatch(/^unknown condition 'coffee' \(expected 'leader of ls N'/);
    expect(fails('wait for server 2 sleeping')).toEqual({
      message: "expected 'active', 'inactive' or 'stopped' after 'server 2', found 'sleeping'",
      column: 19,
    });
    expect(fails('freeze tenant').message).toBe("expected a tenant name after 'freeze tenant'");
    expect(fails('freeze tenant a-b').column).toBe(15);
  });

  it('checks durations, rates and their ranges', () => {
    expect(fails('advance 5').message).toBe("expected a duration like 200ms or 1.5s, found '5'");
    expect(fails('advance 0').message).toMatch(/^a duration must be between 1ms and 600s/);
    expect(fails('advance 11m').message).toMatch(/^a duration must be between 1ms and 600s/);
    expect(fails('advance 1.5ms').message).toMatch(/whole number of milliseconds/);
    expect(fails('wait for leaders timeout 1h').column).toBe(26);
    expect(fails('wait for leaders timeout 700s').message).toMatch(/^a timeout must be between 1ms and 600s/);
    expect(fails('delay link 1 2 fast').column).toBe(16);
    expect(fails('delay link 1 2 61s').message).toMatch(/at most 60s/);
    expect(fails('loss link 1 2 150%').message).toMatch(/^expected a loss rate between 0% and 100%/);
    expect(fails('loss link 1 2 2').column).toBe(15);
    expect(fails('clock rate 20').message).toBe("clock rate must be between 0.1 and 10, found '20'");
    expect(fails('clock rate 0.05').column).toBe(12);
    expect(fails('load sample data tpch 0').message).toMatch(/scale factor must be > 0/);
    expect(fails('load sample data imdb')).toEqual({ message: "expected a dataset ('tpch' or 'world'), found 'imdb'", column: 18 });
    expect(fails('load sample data world 1').message).toBe("unexpected '1' after 'load sample data world'");
  });

  it('checks the sql condition: value, colon, query', () => {
    expect(fails('wait for sql returns').message).toBe("expected a value and ': query' after 'returns'");
    expect(fails('wait for sql returns 3 SELECT 3').message).toBe("expected ':' and the query after the value");
    expect(fails("wait for sql returns 'abc: SELECT 1").message).toBe('unterminated quoted value');
    expect(fails('wait for sql returns 3:').message).toBe("expected a query after ':'");
    expect(fails('wait for sql returns 3: SELECT 3 timeout 5')).toEqual({
      message: "expected a timeout like 200ms or 1.5s, found '5'",
      column: 42,
    });
  });

  it('reports every bad line of a cell with its line', () => {
    const r = parseAdminCell('kill server 1\nkil server 2\nheal all\nadvance');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 1],
      [4, 9],
    ]);
  });
});

describe('formatAdminCommand', () => {
  const canonical = [
    'kill server 2',
    'kill leader of ls 1001',
    'kill leader of ls 1 tenant sys',
    'start server 2',
    'cut link 1 2',
    'cut link 1 2 oneway',
    'heal link 1 2',
    'cut zone1 zone2 oneway',
    'heal zone1 zone2',
    'heal all',
    'delay link 1 2 200ms',
    'delay link 1 2 1500ms loss 0.1',
    'delay link 1 2 2s',
    'delay link 1 2 0',
    'delay link 1 2 250us',
    'loss link 1 2 0.3',
    'freeze',
    'freeze tenant app',
    'major freeze',
    'major freeze tenant test',
    'wait for leader of ls 1001 tenant app in zone2 timeout 20s',
    'wait for leader of ls 1001 on server 3',
    'wait for leaders',
    'wait for server 2 inactive timeout 1500ms',
    'wait for major compaction timeout 600s',
    'wait for mini compaction tenant sys',
    'wait for balance',
    'wait for column store conversion',
    "wait for sql tenant sys returns 'two words': SELECT 'x' timeout 5s",
    'wait for sql returns 3: SELECT 3',
    'advance 5s',
    'pause clock',
    'resume clock',
    'clock rate 0.5',
    'load sample data tpch',
    'load sample data tpch 0.01',
    'load sample data world',
  ];
  it.each(canonical)('writes %s back as it was read', (text) => {
    expect(formatAdminCommand(one(text))).toBe(text);
  });

  it('writes synonyms and defaults canonically', () => {
    expect(formatAdminCommand(one('STOP SERVER 2'))).toBe('kill server 2');
    expect(formatAdminCommand(one('restart server 2'))).toBe('start server 2');
    expect(formatAdminCommand(one('loss link 1 2 30% delay 1s'))).toBe('delay link 1 2 1s loss 0.3');
    expect(formatAdminCommand(one('wait for balance tenant test timeout 30s'))).toBe('wait for balance');
    expect(formatAdminCommand(one('minor freeze'))).toBe('freeze');
  });
});
