/**
 * Evaluation of parsed shell arguments into plain values, and the accessors commands use to read
 * them (`'f1:c1'` column specs, option hashes, timestamps). Mirrors how hbase-shell's Ruby code
 * treats its arguments: option keys are constants whose value is their own name (so `VERSIONS` and
 * `'VERSIONS'` are the same key), an unknown constant is Ruby's `uninitialized constant`, and Java
 * filter objects (`org.apache.hadoop.hbase.filter.PrefixFilter.new(...)`) become the equivalent
 * filter-language string, which is what OBKV-HBase's server parses (reference obkv-apis §2.3).
 */
import { longToBytes } from '../../common/binary';
import { didYouMean, HBASE_FILTER_NAMES, HBASE_SHELL_CONSTANTS } from './commands';
import type { RubyValue } from './parser';

/** A hash argument: keys are constant names or string values. */
export interface ShellHash {
  kind: 'hash';
  map: Map<string, ShellValue>;
}

/** A Java filter object written in the shell, as its filter-language string. */
export interface ShellFilter {
  kind: 'filter';
  text: string;
}

export type ShellValue = string | bigint | number | boolean | null | ShellValue[] | ShellHash | ShellFilter;

/** A mistake in how a command was called: printed as `ERROR: <message>` plus a usage hint. */
export class ShellUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellUsageError';
  }
}

const CONSTANTS = new Set(HBASE_SHELL_CONSTANTS);

