/**
 * The scenario header (issue #6): the YAML front matter between the document's first two `---`
 * lines, describing the cluster topology a scenario runs on — zones `zone1..zoneN`, OBServers per
 * zone, the tenants to create (with UNIT_NUM and PRIMARY_ZONE, as CREATE RESOURCE POOL / CREATE
 * TENANT take them), the simulator's seed and the simulated clock rate.
 *
 * Parsed with the `yaml` package's document API so every problem names its key and 1-based line
 * and column in the whole document (the front matter starts at document line 2). Validation walks
 * the YAML nodes by hand: unknown keys are errors, values are range-checked, nothing is coerced.
 * Never throws.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import { CLOCK_RATE_MAX, CLOCK_RATE_MIN } from './admin';
import {
  SCENARIO_SERVERS_PER_ZONE_MAX,
  SCENARIO_TENANTS_MAX,
  SCENARIO_ZONES_MAX,
  type ScenarioHeader,
  type ScenarioParseError,
  type ScenarioTenant,
} from './types';

/** Longest title, characters. */
export const SCENARIO_TITLE_CHARS_MAX = 200;

export const HEADER_KEYS = ['title', 'zones', 'servers_per_zone', 'tenants', 'seed', 'clock_rate'] as const;
export const TENANT_KEYS = ['name', 'unit_num', 'primary_zone'] as const;

const TENANT_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ZONE_RE = /^zone([1-9][0-9]{0,2})$/i;

/** Where a header problem is: the YAML's offsets mapped to document lines. */
class HeaderContext {
  readonly errors: ScenarioParseError[] = [];
  constructor(
    private readonly lineCounter: LineCounter,
    /** Document line of the YAML's first line, minus one. */
    private readonly lineOffset: number,
  ) {}

  error(message: string, offset: number): void {
    const pos = this.lineCounter.linePos(offset);
    this.errors.push({ message, line: pos.line + this.lineOffset, column: pos.col });
  }
  /** Reports at the value node (or at its key when the value is empty). */
  errorAt(message: string, node: Node | null | undefined, fallbackOffset: number): void {
    this.error(message, node?.range?.[0] ?? fallbackOffset);
  }
}

type Scalar = string | number | boolean | null;

/** A pair's key text and offset (non-scalar keys are reported and skipped). */
function keyOf(ctx: HeaderContext, pair: Pair, fallbackOffset: number): { key: string; offset: number } | null {
  const keyNode = pair.key as Node | null;
  const offset = keyNode?.range?.[0] ?? fallbackOffset;
  if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
    ctx.error('header keys must be plain words', offset);
    return null;
  }
  return { key: keyNode.value, offset };
}

/** The scalar value of a node (`undefined` when the node is a list, map or alias: reported). */
function scalarOf(ctx: HeaderContext, key: string, node: unknown, offset: number): Scalar | undefined {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  }
  ctx.errorAt(isAlias(node) ? `${key}: YAML aliases are not allowed` : `${key} must be a single value`, node as Node, offset);
  return undefined;
}

function intIn(ctx: HeaderContext, key: string, node: unknown, offset: number, min: number, max: number): number | undefined {
  const v = scalarOf(ctx, key, node, offset);
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  ctx.errorAt(`${key} must be an integer between ${min} and ${max}`, node as Node, offset);
  return undefined;
}

interface TenantDraft {
  tenant: ScenarioTenant;
  unitNumOffset: number;
  primaryZoneOffset: number;
}

