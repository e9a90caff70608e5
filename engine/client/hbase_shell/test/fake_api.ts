/**
 * A fake OBKV-HBase client for the shell's tests: builders record every call made on them, the
 * admin and tables record each call with its arguments, and answers come from a programmable
 * `responses` map (method name → value or function). Nothing is stored.
 */
import { byteStringToArray, utf8ToBytes } from '../../../common/binary';
import type {
  Bytes,
  Delete,
  Get,
  HAdminApi,
  HCellResult,
  HResult,
  HTableApi,
  Put,
  ResultScanner,
  Scan,
} from '../../kv_api_types';
import type { HBaseShellApi } from '../context';

export type Op = [string, ...unknown[]];

function text(b: Bytes): string {
  return typeof b === 'string' ? b : `bytes(${[...b].join(',')})`;
}

/** Every recorded method call on a builder: `['addColumn', 'f1', 'c1']` (Bytes shown as text). */
class Recorder {
  readonly ops: Op[] = [];
  protected rec(name: string, args: unknown[]): this {
    this.ops.push([name, ...args.map((a) => (a instanceof Uint8Array ? text(a) : a))]);
    return this;
  }
}

export class FakePut extends Recorder implements Put {
  readonly row: Uint8Array;
  readonly rowText: string;
  constructor(row: Bytes) {
    super();
    this.rowText = text(row);
    this.row = typeof row === 'string' ? byteStringToArray(utf8ToBytes(row)) : row;
  }
  addColumn(...args: unknown[]): Put {
    return this.rec('addColumn', args);
  }
}

export class FakeGet extends Recorder implements Get {
  readonly row: Uint8Array;
  readonly rowText: string;
  constructor(row: Bytes) {
    super();
    this.rowText = text(row);
    this.row = typeof row === 'string' ? byteStringToArray(utf8ToBytes(row)) : row;
  }
  addFamily(...a: unknown[]) { return this.rec('addFamily', a); }
  addColumn(...a: unknown[]) { return this.rec('addColumn', a); }
  setMaxVersions(...a: unknown[]) { return this.rec('setMaxVersions', a); }
  readVersions(...a: unknown[]) { return this.rec('readVersions', a); }
  setTimeRange(...a: unknown[]) { return this.rec('setTimeRange', a); }
  setTimeStamp(...a: unknown[]) { return this.rec('setTimeStamp', a); }
  setFilter(...a: unknown[]) { return this.rec('setFilter', a); }
}

export class FakeDelete extends Recorder implements Delete {
  readonly row: Uint8Array;
  readonly rowText: string;
  constructor(row: Bytes) {
    super();
    this.rowText = text(row);
    this.row = typeof row === 'string' ? byteStringToArray(utf8ToBytes(row)) : row;
  }
  addColumn(...a: unknown[]) { return this.rec('addColumn', a); }
  addColumns(...a: unknown[]) { return this.rec('addColumns', a); }
  addFamily(...a: unknown[]) { return this.rec('addFamily', a); }
  addFamilyVersion(...a: unknown[]) { return this.rec('addFamilyVersion', a); }
}

export class FakeScan extends Recorder implements Scan {
  constructor(...a: unknown[]) {
    super();
    if (a.length > 0) this.rec('new', a);
  }
  withStartRow(...a: unknown[]) { return this.rec('withStartRow', a); }
  withStopRow(...a: unknown[]) { return this.rec('withStopRow', a); }
  setStartRow(...a: unknown[]) { return this.rec('setStartRow', a); }
  setStopRow(...a: unknown[]) { return this.rec('setStopRow', a); }
  setReversed(...a: unknown[]) { return this.rec('setReversed', a); }
  setMaxVersions(...a: unknown[]) { return this.rec('setMaxVersions', a); }
  readVersions(...a: unknown[]) { return this.rec('readVersions', a); }
  setTimeRange(...a: unknown[]) { return this.rec('setTimeRange', a); }
  setTimeStamp(...a: unknown[]) { return this.rec('setTimeStamp', a); }
  addFamily(...a: unknown[]) { return this.rec('addFamily', a); }
  addColumn(...a: unknown[]) { return this.rec('addColumn', a); }
  setFilter(...a: unknown[]) { return this.rec('setFilter', a); }
  setLimit(...a: unknown[]) { return this.rec('setLimit', a); }
  setBatch(...a: unknown[]) { return this.rec('setBatch', a); }
  setCaching(...a: unknown[]) { return this.rec('setCaching', a); }
}

/** A cell for canned answers; the value is text (UTF-8) or a byte string when `raw`. */
export function cell(row: string, column: string, timestamp: number, value: string, raw = false): HCellResult {
  const [family, qualifier] = [column.slice(0, column.indexOf(':')), column.slice(column.indexOf(':') + 1)];
  const bytes = byteStringToArray(raw ? value : utf8ToBytes(value));
  return { row, family, qualifier, timestamp, value, bytes };
}

/** An HResult over cells (all of one row). */
export function result(cells: HCellResult[]): HResult {
  return {
    row: cells[0]?.row ?? '',
    cells,
    isEmpty: () => cells.length === 0,
    size: () => cells.length,
    getValue: (f, q) => cells.find((c) => c.family === f && c.qualifier === q)?.value ?? null,
    getValueBytes: (f, q) => cells.find((c) => c.family === f && c.qualifier === q)?.bytes ?? null,
    containsColumn: (f, q) => cells.some((c) => c.family === f && c.qualifier === q),
    getColumnCells: (f, q) => cells.filter((c) => c.family === f && c.qualifier === q),
  };
}

/** One recorded client call: `['table:t1.put', FakePut]`, `['admin.createTable', 't1', [...], undefined]`. */
export type Call = [string, ...unknown[]];

export interface FakeHBase {
  api: HBaseShellApi;
  calls: Call[];
  /** Answers by call name (`admin.listTables`, `table.get`, ...): a value, or a function of the arguments. */
  responses: Record<string, unknown>;
}

export function fakeHBase(): FakeHBase {
  const calls: Call[] = [];
  const responses: Record<string, unknown> = {};
  const answer = async (name: string, args: unknown[]): Promise<unknown> => {
    calls.push([name, ...args]);
    const r = responses[name];
    const v = typeof r === 'function' ? (r as (...a: unknown[]) => unknown)(...args) : r;
    return v instanceof Error ? Promise.reject(v) : v;
  };
  const admin = new Proxy({} as HAdminApi, {
    get: (_t, prop: string) => (...args: unknown[]) => answer(`admin.${prop}`, args),
  });
  const table = (name: string): HTableApi =>
    new Proxy({} as HTableApi, {
      get: (_t, prop: string) => (...args: unknown[]) => answer(`table.${prop}`, [name, ...args]),
    });
  const api: HBaseShellApi = {
    hbase: { admin, table },
    Put: FakePut,
    Get: FakeGet,
    Delete: FakeDelete,
    Scan: FakeScan as unknown as HBaseShellApi['Scan'],
  };
  return { api, calls, responses };
}

/** An ObTableException-like error as the client throws it. */
export function kvError(code: number, name: string, message: string): Error {
  return Object.assign(new Error(`[${code}][${name}][${message}]`), { code, errorName: name });
}

export type { ResultScanner };
