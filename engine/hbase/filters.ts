/**
 * HBase filters (org.apache.hadoop.hbase.filter.*, as OBKV's server evaluates them from the filter
 * language, obkv-apis §2.3), built from `filter_parser.ts` expressions.
 *
 * The evaluation contract is HBase's `Filter` for one row at a time: `reset` → `filterAllRemaining`
 * → `filterRowKey` → `filterCell` per cell (family, qualifier, newest version first) →
 * `transformCell` on included cells → `filterRowCells` → `filterRow` (only for a non-empty row).
 * Return codes: INCLUDE, INCLUDE_AND_NEXT_COL, SKIP, NEXT_COL, NEXT_ROW (here: the rest of the row
 * in this family, as a StoreScanner seeks one store). FilterList AND/OR combine the codes as
 * HBase's FilterListWithAND/OR (AND: included by all, skip the most; OR: included by any, skip the
 * least). Comparisons follow CompareFilter: a cell passes when `cellBytes <op> comparatorValue`.
 * Comparator errors (unknown type, bad or unsafe `regexstring:` pattern) are -10514 naming the
 * filter and the comparator's position in the filter string. Trees come from `parseFilterString`,
 * which bounds their depth (`KV_FILTER_DEPTH_MAX`), so building and evaluating recurse safely.
 */
import safeRegex from 'safe-regex2';
import { byteStringToArray, bytesToUtf8 } from '../common/binary';
import { KV_FILTER_REGEX_CHARS_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { FilterArg, FilterExpr } from './filter_parser';
import type { HCell, HCompareOp } from './types';

export type ReturnCode = 'INCLUDE' | 'INCLUDE_AND_NEXT_COL' | 'SKIP' | 'NEXT_COL' | 'NEXT_ROW';

/** One HBase filter instance (stateful per scan; see the module comment for the call order). */
export interface HFilter {
  reset(): void;
  filterAllRemaining(): boolean;
  /** True: drop the row. */
  filterRowKey(row: string): boolean;
  filterCell(cell: HCell): ReturnCode;
  transformCell(cell: HCell): HCell;
  filterRowCells(cells: HCell[]): HCell[];
  hasFilterRow(): boolean;
  /** True: drop the (non-empty) row. */
  filterRow(): boolean;
}

/** Byte-string comparison (code-unit order = byte order). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * CompareFilter's rule: with `c = comparator.compareTo(cell)` (comparator value vs cell bytes), the
 * cell passes LESS when c > 0 (cell < value), EQUAL when c = 0, and so on.
 */
export function opHolds(op: HCompareOp, c: number): boolean {
  switch (op) {
    case 'LESS': return c > 0;
    case 'LESS_OR_EQUAL': return c >= 0;
    case 'EQUAL': return c === 0;
    case 'NOT_EQUAL': return c !== 0;
    case 'GREATER_OR_EQUAL': return c <= 0;
    case 'GREATER': return c < 0;
  }
}

/** `stored <op> expected` on bytes (OBKV's checkAndMutate direction, obkv-apis §2.4). */
export function storedHolds(op: HCompareOp, stored: string, expected: string): boolean {
  return opHolds(op, compareBytes(expected, stored));
}

// ---------------------------------------------------------------- comparators

interface Comparator {
  /** The comparator's value against `v` (0 = match for regex/substring, else 1). */
  compareTo(v: string): number;
}

/** Non-fatal UTF-8 decoding (invalid bytes → U+FFFD), as Java's `new String(bytes, UTF_8)`. */
const lenientUtf8 = new TextDecoder('utf-8');

/** A cell's bytes as the text a `regexstring:` pattern is matched against (HBase: UTF-8 decoded). */
function bytesAsText(v: string): string {
  return bytesToUtf8(v) ?? lenientUtf8.decode(byteStringToArray(v));
}

/**
 * A `regexstring:` comparator (HBase RegexStringComparator: DOTALL, `find()` anywhere in the value
 * decoded as UTF-8 text). The pattern is refused (-10514) when longer than
 * `KV_FILTER_REGEX_CHARS_MAX`, not a valid regular expression, or prone to catastrophic
 * backtracking (nested repetition such as `(a+)+`, per safe-regex2) — a server must not hang on it.
 */
function regexComparator(patternBytes: string, where: string): Comparator {
  const pattern = bytesAsText(patternBytes);
  if (pattern.length > KV_FILTER_REGEX_CHARS_MAX) {
    throw Errors.kvFilterParseError(`${where}: regular expression longer than ${KV_FILTER_REGEX_CHARS_MAX} characters`);
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern, 's');
  } catch {
    throw Errors.kvFilterParseError(`${where}: invalid regular expression '${pattern}'`);
  }
  if (!safeRegex(pattern)) {
    throw Errors.kvFilterParseError(`${where}: regular expression '${pattern}' is unsafe (nested or too many repetitions can backtrack catastrophically)`);
  }
  return { compareTo: (v) => (re.test(bytesAsText(v)) ? 0 : 1) };
}

