/**
 * The SQL console's state: the tenant the session is connected to, the last run (statement
 * results as the server returned them), and the results area's active tab.
 */
import { create } from 'zustand';
import type { ExecuteReply } from '../../engine/server/api';

export type ResultsTab = 'results' | 'plan' | 'messages' | 'compare';
/** A tenant the console can connect to: `test`, `sys`, or one created with CREATE TENANT. */
export type TenantName = string;

export interface SqlRun {
  seq: number;
  sql: string;
  running: boolean;
  reply?: ExecuteReply;
  /** A failure outside SQL (no server alive, the server crashed mid-statement). */
  hostError?: string;
  /** Server that ran it. */
  serverId?: number;
}

interface SqlState {
  tenant: TenantName;
  /** The current database per tenant (absent: the tenant's default, see `defaultDatabase`). */
  database: Record<TenantName, string | null>;
  run: SqlRun | null;
  tab: ResultsTab;
  nextSeq: number;
}

const DEFAULT_DATABASES: Record<TenantName, string | null> = { test: 'test', sys: 'oceanbase' };

/** The database a new session of `tenant` starts in: `oceanbase` for sys, else `test` (every MySQL tenant has it). */
export function defaultDatabase(tenant: TenantName): string | null {
  return DEFAULT_DATABASES[tenant] ?? (tenant === 'sys' ? 'oceanbase' : 'test');
}

export const useSqlStore = create<SqlState>(() => ({
  tenant: 'test',
  database: { ...DEFAULT_DATABASES },
  run: null,
  tab: 'results',
  nextSeq: 1,
}));

/** After a reset: default databases, no results (the sequence keeps counting). */
export function resetSqlState(): void {
  useSqlStore.setState({ database: { ...DEFAULT_DATABASES }, run: null, tab: 'results' });
}

export function setTab(tab: ResultsTab): void {
  useSqlStore.setState({ tab });
}

export function setTenant(tenant: TenantName): void {
  useSqlStore.setState({ tenant });
}

export function beginRun(sql: string): number {
  const seq = useSqlStore.getState().nextSeq;
  useSqlStore.setState({ run: { seq, sql, running: true }, nextSeq: seq + 1 });
  return seq;
}

/** Records a finished run; picks the tab that shows its outcome best. */
export function finishRun(seq: number, outcome: Omit<SqlRun, 'seq' | 'sql' | 'running'>): void {
  useSqlStore.setState((s) => {
    if (!s.run || s.run.seq !== seq) return {};
    const run: SqlRun = { ...s.run, ...outcome, running: false };
    const tenant = s.tenant;
    const database = outcome.reply ? { ...s.database, [tenant]: outcome.reply.database } : s.database;
    return { run, tab: tabFor(run), database };
  });
}

function tabFor(run: SqlRun): ResultsTab {
  const results = run.reply?.results ?? [];
  const last = results[results.length - 1];
  if (!run.reply?.error && !run.hostError && last && isPlan(last.columns.map((c) => c.name))) return 'plan';
  return 'results';
}

/** An EXPLAIN answer: one column named `Query Plan`. */
export function isPlan(columnNames: string[]): boolean {
  return columnNames.length === 1 && columnNames[0] === 'Query Plan';
}
