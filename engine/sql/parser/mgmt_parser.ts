/**
 * Cluster and tenant management statements (issue #4, reference §1.2–1.8): zones, servers,
 * resource units, resource pools, tenants and `ALTER SYSTEM SWITCH REPLICA LEADER`.
 *
 * These statements are keyword-and-option lists with no expressions, so they are parsed here by a
 * small hand-written descent over the lexer's tokens instead of the chevrotain grammar (whose
 * analysis time grows with every rule). `statement_parser.ts` routes a statement here by its
 * leading words (`parseManagement`); everything else takes the grammar.
 *
 * OceanBase's syntax variants accepted:
 * - `=` is optional before every option value (`MAX_CPU 2`, `MAX_CPU = 2`); options are separated
 *   by commas, which may also be left out (`IDC 'hz1' REGION 'hangzhou'`).
 * - Names (tenant, unit, pool, zone) may be plain, backquoted or single/double-quoted.
 * - Sizes stay as written (`'5G'`, `5368709120`); the executor converts them (cluster_admin.ts).
 * Errors: ERROR 1064 positioned at the offending token (MySQL's `near '...' at line N`), ERROR
 * 1235 for forms OceanBase has but the playground does not model (FORCE STOP, ISOLATE, RENAME ...).
 */
import { tokenMatcher, type IToken } from 'chevrotain';
import { Errors, type ObError } from '../../common/ob_error';
import type {
  AlterSystem, ClusterAdmin, CreateTablegroup, DropTablegroup, ResourcePoolOption, ResourceUnitOption, ShowStmt, Statement, TenantOption,
} from '../ast';
import { Comma, DecimalNumber, Eq, IdentCat, IntegerNumber, LParen, RParen, StringLit, isWord } from './lexer';
import { identText } from './base_parser';
import { stringLiteral } from './literals';
import { syntaxErrorAt } from './syntax_error';

const UNIT_OPTIONS: ReadonlySet<string> = new Set(['MAX_CPU', 'MIN_CPU', 'MEMORY_SIZE', 'LOG_DISK_SIZE', 'MAX_IOPS', 'MIN_IOPS', 'IOPS_WEIGHT']);
/** V3 unit options OceanBase V4 no longer accepts. */
const OBSOLETE_UNIT_OPTIONS: ReadonlySet<string> = new Set(['MIN_MEMORY', 'MAX_MEMORY', 'MAX_DISK_SIZE', 'MAX_SESSION_NUM']);

/** A cursor over one statement's tokens. Every `expect*` throws 1064 at the current token. */
class Cursor {
  private i = 0;

  constructor(
    readonly text: string,
    private readonly tokens: IToken[],
  ) {}

  get atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  peek(k = 0): IToken | undefined {
    return this.tokens[this.i + k];
  }

  error(): ObError {
    return syntaxErrorAt(this.text, this.peek());
  }

  isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && isWord(t, word);
  }

  optWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.i++;
    return true;
  }

  word(word: string): void {
    if (!this.optWord(word)) throw this.error();
  }

  /** The current token's upper-cased word, reserved or not (no advance); '' for anything else. */
  upperWord(): string {
    const t = this.peek();
    return t !== undefined && /^[A-Za-z_$]/.test(t.image) ? t.image.toUpperCase() : '';
  }

  /** Moves past `n` tokens (the caller has checked them). */
  skip(n: number): void {
    this.i = Math.min(this.tokens.length, this.i + n);
  }

  is(type: Parameters<typeof tokenMatcher>[1]): boolean {
    const t = this.peek();
    return t !== undefined && tokenMatcher(t, type);
  }

  opt(type: Parameters<typeof tokenMatcher>[1]): boolean {
    if (!this.is(type)) return false;
    this.i++;
    return true;
  }

  expect(type: Parameters<typeof tokenMatcher>[1]): IToken {
    if (!this.is(type)) throw this.error();
    return this.tokens[this.i++];
  }

  optEq(): void {
    this.opt(Eq);
  }

  /** A name: identifier, non-reserved keyword, `quoted` identifier or a string. */
  name(): string {
    if (this.is(StringLit)) return this.string();
    return identText(this.expect(IdentCat));
  }

  /** One or more adjacent quoted strings, concatenated as MySQL does (`'a' 'b'` = `'ab'`). */
  string(): string {
    let value = stringLiteral(this.expect(StringLit).image);
    while (this.is(StringLit)) value += stringLiteral(this.expect(StringLit).image);
    return value;
  }

  integer(): number {
    const t = this.peek();
    const token = this.expect(IntegerNumber);
    const v = Number(token.image);
    if (!Number.isSafeInteger(v)) throw syntaxErrorAt(this.text, t);
    return v;
  }

  /** An integer or decimal number (CPU counts). */
  number(): number {
    if (this.is(DecimalNumber)) return Number(this.expect(DecimalNumber).image);
    return this.integer();
  }

  /** A size or count as written: a string (`'5G'`) or an integer. */
  sizeOrNumber(): string | number {
    if (this.is(StringLit)) return this.string();
    if (this.is(DecimalNumber)) return Number(this.expect(DecimalNumber).image);
    const t = this.expect(IntegerNumber);
    // Keep 64-bit IOPS values exact: past 2^53 they stay text.
    const v = Number(t.image);
    return Number.isSafeInteger(v) ? v : t.image;
  }

  /** `( item, ... )` or, when `bareAllowed`, a single item without parentheses. */
  list<T>(item: () => T, bareAllowed: boolean): T[] {
    if (!this.opt(LParen)) {
      if (!bareAllowed) throw this.error();
      return [item()];
    }
    const out = [item()];
    while (this.opt(Comma)) out.push(item());
    this.expect(RParen);
    return out;
  }

  /** Consumes an optional comma between options. */
  optComma(): void {
    this.opt(Comma);
  }

  end(): void {
    if (!this.atEnd) throw this.error();
  }
}

/**
 * Parses a management statement, or returns undefined when `tokens` do not start one (the
 * grammar then parses the statement). Throws 1064/1235 for a malformed management statement.
 */
export function parseManagement(text: string, tokens: IToken[]): Statement | undefined {
  const c = new Cursor(text, tokens);
  const kv = parseKvAdmin(c);
  if (kv !== undefined) {
    c.end();
    return kv;
  }
  let stmt: ClusterAdmin | undefined;
  if (c.isWord('ALTER') && c.isWord('SYSTEM', 1)) stmt = alterSystem(c);
  else if (c.isWord('CREATE') && c.isWord('RESOURCE', 1)) stmt = createResource(c);
  else if (c.isWord('ALTER') && c.isWord('RESOURCE', 1)) stmt = alterResource(c);
  else if (c.isWord('DROP') && c.isWord('RESOURCE', 1)) stmt = dropResource(c);
  else if (c.isWord('CREATE') && c.isWord('TENANT', 1)) stmt = createTenant(c);
  else if (c.isWord('ALTER') && c.isWord('TENANT', 1)) stmt = alterTenant(c);
  else if (c.isWord('DROP') && c.isWord('TENANT', 1)) stmt = dropTenant(c);
  if (stmt === undefined) return undefined;
  c.end();
  return stmt;
}

// ---------------------------------------------------------------- ALTER SYSTEM zone / server / switch

const SERVER_ACTIONS = { ADD: 'addServer', DELETE: 'deleteServer', START: 'startServer', STOP: 'stopServer' } as const;
const ZONE_ACTIONS = { DELETE: 'deleteZone', START: 'startZone', STOP: 'stopZone' } as const;

