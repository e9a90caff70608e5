/**
 * Regenerates SQL text from an AST expression: the result column name MySQL shows for a select
 * item without alias when the parser did not record the item's source text (`SelectItem.text`).
 * MySQL names such columns by the text as written; this reproduces the common spellings
 * (`count(*)`, `sum(l_quantity)`, `1 + 1`), not the user's exact spacing.
 */
import { Decimal } from '../../common/decimal';
import type { Expr } from '../ast';

function literalText(e: Expr & { kind: 'literal' }): string {
  if (e.text !== undefined) return e.text;
  const v = e.value;
  if (v === null) return 'NULL';
  if (typeof v === 'string') return e.type ? `${e.type.kind.toUpperCase()} '${v}'` : v;
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

export function astText(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return literalText(e);
    case 'column':
      return [e.db, e.table, e.name].filter((x) => x !== undefined).join('.');
    case 'star':
      return e.table ? `${e.table}.*` : '*';
    case 'unary':
      return e.op === 'NOT' ? `NOT ${astText(e.operand)}` : `${e.op}${astText(e.operand)}`;
    case 'binary':
      return `${astText(e.left)} ${e.op} ${astText(e.right)}`;
    case 'between':
      return `${astText(e.expr)} ${e.not ? 'NOT ' : ''}BETWEEN ${astText(e.low)} AND ${astText(e.high)}`;
    case 'in':
      return `${astText(e.expr)} ${e.not ? 'NOT ' : ''}IN (${e.list.map(astText).join(',')})`;
    case 'inSubquery':
      return `${astText(e.expr)} ${e.not ? 'NOT ' : ''}IN (subquery)`;
    case 'exists':
      return `${e.not ? 'NOT ' : ''}EXISTS (subquery)`;
    case 'subquery':
      return '(subquery)';
    case 'like':
      return `${astText(e.expr)} ${e.not ? 'NOT ' : ''}LIKE ${astText(e.pattern)}`;
    case 'isNull':
      return `${astText(e.expr)} IS ${e.not ? 'NOT ' : ''}NULL`;
    case 'isBool':
      return `${astText(e.expr)} IS ${e.not ? 'NOT ' : ''}${e.value ? 'TRUE' : 'FALSE'}`;
    case 'case':
      return 'CASE';
    case 'func':
      return `${e.name}(${e.star ? '*' : `${e.distinct ? 'DISTINCT ' : ''}${e.args.map(astText).join(',')}`})`;
    case 'cast':
      return `CAST(${astText(e.expr)} AS ${e.type.kind.toUpperCase()})`;
    case 'interval':
      return `INTERVAL ${astText(e.value)} ${e.unit}`;
    case 'extract':
      return `EXTRACT(${e.unit} FROM ${astText(e.expr)})`;
    case 'variable':
      return e.scope === 'user' ? `@${e.name}` : `@@${e.name}`;
    case 'default':
      return 'DEFAULT';
    case 'tuple':
      return `(${e.items.map(astText).join(',')})`;
  }
}