function parseTenant(ctx: HeaderContext, item: unknown, fallbackOffset: number, seen: Set<string>): TenantDraft | null {
  const at = (item as Node | null)?.range?.[0] ?? fallbackOffset;
  if (!isMap(item)) {
    ctx.error('each tenant is a map with name, unit_num and primary_zone', at);
    return null;
  }
  const draft: TenantDraft = { tenant: { name: '', unitNum: 1, primaryZone: null }, unitNumOffset: at, primaryZoneOffset: at };
  let named = false;
  for (const pair of item.items) {
    const k = keyOf(ctx, pair, at);
    if (k === null) continue;
    const value = pair.value as Node | null;
    const valueOffset = value?.range?.[0] ?? k.offset;
    if (k.key === 'name') {
      const v = scalarOf(ctx, 'name', value, k.offset);
      if (v === undefined) continue;
      named = true;
      if (typeof v !== 'string' || !TENANT_NAME_RE.test(v)) ctx.error(`tenant name must be an identifier ([A-Za-z_][A-Za-z0-9_]*, at most 64 characters)`, valueOffset);
      else if (v.toLowerCase() === 'sys' || v.toLowerCase() === 'test') ctx.error(`tenant '${v}' always exists; choose another name`, valueOffset);
      else if (seen.has(v.toLowerCase())) ctx.error(`tenant '${v}' is listed twice`, valueOffset);
      else {
        seen.add(v.toLowerCase());
        draft.tenant.name = v;
      }
    } else if (k.key === 'unit_num') {
      const v = intIn(ctx, 'unit_num', value, k.offset, 1, SCENARIO_SERVERS_PER_ZONE_MAX);
      if (v !== undefined) draft.tenant.unitNum = v;
      draft.unitNumOffset = valueOffset;
    } else if (k.key === 'primary_zone') {
      const v = scalarOf(ctx, 'primary_zone', value, k.offset);
      if (v === undefined) continue;
      if (v !== null && typeof v !== 'string') ctx.error('primary_zone must be a zone list like zone1;zone2,zone3 or RANDOM', valueOffset);
      else draft.tenant.primaryZone = v;
      draft.primaryZoneOffset = valueOffset;
    } else {
      ctx.error(`unknown tenant key '${k.key}' (expected ${TENANT_KEYS.join(', ')})`, k.offset);
    }
  }
  if (!named) ctx.error('a tenant needs a name', at);
  return draft;
}

/** Checks OceanBase PRIMARY_ZONE text: `RANDOM`, or zones separated by `;` (priority) and `,` (equal). */
export function primaryZoneProblem(text: string, zones: number): string | null {
  if (text.trim().toUpperCase() === 'RANDOM') return null;
  const parts = text.split(/[;,]/).map((p) => p.trim());
  const seen = new Set<string>();
  for (const part of parts) {
    const m = ZONE_RE.exec(part);
    if (m === null) return `primary_zone: '${part}' is not a zone (zone1..zone${zones}, or RANDOM)`;
    if (Number(m[1]) > zones) return `primary_zone: ${part} does not exist (the header has zone1..zone${zones})`;
    if (seen.has(part.toLowerCase())) return `primary_zone: ${part} is listed twice`;
    seen.add(part.toLowerCase());
  }
  return null;
}

function parseTenants(ctx: HeaderContext, node: unknown, offset: number): TenantDraft[] {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    ctx.errorAt('tenants must be a list of {name, unit_num, primary_zone}', node as Node, offset);
    return [];
  }
  if (node.items.length > SCENARIO_TENANTS_MAX) ctx.errorAt(`at most ${SCENARIO_TENANTS_MAX} tenants`, node, offset);
  const seen = new Set<string>();
  const drafts: TenantDraft[] = [];
  for (const item of node.items.slice(0, SCENARIO_TENANTS_MAX)) {
    const d = parseTenant(ctx, item, offset, seen);
    if (d !== null) drafts.push(d);
  }
  return drafts;
}

function parseTitle(ctx: HeaderContext, node: unknown, offset: number): string | null {
  const v = scalarOf(ctx, 'title', node, offset);
  if (v === undefined) return null;
  const title = typeof v === 'string' ? v.trim() : '';
  if (typeof v !== 'string') ctx.errorAt('title must be text (quote it if it looks like a number)', node as Node, offset);
  else if (title === '') ctx.errorAt('title must not be empty', node as Node, offset);
  else if (/[\r\n]/.test(title)) ctx.errorAt('title must be one line', node as Node, offset);
  else if (title.length > SCENARIO_TITLE_CHARS_MAX) ctx.errorAt(`title is longer than ${SCENARIO_TITLE_CHARS_MAX} characters`, node as Node, offset);
  else return title;
  return null;
}

function parseSeed(ctx: HeaderContext, node: unknown, offset: number): number | null {
  const v = scalarOf(ctx, 'seed', node, offset);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  ctx.errorAt('seed must be an integer (or empty)', node as Node, offset);
  return null;
}

