/**
 * Result formatting (shared by `obsh` and the scenario runner, engine/scenario) exactly as the mysql/obclient command-line client prints it:
 * - batch (tab-separated, `-B` or not a terminal): a header line of column names unless
 *   `-N`, then one line per row; NULL prints as `NULL`; NUL, tab, newline and backslash inside
 *   values print as `\0`, `\t`, `\n`, `\\` (mysql's `safe_put_field`);
 * - table (a terminal, or `-t`): `+---+` boxes, numeric columns right-aligned, widths in terminal
 *   cells (East Asian wide characters count 2);
 * - vertical (`\G` or `-E`): `*** N. row ***` blocks with right-aligned column names;
 * - the status lines an interactive client prints: `3 rows in set (0.004 sec)`, `Empty set`,
 *   `Query OK, 1 row affected (0.010 sec)` plus obclient's info line (`Records: …`).
 * A result with no rows prints nothing in batch and table form (mysql prints no header then).
 */
import type { WireResult } from '../server/api';

/** mysql's escaping of one value in batch output. */
export function escapeBatchValue(value: string): string {
  return value.replace(/[\0\t\n\\]/g, (c) => (c === '\0' ? '\\0' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\\\'));
}

/** Tab-separated rows with an optional header line; '' when the result has no rows. */
export function formatBatch(result: WireResult, columnNames: boolean): string {
  if (result.rows.length === 0) return '';
  const lines: string[] = [];
  if (columnNames) lines.push(result.columns.map((c) => c.name).join('\t'));
  for (const row of result.rows) lines.push(row.map((v) => (v === null ? 'NULL' : escapeBatchValue(v))).join('\t'));
  return lines.join('\n') + '\n';
}

/** Terminal cells a string occupies: 2 for East Asian wide/fullwidth characters, 0 for combining marks. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x300) w += 1;
    else if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || (cp >= 0xfe00 && cp <= 0xfe0f)) w += 0;
    else if (isWide(cp)) w += 2;
    else w += 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

const pad = (s: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

/** The boxed table of mysql's `print_table_data`; '' when the result has no rows. */
export function formatTable(result: WireResult, columnNames: boolean): string {
  if (result.rows.length === 0) return '';
  const cells = result.rows.map((row) => row.map((v) => (v === null ? 'NULL' : v)));
  const widths = result.columns.map((c, i) => {
    let w = columnNames ? displayWidth(c.name) : 0;
    for (const row of cells) w = Math.max(w, displayWidth(row[i]));
    return w;
  });
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  let out = rule;
  if (columnNames) {
    out += '|' + result.columns.map((c, i) => ` ${pad(c.name, widths[i], false)} `).join('|') + '|\n' + rule;
  }
  for (const row of cells) {
    out += '|' + row.map((v, i) => ` ${pad(v, widths[i], result.columns[i].numeric)} `).join('|') + '|\n';
  }
  return out + rule;
}

/** mysql's `\G` output. */
export function formatVertical(result: WireResult): string {
  if (result.rows.length === 0) return '';
  const nameWidth = Math.max(...result.columns.map((c) => displayWidth(c.name)));
  let out = '';
  result.rows.forEach((row, n) => {
    out += `${'*'.repeat(27)} ${n + 1}. row ${'*'.repeat(27)}\n`;
    row.forEach((v, i) => {
      out += `${pad(result.columns[i].name, nameWidth, true)}: ${v === null ? 'NULL' : v}\n`;
    });
  });
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The status line(s) an interactive client prints after a statement, ending with the blank line
 * mysql leaves before the next prompt. `elapsedSec` is the client-side wall time; null leaves the
 * `(N sec)` part out (scenario output must not depend on timing).
 */
export function formatStatus(result: WireResult, elapsedSec: number | null): string {
  const time = elapsedSec === null ? '' : ` (${elapsedSec.toFixed(3)} sec)`;
  const warnings = result.warningCount > 0 ? `, ${plural(result.warningCount, 'warning')}` : '';
  if (result.kind === 'rows') {
    const head = result.rows.length === 0 ? 'Empty set' : `${plural(result.rows.length, 'row')} in set`;
    return `${head}${warnings}${time}\n\n`;
  }
  const info = result.info ? `${result.info}\n` : '';
  return `Query OK, ${plural(result.affectedRows, 'row')} affected${warnings}${time}\n${info}\n`;
}