/** Evaluates a parsed value. Throws `ShellUsageError` for unknown constants and unsupported Java forms. */
export function evaluate(v: RubyValue): ShellValue {
  switch (v.kind) {
    case 'string':
    case 'int':
    case 'float':
    case 'bool':
      return v.value;
    case 'nil':
      return null;
    case 'array':
      return v.items.map(evaluate);
    case 'hash': {
      const map = new Map<string, ShellValue>();
      for (const e of v.entries) map.set(hashKey(evaluate(e.key)), evaluate(e.value));
      return { kind: 'hash', map };
    }
    case 'const': {
      if (CONSTANTS.has(v.name)) return v.name;
      // Playground convenience: compare operators for Java filter constructors.
      if (COMPARE_OPS[v.name] !== undefined) return { kind: 'filter', text: COMPARE_OPS[v.name] };
      const near = didYouMean(v.name, HBASE_SHELL_CONSTANTS);
      throw new ShellUsageError(`uninitialized constant ${v.name}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    case 'call':
      return evaluateCall(v.path, v.args.map(evaluate));
  }
}

function hashKey(k: ShellValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint' || typeof k === 'number' || typeof k === 'boolean') return String(k);
  throw new ShellUsageError('a hash key must be a constant or a string');
}

/** `CompareOp` names as the filter language writes them. */
const COMPARE_OPS: Record<string, string> = {
  LESS: '<',
  LESS_OR_EQUAL: '<=',
  EQUAL: '=',
  NOT_EQUAL: '!=',
  GREATER_OR_EQUAL: '>=',
  GREATER: '>',
};

const COMPARATORS: Record<string, string> = {
  BinaryComparator: 'binary',
  BinaryPrefixComparator: 'binaryprefix',
  RegexStringComparator: 'regexstring',
  SubstringComparator: 'substring',
};

/** `Bytes.toBytes(x)`, `XxxFilter.new(...)`, `XxxComparator.new(...)`. */
function evaluateCall(path: string[], args: ShellValue[]): ShellValue {
  const method = path[path.length - 1];
  const cls = path[path.length - 2] ?? '';
  if (cls === 'Bytes' && method === 'toBytes' && args.length === 1) {
    const a = args[0];
    if (typeof a === 'string') return a;
    if (typeof a === 'bigint') return longToBytes(a);
  }
  if (method === 'new' && COMPARATORS[cls] !== undefined && args.length === 1 && typeof args[0] === 'string') {
    return { kind: 'filter', text: quoteFilterString(`${COMPARATORS[cls]}:${args[0]}`) };
  }
  if (method === 'new' && HBASE_FILTER_NAMES.includes(cls)) {
    return { kind: 'filter', text: `${cls}(${args.map(filterArg).join(', ')})` };
  }
  throw new ShellUsageError(
    `cannot evaluate ${path.join('.')}(...) here; write the filter in the filter language instead, e.g. FILTER => "PrefixFilter('r')"`,
  );
}

function filterArg(a: ShellValue): string {
  if (typeof a === 'string') return quoteFilterString(a);
  if (typeof a === 'bigint' || typeof a === 'number' || typeof a === 'boolean') return String(a);
  if (a !== null && !Array.isArray(a) && a.kind === 'filter') return a.text;
  throw new ShellUsageError('unsupported argument in a Java filter constructor');
}

/** A filter-language string literal: single quotes, `'` doubled. */
export function quoteFilterString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

// ------------------------------------------------------------------------------------ accessors

export function isHash(v: ShellValue | undefined): v is ShellHash {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'hash';
}

export function typeName(v: ShellValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'bigint') return 'Integer';
  if (typeof v === 'number') return 'Float';
  if (typeof v === 'boolean') return v ? 'TrueClass' : 'FalseClass';
  if (Array.isArray(v)) return 'Array';
  return v.kind === 'hash' ? 'Hash' : 'Filter';
}

/** A string argument (`what` names it in the error). */
export function asString(v: ShellValue | undefined, what: string): string {
  if (typeof v === 'string') return v;
  // The shell calls `to_s` on rows and values: integers are accepted as their digits.
  if (typeof v === 'bigint') return v.toString();
  throw new ShellUsageError(`${what} must be a String, got ${typeName(v)}`);
}

/** An integer argument that fits a JS number (timestamps in ms, counts). */
export function asInt(v: ShellValue | undefined, what: string): number {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
  else throw new ShellUsageError(`${what} must be an Integer, got ${typeName(v)}`);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ShellUsageError(`${what} is out of range: ${n}`);
  }
  return Number(n);
}

export function asBool(v: ShellValue | undefined, what: string): boolean {
  if (typeof v === 'boolean') return v;
  throw new ShellUsageError(`${what} must be true or false, got ${typeName(v)}`);
}

/** A family:qualifier spec. `qualifier` null: the whole family (`'f1'`); `'f1:'` is the empty qualifier. */
export interface ColumnSpec {
  family: string;
  qualifier: string | null;
  /** get/scan `'f1:c1:toLong'`: how to show the column's values (format.ts `VALUE_CONVERTERS`). */
  converter?: string;
}

/** Parses `'f1:c1'` / `'f1'` as the shell's `parse_column_name` does (split at the first ':'). */
export function parseColumn(spec: string): ColumnSpec {
  const i = spec.indexOf(':');
  if (i < 0) return { family: spec, qualifier: null };
  return { family: spec.slice(0, i), qualifier: spec.slice(i + 1) };
}

/** A column argument that must name a family. */
export function asColumn(v: ShellValue | undefined, what: string): ColumnSpec {
  const c = parseColumn(asString(v, what));
  if (c.family === '') throw new ShellUsageError(`${what} needs a family: 'family:qualifier'`);
  return c;
}

/** One column or a list of columns (`'f1:c1'` or `['f1:c1', 'f2']`). */
export function asColumns(v: ShellValue | undefined, what: string): ColumnSpec[] {
  if (Array.isArray(v)) return v.map((x) => asColumn(x, what));
  return [asColumn(v, what)];
}

/**
 * Columns of get/scan, which may name a value converter as a third part, as hbase-shell's
 * `set_converter` reads them: `'f1:c1:toLong'`, `'f1:c1:toString'`.
 */
export function asReadColumns(v: ShellValue | undefined, what: string, converters: readonly string[]): ColumnSpec[] {
  return asColumns(v, what).map((c) => {
    const i = c.qualifier?.lastIndexOf(':') ?? -1;
    if (c.qualifier === null || i < 0 || !converters.includes(c.qualifier.slice(i + 1))) return c;
    return { family: c.family, qualifier: c.qualifier.slice(0, i), converter: c.qualifier.slice(i + 1) };
  });
}

/** `[min, max]` of TIMERANGE. */
export function asTimeRange(v: ShellValue | undefined): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw new ShellUsageError(`TIMERANGE must be [minStamp, maxStamp], got ${typeName(v)}`);
  return [asInt(v[0], 'TIMERANGE start'), asInt(v[1], 'TIMERANGE end')];
}

/** A FILTER value: a filter-language string or a Java filter object. */
export function asFilter(v: ShellValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'filter') return v.text;
  throw new ShellUsageError(`FILTER must be a filter string, got ${typeName(v)}`);
}

/**
 * Reads an options hash: returns a getter, and rejects keys not in `allowed` (so a typo is an
 * error, not silently ignored). `unsupported` keys are rejected with OBKV's reason.
 */
export function readOptions(
  hash: ShellHash | undefined,
  allowed: readonly string[],
  unsupported: Record<string, string> = {},
): Map<string, ShellValue> {
  const map = hash?.map ?? new Map<string, ShellValue>();
  for (const key of map.keys()) {
    if (unsupported[key] !== undefined) throw new ShellUsageError(unsupported[key]);
    if (!allowed.includes(key)) {
      const near = didYouMean(key, allowed);
      throw new ShellUsageError(`unknown option ${key}${near ? ` (did you mean ${near}?)` : ''}; accepted: ${allowed.join(', ')}`);
    }
  }
  return map;
}
