/**
 * Expression text as OceanBase's EXPLAIN prints it in `output([...])`, `filter([...])`,
 * `equal_conds([...])`: columns as `t1.c1`, operators infix with spaces (`t1.c1 + 1`,
 * `t.c1 = 1`), nested operators parenthesised, strings single-quoted, aggregates as
 * `T_FUN_SUM(t.c2)`, functions lower-case with their arguments.
 */
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';
import type { BoundExpr } from '../expr/bound';

const INFIX: ReadonlySet<string> = new Set([
  '+', '-', '*', '/', 'div', '%', 'mod', '=', '<=>', '!=', '<>', '<', '<=', '>', '>=', '&', '|', '^', '<<', '>>',
]);

function valueText(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

function isOperatorCall(e: BoundExpr): boolean {
  return e.kind === 'call' && (INFIX.has(e.fn) || e.fn === 'and' || e.fn === 'or' || e.fn === 'xor' || ['in', 'not_in', 'between', 'not_between', 'like', 'not_like', 'not'].includes(e.fn));
}

/** Current display names by column id (EXPLAIN), overriding the names embedded in `col` nodes. */
type NameOf = (id: number) => string | undefined;

function operand(e: BoundExpr, nameOf?: NameOf): string {
  const t = exprText(e, nameOf);
  return isOperatorCall(e) ? `(${t})` : t;
}

/** The EXPLAIN text of an expression. */
export function exprText(e: BoundExpr, nameOf?: NameOf): string {
  switch (e.kind) {
    case 'const':
      return valueText(e.value);
    case 'col':
      return nameOf?.(e.index) ?? e.name;
    case 'call':
      return callText(e, nameOf);
  }
}

function callText(e: BoundExpr & { kind: 'call' }, nameOf?: NameOf): string {
  const a = e.args;
  const exprText = (x: BoundExpr) => exprTextOuter(x, nameOf);
  const operand = (x: BoundExpr) => operandOuter(x, nameOf);
  if (INFIX.has(e.fn) && a.length === 2) return `${operand(a[0])} ${e.fn.toUpperCase() === 'DIV' ? 'DIV' : e.fn} ${operand(a[1])}`;
  switch (e.fn) {
    case 'and':
    case 'or':
    case 'xor':
      return a.map(operand).join(` ${e.fn.toUpperCase()} `);
    case 'not':
      return `NOT ${operand(a[0])}`;
    case 'neg':
      return `-${operand(a[0])}`;
    case 'in':
    case 'not_in':
      return `${operand(a[0])} ${e.fn === 'in' ? 'IN' : 'NOT IN'} (${a.slice(1).map(exprText).join(', ')})`;
    case 'between':
    case 'not_between':
      return `${operand(a[0])} ${e.fn === 'between' ? 'BETWEEN' : 'NOT BETWEEN'} ${operand(a[1])} AND ${operand(a[2])}`;
    case 'like':
    case 'not_like':
      return `${operand(a[0])} ${e.fn === 'like' ? 'LIKE' : 'NOT LIKE'} ${operand(a[1])}${a.length > 2 ? ` ESCAPE ${exprText(a[2])}` : ''}`;
    case 'is_null':
    case 'is_not_null':
    case 'is_true':
    case 'is_not_true':
    case 'is_false':
    case 'is_not_false':
      return `(${exprText(a[0])}) ${e.fn.replace(/_/g, ' ').toUpperCase()}`;
    case 'case':
      return caseText(e, nameOf);
    case 'date_add':
    case 'date_sub':
      return `${e.fn}(${exprText(a[0])}, INTERVAL ${exprText(a[1])} ${String(e.meta?.unit ?? 'DAY')})`;
    case 'extract':
      return `extract(${String(e.meta?.unit ?? '')} FROM ${exprText(a[0])})`;
    case 'cast':
      return `cast(${exprText(a[0])}, ${String((e.meta?.type as { kind?: string } | undefined)?.kind ?? e.type.kind).toUpperCase()})`;
    default:
      return `${e.fn}(${a.map(exprText).join(', ')})`;
  }
}

const exprTextOuter = exprText;
const operandOuter = operand;

function caseText(e: BoundExpr & { kind: 'call' }, nameOf?: NameOf): string {
  const exprText = (x: BoundExpr) => exprTextOuter(x, nameOf);
  const parts = ['CASE'];
  let i = 0;
  if (e.meta?.hasOperand) parts.push(exprText(e.args[i++]));
  const end = e.meta?.hasElse ? e.args.length - 1 : e.args.length;
  for (; i + 1 <= end - 1; i += 2) parts.push(`WHEN ${exprText(e.args[i])} THEN ${exprText(e.args[i + 1])}`);
  if (e.meta?.hasElse) parts.push(`ELSE ${exprText(e.args[e.args.length - 1])}`);
  parts.push('END');
  return parts.join(' ');
}