/**
 * Parses a comparator argument `type:value` of `filterName`; `pos` is the argument's 0-based
 * position in the filter string, named by every error (-10514).
 */
function parseComparator(text: string, filterName: string, pos: number): Comparator {
  const i = text.indexOf(':');
  if (i < 0) {
    throw Errors.kvFilterParseError(
      `${filterName}: comparator '${text}' has no type (binary:, binaryprefix:, regexstring:, substring:) at position ${pos}`,
    );
  }
  const type = text.slice(0, i).toLowerCase();
  const value = text.slice(i + 1);
  switch (type) {
    case 'binary':
      return { compareTo: (v) => compareBytes(value, v) };
    case 'binaryprefix':
      return { compareTo: (v) => compareBytes(value, v.length > value.length ? v.slice(0, value.length) : v) };
    case 'regexstring':
      return regexComparator(value, `${filterName}: regexstring comparator at position ${pos}`);
    case 'substring': {
      const sub = value.toLowerCase();
      return { compareTo: (v) => (v.toLowerCase().includes(sub) ? 0 : 1) };
    }
    default:
      throw Errors.kvFilterParseError(`${filterName}: unknown comparator type '${type}' at position ${pos}`);
  }
}

// ---------------------------------------------------------------- return-code algebra

const SKIP_LEVEL: Record<ReturnCode, number> = { INCLUDE: 0, INCLUDE_AND_NEXT_COL: 1, SKIP: 0, NEXT_COL: 1, NEXT_ROW: 2 };

export function isInclude(rc: ReturnCode): boolean {
  return rc === 'INCLUDE' || rc === 'INCLUDE_AND_NEXT_COL';
}

/** 0: next cell, 1: next column, 2: rest of the row (in this family). */
export function skipLevel(rc: ReturnCode): number {
  return SKIP_LEVEL[rc];
}

function code(include: boolean, level: number): ReturnCode {
  if (include) return level === 0 ? 'INCLUDE' : 'INCLUDE_AND_NEXT_COL';
  return level === 0 ? 'SKIP' : level === 1 ? 'NEXT_COL' : 'NEXT_ROW';
}

// ---------------------------------------------------------------- filters

abstract class BaseFilter implements HFilter {
  reset(): void {}
  filterAllRemaining(): boolean {
    return false;
  }
  filterRowKey(_row: string): boolean {
    return false;
  }
  filterCell(_cell: HCell): ReturnCode {
    return 'INCLUDE';
  }
  transformCell(cell: HCell): HCell {
    return cell;
  }
  filterRowCells(cells: HCell[]): HCell[] {
    return cells;
  }
  hasFilterRow(): boolean {
    return false;
  }
  filterRow(): boolean {
    return false;
  }
}

