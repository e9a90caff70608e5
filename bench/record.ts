/**
 * The benchmarks' output format: one JSON object per line on stdout,
 * `{"bench","engine","metric","value","unit"}` (plus `"detail"` on `error` lines, the message of a
 * step that could not run — a missing feature is reported, never a crash). Figures only; nothing
 * here asserts a timing (architecture §8).
 */

export type BenchEngine = 'oceanbase-playground' | 'sql.js' | 'duckdb-wasm' | 'typed-array-loop';

export interface BenchRecord {
  bench: string;
  engine: BenchEngine;
  metric: string;
  value: number;
  unit: string;
  /** Only on `metric: 'error'` lines: what failed. */
  detail?: string;
}

export function emit(r: BenchRecord): void {
  const line: BenchRecord = { bench: r.bench, engine: r.engine, metric: r.metric, value: r.value, unit: r.unit };
  if (r.detail !== undefined) line.detail = r.detail;
  process.stdout.write(JSON.stringify(line) + '\n');
}

/** An `error` line for a step that failed (the message also goes to stderr). */
export function emitError(bench: string, engine: BenchEngine, e: unknown, sink: (r: BenchRecord) => void = emit): void {
  const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
  process.stderr.write(`bench ${bench} (${engine}): ${detail}\n`);
  sink({ bench, engine, metric: 'error', value: 1, unit: 'count', detail });
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const minOf = (xs: number[]) => Math.min(...xs);
