/**
 * The "Compare row vs column" action's rewriting: the same SELECT with the hint that makes the
 * optimizer read the row store (`/*+ NO_USE_COLUMN_TABLE(t) *\/`) or the column store
 * (`/*+ USE_COLUMN_TABLE(t) *\/`) of each table it names (OceanBase V4.3 hints, reference §4.9).
 * The server parses and plans the statement; this only finds where the hint goes and which
 * names (alias, else table name) it must carry.
 */

const CLAUSE_END = new Set([
  'where', 'group', 'order', 'limit', 'having', 'union', 'window', 'for', 'on', 'using', 'procedure', 'into', 'lock',
]);
const JOIN_WORDS = new Set(['join', 'inner', 'left', 'right', 'outer', 'cross', 'natural', 'straight_join', 'full']);
const NOT_ALIAS = new Set([...CLAUSE_END, ...JOIN_WORDS, 'as', 'partition', 'use', 'force', 'ignore']);

interface Token {
  text: string;
  /** Lower-case word, or '' for punctuation and quoted text. */
  word: string;
  start: number;
  end: number;
}

/** Words, backquoted identifiers and punctuation, skipping strings and comments. */
function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') i = lineEnd(sql, i);
    else if (c === '#') i = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out.push({ text: sql.slice(i, stop), word: '', start: i, end: stop });
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' && c !== '`' ? 2 : 1;
      const text = sql.slice(i, j + 1);
      out.push({ text, word: c === '`' ? `\`${text.slice(1, -1).toLowerCase()}` : '', start: i, end: j + 1 });
      i = j + 1;
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      out.push({ text: sql.slice(i, j), word: sql.slice(i, j).toLowerCase(), start: i, end: j });
      i = j;
    } else {
      out.push({ text: c, word: '', start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

function lineEnd(sql: string, i: number): number {
  const nl = sql.indexOf('\n', i);
  return nl < 0 ? sql.length : nl + 1;
}

const isIdent = (t: Token | undefined) => !!t && (t.word.startsWith('`') || (/^[a-z_$][a-z0-9_$]*$/.test(t.word) && t.word !== ''));
const identName = (t: Token) => (t.text.startsWith('`') ? t.text.slice(1, -1) : t.text);

/**
 * The names the hint must carry for the tables of the top-level FROM clause: each table's alias,
 * or its name without the database. Derived tables (subqueries) are left out.
 */
export function hintTargets(sql: string): string[] {
  const tokens = tokenize(sql);
  const names: string[] = [];
  let depth = 0;
  let inFrom = false;
  let expectTable = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.text === '(') {
      depth++;
      expectTable = false;
      continue;
    }
    if (t.text === ')') {
      depth--;
      continue;
    }
    if (depth !== 0) continue;
    if (t.word === 'from') {
      inFrom = true;
      expectTable = true;
    } else if (inFrom && CLAUSE_END.has(t.word) && t.word !== 'on' && t.word !== 'using') {
      inFrom = false;
    } else if (inFrom && (t.text === ',' || t.word === 'join' || t.word === 'straight_join')) {
      expectTable = true;
    } else if (inFrom && expectTable && isIdent(t)) {
      expectTable = false;
      let name = identName(t);
      let j = k + 1;
      while (tokens[j]?.text === '.' && isIdent(tokens[j + 1])) {
        name = identName(tokens[j + 1]);
        j += 2;
      }
      if (tokens[j]?.word === 'as') j++;
      const alias = isIdent(tokens[j]) && !NOT_ALIAS.has(tokens[j].word) ? identName(tokens[j]) : null;
      names.push(alias ?? name);
      k = alias ? j : j - 1;
    }
  }
  return names;
}

/**
 * `sql` (one SELECT, trailing `;` optional) with `USE_COLUMN_TABLE` (column store) or
 * `NO_USE_COLUMN_TABLE` (row store) hints for each table of its FROM clause, merged into an
 * existing `/*+ … *\/` hint after SELECT. Null when `sql` is not a SELECT with a table.
 */
export function withColumnStoreHint(sql: string, useColumnStore: boolean): string | null {
  const body = sql.trim().replace(/;\s*$/, '');
  const tokens = tokenize(body);
  const first = tokens.find((t) => !t.text.startsWith('/*'));
  if (!first || first.word !== 'select') return null;
  const targets = hintTargets(body);
  if (targets.length === 0) return null;
  const hint = targets.map((n) => `${useColumnStore ? 'USE_COLUMN_TABLE' : 'NO_USE_COLUMN_TABLE'}(${n})`).join(' ');
  const next = tokens[tokens.indexOf(first) + 1];
  if (next && next.text.startsWith('/*+')) {
    return `${body.slice(0, next.end - 2).trimEnd()} ${hint} ${body.slice(next.end - 2)};`;
  }
  return `${body.slice(0, first.end)} /*+ ${hint} */${body.slice(first.end)};`;
}
