/**
 * The YCSB generator (bench/ycsb.ts): FNV-1 64 as YCSB computes it, key naming, the zipfian and
 * scrambled-zipfian distributions' shape and range, and the workload mixes. No timing assertions.
 */
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../engine/env/memory';
import {
  LatencyRecorder, OP_READ, OP_RMW, OP_UPDATE, ScrambledZipfianGenerator, YCSB_WORKLOADS, ZipfianGenerator, fnvHash64Decimal,
  makeDataset, planWorkload, ycsbKeyName, type YcsbWorkloadName,
} from './ycsb';

/** YCSB's Utils.fnvhash64 in BigInt, Java long semantics. */
function fnvReference(val: bigint): bigint {
  const mask = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < 8; i++) {
    const octet = val & 0xffn;
    val >>= 8n;
    h = ((h ^ octet) * 1099511628211n) & mask;
  }
  const signed = BigInt.asIntN(64, h);
  return signed < 0n ? -signed : signed;
}

describe('fnvhash64 and key names', () => {
  it('matches a 64-bit reference for small and large values', () => {
    const rng = new SeededRng(3);
    const samples = [0, 1, 2, 255, 256, 65535, 2 ** 32 - 1, 2 ** 32, 9_999_999_999, 2 ** 53 - 1];
    for (let i = 0; i < 500; i++) samples.push(Math.floor(rng.next() * 2 ** 40));
    for (const v of samples) expect(fnvHash64Decimal(v)).toBe(fnvReference(BigInt(v)).toString());
  });

  it('names keys user<fnvhash64(keynum)>, all distinct', () => {
    expect(ycsbKeyName(0)).toBe(`user${fnvReference(0n)}`);
    const data = makeDataset(2000);
    expect(new Set(data.keys).size).toBe(2000);
    expect(data.values).toHaveLength(20_000);
    expect(data.values.every((v) => v.length === 100)).toBe(true);
  });
});

describe('zipfian distributions', () => {
  it('zipfian: item min is by far the most popular, every draw in range', () => {
    const g = new ZipfianGenerator(0, 999);
    const rng = new SeededRng(11);
    const counts = new Int32Array(1000);
    for (let i = 0; i < 200_000; i++) {
      const v = g.next(rng);
      if (!(v >= 0 && v <= 999)) throw new Error(`out of range: ${v}`);
      counts[v]++;
    }
    const sorted = [...counts].sort((a, b) => b - a);
    expect(counts[0]).toBe(sorted[0]);
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(counts[1]).toBeGreaterThan(counts[10]);
    // P(0) = 1 / zeta(1000, 0.99) ≈ 0.13 for theta 0.99.
    expect(counts[0] / 200_000).toBeGreaterThan(0.1);
    expect(counts[0] / 200_000).toBeLessThan(0.16);
    expect(counts[0]).toBeGreaterThan(50 * sorted[500]);
  });

  it('scrambled zipfian: skewed but the hot keys are scattered over the range', () => {
    const n = 10_000;
    const g = new ScrambledZipfianGenerator(0, n - 1);
    const rng = new SeededRng(5);
    const counts = new Int32Array(n);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const v = g.next(rng);
      if (!(Number.isInteger(v) && v >= 0 && v < n)) throw new Error(`out of range: ${v}`);
      counts[v]++;
    }
    const byCount = [...counts.keys()].sort((a, b) => counts[b] - counts[a]);
    const top = counts[byCount[0]];
    const median = counts[byCount[n / 2]];
    expect(top).toBeGreaterThan(20 * Math.max(1, median));
    // The ten hottest keys are not the ten lowest key numbers (scrambled), and spread over the range.
    const hot = byCount.slice(0, 10);
    expect(hot.some((k) => k >= n / 2)).toBe(true);
    expect(hot.some((k) => k < n / 2)).toBe(true);
    // Most keys are requested at least once less often than the hottest one; many keys are touched.
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(n / 4);
  });
});

describe('workload plans', () => {
  it.each(['A', 'B', 'C', 'F'] as YcsbWorkloadName[])('workload %s: mix within tolerance, keys in range', (w) => {
    const ops = 40_000;
    const plan = planWorkload(w, 1000, ops);
    let reads = 0;
    let updates = 0;
    let rmws = 0;
    for (let i = 0; i < ops; i++) {
      if (plan.kind[i] === OP_READ) reads++;
      else if (plan.kind[i] === OP_UPDATE) updates++;
      else if (plan.kind[i] === OP_RMW) rmws++;
      if (!(plan.keynum[i] >= 0 && plan.keynum[i] < 1000) || plan.field[i] >= 10) throw new Error(`op ${i} out of range`);
    }
    expect(reads + updates + rmws).toBe(ops);
    const mix = YCSB_WORKLOADS[w];
    expect(Math.abs(reads / ops - mix.read)).toBeLessThan(0.01);
    expect(Math.abs(updates / ops - mix.update)).toBeLessThan(0.01);
    expect(Math.abs(rmws / ops - mix.rmw)).toBeLessThan(0.01);
  });

  it('is deterministic for a seed', () => {
    const a = planWorkload('A', 500, 1000, 9);
    const b = planWorkload('A', 500, 1000, 9);
    expect([...a.keynum]).toEqual([...b.keynum]);
    expect([...a.kind]).toEqual([...b.kind]);
  });
});

describe('LatencyRecorder', () => {
  it('gives nearest-rank percentiles', () => {
    const r = new LatencyRecorder(100);
    for (let i = 100; i >= 1; i--) r.record(i);
    expect(r.percentile(50)).toBe(50);
    expect(r.percentile(99)).toBe(99);
    expect(r.percentile(100)).toBe(100);
  });
});
