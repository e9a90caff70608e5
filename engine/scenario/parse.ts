/**
 * The scenario parser (issue #6): a Markdown document with a YAML header → `Scenario` (types.ts),
 * or every problem found with its 1-based line and column in the whole text.
 *
 * ```text
 * ---            line 1: the header opens (parse_header.ts)
 * title: …
 * ---            the header closes; the Markdown body follows
 * prose …        → a prose cell (maximal run of body text, blank lines trimmed)
 * ```sql tenant=app server=2 database=db1     → a command cell (sql | kv | hbase | admin)
 * …
 * ```
 * ```expected    → the previous command cell's expected output (only blank lines between)
 * ```
 *
 * Fences follow CommonMark: ``` or ~~~, three or more, indented at most 3 spaces; the closing
 * fence is the same character, at least as long, with nothing after it but spaces. Fences with
 * another language (```text, ```js) are part of the prose around them. Admin cells are parsed
 * with admin.ts here too, so their errors carry document lines. Invariants: never throws for any
 * input; `ScenarioCell.line` is a document line (front matter included); a `Scenario` returned has
 * at most SCENARIO_CELLS_MAX cells and came from at most SCENARIO_CHARS_MAX characters.
 */
import { parseAdminCell } from './admin';
import { parseScenarioHeader } from './parse_header';
import {
  RESULT_NOTES,
  SCENARIO_CELLS_MAX,
  SCENARIO_CHARS_MAX,
  type CellOptions,
  type ResultNote,
  type CommandKind,
  type ScenarioCell,
  type ScenarioParseError,
  type ScenarioParseResult,
} from './types';

const COMMAND_KINDS: readonly CommandKind[] = ['sql', 'kv', 'hbase', 'admin'];
/** The options each command kind takes, in the order serialize.ts writes them. */
export const CELL_OPTION_KEYS: Readonly<Record<CommandKind, readonly (keyof CellOptions)[]>> = {
  sql: ['tenant', 'server', 'database', 'show'],
  kv: ['tenant', 'database'],
  hbase: ['tenant', 'database'],
  admin: [],
};

const FENCE_OPEN_RE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DATABASE_RE = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;
const SERVER_ID_MAX = 999;

/** An opening fence: its indent, character, length, and info string (with its column). */
export interface FenceOpen {
  indent: number;
  char: '`' | '~';
  length: number;
  info: string;
  /** 1-based column of the info string's first character. */
  infoColumn: number;
}

/** Recognises a CommonMark opening code fence (a backtick fence's info has no backtick). */
export function matchFenceOpen(line: string): FenceOpen | null {
  const m = FENCE_OPEN_RE.exec(line);
  if (m === null) return null;
  const char = m[2]![0] as '`' | '~';
  const info = m[3]!;
  if (char === '`' && info.includes('`')) return null;
  return { indent: m[1]!.length, char, length: m[2]!.length, info, infoColumn: m[1]!.length + m[2]!.length + 1 };
}

/** Whether `line` closes a fence opened with `open`. */
export function isFenceClose(line: string, open: FenceOpen): boolean {
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return m !== null && m[1]![0] === open.char && m[1]!.length >= open.length;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Removes up to `indent` leading spaces (CommonMark: content of an indented fence). */
function stripIndent(line: string, indent: number): { text: string; stripped: number } {
  let n = 0;
  while (n < indent && line[n] === ' ') n++;
  return { text: line.slice(n), stripped: n };
}

interface Word {
  text: string;
  column: number;
}

function words(info: string, column: number): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  for (let m = re.exec(info); m !== null; m = re.exec(info)) out.push({ text: m[0], column: column + m.index });
  return out;
}

