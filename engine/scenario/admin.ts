/**
 * The admin-cell grammar (issue #6): one cluster action per line of an ```admin fence — the
 * scenario's stand-in for what an operator does to an OceanBase cluster from outside SQL: kill and
 * restart an OBServer (kill -9 / `ob_admin`-style restart on its files), partition the network
 * between servers or zones, inject delay or loss on an RPC link, issue a minor/major freeze, wait
 * for the cluster to reach a state (an LS leader elected by PALF, a major compaction merged…),
 * and steer the simulated clock.
 *
 * ```text
 * kill server 2            # a comment runs to the end of the line
 * wait for leader of ls 1001 in zone2 timeout 20s
 * cut zone1 zone3 oneway
 * ```
 *
 * Keywords are case-insensitive; blank lines and `#` comments (outside quotes) are ignored. The
 * parser only checks shapes and ranges; server ids and zones are checked against the deployed
 * topology by the runner. Invariant: `parseAdminCell(formatAdminCommand(c))` yields exactly `c`
 * for every command the parser can produce (roundtrip.test.ts).
 */
import { assert, unreachable } from '../common/assert';
import {
  SCENARIO_ADVANCE_MS_MAX,
  SCENARIO_WAIT_TIMEOUT_MS_DEFAULT,
  SCENARIO_WAIT_TIMEOUT_MS_MAX,
  type AdminCommand,
  type AdminParseResult,
  type Condition,
  type ScenarioParseError,
} from './types';

/** Longest one-way delay `delay link` may inject, µs (a minute: longer only hides the lesson). */
export const ADMIN_LINK_DELAY_US_MAX = 60_000_000;
/** Clock rate bounds (× real time), as the header's `clock_rate`. */
export const CLOCK_RATE_MIN = 0.1;
export const CLOCK_RATE_MAX = 10;
/** TPC-H scale factor bounds, as `CALL dbms_playground.load_sample_data` accepts them. */
export const TPCH_SCALE_MAX = 10;