/** `ALTER SYSTEM ...` forms handled here; undefined for the others (freezes, SET, merge control). */
function alterSystem(c: Cursor): ClusterAdmin | undefined {
  const verb = c.peek(2) === undefined ? '' : c.peek(2)!.image.toUpperCase();
  const object = c.peek(3) === undefined ? '' : c.peek(3)!.image.toUpperCase();
  if (verb === 'SWITCH' && object === 'REPLICA') {
    c.skip(4);
    return switchReplica(c);
  }
  if ((verb === 'FORCE' && object === 'STOP') || verb === 'ISOLATE') throw Errors.notSupported(`ALTER SYSTEM ${verb === 'FORCE' ? 'FORCE STOP' : 'ISOLATE'}`);
  if (['ALTER', 'CHANGE', 'MODIFY'].includes(verb) && object === 'ZONE') throw Errors.notSupported(`ALTER SYSTEM ${verb} ZONE`);
  if (verb === 'CANCEL' && object === 'DELETE') {
    c.skip(4);
    c.word('SERVER');
    return serverTail(c, 'cancelDeleteServer');
  }
  if (!(verb in SERVER_ACTIONS) || (object !== 'ZONE' && object !== 'SERVER')) return undefined;
  c.skip(4);
  if (object === 'SERVER') return serverTail(c, SERVER_ACTIONS[verb as keyof typeof SERVER_ACTIONS]);
  const zone = c.name();
  if (verb === 'ADD') return addZoneTail(c, zone);
  return { kind: 'clusterAdmin', action: ZONE_ACTIONS[verb as keyof typeof ZONE_ACTIONS], zone };
}

/** `[IDC [=] 'x'] [,] [REGION [=] 'y'] [,] [ZONE_TYPE [=] 'ReadWrite']` in any order. */
function addZoneTail(c: Cursor, zone: string): ClusterAdmin {
  const stmt: ClusterAdmin & { action: 'addZone' } = { kind: 'clusterAdmin', action: 'addZone', zone };
  while (!c.atEnd) {
    const word = c.upperWord();
    if (word === 'IDC' || word === 'REGION' || word === 'ZONE_TYPE') {
      c.word(word);
      c.optEq();
      const value = c.string();
      if (word === 'IDC') stmt.idc = value;
      else if (word === 'REGION') stmt.region = value;
      else if (value.toUpperCase() !== 'READWRITE') throw Errors.notSupported(`ZONE_TYPE '${value}'`);
      c.optComma();
      continue;
    }
    throw c.error();
  }
  return stmt;
}

/** `'ip:port' [, 'ip:port' ...] [ZONE [=] 'z']` */
type ServerAction = 'addServer' | 'deleteServer' | 'cancelDeleteServer' | 'startServer' | 'stopServer';

function serverTail(c: Cursor, action: ServerAction): ClusterAdmin {
  const servers = [c.string()];
  while (c.opt(Comma)) servers.push(c.string());
  if (!c.optWord('ZONE')) return { kind: 'clusterAdmin', action, servers };
  c.optEq();
  return { kind: 'clusterAdmin', action, servers, zone: c.name() };
}

/** `LEADER LS [=] id SERVER [=] 'ip:port' [TENANT [=] t]`, the three options in any order. */
function switchReplica(c: Cursor): ClusterAdmin {
  if (c.isWord('FOLLOWER')) throw Errors.notSupported('ALTER SYSTEM SWITCH REPLICA FOLLOWER');
  c.word('LEADER');
  let lsId: number | undefined;
  let server: string | undefined;
  let tenant: string | undefined;
  while (!c.atEnd) {
    if (c.optWord('LS')) {
      c.optEq();
      lsId = c.integer();
    } else if (c.optWord('SERVER')) {
      c.optEq();
      server = c.string();
    } else if (c.optWord('TENANT')) {
      c.optEq();
      tenant = c.name();
    } else {
      throw c.error();
    }
    c.optComma();
  }
  if (lsId === undefined || server === undefined) throw c.error();
  const stmt: ClusterAdmin = { kind: 'clusterAdmin', action: 'switchReplicaLeader', lsId, server };
  return tenant === undefined ? stmt : { ...stmt, tenant };
}

// ---------------------------------------------------------------- RESOURCE UNIT / POOL / TENANT

function ifNotExists(c: Cursor): boolean {
  if (!c.optWord('IF')) return false;
  c.word('NOT');
  c.word('EXISTS');
  return true;
}

function ifExists(c: Cursor): boolean {
  if (!c.optWord('IF')) return false;
  c.word('EXISTS');
  return true;
}

