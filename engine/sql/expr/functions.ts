/**
 * The catalogue of scalar functions and operators, and `bindCall`, which types a call for the
 * resolver (OceanBase's `ObExprOperatorFactory` + `ObRawExprDeduceType`).
 *
 * Canonical call names (what the resolver puts in `BoundExpr.fn`):
 *   arithmetic `+ - * / div % mod neg`, bits `& | ^ << >> ~` (fn_arith.ts);
 *   comparison and logic `= <=> != <> < <= > >= in not_in between not_between like not_like
 *   is_null is_not_null is_true is_not_true is_false is_not_false and or xor not` (fn_compare.ts);
 *   control `case if ifnull coalesce nullif greatest least cast convert` (fn_control.ts);
 *   strings, numbers and dates by their MySQL names (fn_string.ts, fn_numeric.ts, fn_datetime.ts).
 * Aggregates (COUNT, SUM, ...) are not here: see aggregate.ts.
 */
import { assert } from '../../common/assert';
import { Errors } from '../../common/ob_error';
import type { BoundExpr } from './bound';
import { ARITH_FUNCTIONS } from './fn_arith';
import { COMPARE_FUNCTIONS } from './fn_compare';
import { CONTROL_FUNCTIONS } from './fn_control';
import { DATETIME_FUNCTIONS } from './fn_datetime';
import { NUMERIC_FUNCTIONS } from './fn_numeric';
import { STRING_FUNCTIONS } from './fn_string';
import type { FunctionDef } from './registry';

export type { FunctionDef } from './registry';

const ALIASES: Record<string, string> = { mod: '%' };

function buildCatalogue(): Map<string, FunctionDef> {
  const map = new Map<string, FunctionDef>();
  for (const list of [ARITH_FUNCTIONS, COMPARE_FUNCTIONS, CONTROL_FUNCTIONS, STRING_FUNCTIONS, NUMERIC_FUNCTIONS, DATETIME_FUNCTIONS]) {
    for (const d of list) {
      assert(!map.has(d.name), `duplicate function definition ${d.name}`);
      map.set(d.name, d);
    }
  }
  for (const [alias, target] of Object.entries(ALIASES)) map.set(alias, map.get(target)!);
  return map;
}

/** Every scalar function and operator by lower-case name, with its argument-count bounds. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = buildCatalogue();

/**
 * Types a call: checks the function exists and its argument count, validates static arguments,
 * and infers the result type from the argument types (MySQL rules).
 * `fn` is matched case-insensitively and stored lower-case. `db` names the current database in
 * the "does not exist" message.
 * Errors: `Errors.functionNotExist(db, fn)` ("FUNCTION test.foo does not exist"),
 * `Errors.wrongParamCount(fn)` ("Incorrect parameter count in the call to native function 'abs'"),
 * and function-specific errors (e.g. an unknown interval unit → Errors.notSupported).
 */
export function bindCall(fn: string, args: BoundExpr[], meta?: Record<string, unknown>, db = 'test'): BoundExpr {
  const name = fn.toLowerCase();
  const d = FUNCTIONS.get(name);
  if (d === undefined) throw Errors.functionNotExist(db, name);
  if (args.length < d.minArgs || args.length > d.maxArgs) throw Errors.wrongParamCount(name);
  const m = meta ?? {};
  d.validate?.(args, m);
  const type = d.inferType(args, m);
  return meta === undefined ? { kind: 'call', fn: name, args, type } : { kind: 'call', fn: name, args, type, meta };
}