/** The first words an admin line may start with (listed in the unknown-command error). */
export const ADMIN_COMMAND_WORDS = [
  'kill', 'stop', 'start', 'restart', 'cut', 'heal', 'delay', 'loss', 'freeze', 'minor', 'major', 'wait',
  'advance', 'pause', 'resume', 'clock', 'load',
] as const;

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ZONE_RE = /^zone[1-9][0-9]{0,2}$/i;
const NUMBER_RE = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;
const DURATION_RE = /^((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(us|ms|s|m|min)?$/i;
const BARE_VALUE_RE = /^[A-Za-z0-9_.+-]+$/;

/** Raised inside this module only; `parseAdminCell` turns it into a `ScenarioParseError`. */
class AdminSyntaxError {
  constructor(
    readonly message: string,
    readonly column: number,
  ) {}
}

interface Token {
  text: string;
  /** 1-based column of the token's first character in the line. */
  column: number;
}

/** A cursor over one line's words. `prefix()` is what has been read so far (for messages). */
class Words {
  private index = 0;
  constructor(
    readonly line: string,
    readonly tokens: Token[],
  ) {}

  peek(): Token | null {
    return this.tokens[this.index] ?? null;
  }
  peekWord(): string | null {
    return this.peek()?.text.toLowerCase() ?? null;
  }
  /** The column just past the last token (where a missing word would go). */
  endColumn(): number {
    const last = this.tokens[this.tokens.length - 1];
    return last === undefined ? 1 : last.column + last.text.length + 1;
  }
  prefix(): string {
    return this.tokens.slice(0, this.index).map((t) => t.text.toLowerCase()).join(' ');
  }
  /** The next token, or an error naming `what` was expected after what was read so far. */
  take(what: string): Token {
    const token = this.peek();
    if (token === null) throw new AdminSyntaxError(`expected ${what} after '${this.prefix()}'`, this.endColumn());
    this.index++;
    return token;
  }
  /** Consumes the keyword if it is next (case-insensitive). */
  accept(keyword: string): boolean {
    if (this.peekWord() !== keyword) return false;
    this.index++;
    return true;
  }
  expect(keyword: string): void {
    const token = this.peek();
    if (token?.text.toLowerCase() === keyword) {
      this.index++;
      return;
    }
    const after = this.index === 0 ? '' : ` after '${this.prefix()}'`;
    if (token === null) throw new AdminSyntaxError(`expected '${keyword}'${after}`, this.endColumn());
    throw new AdminSyntaxError(`expected '${keyword}'${after}, found '${token.text}'`, token.column);
  }
  /** Errors if any word is left. */
  end(): void {
    const token = this.peek();
    if (token !== null) throw new AdminSyntaxError(`unexpected '${token.text}' after '${this.prefix()}'`, token.column);
  }
  /** The rest of the line from the next token on (verbatim), consuming everything. */
  rest(): { text: string; column: number } | null {
    const token = this.peek();
    if (token === null) return null;
    this.index = this.tokens.length;
    return { text: this.line.slice(token.column - 1).trimEnd(), column: token.column };
  }
}

/** Splits a line into whitespace-separated tokens with their columns. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) tokens.push({ text: m[0], column: m.index + 1 });
  return tokens;
}

/** The line without its `#` comment; a `#` inside '…', "…" or `…` quotes is text. */
export function stripAdminComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

// ------------------------------------------------------------------------------------ values

function positiveInt(words: Words, what: string): number {
  const before = words.prefix();
  const token = words.take(what);
  if (!/^[0-9]{1,15}$/.test(token.text) || Number(token.text) < 1) {
    throw new AdminSyntaxError(`expected ${what} after '${before}', found '${token.text}'`, token.column);
  }
  return Number(token.text);
}

function serverId(words: Words): number {
  return positiveInt(words, 'a server id');
}

function zoneName(words: Words): string {
  const token = words.take('a zone name (zone1, zone2, …)');
  if (!ZONE_RE.test(token.text)) throw new AdminSyntaxError(`expected a zone name like zone1, found '${token.text}'`, token.column);
  return token.text.toLowerCase();
}

function tenantName(words: Words): string {
  const token = words.take('a tenant name');
  if (!IDENT_RE.test(token.text)) throw new AdminSyntaxError(`expected a tenant name, found '${token.text}'`, token.column);
  return token.text;
}

/** `[tenant T]`; `fallback` when absent. */
function optionalTenant<T extends string | null>(words: Words, fallback: T): string | T {
  return words.accept('tenant') ? tenantName(words) : fallback;
}

/** A duration (`200ms`, `1.5s`, `2m`, `500us`; a bare `0`) in µs, rounded to whole µs. */
function durationUs(words: Words, what: string): { us: number; token: Token } {
  const token = words.take(what);
  const m = DURATION_RE.exec(token.text);
  const unit = m?.[2]?.toLowerCase();
  if (m === null || (unit === undefined && Number(m[1]) !== 0)) {
    throw new AdminSyntaxError(`expected ${what} like 200ms or 1.5s, found '${token.text}'`, token.column);
  }
  const scale = unit === 'us' ? 1 : unit === 'ms' ? 1_000 : unit === 's' ? 1_000_000 : 60_000_000;
  const us = Math.round(Number(m[1]) * scale);
  if (!Number.isSafeInteger(us)) throw new AdminSyntaxError(`${what} '${token.text}' is too long`, token.column);
  return { us, token };
}

/** A duration in whole ms within 1..maxMs. */
function durationMs(words: Words, what: string, maxMs: number): number {
  const { us, token } = durationUs(words, what);
  if (us % 1000 !== 0) throw new AdminSyntaxError(`${what} must be a whole number of milliseconds, found '${token.text}'`, token.column);
  const ms = us / 1000;
  if (ms < 1 || ms > maxMs) throw new AdminSyntaxError(`${what} must be between 1ms and ${formatMs(maxMs)}, found '${token.text}'`, token.column);
  return ms;
}

function decimal(words: Words, what: string): { value: number; token: Token } {
  const token = words.take(what);
  if (!NUMBER_RE.test(token.text)) throw new AdminSyntaxError(`expected ${what}, found '${token.text}'`, token.column);
  return { value: Number(token.text), token };
}

/** A loss rate: `30%` (0..100) or a fraction `0.3` (0..1). */
function lossRate(words: Words): number {
  const token = words.take('a loss rate (30% or 0.3)');
  const percent = token.text.endsWith('%');
  const text = percent ? token.text.slice(0, -1) : token.text;
  const value = NUMBER_RE.test(text) ? Number(text) / (percent ? 100 : 1) : NaN;
  if (!(value >= 0 && value <= 1)) throw new AdminSyntaxError(`expected a loss rate between 0% and 100% (or 0..1), found '${token.text}'`, token.column);
  return value;
}

// ------------------------------------------------------------------------------------ commands

function parseKill(words: Words): AdminCommand {
  if (words.accept('server')) return { kind: 'killServer', serverId: serverId(words) };
  if (words.accept('leader')) {
    words.expect('of');
    words.expect('ls');
    const lsId = positiveInt(words, 'a log stream id');
    return { kind: 'killLeader', lsId, tenant: optionalTenant(words, 'test') };
  }
  const token = words.take("'server' or 'leader of ls'");
  throw new AdminSyntaxError(`expected 'server' or 'leader of ls' after 'kill', found '${token.text}'`, token.column);
}

function parseCutOrHeal(words: Words, cut: boolean): AdminCommand {
  if (!cut && words.accept('all')) return { kind: 'healAll' };
  if (words.accept('link')) {
    const a = serverId(words);
    const b = serverId(words);
    return cut ? { kind: 'cutLink', a, b, oneWay: words.accept('oneway') } : { kind: 'healLink', a, b };
  }
  const next = words.peek();
  if (next === null || !ZONE_RE.test(next.text)) {
    const choices = cut ? "'link A B' or two zones" : "'link A B', two zones or 'all'";
    const found = next === null ? '' : `, found '${next.text}'`;
    throw new AdminSyntaxError(`expected ${choices} after '${cut ? 'cut' : 'heal'}'${found}`, next?.column ?? words.endColumn());
  }
  const a = zoneName(words);
  const b = zoneName(words);
  return cut ? { kind: 'cutZones', a, b, oneWay: words.accept('oneway') } : { kind: 'healZones', a, b };
}

/** `delay link A B <dur> [loss <rate>]` / `loss link A B <rate> [delay <dur>]`. */
function parseLinkFault(words: Words, first: 'delay' | 'loss'): AdminCommand {
  words.expect('link');
  const from = serverId(words);
  const to = serverId(words);
  let delayUs: number | null = null;
  let loss: number | null = null;
  const readDelay = (): void => {
    const { us, token } = durationUs(words, 'a delay');
    if (us > ADMIN_LINK_DELAY_US_MAX) throw new AdminSyntaxError(`a link delay is at most ${ADMIN_LINK_DELAY_US_MAX / 1_000_000}s, found '${token.text}'`, token.column);
    delayUs = us;
  };
  if (first === 'delay') {
    readDelay();
    if (words.accept('loss')) loss = lossRate(words);
  } else {
    loss = lossRate(words);
    if (words.accept('delay')) readDelay();
  }
  return { kind: 'linkFault', from, to, delayUs, lossRate: loss };
}

/** `clock rate 2` or `clock rate 2x`. */
function parseClockRate(words: Words): number {
  const token = words.take('a clock rate (0.1..10)');
  const text = /x$/i.test(token.text) ? token.text.slice(0, -1) : token.text;
  if (!NUMBER_RE.test(text)) throw new AdminSyntaxError(`expected a clock rate (0.1..10) after 'clock rate', found '${token.text}'`, token.column);
  const value = Number(text);
  if (!(value >= CLOCK_RATE_MIN && value <= CLOCK_RATE_MAX)) {
    throw new AdminSyntaxError(`clock rate must be between ${CLOCK_RATE_MIN} and ${CLOCK_RATE_MAX}, found '${token.text}'`, token.column);
  }
  return value;
}

function parseLoad(words: Words): AdminCommand {
  words.expect('sample');
  words.expect('data');
  const token = words.take("a dataset ('tpch' or 'world')");
  const dataset = token.text.toLowerCase();
  if (dataset === 'world') return { kind: 'loadSampleData', dataset, scale: null };
  if (dataset !== 'tpch') throw new AdminSyntaxError(`expected a dataset ('tpch' or 'world'), found '${token.text}'`, token.column);
  if (words.peek() === null) return { kind: 'loadSampleData', dataset, scale: null };
  const { value, token: t } = decimal(words, 'a TPC-H scale factor');
  if (!(value > 0 && value <= TPCH_SCALE_MAX)) throw new AdminSyntaxError(`a TPC-H scale factor must be > 0 and <= ${TPCH_SCALE_MAX}, found '${t.text}'`, t.column);
  return { kind: 'loadSampleData', dataset, scale: value };
}

function unknownCommand(token: Token): never {
  throw new AdminSyntaxError(`unknown admin command '${token.text}' (expected one of: ${ADMIN_COMMAND_WORDS.join(', ')})`, token.column);
}

/** One (non-empty, comment-free) line → its command; throws `AdminSyntaxError`. */
function parseCommand(words: Words): AdminCommand {
  const first = words.take('a command');
  switch (first.text.toLowerCase()) {
    case 'kill':
      return parseKill(words);
    case 'stop':
      words.expect('server');
      return { kind: 'killServer', serverId: serverId(words) };
    case 'start':
    case 'restart':
      words.expect('server');
      return { kind: 'startServer', serverId: serverId(words) };
    case 'cut':
      return parseCutOrHeal(words, true);
    case 'heal':
      return parseCutOrHeal(words, false);
    case 'delay':
      return parseLinkFault(words, 'delay');
    case 'loss':
      return parseLinkFault(words, 'loss');
    case 'minor':
      words.expect('freeze');
      return { kind: 'freeze', major: false, tenant: optionalTenant(words, null) };
    case 'freeze':
      return { kind: 'freeze', major: false, tenant: optionalTenant(words, null) };
    case 'major':
      words.expect('freeze');
      return { kind: 'freeze', major: true, tenant: optionalTenant(words, null) };
    case 'wait':
      words.expect('for');
      return parseWait(words);
    case 'advance':
      return { kind: 'advance', ms: durationMs(words, 'a duration', SCENARIO_ADVANCE_MS_MAX) };
    case 'pause':
      words.expect('clock');
      return { kind: 'pauseClock' };
    case 'resume':
      words.expect('clock');
      return { kind: 'resumeClock' };
    case 'clock':
      words.expect('rate');
      return { kind: 'clockRate', rate: parseClockRate(words) };
    case 'load':
      return parseLoad(words);
    default:
      return unknownCommand(first);
  }
}

// ------------------------------------------------------------------------------------ wait for

const CONDITION_WORDS = "'leader of ls N', 'leaders', 'server N', 'major compaction', 'mini compaction', 'balance', 'column store conversion' or 'sql … returns'";

/** `wait for <condition> [timeout <dur>]` (the words after `for`). */
function parseWait(words: Words): AdminCommand {
  const head = words.peekWord();
  if (head === 'sql') return parseWaitSql(words);
  const condition = parseCondition(words);
  let timeoutMs = SCENARIO_WAIT_TIMEOUT_MS_DEFAULT;
  if (words.accept('timeout')) timeoutMs = durationMs(words, 'a timeout', SCENARIO_WAIT_TIMEOUT_MS_MAX);
  return { kind: 'wait', condition, timeoutMs };
}

function parseCondition(words: Words): Condition {
  const token = words.take(`a condition (${CONDITION_WORDS})`);
  switch (token.text.toLowerCase()) {
    case 'leader': {
      words.expect('of');
      words.expect('ls');
      const lsId = positiveInt(words, 'a log stream id');
      let tenant: string | null = null;
      let zone: string | null = null;
      let server: number | null = null;
      for (;;) {
        if (tenant === null && words.accept('tenant')) tenant = tenantName(words);
        else if (zone === null && server === null && words.accept('in')) zone = zoneName(words);
        else if (zone === null && server === null && words.accept('on')) {
          words.expect('server');
          server = serverId(words);
        } else break;
      }
      return { kind: 'leader', tenant: tenant ?? 'test', lsId, zone, serverId: server };
    }
    case 'leaders':
      return { kind: 'leaders' };
    case 'server': {
      const id = serverId(words);
      const status = words.take("'active', 'inactive' or 'stopped'");
      const upper = status.text.toUpperCase();
      if (upper !== 'ACTIVE' && upper !== 'INACTIVE' && upper !== 'STOPPED') {
        throw new AdminSyntaxError(`expected 'active', 'inactive' or 'stopped' after 'server ${id}', found '${status.text}'`, status.column);
      }
      return { kind: 'server', serverId: id, status: upper };
    }
    case 'major':
      words.expect('compaction');
      return { kind: 'majorDone', tenant: optionalTenant(words, 'test') };
    case 'mini':
      words.expect('compaction');
      return { kind: 'miniDone', tenant: optionalTenant(words, 'test') };
    case 'balance':
      return { kind: 'balanced', tenant: optionalTenant(words, 'test') };
    case 'column':
      words.expect('store');
      words.expect('conversion');
      return { kind: 'csConverted', tenant: optionalTenant(words, 'test') };
    default:
      throw new AdminSyntaxError(`unknown condition '${token.text}' (expected ${CONDITION_WORDS})`, token.column);
  }
}

const TRAILING_TIMEOUT_RE = /\s+timeout\s+((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:us|ms|s|m|min)?)\s*$/i;

/** `sql [tenant T] returns <value>: <query> [timeout <dur>]` — the query runs to the end of the line. */
function parseWaitSql(words: Words): AdminCommand {
  words.expect('sql');
  const tenant = optionalTenant(words, 'test');
  words.expect('returns');
  const rest = words.rest();
  if (rest === null) throw new AdminSyntaxError("expected a value and ': query' after 'returns'", words.endColumn());
  const { value, queryStart } = splitSqlValue(rest.text, rest.column);
  let queryText = rest.text.slice(queryStart);
  let timeoutMs = SCENARIO_WAIT_TIMEOUT_MS_DEFAULT;
  const timeout = TRAILING_TIMEOUT_RE.exec(queryText);
  if (timeout !== null) {
    const column = rest.column + queryStart + timeout.index + timeout[0].search(/\S+\s*$/);
    const tw = new Words(timeout[1]!, [{ text: timeout[1]!, column }]);
    timeoutMs = durationMs(tw, 'a timeout', SCENARIO_WAIT_TIMEOUT_MS_MAX);
    queryText = queryText.slice(0, timeout.index);
  }
  const query = queryText.trim();
  if (query === '') throw new AdminSyntaxError("expected a query after ':'", rest.column + rest.text.length);
  return { kind: 'wait', condition: { kind: 'sql', tenant, query, value }, timeoutMs };
}

/** `'quoted ''value'''` or `bare` up to `:`; returns the value and where the query starts in `text`. */
function splitSqlValue(text: string, column: number): { value: string; queryStart: number } {
  let value = '';
  let i = 0;
  if (text.startsWith("'")) {
    for (i = 1; ; i++) {
      if (i >= text.length) throw new AdminSyntaxError('unterminated quoted value', column);
      if (text[i] === "'") {
        if (text[i + 1] !== "'") break;
        i++;
      }
      value += text[i];
    }
    i++;
  } else {
    const m = /^[^\s:]+/.exec(text);
    value = m?.[0] ?? '';
    i = value.length;
  }
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== ':') throw new AdminSyntaxError("expected ':' and the query after the value", column + i);
  return { value, queryStart: i + 1 };
}

// ------------------------------------------------------------------------------------ public

/**
 * Parses an admin cell's text (one command per line; blank lines and `#` comments ignored).
 * Returns every line's command with its 1-based line, or every line's error (1-based line within
 * the cell, 1-based column of the offending word; messages name what was expected). Never throws.
 */
export function parseAdminCell(source: string): AdminParseResult {
  const commands: { command: AdminCommand; line: number }[] = [];
  const errors: ScenarioParseError[] = [];
  const lines = source.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = stripAdminComment(lines[i]!);
    const tokens = tokenize(text);
    if (tokens.length === 0) continue;
    try {
      const words = new Words(text, tokens);
      const command = parseCommand(words);
      words.end();
      commands.push({ command, line: i + 1 });
    } catch (e) {
      if (!(e instanceof AdminSyntaxError)) throw e;
      errors.push({ message: e.message, line: i + 1, column: e.column });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, commands };
}

/** Parses one admin line (convenience for the teaching shortcuts and tests). */
export function parseAdminLine(line: string): { ok: true; command: AdminCommand } | { ok: false; error: ScenarioParseError } {
  const r = parseAdminCell(line.replace(/[\r\n]/g, ' '));
  if (!r.ok) return { ok: false, error: r.errors[0]! };
  if (r.commands.length !== 1) return { ok: false, error: { message: 'expected an admin command', line: 1, column: 1 } };
  return { ok: true, command: r.commands[0]!.command };
}

/** `1500` → `1500ms`, `2000` → `2s`. */
function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function formatUs(us: number): string {
  if (us === 0) return '0';
  if (us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  return us % 1000 === 0 ? `${us / 1000}ms` : `${us}us`;
}

function formatNumber(n: number): string {
  return String(n);
}

function tenantSuffix(tenant: string | null, fallback: string | null): string {
  return tenant === fallback ? '' : ` tenant ${tenant}`;
}

function formatSqlValue(value: string): string {
  return BARE_VALUE_RE.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

/** The canonical text of a condition (as after `wait for`). */
export function formatCondition(c: Condition): string {
  switch (c.kind) {
    case 'leader': {
      const where = c.zone !== null ? ` in ${c.zone}` : c.serverId !== null ? ` on server ${c.serverId}` : '';
      return `leader of ls ${c.lsId}${tenantSuffix(c.tenant, 'test')}${where}`;
    }
    case 'leaders':
      return 'leaders';
    case 'server':
      return `server ${c.serverId} ${c.status.toLowerCase()}`;
    case 'majorDone':
      return `major compaction${tenantSuffix(c.tenant, 'test')}`;
    case 'miniDone':
      return `mini compaction${tenantSuffix(c.tenant, 'test')}`;
    case 'balanced':
      return `balance${tenantSuffix(c.tenant, 'test')}`;
    case 'csConverted':
      return `column store conversion${tenantSuffix(c.tenant, 'test')}`;
    case 'sql':
      return `sql${tenantSuffix(c.tenant, 'test')} returns ${formatSqlValue(c.value)}: ${c.query}`;
    default:
      return unreachable(c);
  }
}

/**
 * The canonical one-line text of an admin command; `parseAdminCell` reads it back to the same
 * command. A `linkFault` must set a delay or a loss (asserted); a `sql` condition's query must be
 * one line without a `#` comment outside quotes.
 */
export function formatAdminCommand(c: AdminCommand): string {
  switch (c.kind) {
    case 'killServer':
      return `kill server ${c.serverId}`;
    case 'killLeader':
      return `kill leader of ls ${c.lsId}${tenantSuffix(c.tenant, 'test')}`;
    case 'startServer':
      return `start server ${c.serverId}`;
    case 'cutLink':
      return `cut link ${c.a} ${c.b}${c.oneWay ? ' oneway' : ''}`;
    case 'healLink':
      return `heal link ${c.a} ${c.b}`;
    case 'cutZones':
      return `cut ${c.a} ${c.b}${c.oneWay ? ' oneway' : ''}`;
    case 'healZones':
      return `heal ${c.a} ${c.b}`;
    case 'healAll':
      return 'heal all';
    case 'linkFault': {
      assert(c.delayUs !== null || c.lossRate !== null, 'a link fault sets a delay or a loss');
      const loss = c.lossRate === null ? '' : `${formatNumber(c.lossRate)}`;
      if (c.delayUs === null) return `loss link ${c.from} ${c.to} ${loss}`;
      return `delay link ${c.from} ${c.to} ${formatUs(c.delayUs)}${c.lossRate === null ? '' : ` loss ${loss}`}`;
    }
    case 'freeze':
      return `${c.major ? 'major freeze' : 'freeze'}${tenantSuffix(c.tenant, null)}`;
    case 'wait': {
      const timeout = c.timeoutMs === SCENARIO_WAIT_TIMEOUT_MS_DEFAULT ? '' : ` timeout ${formatMs(c.timeoutMs)}`;
      return `wait for ${formatCondition(c.condition)}${timeout}`;
    }
    case 'advance':
      return `advance ${formatMs(c.ms)}`;
    case 'pauseClock':
      return 'pause clock';
    case 'resumeClock':
      return 'resume clock';
    case 'clockRate':
      return `clock rate ${formatNumber(c.rate)}`;
    case 'loadSampleData':
      return `load sample data ${c.dataset}${c.scale === null ? '' : ` ${formatNumber(c.scale)}`}`;
    default:
      return unreachable(c);
  }
}