function parseClockRate(ctx: HeaderContext, node: unknown, offset: number): number {
  const v = scalarOf(ctx, 'clock_rate', node, offset);
  if (v === undefined) return 1;
  if (typeof v === 'number' && v >= CLOCK_RATE_MIN && v <= CLOCK_RATE_MAX) return v;
  ctx.errorAt(`clock_rate must be a number between ${CLOCK_RATE_MIN} and ${CLOCK_RATE_MAX}`, node as Node, offset);
  return 1;
}

/** Cross-key checks: unit_num ≤ servers_per_zone, primary zones exist. */
function checkTenants(ctx: HeaderContext, header: ScenarioHeader, drafts: TenantDraft[]): void {
  for (const d of drafts) {
    if (d.tenant.unitNum > header.serversPerZone) {
      ctx.error(`unit_num ${d.tenant.unitNum} is more than servers_per_zone (${header.serversPerZone})`, d.unitNumOffset);
    }
    const problem = d.tenant.primaryZone === null ? null : primaryZoneProblem(d.tenant.primaryZone, header.zones);
    if (problem !== null) ctx.error(problem, d.primaryZoneOffset);
  }
}

/**
 * Parses the front matter's YAML text into a header. `firstLine` is the document line the YAML
 * starts on (2 for a document starting with `---`); errors carry document lines. Never throws.
 */
export function parseScenarioHeader(yamlText: string, firstLine: number): { header: ScenarioHeader | null; errors: ScenarioParseError[] } {
  const lineCounter = new LineCounter();
  const ctx = new HeaderContext(lineCounter, firstLine - 1);
  let doc;
  try {
    doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    ctx.error(`the header is not valid YAML: ${e instanceof Error ? e.message : String(e)}`, 0);
    return { header: null, errors: ctx.errors };
  }
  for (const e of doc.errors) ctx.error(`the header is not valid YAML: ${e.message}`, e.pos[0]);
  if (ctx.errors.length > 0) return { header: null, errors: ctx.errors };
  const root = doc.contents;
  if (root === null) return { header: null, errors: [{ message: 'the header needs a title', line: Math.max(1, firstLine - 1), column: 1 }] };
  if (!isMap(root)) {
    ctx.error('the header must be YAML keys (title, zones, servers_per_zone, tenants, seed, clock_rate)', root?.range?.[0] ?? 0);
    return { header: null, errors: ctx.errors };
  }
  const header: ScenarioHeader = { title: '', zones: 3, serversPerZone: 1, tenants: [], seed: null, clockRate: 1 };
  let title: string | null = null;
  let drafts: TenantDraft[] = [];
  for (const pair of root.items) {
    const k = keyOf(ctx, pair, 0);
    if (k === null) continue;
    const value = pair.value;
    switch (k.key) {
      case 'title':
        title = parseTitle(ctx, value, k.offset) ?? '';
        break;
      case 'zones':
        header.zones = intIn(ctx, 'zones', value, k.offset, 1, SCENARIO_ZONES_MAX) ?? header.zones;
        break;
      case 'servers_per_zone':
        header.serversPerZone = intIn(ctx, 'servers_per_zone', value, k.offset, 1, SCENARIO_SERVERS_PER_ZONE_MAX) ?? header.serversPerZone;
        break;
      case 'tenants':
        drafts = parseTenants(ctx, value, k.offset);
        break;
      case 'seed':
        header.seed = parseSeed(ctx, value, k.offset);
        break;
      case 'clock_rate':
        header.clockRate = parseClockRate(ctx, value, k.offset);
        break;
      default:
        ctx.error(`unknown header key '${k.key}' (expected ${HEADER_KEYS.join(', ')})`, k.offset);
    }
  }
  if (title === null) ctx.errors.push({ message: 'the header needs a title', line: Math.max(1, firstLine - 1), column: 1 });
  header.title = title ?? '';
  header.tenants = drafts.map((d) => d.tenant);
  checkTenants(ctx, header, drafts);
  return ctx.errors.length > 0 ? { header: null, errors: ctx.errors } : { header, errors: [] };
}
