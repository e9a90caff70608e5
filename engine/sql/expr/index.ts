/**
 * The expression engine of the SQL layer: MySQL-mode types, functions, comparison rules,
 * aggregates, strict-mode coercion and value printing (OceanBase's `sql/engine/expr`).
 *
 *   resolver ──bindCall(fn, args, meta)──▶ BoundExpr (typed: types.ts, fn_*.ts)
 *   planner  ──foldConstants(e)─────────▶ BoundExpr with constant subtrees evaluated
 *   operators──compileExpr(e, {nowUs})──▶ (row) => Value        (compile.ts)
 *            ──compareValues / hashKey──▶ sort, merge, hash join, group by, distinct
 *            ──createAggregate(...)─────▶ init / add / merge / result   (aggregate.ts)
 *   DML      ──coerceToColumn(v, col, n)▶ stored value or ObError (STRICT_ALL_TABLES)
 *   server   ──formatValue(v, type)─────▶ protocol text
 *
 * Files: `types.ts` (inference, comparison kinds, hashing), `convert.ts` (implicit conversions),
 * `coerce.ts` (CAST and column coercion), `temporal.ts` / `date_format.ts` (dates),
 * `strings.ts` / `like.ts` (characters, LIKE), `registry.ts` (definition shape), `fn_*.ts`
 * (the functions by family), `functions.ts` (catalogue + bindCall), `compile.ts`,
 * `aggregate.ts`, `format.ts`, `expr_text.ts` (expression text for error messages).
 * This folder imports only `engine/common`, `engine/env` (types) and `engine/schema` (types).
 */
export type { BoundExpr, CompareKind, CompiledExpr } from './bound';
export { compileExpr, foldConstants } from './compile';
export { bindCall, FUNCTIONS } from './functions';
export type { CompileOptions, FunctionDef } from './registry';
export { compareKindOf, compareValues, compositeHashKey, hashKey, resultTypeOf, unionType } from './types';
export { castConverter, castValue, coerceToColumn } from './coerce';
export { createAggregate, type AggregateFunction, type AggregateOptions } from './aggregate';
export { formatValue, formatDoubleMysql } from './format';
export { exprToText } from './expr_text';