/** `key=value` words after a command fence's language. */
function parseOptions(kind: CommandKind, optionWords: Word[], line: number, errors: ScenarioParseError[]): CellOptions {
  const options: CellOptions = {};
  const allowed = CELL_OPTION_KEYS[kind];
  for (const w of optionWords) {
    const eq = w.text.indexOf('=');
    const key = eq < 0 ? w.text : w.text.slice(0, eq).toLowerCase();
    const value = eq < 0 ? '' : w.text.slice(eq + 1);
    const err = (message: string, column = w.column): void => void errors.push({ message, line, column });
    if (!allowed.includes(key as keyof CellOptions)) {
      err(allowed.length === 0 ? `${kind} cells take no options, found '${w.text}'` : `unknown option '${w.text}' for a ${kind} cell (expected ${allowed.map((k) => `${k}=…`).join(', ')})`);
      continue;
    }
    if (eq < 0) err(`expected ${key}=… , found '${w.text}'`);
    else if (options[key as keyof CellOptions] !== undefined) err(`option '${key}' is given twice`);
    else if (key === 'tenant') {
      if (IDENT_RE.test(value)) options.tenant = value;
      else err(`tenant= needs a tenant name, found '${value}'`, w.column + eq + 1);
    } else if (key === 'database') {
      if (DATABASE_RE.test(value)) options.database = value;
      else err(`database= needs a database name, found '${value}'`, w.column + eq + 1);
    } else if (key === 'show') {
      const notes = parseResultNotes(value);
      if (notes) options.show = notes;
      else err(`show= needs ${RESULT_NOTES.join(' and/or ')} separated by commas, found '${value}'`, w.column + eq + 1);
    } else {
      const id = /^[0-9]{1,4}$/.test(value) ? Number(value) : NaN;
      if (id >= 1 && id <= SERVER_ID_MAX) options.server = id;
      else err(`server= needs a server id (1..${SERVER_ID_MAX}), found '${value}'`, w.column + eq + 1);
    }
  }
  return options;
}

/** `stats`, `routes`, `stats,routes` → the notes in canonical order; null when malformed or repeated. */
function parseResultNotes(value: string): ResultNote[] | null {
  const words = value.split(',');
  if (words.some((w) => !RESULT_NOTES.includes(w as ResultNote)) || new Set(words).size !== words.length) return null;
  return RESULT_NOTES.filter((n) => words.includes(n));
}

/** The running state of the body scan. */
class BodyScan {
  readonly cells: ScenarioCell[] = [];
  readonly errors: ScenarioParseError[] = [];
  /** Prose lines since the last command cell: [text, document line]. */
  private prose: { text: string; line: number }[] = [];
  /** The last command cell while only blank lines followed it (an `expected` may attach). */
  private attachTo: ScenarioCell | null = null;
  private tooMany = false;

  addProseLine(text: string, line: number): void {
    this.prose.push({ text, line });
    if (!isBlank(text)) this.attachTo = null;
  }

  flushProse(): void {
    const lines = this.prose;
    this.prose = [];
    let first = 0;
    let last = lines.length - 1;
    while (first <= last && isBlank(lines[first]!.text)) first++;
    while (last >= first && isBlank(lines[last]!.text)) last--;
    if (first > last) return;
    this.push({ kind: 'prose', source: lines.slice(first, last + 1).map((l) => l.text).join('\n'), options: {}, expected: null, line: lines[first]!.line });
  }

  addCommand(cell: ScenarioCell): void {
    this.flushProse();
    this.push(cell);
    this.attachTo = cell;
  }

  /** An ```expected fence at `line` with `content`. */
  addExpected(content: string, line: number, column: number): void {
    const cell = this.attachTo;
    if (cell === null) this.errors.push({ message: 'an expected block must follow a sql, kv, hbase or admin cell', line, column });
    else if (cell.expected !== null) this.errors.push({ message: `the cell at line ${cell.line} already has an expected block`, line, column });
    else cell.expected = content;
    if (cell !== null) this.prose = []; // only blank lines since the cell

  }

  private push(cell: ScenarioCell): void {
    if (this.cells.length >= SCENARIO_CELLS_MAX) {
      if (!this.tooMany) this.errors.push({ message: `a scenario has at most ${SCENARIO_CELLS_MAX} cells`, line: cell.line, column: 1 });
      this.tooMany = true;
      return;
    }
    this.cells.push(cell);
  }
}

/** Checks an admin cell's commands, reporting at document lines/columns. */
function checkAdmin(source: string, fenceLine: number, strippedByLine: number[], errors: ScenarioParseError[]): void {
  const r = parseAdminCell(source);
  if (r.ok) return;
  for (const e of r.errors) {
    errors.push({ message: e.message, line: fenceLine + e.line, column: e.column + (strippedByLine[e.line - 1] ?? 0) });
  }
}