function createResource(c: Cursor): ClusterAdmin {
  c.skip(2);
  if (c.optWord('UNIT')) {
    const ine = ifNotExists(c);
    const name = c.name();
    return { kind: 'clusterAdmin', action: 'createResourceUnit', name, ifNotExists: ine, options: unitOptions(c) };
  }
  c.word('POOL');
  const ine = ifNotExists(c);
  const name = c.name();
  return { kind: 'clusterAdmin', action: 'createResourcePool', name, ifNotExists: ine, options: poolOptions(c, false) };
}

function alterResource(c: Cursor): ClusterAdmin {
  c.skip(2);
  if (c.optWord('UNIT')) {
    const name = c.name();
    return { kind: 'clusterAdmin', action: 'alterResourceUnit', name, options: unitOptions(c) };
  }
  if (c.optWord('POOL')) {
    const name = c.name();
    return { kind: 'clusterAdmin', action: 'alterResourcePool', name, options: poolOptions(c, true) };
  }
  c.word('TENANT');
  const name = c.name();
  c.word('UNIT_NUM');
  c.optEq();
  const unitNum = c.integer();
  let deleteUnitGroups: number[] = [];
  if (c.optWord('DELETE')) {
    c.word('UNIT_GROUP');
    c.optEq();
    deleteUnitGroups = c.list(() => c.integer(), false);
  }
  return { kind: 'clusterAdmin', action: 'alterResourceTenant', name, unitNum, deleteUnitGroups };
}

function dropResource(c: Cursor): ClusterAdmin {
  c.skip(2);
  const unit = c.optWord('UNIT');
  if (!unit) c.word('POOL');
  const ie = ifExists(c);
  const name = c.name();
  return { kind: 'clusterAdmin', action: unit ? 'dropResourceUnit' : 'dropResourcePool', name, ifExists: ie };
}

/** `opt [=] value [,] ...` for resource units: at least one. */
function unitOptions(c: Cursor): ResourceUnitOption[] {
  const options: ResourceUnitOption[] = [];
  do {
    const word = c.upperWord();
    if (OBSOLETE_UNIT_OPTIONS.has(word)) throw Errors.notSupported(`${word} (a V3 resource unit option)`);
    if (!UNIT_OPTIONS.has(word)) throw c.error();
    c.word(word);
    c.optEq();
    const value = word === 'MAX_CPU' || word === 'MIN_CPU' ? c.number() : c.sizeOrNumber();
    options.push({ name: word as ResourceUnitOption['name'], value });
    c.optComma();
  } while (!c.atEnd);
  return options;
}

/** `UNIT [=] 'u', UNIT_NUM [=] n [DELETE UNIT [=] (ids)], ZONE_LIST [=] ('z1', ...)`: at least one. */
function poolOptions(c: Cursor, alter: boolean): ResourcePoolOption[] {
  const options: ResourcePoolOption[] = [];
  do {
    if (c.optWord('UNIT')) {
      c.optEq();
      options.push({ name: 'UNIT', value: c.name() });
    } else if (c.optWord('UNIT_NUM')) {
      c.optEq();
      options.push({ name: 'UNIT_NUM', value: c.integer() });
      if (alter && c.optWord('DELETE')) {
        c.word('UNIT');
        c.optEq();
        options.push({ name: 'DELETE_UNIT', value: c.list(() => c.integer(), false) });
      }
    } else if (c.optWord('ZONE_LIST')) {
      c.optEq();
      options.push({ name: 'ZONE_LIST', value: c.list(() => c.name(), true) });
    } else if (c.optWord('REPLICA_TYPE')) {
      c.optEq();
      options.push({ name: 'REPLICA_TYPE', value: c.name() });
    } else {
      throw c.error();
    }
    c.optComma();
  } while (!c.atEnd);
  return options;
}

