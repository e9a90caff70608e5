#!/usr/bin/env node
// Reads the benchmarks' JSON lines (stdin or a file) and prints Markdown tables: the columnar
// figures (one row per engine and store, columns load / major / bytes / Q1 / Q6) and the PALF
// figures (commit with 1/3/5 F replicas beside sql.js, failover distribution, catch-up). Lines of
// other benches are ignored; `error` lines are listed under the tables.
//   BENCH_ONLY=columnar,palf npm run bench > out.jsonl && node bench/summarize.mjs out.jsonl
import * as fs from 'node:fs';

const text = fs.readFileSync(process.argv[2] ?? 0, 'utf8');
const all = text
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l));
const palfLines = summarizePalf(all.filter((r) => /^palf_/.test(r.bench) || (r.bench === 'palf' && r.metric === 'error')));
const records = all.filter((r) => /^lineitem_\d+_/.test(r.bench));
if (records.length === 0) {
  console.log(palfLines.length > 0 ? palfLines.join('\n') : 'no columnar (lineitem_<rows>_*) or PALF (palf_*) figures in the input');
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
if (palfLines.length > 0) lines.push('', ...palfLines);
console.log(lines.join('\n'));

/** The PALF tables (bench/palf_bench.ts), or [] when there is no PALF figure. */
function summarizePalf(recs) {
  if (recs.length === 0) return [];
  const val = (bench, engine, metric) => recs.find((r) => r.bench === bench && r.engine === engine && r.metric === metric)?.value;
  const n = (v, digits = 1) => (v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits }));
  const us = 'oceanbase-playground';
  const out = [
    'PALF commit (instant in-process network, clogs on memory file systems)',
    '',
    '| engine | µs per commit (one proposer) | p99 µs | msgs / commit | round trips / commit | group commit /s | MB/s |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of [1, 3, 5]) {
    const s = `_${f}f`;
    out.push(`| ours, ${f} F | ${n(val('palf_commit_single', us, `latency_mean${s}`), 2)} | ${n(val('palf_commit_single', us, `latency_p99${s}`), 2)} | ` +
      `${n(val('palf_commit_single', us, `messages_per_commit${s}`), 2)} | ${n(val('palf_commit_single', us, `round_trips_per_commit${s}`), 2)} | ` +
      `${n(val('palf_commit_group', us, `throughput${s}`), 0)} | ${n(val('palf_commit_group', us, `throughput_bytes${s}`))} |`);
  }
  out.push(`| sql.js (txn per row / one txn) | ${n(val('palf_commit_single', 'sql.js', 'latency_mean'), 2)} | — | — | — | ` +
    `${n(val('palf_commit_group', 'sql.js', 'throughput'), 0)} | ${n(val('palf_commit_group', 'sql.js', 'throughput_bytes'))} |`);
  const failovers = [...new Set(recs.map((r) => r.bench).filter((b) => b.startsWith('palf_failover_')))];
  if (failovers.length > 0) {
    out.push('', 'PALF failover (simulated ms until the new leader\'s no-op commits)', '',
      '| configuration | runs | min | p50 | p90 | p99 | max | runs > 8 s |', '|---|---|---|---|---|---|---|---|');
    for (const b of failovers) {
      const m = (k) => n(val(b, us, `failover_${k}`), 0);
      out.push(`| ${b.slice('palf_failover_'.length)} | ${n(val(b, us, 'runs'), 0)} | ${m('min')} | ${m('p50')} | ${m('p90')} | ${m('p99')} | ${m('max')} | ${n(val(b, us, 'runs_over_8s'), 0)} |`);
    }
  }
  const catchups = [...new Set(recs.map((r) => r.bench).filter((b) => b.startsWith('palf_catchup_')))];
  if (catchups.length > 0) {
    out.push('', 'PALF follower catch-up after a restart', '',
      '| entries | entries/s | MB/s | wall ms | round trips | simulated ms |', '|---|---|---|---|---|---|');
    for (const b of catchups) {
      out.push(`| ${b.slice('palf_catchup_'.length)} | ${n(val(b, us, 'throughput'), 0)} | ${n(val(b, us, 'throughput_bytes'))} | ` +
        `${n(val(b, us, 'elapsed'))} | ${n(val(b, us, 'round_trips'), 0)} | ${n(val(b, us, 'sim_elapsed'), 0)} |`);
    }
  }
  const errors = recs.filter((r) => r.metric === 'error');
  if (errors.length > 0) out.push('', 'errors:', ...errors.map((e) => `- ${e.bench} (${e.engine}): ${e.detail ?? ''}`));
  return out;
}
