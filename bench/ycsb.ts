/**
 * YCSB core-workload generator (Yahoo! Cloud Serving Benchmark, `site.ycsb.workloads.CoreWorkload`)
 * for the OBKV benchmarks: the zipfian and scrambled-zipfian request distributions (zipfian
 * constant 0.99), YCSB's key naming (`"user" + fnvhash64(keynum)`), 1 KB records of 10 fields of
 * 100 characters, and the operation mixes of workloads A (50% read / 50% update), B (95/5), C (100%
 * read) and F (50% read / 50% read-modify-write).
 *
 * Browser-safe (no Node import): the page's benchmark hook (app/host/benchApi.ts) runs the same
 * plans as bench/ycsb_node.ts. A run is planned up front into typed arrays (`YcsbPlan`: op kind,
 * key number, field and value index per operation), so every engine sees the identical sequence
 * and the measuring loop allocates nothing but what the engine under test allocates. Latencies go
 * to a `LatencyRecorder` (a preallocated Float64Array, sorted once at the end).
 *
 * Invariants: a plan's key numbers are in [0, records); YCSB's update writes one random field
 * (`writeallfields=false`) and a read reads all fields (`readallfields=true`); a read-modify-write
 * is one operation with one latency, as YCSB counts it.
 */
import { SeededRng } from '../engine/env/memory';

/** YCSB's `zipfian.constant` default. */
export const ZIPFIAN_CONSTANT = 0.99;
/** `ScrambledZipfianGenerator.ITEM_COUNT`: the scrambled generator draws from 10^10 items. */
const SCRAMBLED_ITEM_COUNT = 10_000_000_000;
/** `ScrambledZipfianGenerator.ZETAN`: zeta(10^10, 0.99), precomputed by YCSB. */
const SCRAMBLED_ZETAN = 26.46902820178302;

export const YCSB_TABLE = 'usertable';
export const YCSB_KEY_COLUMN = 'YCSB_KEY';
export const YCSB_FIELD_COUNT = 10;
export const YCSB_FIELD_LENGTH = 100;
/** `FIELD0` .. `FIELD9`. */
export const YCSB_FIELDS: readonly string[] = Array.from({ length: YCSB_FIELD_COUNT }, (_, i) => `FIELD${i}`);

/** A uniform source in [0, 1). */
export interface UniformSource {
  next(): number;
}

/** zeta(n, theta) = Σ_{i=1..n} 1 / i^theta (O(n); YCSB computes it once per generator). */
export function zeta(n: number, theta: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += 1 / Math.pow(i, theta);
  return sum;
}

/**
 * YCSB's `ZipfianGenerator` (Gray et al., "Quickly Generating Billion-Record Synthetic
 * Databases"): item `min` is the most popular, then `min + 1`, ...; P(i) ∝ 1 / (i - min + 1)^theta.
 */
export class ZipfianGenerator {
  readonly items: number;
  private readonly alpha: number;
  private readonly eta: number;
  private readonly zetan: number;
  private readonly halfPowTheta: number;

  constructor(
    readonly min: number,
    readonly max: number,
    readonly theta = ZIPFIAN_CONSTANT,
    zetan?: number,
  ) {
    if (!(max >= min)) throw new Error(`zipfian: empty range [${min}, ${max}]`);
    this.items = max - min + 1;
    this.zetan = zetan ?? zeta(this.items, theta);
    const zeta2theta = zeta(2, theta);
    this.alpha = 1 / (1 - theta);
    this.eta = (1 - Math.pow(2 / this.items, 1 - theta)) / (1 - zeta2theta / this.zetan);
    this.halfPowTheta = Math.pow(0.5, theta);
  }

  /** The next item, in [min, max]. */
  next(rng: UniformSource): number {
    const u = rng.next();
    const uz = u * this.zetan;
    if (uz < 1) return this.min;
    if (uz < 1 + this.halfPowTheta) return this.min + 1;
    const v = this.min + Math.floor(this.items * Math.pow(this.eta * u - this.eta + 1, this.alpha));
    return v > this.max ? this.max : v;
  }
}

/**
 * YCSB's `ScrambledZipfianGenerator`: a zipfian draw over 10^10 items hashed with FNV-1 64 into
 * [min, max], so the popular items are scattered over the key space instead of clustered at `min`.
 */
export class ScrambledZipfianGenerator {
  private readonly gen = new ZipfianGenerator(0, SCRAMBLED_ITEM_COUNT - 1, ZIPFIAN_CONSTANT, SCRAMBLED_ZETAN);
  readonly items: number;

  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    this.items = max - min + 1;
    if (!(this.items >= 1 && this.items < 2 ** 36)) throw new Error(`scrambled zipfian: bad range [${min}, ${max}]`);
  }

  next(rng: UniformSource): number {
    const v = this.gen.next(rng);
    fnvHash64(v);
    return this.min + hashModulo(this.items);
  }
}

// FNV-1 64 on two uint32 halves (no BigInt on the hot path). The result of the last `fnvHash64`.
let hashHi = 0;
let hashLo = 0;
const TWO_32 = 4294967296;