function createTenant(c: Cursor): ClusterAdmin {
  c.skip(2);
  const ine = ifNotExists(c);
  const name = c.name();
  if (c.isWord('FROM')) throw Errors.notSupported('CREATE TENANT ... FROM (tenant clone)');
  const options: TenantOption[] = [];
  while (!c.atEnd && !isVariablesStart(c)) {
    options.push(tenantOption(c));
    c.optComma();
  }
  const variables: { name: string; value: string | number }[] = [];
  if (!c.atEnd) {
    if (!c.optWord('VARIABLES')) {
      c.word('SET');
      c.optWord('VARIABLES');
    }
    do {
      const varName = c.name();
      if (!c.optWord('TO')) c.expect(Eq);
      variables.push({ name: varName, value: variableValue(c) });
    } while (c.opt(Comma));
  }
  return { kind: 'clusterAdmin', action: 'createTenant', name, ifNotExists: ine, options, variables };
}

function isVariablesStart(c: Cursor): boolean {
  return c.isWord('VARIABLES') || (c.isWord('SET') && !isTenantOptionWord(c.peek(1)));
}

const TENANT_OPTION_WORDS: ReadonlySet<string> = new Set([
  'RESOURCE_POOL_LIST', 'PRIMARY_ZONE', 'LOCALITY', 'CHARSET', 'CHARACTER', 'COLLATE', 'COMMENT', 'READ',
  'ENABLE_ARBITRATION_SERVICE', 'ZONE_LIST', 'DEFAULT', 'TABLEGROUP', 'REPLICA_NUM', 'LOGONLY_REPLICA_NUM',
]);

function isTenantOptionWord(t: IToken | undefined): boolean {
  return t !== undefined && TENANT_OPTION_WORDS.has(t.image.toUpperCase());
}

function variableValue(c: Cursor): string | number {
  if (c.is(StringLit) || c.is(IntegerNumber) || c.is(DecimalNumber)) return c.sizeOrNumber();
  const word = c.peek();
  if (c.upperWord() === '') throw c.error();
  c.skip(1);
  return identText(word!);
}

/** One tenant option (reference §1.6). */
function tenantOption(c: Cursor): TenantOption {
  const word = c.upperWord();
  if (word === 'RESOURCE_POOL_LIST') {
    c.word(word);
    c.optEq();
    return { name: 'RESOURCE_POOL_LIST', value: c.list(() => c.name(), true) };
  }
  if (word === 'PRIMARY_ZONE') {
    c.word(word);
    c.optEq();
    if (c.is(StringLit)) return { name: 'PRIMARY_ZONE', value: c.string() };
    const zone = identText(c.expect(IdentCat));
    return { name: 'PRIMARY_ZONE', value: zone.toUpperCase() === 'RANDOM' ? 'RANDOM' : zone };
  }
  if (word === 'LOCALITY') {
    c.word(word);
    c.optEq();
    return { name: 'LOCALITY', value: c.string() };
  }
  if (word === 'CHARSET' || word === 'CHARACTER' || word === 'COLLATE' || word === 'COMMENT') {
    c.word(word);
    if (word === 'CHARACTER') c.word('SET');
    c.optEq();
    return { name: word === 'CHARACTER' ? 'CHARSET' : word, value: c.name() };
  }
  if (word === 'READ') {
    c.word(word);
    const readOnly = c.optWord('ONLY');
    if (!readOnly) c.word('WRITE');
    return { name: 'READ_ONLY', value: readOnly };
  }
  if (word === 'ENABLE_ARBITRATION_SERVICE') {
    c.word(word);
    c.optEq();
    const v = c.upperWord();
    if (v !== 'TRUE' && v !== 'FALSE') throw c.error();
    c.word(v);
    return { name: 'ENABLE_ARBITRATION_SERVICE', value: v === 'TRUE' };
  }
  if (word === 'ZONE_LIST' || word === 'REPLICA_NUM' || word === 'LOGONLY_REPLICA_NUM' || word === 'TABLEGROUP' || word === 'DEFAULT') {
    throw Errors.notSupported(`tenant option ${word}`);
  }
  throw c.error();
}