/** Row-key filters remember a dropped row so their cells and filterRow agree (HBase RowFilter). */
abstract class RowKeyFilter extends BaseFilter {
  protected rowOut = false;
  protected abstract dropRow(row: string): boolean;
  override reset(): void {
    this.rowOut = false;
  }
  override filterRowKey(row: string): boolean {
    if (this.dropRow(row)) this.rowOut = true;
    return this.rowOut;
  }
  override filterCell(): ReturnCode {
    return this.rowOut ? 'NEXT_ROW' : 'INCLUDE';
  }
  override filterRow(): boolean {
    return this.rowOut;
  }
}

class RowFilter extends RowKeyFilter {
  constructor(private readonly op: HCompareOp, private readonly cmp: Comparator) {
    super();
  }
  protected dropRow(row: string): boolean {
    return !opHolds(this.op, this.cmp.compareTo(row));
  }
}

class PrefixFilter extends RowKeyFilter {
  private passed = false;
  constructor(private readonly prefix: string, private readonly reversed: boolean) {
    super();
  }
  protected dropRow(row: string): boolean {
    const c = compareBytes(row.slice(0, this.prefix.length), this.prefix);
    if ((!this.reversed && c > 0) || (this.reversed && c < 0)) this.passed = true;
    return c !== 0;
  }
  override filterAllRemaining(): boolean {
    return this.passed;
  }
}

class InclusiveStopFilter extends RowKeyFilter {
  private done = false;
  constructor(private readonly stop: string, private readonly reversed: boolean) {
    super();
  }
  protected dropRow(row: string): boolean {
    const c = compareBytes(row, this.stop);
    if ((!this.reversed && c > 0) || (this.reversed && c < 0)) this.done = true;
    return this.done;
  }
  override filterAllRemaining(): boolean {
    return this.done;
  }
}

class CellCompareFilter extends BaseFilter {
  constructor(
    private readonly part: 'family' | 'qualifier' | 'value',
    private readonly op: HCompareOp,
    private readonly cmp: Comparator,
  ) {
    super();
  }
  override filterCell(cell: HCell): ReturnCode {
    if (opHolds(this.op, this.cmp.compareTo(cell[this.part]))) return 'INCLUDE';
    return this.part === 'family' ? 'NEXT_ROW' : 'SKIP';
  }
}

class ColumnPrefixFilter extends BaseFilter {
  constructor(private readonly prefixes: string[]) {
    super();
  }
  override filterCell(cell: HCell): ReturnCode {
    return this.prefixes.some((p) => cell.qualifier.startsWith(p)) ? 'INCLUDE' : 'NEXT_COL';
  }
}

class ColumnRangeFilter extends BaseFilter {
  constructor(
    private readonly min: string | null, private readonly minInclusive: boolean,
    private readonly max: string | null, private readonly maxInclusive: boolean,
  ) {
    super();
  }
  override filterCell(cell: HCell): ReturnCode {
    const q = cell.qualifier;
    if (this.min !== null) {
      const c = compareBytes(q, this.min);
      if (c < 0 || (c === 0 && !this.minInclusive)) return 'NEXT_COL';
    }
    if (this.max !== null) {
      const c = compareBytes(q, this.max);
      if (c > 0 || (c === 0 && !this.maxInclusive)) return 'NEXT_ROW';
    }
    return 'INCLUDE';
  }
}

class TimestampsFilter extends BaseFilter {
  private readonly set: Set<number>;
  constructor(list: number[]) {
    super();
    this.set = new Set(list);
  }
  override filterCell(cell: HCell): ReturnCode {
    return this.set.has(cell.timestamp) ? 'INCLUDE' : 'SKIP';
  }
}

class KeyOnlyFilter extends BaseFilter {
  override transformCell(cell: HCell): HCell {
    return { ...cell, value: '' };
  }
}

class FirstKeyOnlyFilter extends BaseFilter {
  private found = false;
  override reset(): void {
    this.found = false;
  }
  override filterCell(): ReturnCode {
    if (this.found) return 'NEXT_ROW';
    this.found = true;
    return 'INCLUDE';
  }
}