/** A command fence (already closed at `closeIndex`) → its cell. */
function commandCell(scan: BodyScan, kind: CommandKind, open: FenceOpen, lines: string[], index: number, closeIndex: number, lineBase: number): void {
  const line = index + lineBase;
  const info = words(open.info, open.infoColumn);
  const options = parseOptions(kind, info.slice(1), line, scan.errors);
  const content = lines.slice(index + 1, closeIndex).map((l) => stripIndent(l, open.indent));
  const source = content.map((c) => c.text).join('\n');
  if (kind === 'admin') checkAdmin(source, line, content.map((c) => c.stripped), scan.errors);
  scan.addCommand({ kind, source, options, expected: null, line });
}

/**
 * Scans the Markdown body (`lines` of the whole document from `start`; `lineBase` maps an index
 * to a 1-based document line) into cells.
 */
function parseBody(lines: string[], start: number): { cells: ScenarioCell[]; errors: ScenarioParseError[] } {
  const scan = new BodyScan();
  const lineBase = 1;
  let i = start;
  while (i < lines.length) {
    const text = lines[i]!;
    const open = matchFenceOpen(text);
    if (open === null) {
      scan.addProseLine(text, i + lineBase);
      i++;
      continue;
    }
    let close = i + 1;
    while (close < lines.length && !isFenceClose(lines[close]!, open)) close++;
    const language = words(open.info, open.infoColumn)[0];
    const lang = language?.text.toLowerCase() ?? '';
    if (close >= lines.length) {
      scan.errors.push({ message: `the ${lang === '' ? '' : `${lang} `}fence opened here is never closed (add a line ${open.char.repeat(open.length)})`, line: i + lineBase, column: open.indent + 1 });
      break;
    }
    if ((COMMAND_KINDS as readonly string[]).includes(lang)) {
      commandCell(scan, lang as CommandKind, open, lines, i, close, lineBase);
    } else if (lang === 'expected') {
      const extra = words(open.info, open.infoColumn)[1];
      if (extra !== undefined) scan.errors.push({ message: `an expected block takes no options, found '${extra.text}'`, line: i + lineBase, column: extra.column });
      const content = lines.slice(i + 1, close).map((l) => stripIndent(l, open.indent).text).join('\n');
      scan.addExpected(content, i + lineBase, open.indent + 1);
    } else {
      for (let k = i; k <= close; k++) scan.addProseLine(lines[k]!, k + lineBase);
    }
    i = close + 1;
  }
  scan.flushProse();
  return { cells: scan.cells, errors: scan.errors };
}

/**
 * Parses a scenario document (Markdown with a YAML front matter; `\n` or `\r\n` lines). Returns
 * the scenario, or every error found (1-based document line and column, messages naming the key,
 * option or command at fault). Never throws: over-long documents, a missing or unclosed header,
 * unclosed fences and too many cells are errors too.
 */
export function parseScenario(text: string): ScenarioParseResult {
  if (text.length > SCENARIO_CHARS_MAX) {
    return { ok: false, errors: [{ message: `the scenario is ${text.length} characters; at most ${SCENARIO_CHARS_MAX} are read`, line: 1, column: 1 }] };
  }
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  if (lines[0]!.trimEnd() !== '---') {
    return { ok: false, errors: [{ message: "a scenario starts with a '---' line, then its YAML header (title, zones, …) and another '---' line", line: 1, column: 1 }] };
  }
  let close = 1;
  while (close < lines.length && lines[close]!.trimEnd() !== '---') close++;
  if (close >= lines.length) {
    return { ok: false, errors: [{ message: "the header opened at line 1 is never closed (add a '---' line after it)", line: 1, column: 1 }] };
  }
  const { header, errors: headerErrors } = parseScenarioHeader(lines.slice(1, close).join('\n'), 2);
  const body = parseBody(lines, close + 1);
  const errors = [...headerErrors, ...body.errors].sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length > 0 || header === null) return { ok: false, errors };
  return { ok: true, scenario: { header, cells: body.cells } };
}
