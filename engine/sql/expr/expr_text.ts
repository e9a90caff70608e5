/**
 * The SQL text MySQL prints for an expression inside error messages, e.g.
 * "BIGINT value is out of range in '(`t`.`a` + 1)'": columns back-quoted per name part, binary
 * operators parenthesised with spaces, functions as `name(arg, ...)`, string constants quoted.
 * Only used on error paths; never on a per-row path.
 */
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';
import type { BoundExpr } from './bound';

const INFIX: Record<string, string> = {
  '+': '+', '-': '-', '*': '*', '/': '/', div: 'DIV', '%': '%', mod: '%',
  '=': '=', '<=>': '<=>', '!=': '<>', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  and: 'and', or: 'or', xor: 'xor', '&': '&', '|': '|', '^': '^', '<<': '<<', '>>': '>>',
  like: 'like', not_like: 'not like',
};

function constText(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

/** MySQL's rendering of `e` (see the module comment). */
export function exprToText(e: BoundExpr): string {
  switch (e.kind) {
    case 'const':
      return constText(e.value);
    case 'col':
      return e.name
        .split('.')
        .map((p) => `\`${p}\``)
        .join('.');
    case 'call': {
      const args = e.args.map(exprToText);
      const op = INFIX[e.fn];
      if (op !== undefined && args.length === 2) return `(${args[0]} ${op} ${args[1]})`;
      if (e.fn === 'neg') return `-(${args[0]})`;
      if (e.fn === 'not') return `(not(${args[0]}))`;
      if (e.fn === '~') return `~(${args[0]})`;
      return `${e.fn}(${args.join(',')})`;
    }
  }
}