class PageFilter extends BaseFilter {
  private accepted = 0;
  constructor(private readonly pageSize: number) {
    super();
  }
  override filterAllRemaining(): boolean {
    return this.accepted >= this.pageSize;
  }
  override hasFilterRow(): boolean {
    return true;
  }
  override filterRow(): boolean {
    this.accepted++;
    return this.accepted > this.pageSize;
  }
}

class ColumnPaginationFilter extends BaseFilter {
  private count = 0;
  constructor(private readonly limit: number, private readonly offset: number) {
    super();
  }
  override reset(): void {
    this.count = 0;
  }
  override filterCell(): ReturnCode {
    if (this.count >= this.offset + this.limit) return 'NEXT_ROW';
    const rc: ReturnCode = this.count < this.offset ? 'NEXT_COL' : 'INCLUDE_AND_NEXT_COL';
    this.count++;
    return rc;
  }
}

class ColumnCountGetFilter extends BaseFilter {
  private count = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override reset(): void {
    this.count = 0;
  }
  override filterAllRemaining(): boolean {
    return this.count > this.limit;
  }
  override filterCell(): ReturnCode {
    this.count++;
    return this.filterAllRemaining() ? 'NEXT_COL' : 'INCLUDE_AND_NEXT_COL';
  }
}

class SingleColumnValueFilter extends BaseFilter {
  private found = false;
  private matched = false;
  constructor(
    private readonly family: string, private readonly qualifier: string,
    private readonly op: HCompareOp, private readonly cmp: Comparator,
    private readonly filterIfMissing: boolean, private readonly latestVersionOnly: boolean,
    private readonly exclude: boolean,
  ) {
    super();
  }
  override reset(): void {
    this.found = false;
    this.matched = false;
  }
  private isTested(cell: HCell): boolean {
    return cell.family === this.family && cell.qualifier === this.qualifier;
  }
  override filterCell(cell: HCell): ReturnCode {
    if (this.matched) return 'INCLUDE';
    if (this.latestVersionOnly && this.found) return 'NEXT_ROW';
    if (!this.isTested(cell)) return 'INCLUDE';
    this.found = true;
    if (!opHolds(this.op, this.cmp.compareTo(cell.value))) return this.latestVersionOnly ? 'NEXT_ROW' : 'INCLUDE';
    this.matched = true;
    return 'INCLUDE';
  }
  override filterRowCells(cells: HCell[]): HCell[] {
    return this.exclude ? cells.filter((c) => !this.isTested(c)) : cells;
  }
  override hasFilterRow(): boolean {
    return true;
  }
  override filterRow(): boolean {
    return this.found ? !this.matched : this.filterIfMissing;
  }
}

class FilterList extends BaseFilter {
  constructor(private readonly and: boolean, private readonly filters: HFilter[]) {
    super();
  }
  override reset(): void {
    for (const f of this.filters) f.reset();
  }
  override filterAllRemaining(): boolean {
    return this.and ? this.filters.some((f) => f.filterAllRemaining()) : this.filters.every((f) => f.filterAllRemaining());
  }
  override filterRowKey(row: string): boolean {
    let any = false;
    let all = true;
    for (const f of this.filters) {
      const out = f.filterAllRemaining() || f.filterRowKey(row);
      any ||= out;
      all &&= out;
    }
    return this.and ? any : all;
  }
  override filterCell(cell: HCell): ReturnCode {
    let include = this.and;
    let level = this.and ? 0 : 2;
    let consulted = false;
    for (const f of this.filters) {
      if (f.filterAllRemaining()) {
        if (this.and) return 'NEXT_ROW';
        continue;
      }
      consulted = true;
      const rc = f.filterCell(cell);
      if (this.and) {
        include &&= isInclude(rc);
        level = Math.max(level, skipLevel(rc));
      } else {
        include ||= isInclude(rc);
        level = Math.min(level, skipLevel(rc));
      }
    }
    return consulted ? code(include, level) : 'NEXT_ROW';
  }
  override transformCell(cell: HCell): HCell {
    let c = cell;
    for (const f of this.filters) c = f.transformCell(c);
    return c;
  }
  override filterRowCells(cells: HCell[]): HCell[] {
    let c = cells;
    for (const f of this.filters) c = f.filterRowCells(c);
    return c;
  }
  override hasFilterRow(): boolean {
    return this.filters.some((f) => f.hasFilterRow());
  }
  override filterRow(): boolean {
    let any = false;
    let all = true;
    for (const f of this.filters) {
      const out = f.filterRow();
      any ||= out;
      all &&= out;
    }
    return this.and ? any : all;
  }
}

