/**
 * The one place the planner and operators import the expression engine (`engine/sql/expr/`) from:
 * type inference (`bindCall`), compilation to closures (`compileExpr`), constant folding,
 * comparison and hashing under MySQL's comparison rules, column coercion (strict mode),
 * aggregates and value formatting. Keeping the imports here isolates the SQL layer from the
 * expression module's file layout.
 */
export { compileExpr, foldConstants } from '../expr/compile';
export { bindCall, FUNCTIONS } from '../expr/functions';
export { compareKindOf, compareValues, compositeHashKey, hashKey, unionType } from '../expr/types';
export { coerceToColumn, castValue } from '../expr/coerce';
export { createAggregate } from '../expr/aggregate';
export { formatValue } from '../expr/format';
