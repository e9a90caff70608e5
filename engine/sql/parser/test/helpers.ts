/**
 * Shared helpers for the parser tests: parse one statement, pull the first select item's
 * expression, and small AST builders so expected trees read like the SQL they come from.
 */
import { expect } from 'vitest';
import { isObError, type ObError } from '../../../common/ob_error';
import type { Value } from '../../../common/value';
import type { BinaryOp, Expr, Select, Statement } from '../../ast';
import { parseStatement } from '../index';

export function one(sql: string): Statement {
  return parseStatement(sql).statement;
}

export function select(sql: string): Select {
  const s = one(sql);
  expect(s.kind).toBe('select');
  return s as Select;
}

/** The expression of `SELECT <text>`. */
export function expr(text: string): Expr {
  return select(`SELECT ${text}`).items[0].expr;
}

export const col = (name: string, table?: string): Expr =>
  table === undefined ? { kind: 'column', name } : { kind: 'column', table, name };
export const lit = (value: Value): Expr => ({ kind: 'literal', value });
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const fn = (name: string, ...args: Expr[]): Expr => ({ kind: 'func', name, args });
export const date = (value: string): Expr => ({ kind: 'literal', value, type: { kind: 'date' } });

/** The ObError `f` throws (fails the test when it throws nothing or something else). */
export function errorOf(f: () => unknown): ObError {
  try {
    f();
  } catch (e) {
    if (isObError(e)) return e;
    throw e;
  }
  throw new Error('expected an ObError, nothing was thrown');
}

/** The printed MySQL error of parsing `sql` (`ERROR 1064 (42000): ...`). */
export function parseErrorText(sql: string): string {
  return errorOf(() => parseStatement(sql)).format();
}

/** `near '<near>' at line <line>` of a 1064 for `sql`. */
export function nearOf(sql: string): string {
  const e = errorOf(() => parseStatement(sql));
  expect(e.mysqlCode).toBe(1064);
  const m = /near '([\s\S]*)' at line (\d+)$/.exec(e.message);
  expect(m).not.toBeNull();
  return `${m![1]}@${m![2]}`;
}