/**
 * YCSB's `Utils.fnvhash64(val)`: FNV-1 over the 8 little-end octets of `val` (a non-negative
 * integer below 2^53), then `Math.abs` of the signed 64-bit result. Leaves the result in the
 * module's (hi, lo) pair: read it with `hashModulo` or `fnvHash64Decimal`.
 */
export function fnvHash64(val: number): void {
  let lo = 0x84222325;
  let hi = 0xcbf29ce4;
  let vLo = val >>> 0;
  let vHi = Math.floor(val / TWO_32) >>> 0;
  for (let i = 0; i < 8; i++) {
    lo = (lo ^ (vLo & 0xff)) >>> 0;
    vLo = ((vLo >>> 8) | ((vHi & 0xff) << 24)) >>> 0;
    vHi = vHi >>> 8;
    // × FNV_PRIME_64 = 0x100000001b3 = 2^40 + 0x1b3, mod 2^64.
    const p = lo * 0x1b3;
    const carry = Math.floor(p / TWO_32);
    hi = (hi * 0x1b3 + lo * 0x100 + carry) >>> 0;
    lo = p >>> 0;
  }
  if (hi & 0x80000000) {
    // Math.abs of a negative long: two's complement.
    hi = ~hi >>> 0;
    lo = (~lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  hashHi = hi;
  hashLo = lo;
}

/** The last `fnvHash64` result modulo `n` (n < 2^36). */
function hashModulo(n: number): number {
  let r = hashHi % n;
  r = (r * 65536) % n;
  r = (r * 65536 + hashLo) % n;
  return r;
}

/** `fnvhash64(val)` as a decimal string (BigInt: for key naming at load time, not the hot path). */
export function fnvHash64Decimal(val: number): string {
  fnvHash64(val);
  return ((BigInt(hashHi) << 32n) | BigInt(hashLo)).toString();
}

/** YCSB's `CoreWorkload.buildKeyName` with hashed (not ordered) inserts: `user<fnvhash64(keynum)>`. */
export function ycsbKeyName(keynum: number): string {
  return `user${fnvHash64Decimal(keynum)}`;
}

/** Op kinds of a plan. */
export const OP_READ = 0;
export const OP_UPDATE = 1;
export const OP_RMW = 2;
export type YcsbOpKind = typeof OP_READ | typeof OP_UPDATE | typeof OP_RMW;

export type YcsbWorkloadName = 'A' | 'B' | 'C' | 'F';

/** Proportions of reads, updates and read-modify-writes (YCSB workloads/workload{a,b,c,f}). */
export const YCSB_WORKLOADS: Record<YcsbWorkloadName, { read: number; update: number; rmw: number }> = {
  A: { read: 0.5, update: 0.5, rmw: 0 },
  B: { read: 0.95, update: 0.05, rmw: 0 },
  C: { read: 1, update: 0, rmw: 0 },
  F: { read: 0.5, update: 0, rmw: 0.5 },
};

/** The data set: key names and the initial record values (row-major: record × field). */
export interface YcsbDataset {
  records: number;
  /** `keys[keynum]`. */
  keys: string[];
  /** `values[keynum * 10 + field]`, 100 characters each. */
  values: string[];
  /** Values the updates write (`updateValues[plan.valueIdx[i]]`). */
  updateValues: string[];
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomText(rng: SeededRng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[rng.int(ALNUM.length)];
  return s;
}

/**
 * `records` records of 10 × 100-character fields (alphanumeric, so they need no quoting in SQL),
 * plus a pool of 256 update values; deterministic for a seed.
 */
export function makeDataset(records: number, seed = 1): YcsbDataset {
  const rng = new SeededRng(seed);
  const keys = Array.from({ length: records }, (_, k) => ycsbKeyName(k));
  if (new Set(keys).size !== records) throw new Error('ycsb: key names collide');
  const values = Array.from({ length: records * YCSB_FIELD_COUNT }, () => randomText(rng, YCSB_FIELD_LENGTH));
  const updateValues = Array.from({ length: 256 }, () => randomText(rng, YCSB_FIELD_LENGTH));
  return { records, keys, values, updateValues };
}

/** One run's operations, planned up front. */
export interface YcsbPlan {
  workload: YcsbWorkloadName;
  ops: number;
  kind: Uint8Array;
  /** Key numbers in [0, records). */
  keynum: Int32Array;
  /** The field an update or read-modify-write writes, 0..9. */
  field: Uint8Array;
  /** Index into `YcsbDataset.updateValues`. */
  valueIdx: Uint8Array;
}

/**
 * Plans `ops` operations of `workload` over `records` keys: kinds drawn with the workload's
 * proportions, keys from a scrambled zipfian over [0, records) (YCSB's
 * `requestdistribution=zipfian`), one random field per write.
 */
export function planWorkload(workload: YcsbWorkloadName, records: number, ops: number, seed = 7): YcsbPlan {
  const mix = YCSB_WORKLOADS[workload];
  const rng = new SeededRng(seed);
  const keys = new ScrambledZipfianGenerator(0, records - 1);
  const plan: YcsbPlan = {
    workload, ops,
    kind: new Uint8Array(ops), keynum: new Int32Array(ops), field: new Uint8Array(ops), valueIdx: new Uint8Array(ops),
  };
  for (let i = 0; i < ops; i++) {
    const u = rng.next();
    plan.kind[i] = u < mix.read ? OP_READ : u < mix.read + mix.update ? OP_UPDATE : OP_RMW;
    plan.keynum[i] = keys.next(rng);
    plan.field[i] = rng.int(YCSB_FIELD_COUNT);
    plan.valueIdx[i] = rng.int(256);
  }
  return plan;
}

/** Latencies of one run, µs, in a preallocated Float64Array (sorted once by `finish`). */
export class LatencyRecorder {
  private readonly us: Float64Array;
  private n = 0;
  private sorted = false;

  constructor(capacity: number) {
    this.us = new Float64Array(capacity);
  }

  record(us: number): void {
    this.us[this.n++] = us;
  }

  get count(): number {
    return this.n;
  }

  /** The p-th percentile (0..100), µs (nearest rank); NaN when empty. */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    if (!this.sorted) {
      this.us.subarray(0, this.n).sort();
      this.sorted = true;
    }
    return this.us[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))];
  }
}