/** SKIP f: a row is dropped when f excludes any of its cells (HBase SkipFilter). */
class SkipFilter extends BaseFilter {
  private drop = false;
  constructor(private readonly inner: HFilter) {
    super();
  }
  override reset(): void {
    this.inner.reset();
    this.drop = false;
  }
  override filterAllRemaining(): boolean {
    return this.inner.filterAllRemaining();
  }
  override filterRowKey(row: string): boolean {
    return this.inner.filterRowKey(row);
  }
  override filterCell(cell: HCell): ReturnCode {
    const rc = this.inner.filterCell(cell);
    if (!isInclude(rc)) this.drop = true;
    return rc;
  }
  override transformCell(cell: HCell): HCell {
    return this.inner.transformCell(cell);
  }
  override hasFilterRow(): boolean {
    return true;
  }
  override filterRow(): boolean {
    return this.drop || this.inner.filterRow();
  }
}

/** WHILE f: the scan ends at the first row or cell f excludes (HBase WhileMatchFilter). */
class WhileMatchFilter extends BaseFilter {
  private done = false;
  constructor(private readonly inner: HFilter) {
    super();
  }
  override reset(): void {
    this.inner.reset();
  }
  override filterAllRemaining(): boolean {
    return this.done || this.inner.filterAllRemaining();
  }
  override filterRowKey(row: string): boolean {
    const out = this.inner.filterRowKey(row);
    this.done ||= out;
    return out;
  }
  override filterCell(cell: HCell): ReturnCode {
    const rc = this.inner.filterCell(cell);
    this.done ||= !isInclude(rc);
    return rc;
  }
  override transformCell(cell: HCell): HCell {
    return this.inner.transformCell(cell);
  }
  override filterRowCells(cells: HCell[]): HCell[] {
    return this.inner.filterRowCells(cells);
  }
  override hasFilterRow(): boolean {
    return true;
  }
  override filterRow(): boolean {
    const out = this.inner.filterRow();
    this.done ||= out;
    return out;
  }
}

// ---------------------------------------------------------------- construction

class Args {
  constructor(private readonly name: string, private readonly args: FilterArg[], private readonly pos: number) {
    this.where = `${name} at position ${pos}`;
  }
  private readonly where: string;

  count(...allowed: number[]): void {
    if (!allowed.includes(this.args.length)) {
      throw Errors.kvFilterParseError(`${this.where} expects ${allowed.join(' or ')} argument(s), got ${this.args.length}`);
    }
  }
  private at(i: number, kind: FilterArg['kind'], what: string): FilterArg {
    const a = this.args[i];
    if (!a || a.kind !== kind) throw Errors.kvFilterParseError(`${this.name}: argument ${i + 1} at position ${a?.pos ?? this.pos} must be ${what}`);
    return a;
  }
  op(i: number): HCompareOp {
    return (this.at(i, 'op', 'a compare operator') as { op: HCompareOp }).op;
  }
  str(i: number): string {
    return (this.at(i, 'string', 'a quoted string') as { value: string }).value;
  }
  num(i: number): number {
    return (this.at(i, 'number', 'an integer') as { value: number }).value;
  }
  bool(i: number): boolean {
    return (this.at(i, 'bool', 'true or false') as { value: boolean }).value;
  }
  cmp(i: number): Comparator {
    const text = this.str(i);
    return parseComparator(text, this.name, this.args[i].pos);
  }
  get length(): number {
    return this.args.length;
  }
  all(): FilterArg[] {
    return this.args;
  }
}

