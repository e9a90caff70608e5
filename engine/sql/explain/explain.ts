/**
 * EXPLAIN output in OceanBase V4's layout (reference §7): the plan table framed by `=` lines with
 * columns `|ID|OPERATOR|NAME|EST.ROWS|EST.TIME(us)|` (EXPLAIN BASIC: the first three), operator
 * names indented with the tree glyphs `├─ └─ │`, then `Outputs & filters:` underlined with 37
 * dashes and one `  N - output([...]), filter(nil), rowset=256` line per operator followed by its
 * detail lines indented by 6 spaces. EXPLAIN FORMAT=JSON nests operators as `CHILD_n` objects.
 * The result is one column, `Query Plan`, one row per text line.
 */
import { ROWSET_ROWS } from '../../common/limits';
import type { StatementResult } from '../exec_context';
import type { PlanNode } from '../plan/plan';
import { columnNames, displayTree, type DisplayNode } from './display_tree';

export type ExplainFormat = 'basic' | 'traditional' | 'extended' | 'json';

const OUTPUTS_RULE = '-'.repeat(37);

interface Line {
  id: number;
  op: string;
  node: DisplayNode;
}

function flatten(root: DisplayNode): Line[] {
  const out: Line[] = [];
  const walk = (n: DisplayNode, prefix: string, connector: string) => {
    out.push({ id: out.length, op: prefix + connector + n.operator, node: n });
    const childPrefix = connector === '' ? '' : prefix + (connector === '├─' ? '│ ' : '  ');
    n.children.forEach((c, i) => walk(c, childPrefix, i === n.children.length - 1 ? '└─' : '├─'));
  };
  walk(root, '', '');
  return out;
}

function table(lines: Line[], basic: boolean): string[] {
  const headers = basic ? ['ID', 'OPERATOR', 'NAME'] : ['ID', 'OPERATOR', 'NAME', 'EST.ROWS', 'EST.TIME(us)'];
  const rows = lines.map((l) => {
    const cells = [String(l.id), l.op, l.node.name];
    if (!basic) cells.push(String(l.node.estRows), String(l.node.estTimeUs));
    return cells;
  });
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]) => `|${cells.map((c, i) => c.padEnd(widths[i])).join('|')}|`;
  const header = fmt(headers);
  const out = ['='.repeat(header.length), header, '-'.repeat(header.length)];
  for (const r of rows) out.push(fmt(r));
  out.push('='.repeat(header.length));
  return out;
}

function bracketList(items: string[]): string {
  return items.length === 0 ? 'nil' : items.map((s) => `[${s}]`).join(', ');
}

function outputs(lines: Line[]): string[] {
  const out = ['Outputs & filters:', OUTPUTS_RULE];
  for (const l of lines) {
    const n = l.node;
    out.push(`  ${l.id} - output(${bracketList(n.outputs)}), filter(${bracketList(n.filters)}), rowset=${ROWSET_ROWS}`);
    const pad = ' '.repeat(`  ${l.id} - `.length);
    for (const d of n.details) out.push(pad + d);
  }
  return out;
}

function jsonOf(n: DisplayNode, next: { id: number }): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ID: next.id++,
    OPERATOR: n.operator,
    NAME: n.name,
    'EST.ROWS': n.estRows,
    'EST.TIME(us)': n.estTimeUs,
    output: `output(${bracketList(n.outputs)})`,
  };
  if (n.filters.length > 0) o.filter = `filter(${bracketList(n.filters)})`;
  n.children.forEach((c, i) => {
    o[`CHILD_${i + 1}`] = jsonOf(c, next);
  });
  return o;
}

/** The EXPLAIN text lines of an optimized plan. */
export function explainLines(plan: PlanNode, format: ExplainFormat): string[] {
  const root = displayTree(plan, columnNames(plan));
  if (format === 'json') return JSON.stringify(jsonOf(root, { id: 0 }), null, 2).split('\n');
  const lines = flatten(root);
  return [...table(lines, format === 'basic'), ...outputs(lines)];
}

/** The EXPLAIN result set: one `Query Plan` column. */
export function explainResult(plan: PlanNode, format: ExplainFormat): StatementResult {
  const rows = explainLines(plan, format).map((l) => [l]);
  return { kind: 'rows', columns: [{ name: 'Query Plan', type: { kind: 'varchar', precision: 65535 } }], rows };
}