/** `ALTER TENANT t [SET] option [=] value [, ...]`; other ALTER TENANT forms answer 1235. */
function alterTenant(c: Cursor): ClusterAdmin {
  c.skip(2);
  const name = c.name();
  if (c.isWord('RENAME') || c.isWord('LOCK') || c.isWord('UNLOCK')) throw Errors.notSupported(`ALTER TENANT ${c.upperWord()}`);
  c.optWord('SET');
  if (c.isWord('VARIABLES')) throw Errors.notSupported('ALTER TENANT SET VARIABLES');
  const options: TenantOption[] = [];
  do {
    options.push(tenantOption(c));
    c.optComma();
  } while (!c.atEnd);
  return { kind: 'clusterAdmin', action: 'alterTenant', name, options };
}

/** `DROP TENANT [IF EXISTS] t [FORCE | PURGE]` */
function dropTenant(c: Cursor): ClusterAdmin {
  c.skip(2);
  const ie = ifExists(c);
  const name = c.name();
  const force = c.optWord('FORCE');
  if (!force) c.optWord('PURGE');
  return { kind: 'clusterAdmin', action: 'dropTenant', name, ifExists: ie, force };
}

// ---------------------------------------------------------------- tablegroups and TTL (issue #5)

const SHARDINGS: readonly string[] = ['NONE', 'PARTITION', 'ADAPTIVE'];

/**
 * `CREATE TABLEGROUP [IF NOT EXISTS] tg [SHARDING [=] 'NONE'|'PARTITION'|'ADAPTIVE']`,
 * `DROP TABLEGROUP [IF EXISTS] tg`, `SHOW TABLEGROUPS [LIKE 'p']` and
 * `ALTER SYSTEM TRIGGER TTL [TENANT [=] t [, t ...]]` (SUSPEND / RESUME / CANCEL TTL answer 1235);
 * undefined for anything else.
 * Other tablegroup forms (ALTER TABLEGROUP, partitioned tablegroups) answer 1235.
 */
function parseKvAdmin(c: Cursor): CreateTablegroup | DropTablegroup | ShowStmt | AlterSystem | undefined {
  if (c.isWord('CREATE') && c.isWord('TABLEGROUP', 1)) {
    c.skip(2);
    const ine = ifNotExists(c);
    const name = c.name();
    const stmt: CreateTablegroup = { kind: 'createTablegroup', ifNotExists: ine, name };
    while (!c.atEnd) {
      if (c.isWord('PARTITION')) throw Errors.notSupported('CREATE TABLEGROUP ... PARTITION BY');
      c.word('SHARDING');
      c.optEq();
      const t = c.peek();
      const value = c.string().toUpperCase();
      if (!SHARDINGS.includes(value)) throw syntaxErrorAt(c.text, t);
      stmt.sharding = value as CreateTablegroup['sharding'];
      c.optComma();
    }
    return stmt;
  }
  if (c.isWord('DROP') && c.isWord('TABLEGROUP', 1)) {
    c.skip(2);
    const ie = ifExists(c);
    return { kind: 'dropTablegroup', ifExists: ie, name: c.name() };
  }
  if (c.isWord('SHOW') && c.isWord('TABLEGROUPS', 1)) {
    c.skip(2);
    if (!c.optWord('LIKE')) return { kind: 'show', what: 'tablegroups' };
    return { kind: 'show', what: 'tablegroups', like: c.string() };
  }
  const ttlVerb = c.peek(2)?.image.toUpperCase() ?? '';
  if (c.isWord('ALTER') && c.isWord('SYSTEM', 1) && ['SUSPEND', 'RESUME', 'CANCEL'].includes(ttlVerb) && c.isWord('TTL', 3)) {
    throw Errors.notSupported(`ALTER SYSTEM ${ttlVerb} TTL`);
  }
  if (c.isWord('ALTER') && c.isWord('SYSTEM', 1) && c.isWord('TRIGGER', 2)) {
    c.skip(3);
    c.word('TTL');
    if (!c.optWord('TENANT')) return { kind: 'alterSystem', action: 'triggerTtl' };
    c.optEq();
    const tenant = [c.name()];
    while (c.opt(Comma)) tenant.push(c.name());
    return { kind: 'alterSystem', action: 'triggerTtl', tenant };
  }
  return undefined;
}
