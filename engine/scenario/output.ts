/**
 * The text a scenario cell prints (issue #6), identical in the page and headless so that one
 * ```expected block checks both: SQL as the obclient command-line client prints it in table mode
 * (boxes with headers, then the status line without the `(0.004 sec)` timing, errors as
 * `ERROR 1146 (42S02): …`), KV scripts as their printed lines then `ERROR: …`, HBase shell
 * commands as the shell's output lines (`=> value` results; `Took …` lines dropped because they
 * are timings), and admin actions as one deterministic line each (no durations).
 *
 * Invariant: nothing here depends on time, randomness or the host, so a cell's output depends only
 * on what the cluster answered. The output never ends with a newline (the runner compares lines).
 */
import { formatStatus, formatTable } from '../common/mysql_text';
import { readRouteText, shownReadRoutes, storageStatsLine } from '../common/result_notes';
import type { ExecuteReply, WireResult } from '../server/api';
import type { ShellOutput } from '../client/hbase_shell/index';
import type { KvRunOutput, ResultNote } from './types';

/** Drops trailing newlines (outputs are compared line by line; the last blank line is noise). */
function trimEndNewlines(text: string): string {
  return text.replace(/\n+$/, '');
}

/**
 * An `ExecuteReply` as obclient prints it interactively: per statement result, the boxed table with
 * column names (when it has rows) and the status line (`3 rows in set`, `Empty set`,
 * `Query OK, 1 row affected` plus the info line), each followed by mysql's blank line; then the
 * first failing statement's error as `ERROR <mysqlCode> (<sqlState>): <message>`.
 */
export function sqlReplyText(reply: ExecuteReply, show: readonly ResultNote[] = []): string {
  let out = '';
  for (const result of reply.results) {
    // The notes go under the status line, before the blank line that ends the result.
    const status = formatStatus(result, null);
    out += formatTable(result, true) + status.slice(0, -1) + resultNotes(result, show) + '\n';
  }
  if (reply.error) out += `ERROR ${reply.error.mysqlCode} (${reply.error.sqlState}): ${reply.error.message}\n`;
  return trimEndNewlines(out);
}

/**
 * The notes a `show=` option asks for, one line each: `storage: …` (when the statement scanned a table), `weak read: LS … served by …`
 * (staleness left out: it depends on timing).
 */
function resultNotes(result: WireResult, show: readonly ResultNote[]): string {
  const lines: string[] = [];
  if (show.includes('stats') && result.storageStats) lines.push(`storage: ${storageStatsLine(result.storageStats)}`);
  if (show.includes('routes')) for (const r of shownReadRoutes(result.readRoutes ?? [])) lines.push(readRouteText(r, false));
  return lines.map((l) => `${l}\n`).join('');
}

/** A KV script's printed lines, then `ERROR: <error>` (` at line N` when the line is known). */
export function kvOutputText(o: KvRunOutput): string {
  const lines = [...o.lines];
  if (o.error !== null) lines.push(`ERROR: ${o.error}${o.errorLine !== null ? ` at line ${o.errorLine}` : ''}`);
  return trimEndNewlines(lines.join('\n'));
}

/**
 * HBase shell outputs: every command's lines in order (errors as the shell prints them,
 * `ERROR: …`), Ruby results as `=> value`, and no `Took 0.0042 seconds` lines (timing).
 */
export function hbaseOutputText(outputs: readonly ShellOutput[]): string {
  const lines: string[] = [];
  for (const o of outputs) {
    for (const l of o.lines) {
      if (l.kind === 'took') continue;
      lines.push(l.kind === 'result' ? `=> ${l.text}` : l.text);
    }
  }
  return trimEndNewlines(lines.join('\n'));
}

/** A server as admin lines name it: `server 2 (zone2)`. */
export function serverText(serverId: number, zone: string): string {
  return `server ${serverId} (${zone})`;
}

/** A log stream as admin lines name it: `LS 1001 (test)`. */
export function lsText(lsId: number, tenant: string): string {
  return `LS ${lsId} (${tenant})`;
}

/** A simulated duration as an admin line shows it: `5s`, `1.5s`, `200ms`. */
export function durationText(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** The lines of an admin cell joined (one line per command done, then the failure, if any). */
export function adminOutputText(lines: readonly string[]): string {
  return trimEndNewlines(lines.join('\n'));
}