/**
 * One engine under test. `read` returns whether the row was found (a miss is counted, since every
 * planned key was loaded); `update` writes one field. Either may be sync (sql.js) or async.
 */
export interface YcsbTarget {
  read(key: string): boolean | Promise<boolean>;
  update(key: string, field: number, value: string): unknown;
}

/** The figures of one workload on one engine. */
export interface YcsbFigures {
  workload: YcsbWorkloadName;
  ops: number;
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  /** Reads that found no row (should be 0). */
  misses: number;
}

/** Runs `plan` against `target` one operation at a time (YCSB with one client thread). */
export async function runPlan(plan: YcsbPlan, data: YcsbDataset, target: YcsbTarget): Promise<YcsbFigures> {
  const lat = new LatencyRecorder(plan.ops);
  const { kind, keynum, field, valueIdx } = plan;
  const { keys, updateValues } = data;
  let misses = 0;
  const t0 = performance.now();
  for (let i = 0; i < plan.ops; i++) {
    const start = performance.now();
    const key = keys[keynum[i]];
    const k = kind[i];
    if (k !== OP_UPDATE && !(await target.read(key))) misses++;
    if (k !== OP_READ) await target.update(key, field[i], updateValues[valueIdx[i]]);
    lat.record((performance.now() - start) * 1000);
  }
  const elapsedMs = performance.now() - t0;
  return { workload: plan.workload, ops: plan.ops, opsPerSec: plan.ops / (elapsedMs / 1000), p50Us: lat.percentile(50), p99Us: lat.percentile(99), misses };
}

/** The same loop without awaits, for synchronous engines (sql.js): no microtask per operation. */
export function runPlanSync(plan: YcsbPlan, data: YcsbDataset, target: { read(key: string): boolean; update(key: string, field: number, value: string): unknown }): YcsbFigures {
  const lat = new LatencyRecorder(plan.ops);
  const { kind, keynum, field, valueIdx } = plan;
  const { keys, updateValues } = data;
  let misses = 0;
  const t0 = performance.now();
  for (let i = 0; i < plan.ops; i++) {
    const start = performance.now();
    const key = keys[keynum[i]];
    const k = kind[i];
    if (k !== OP_UPDATE && !target.read(key)) misses++;
    if (k !== OP_READ) target.update(key, field[i], updateValues[valueIdx[i]]);
    lat.record((performance.now() - start) * 1000);
  }
  const elapsedMs = performance.now() - t0;
  return { workload: plan.workload, ops: plan.ops, opsPerSec: plan.ops / (elapsedMs / 1000), p50Us: lat.percentile(50), p99Us: lat.percentile(99), misses };
}

/** p50/p99 (µs) and rate of `n` sequential calls of `call` (e.g. `kv.ping` round trips). */
export async function timeRoundTrips(n: number, call: (i: number) => Promise<unknown>): Promise<{ perSec: number; p50Us: number; p99Us: number }> {
  const lat = new LatencyRecorder(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call(i);
    lat.record((performance.now() - start) * 1000);
  }
  const ms = performance.now() - t0;
  return { perSec: n / (ms / 1000), p50Us: lat.percentile(50), p99Us: lat.percentile(99) };
}

/**
 * Throughput of `total` calls with up to `window` in flight (pipelining), calls/s. `call(i)` is
 * started for i = 0 .. total-1; each completion starts the next.
 */
export async function pipelined(total: number, window: number, call: (i: number) => Promise<unknown>): Promise<number> {
  let started = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (started < total) await call(started++);
  };
  const lanes: Promise<void>[] = [];
  for (let w = 0; w < Math.min(window, total); w++) lanes.push(lane());
  await Promise.all(lanes);
  return total / ((performance.now() - t0) / 1000);
}