/** The filter names `show_filters` lists (the ones this server evaluates). */
export const FILTER_NAMES = [
  'ColumnCountGetFilter', 'ColumnPaginationFilter', 'ColumnPrefixFilter', 'ColumnRangeFilter', 'FamilyFilter',
  'FirstKeyOnlyFilter', 'InclusiveStopFilter', 'KeyOnlyFilter', 'MultipleColumnPrefixFilter', 'PageFilter',
  'PrefixFilter', 'QualifierFilter', 'RowFilter', 'SingleColumnValueExcludeFilter', 'SingleColumnValueFilter',
  'TimestampsFilter', 'ValueFilter',
] as const;

function buildCall(name: string, args: FilterArg[], pos: number, reversed: boolean): HFilter {
  const a = new Args(name, args, pos);
  switch (name) {
    case 'RowFilter':
      a.count(2);
      return new RowFilter(a.op(0), a.cmp(1));
    case 'FamilyFilter':
    case 'QualifierFilter':
    case 'ValueFilter':
      a.count(2);
      return new CellCompareFilter(name === 'FamilyFilter' ? 'family' : name === 'QualifierFilter' ? 'qualifier' : 'value', a.op(0), a.cmp(1));
    case 'PrefixFilter':
      a.count(1);
      return new PrefixFilter(a.str(0), reversed);
    case 'InclusiveStopFilter':
      a.count(1);
      return new InclusiveStopFilter(a.str(0), reversed);
    case 'ColumnPrefixFilter':
      a.count(1);
      return new ColumnPrefixFilter([a.str(0)]);
    case 'MultipleColumnPrefixFilter':
      if (a.length === 0) a.count(1);
      return new ColumnPrefixFilter(a.all().map((_, i) => a.str(i)));
    case 'ColumnRangeFilter': {
      a.count(4);
      const min = a.str(0);
      const max = a.str(2);
      return new ColumnRangeFilter(min === '' ? null : min, a.bool(1), max === '' ? null : max, a.bool(3));
    }
    case 'TimestampsFilter':
      return new TimestampsFilter(a.all().map((_, i) => a.num(i)));
    case 'KeyOnlyFilter':
      a.count(0, 1);
      return new KeyOnlyFilter();
    case 'FirstKeyOnlyFilter':
      a.count(0);
      return new FirstKeyOnlyFilter();
    case 'PageFilter':
      a.count(1);
      return new PageFilter(a.num(0));
    case 'ColumnPaginationFilter':
      a.count(2);
      return new ColumnPaginationFilter(a.num(0), a.num(1));
    case 'ColumnCountGetFilter':
      a.count(1);
      return new ColumnCountGetFilter(a.num(0));
    case 'SingleColumnValueFilter':
    case 'SingleColumnValueExcludeFilter':
      a.count(4, 6);
      return new SingleColumnValueFilter(
        a.str(0), a.str(1), a.op(2), a.cmp(3),
        a.length === 6 ? a.bool(4) : false, a.length === 6 ? a.bool(5) : true,
        name === 'SingleColumnValueExcludeFilter',
      );
    default:
      throw Errors.kvFilterParseError(`unknown filter '${name}' at position ${pos}`);
  }
}

/** Builds the filter tree of `expr` (fresh state). Errors: -10514 for unknown names or bad arguments. */
export function buildFilter(expr: FilterExpr, opts: { reversed: boolean }): HFilter {
  switch (expr.kind) {
    case 'call':
      return buildCall(expr.name, expr.args, expr.pos, opts.reversed);
    case 'and':
    case 'or':
      return new FilterList(expr.kind === 'and', expr.items.map((e) => buildFilter(e, opts)));
    case 'skip':
      return new SkipFilter(buildFilter(expr.inner, opts));
    case 'while':
      return new WhileMatchFilter(buildFilter(expr.inner, opts));
  }
}
