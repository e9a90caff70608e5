#!/usr/bin/env node
// Reads the benchmarks' JSON lines (stdin or a file) and prints the columnar figures as a Markdown
// table: one row per engine and store, columns load / major / bytes / Q1 / Q6. Lines of other
// benches are ignored; `error` lines are listed under the table.
//   BENCH_ONLY=columnar npm run bench > out.jsonl && node bench/summarize.mjs out.jsonl
import * as fs from 'node:fs';

const text = fs.readFileSync(process.argv[2] ?? 0, 'utf8');
const records = text
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l))
  .filter((r) => /^lineitem_\d+_/.test(r.bench));
if (records.length === 0) {
  console.log('no columnar figures (lineitem_<rows>_*) in the input');
  process.exit(0);
}
const rows = records[0].bench.match(/^lineitem_(\d+)_/)[1];
const get = (suffix, engine, metric) => records.find((r) => r.bench === `lineitem_${rows}_${suffix}` && r.engine === engine && r.metric === metric)?.value;
const fmt = (v, digits = 0) => (v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits }));
const mb = (v) => (v === undefined ? '—' : `${(v / 1e6).toFixed(1)} MB`);

const lines = [
  `lineitem, ${fmt(Number(rows))} rows; raw (.tbl text) ${mb(get('data', 'typed-array-loop', 'tbl_bytes'))}`,
  '',
  '| engine / store | load rows/s | major s (MB/s) | bytes on disk | Q1 median / min ms | Q6 median / min ms |',
  '|---|---|---|---|---|---|',
];
const q = (n, engine, tag) => {
  const med = get(n, engine, `latency_median${tag}`);
  const min = get(n, engine, `latency_min${tag}`);
  return med === undefined ? '—' : `${fmt(med, 1)} / ${fmt(min, 1)}`;
};
const ours = 'oceanbase-playground';
const major = (format) => {
  const ms = get(`major_${format}`, ours, 'elapsed');
  return ms === undefined ? '—' : `${fmt(ms / 1000, 1)} (${fmt(get(`major_${format}`, ours, 'throughput'), 2)})`;
};
lines.push(`| typed-array loop | — | — | — | ${q('q1', 'typed-array-loop', '')} | ${q('q6', 'typed-array-loop', '')} |`);
lines.push(`| DuckDB-WASM | ${fmt(get('load', 'duckdb-wasm', 'throughput'))} | — | — | ${q('q1', 'duckdb-wasm', '')} | ${q('q6', 'duckdb-wasm', '')} |`);
lines.push(`| sql.js | ${fmt(get('load', 'sql.js', 'throughput'))} | — | ${mb(get('storage', 'sql.js', 'database_bytes'))} | ${q('q1', 'sql.js', '')} | ${q('q6', 'sql.js', '')} |`);
lines.push(`| ours, row store | ${fmt(get('load', ours, 'throughput'))} | ${major('row')} | ${mb(get('storage', ours, 'row_store_bytes'))} | ${q('q1', ours, '_row_store')} | ${q('q6', ours, '_row_store')} |`);
lines.push(`| ours, hybrid store | — | ${major('hybrid')} | ${mb(get('storage', ours, 'hybrid_store_bytes'))} | — | — |`);
lines.push(`| ours, column store | — | ${major('column')} | ${mb(get('storage', ours, 'column_store_bytes'))} | ${q('q1', ours, '_column_store')} | ${q('q6', ours, '_column_store')} |`);
const errors = records.filter((r) => r.metric === 'error');
if (errors.length > 0) {
  lines.push('', 'errors:');
  for (const e of errors) lines.push(`- ${e.bench} (${e.engine}): ${e.detail ?? ''}`);
}
console.log(lines.join('\n'));
