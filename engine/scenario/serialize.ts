/**
 * The scenario serializer (issue #6): `Scenario` → its Markdown document, the inverse of parse.ts —
 * what the page saves to a `.md` file and puts in share links after cells were edited in place.
 *
 * Invariant (roundtrip.test.ts): `parseScenario(formatScenario(s))` gives back `s`'s header and
 * cells (line numbers aside) for every scenario parse.ts can produce: fences are chosen longer
 * than any backtick run that starts a content line, options are written in a fixed order, and the
 * header is written with the `yaml` package (defaults left out: seed, clock_rate 1, no tenants).
 * Prose is written as it is: prose holding a top-level ```sql/kv/hbase/admin/expected fence (which
 * parse.ts never yields) would read back as more cells.
 */
import { stringify } from 'yaml';
import { CELL_OPTION_KEYS } from './parse';
import type { CellOptions, CommandKind, Scenario, ScenarioCell, ScenarioHeader } from './types';

/** The YAML front matter's object: snake_case keys in the documented order, defaults left out. */
function headerObject(h: ScenarioHeader): Record<string, unknown> {
  const out: Record<string, unknown> = { title: h.title, zones: h.zones, servers_per_zone: h.serversPerZone };
  if (h.tenants.length > 0) {
    out.tenants = h.tenants.map((t) => {
      const tenant: Record<string, unknown> = { name: t.name, unit_num: t.unitNum };
      if (t.primaryZone !== null) tenant.primary_zone = t.primaryZone;
      return tenant;
    });
  }
  if (h.seed !== null) out.seed = h.seed;
  if (h.clockRate !== 1) out.clock_rate = h.clockRate;
  return out;
}

/** The header as a front matter block (`---`, YAML, `---`). */
export function formatScenarioHeader(h: ScenarioHeader): string {
  const yaml = stringify(headerObject(h), { lineWidth: 0 }).replace(/\n$/, '');
  return `---\n${yaml}\n---`;
}

/** A backtick fence longer than any backtick run opening a line of `content` (at least 3). */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const line of content.split('\n')) {
    const m = /^ {0,3}(`+)/.exec(line);
    if (m !== null) longest = Math.max(longest, m[1]!.length);
  }
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A fenced block: the info string, then `content`'s lines (none for an empty string). */
function fenced(info: string, content: string): string {
  const fence = fenceFor(content);
  return content === '' ? `${fence}${info}\n${fence}` : `${fence}${info}\n${content}\n${fence}`;
}

/** `tenant=app server=2 database=db` — the kind's options in their fixed order. */
export function formatCellOptions(kind: CommandKind, options: CellOptions): string {
  const parts: string[] = [];
  for (const key of CELL_OPTION_KEYS[kind]) {
    const value = options[key];
    if (value !== undefined) parts.push(`${key}=${Array.isArray(value) ? value.join(',') : value}`);
  }
  return parts.join(' ');
}

/** One cell as Markdown: prose as is; a command fence, and its ```expected fence right after. */
export function formatCell(cell: ScenarioCell): string {
  if (cell.kind === 'prose') return cell.source;
  const options = formatCellOptions(cell.kind, cell.options);
  const command = fenced(options === '' ? cell.kind : `${cell.kind} ${options}`, cell.source);
  return cell.expected === null ? command : `${command}\n${fenced('expected', cell.expected)}`;
}

/**
 * Writes a scenario as its Markdown document: the front matter, then the cells separated by
 * blank lines, ending with a newline. `parseScenario` reads it back to the same header and cells.
 */
export function formatScenario(s: Scenario): string {
  const parts = [formatScenarioHeader(s.header), ...s.cells.map(formatCell)];
  return `${parts.join('\n\n')}\n`;
}
