/**
 * OBKV-Table aggregation over one tablet (reference obkv-apis §1.9; OceanBase's
 * `ObTableAggCalculator`): count/sum/min/max/avg over the rows a query selects — after its filter
 * and limit (limit applies before aggregation) — answered as `{ "max(c2)": v, "count(*)": n }`
 * (an alias replaces the column inside the parentheses).
 *
 * Result types: count → integer; sum of integer columns → integer (exact, bigint past 2^53);
 * sum of FLOAT/DOUBLE → double; sum of DECIMAL → decimal text; avg → double; min/max keep the
 * column's type. NULLs are ignored; no rows (or only NULLs) → min/max/sum/avg null, count 0.
 * Errors: SUM/AVG of a string column → -4007 "VARCHAR type for sum aggregation not supported";
 * a double sum overflowing → -4224 "Out of range value for column 'sum(c5)' at row 0"; an unknown
 * column → -4016 (as the Java client's test expects).
 */
import { Decimal } from '../common/decimal';
import { Errors } from '../common/ob_error';
import { generalCiWeight } from '../common/rowkey';
import { isIntegerType, normInt, type ColumnType, type Value } from '../common/value';
import type { ColumnSchema } from '../schema/schema';
import { toKvValue, type TableMeta } from './table_meta';
import type { KvAggregation, KvValue } from './types';

interface AggState {
  key: string;
  fn: KvAggregation['fn'];
  column: ColumnSchema | null;
  add(v: Value): void;
  result(): KvValue;
}

/** Builds the accumulators of `aggs` (checks columns and types first). Errors: see the module comment. */
export function prepareAggregates(meta: TableMeta, aggs: readonly KvAggregation[]): AggState[] {
  return aggs.map((a) => {
    const key = `${a.fn}(${a.alias ?? a.column ?? '*'})`;
    let column: ColumnSchema | null = null;
    if (a.column !== null && a.column !== '*') {
      column = meta.byName.get(a.column.toLowerCase()) ?? null;
      if (!column) throw Errors.internal(`unknown column '${a.column}' in ${a.fn} aggregation of '${meta.table.name}'`);
    } else if (a.fn !== 'count') {
      throw Errors.invalidArgument(`${a.fn} aggregation needs a column`);
    }
    return makeState(key, a.fn, column, meta);
  });
}

/** Feeds one full-width row to every accumulator. */
export function accumulate(states: readonly AggState[], row: readonly Value[]): void {
  for (const s of states) s.add(s.column ? row[s.column.index] : 1);
}

/** The answer: result key → value. */
export function aggregateResult(states: readonly AggState[]): Record<string, KvValue> {
  const out: Record<string, KvValue> = {};
  for (const s of states) out[s.key] = s.result();
  return out;
}

function makeState(key: string, fn: KvAggregation['fn'], column: ColumnSchema | null, meta: TableMeta): AggState {
  const type = column?.type;
  if ((fn === 'sum' || fn === 'avg') && type && !isNumeric(type)) {
    throw Errors.notSupported(`${meta.typeText[column!.index]} type for ${fn} aggregation`);
  }
  switch (fn) {
    case 'count': {
      let n = 0;
      return { key, fn, column, add: (v) => void (v !== null && n++), result: () => n };
    }
    case 'min':
    case 'max': {
      const cmp = comparatorOf(type!);
      const sign = fn === 'min' ? -1 : 1;
      let best: Value = null;
      return {
        key, fn, column,
        add: (v) => {
          if (v !== null && (best === null || cmp(v, best) * sign > 0)) best = v;
        },
        result: () => toKvValue(best),
      };
    }
    case 'sum':
    case 'avg':
      return numericState(key, fn, column!);
  }
}

function isNumeric(t: ColumnType): boolean {
  return isIntegerType(t) || t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal';
}

function numericState(key: string, fn: 'sum' | 'avg', column: ColumnSchema): AggState {
  const t = column.type;
  let n = 0;
  let intSum = 0n;
  let dblSum = 0;
  let decSum = new Decimal(0n, t.scale ?? 0);
  const add = isIntegerType(t)
    ? (v: Value) => { intSum += BigInt(v as number | bigint); }
    : t.kind === 'decimal'
      ? (v: Value) => { decSum = decSum.add(v instanceof Decimal ? v : Decimal.parse(String(v))!); }
      : (v: Value) => { dblSum += v as number; };
  const total = (): number | bigint | Decimal =>
    isIntegerType(t) ? intSum : t.kind === 'decimal' ? decSum : dblSum;
  return {
    key, fn, column,
    add: (v) => {
      if (v === null) return;
      n++;
      add(v);
    },
    result: () => {
      if (n === 0) return null;
      const s = total();
      if (typeof s === 'number' && !Number.isFinite(s)) throw Errors.dataOutOfRange(key, 0);
      if (fn === 'avg') {
        const avg = typeof s === 'bigint' ? Number(s) / n : s instanceof Decimal ? s.toNumber() / n : s / n;
        if (!Number.isFinite(avg)) throw Errors.dataOutOfRange(key, 0);
        return avg;
      }
      if (typeof s === 'bigint') {
        if (s > 9223372036854775807n || s < -9223372036854775808n) throw Errors.dataOutOfRange(key, 0);
        return normInt(s);
      }
      return s instanceof Decimal ? s.toString() : s;
    },
  };
}

function comparatorOf(t: ColumnType): (a: Value, b: Value) => number {
  if (t.kind === 'decimal') {
    return (a, b) => (a instanceof Decimal ? a : Decimal.parse(String(a))!).compare(b instanceof Decimal ? b : Decimal.parse(String(b))!);
  }
  if (!t.binary && (t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text')) {
    return (a, b) => {
      const x = generalCiWeight(a as string);
      const y = generalCiWeight(b as string);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  return (a, b) => ((a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0);
}
