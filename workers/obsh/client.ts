/**
 * The client half of `obsh`: what mysql/obclient does between reading a line and printing the
 * answer, on top of one SQL session of an `ObServerApi` (the same API the browser's SQL editor
 * uses). Independent of Node streams so it can be driven by a terminal, a pipe or `-e` text.
 *
 * Behaviour follows the mysql client (client/mysql.cc `com_go`, `put_info`):
 * - batch mode (`-B`, `-e`, or input/output not a terminal): no status lines; an error prints
 *   `ERROR 1146 (42S02) at line N: message` on stderr and stops the input with exit code 1,
 *   unless `--force` (then input continues and the exit code stays 0, as mysql does);
 * - interactive mode: errors print `ERROR 1146 (42S02): message` and never stop the shell;
 *   results are followed by `N rows in set (0.004 sec)` / `Query OK, …` and a blank line;
 * - statements run one at a time, in input order, as soon as their delimiter is read.
 */
import type { ObErrorInfo } from '../../engine/common/ob_error';
import type { ObServerApi, WireResult } from '../../engine/server/api';
import { formatBatch, formatStatus, formatTable, formatVertical } from '../../engine/common/mysql_text';
import { StatementReader, type ClientCommand } from './splitter';

export interface ShellOutput {
  /** Result text (stdout). */
  out(text: string): void;
  /** Error text (stderr); pending stdout is flushed first, as mysql does. */
  err(text: string): void;
  /** Pushes buffered stdout out now. */
  flush(): void;
}

export interface ShellMode {
  /** mysql's `status.batch`: non-interactive input (`-B`, `-e`, a pipe or file). */
  batch: boolean;
  /** Tab-separated rows (`-B`, `-s`, or not a terminal) vs boxed tables. */
  format: 'tab' | 'table';
  /** Every result vertically (`-E`). */
  vertical: boolean;
  columnNames: boolean;
  force: boolean;
  /** Flush stdout after every statement (`-n`; always when interactive). */
  unbuffered: boolean;
}

/** What stopped the input, if anything. */
export type ShellState = 'running' | 'quit' | 'failed';

export class ShellSession {
  private readonly reader = new StatementReader();
  private state: ShellState = 'running';
  database: string | null;

  constructor(
    private readonly api: ObServerApi,
    private readonly sessionId: number,
    database: string | null,
    private readonly mode: ShellMode,
    private readonly output: ShellOutput,
    /** Wall time in ms (performance.now), for the `(0.004 sec)` of status lines. */
    private readonly nowMs: () => number,
  ) {
    this.database = database;
  }

  /** 'running' until `quit`, or until an error stops a batch run ('failed'). */
  get status(): ShellState {
    return this.state;
  }

  /** mysql's exit status: 1 when an error stopped the input, else 0. */
  get exitCode(): number {
    return this.state === 'failed' ? 1 : 0;
  }

  /** The prompt for the next line: `obclient [db]> ` or a continuation (`    -> `, `    '> `). */
  prompt(): string {
    if (this.reader.pending) {
      const q = this.reader.openQuote;
      return q ? `    ${q}> ` : '    -> ';
    }
    return `obclient [${this.database ?? '(none)'}]> `;
  }

  /** Feeds one input line; runs every statement it completes. Returns false once input must stop. */
  async feedLine(line: string): Promise<boolean> {
    if (this.state !== 'running') return false;
    for (const cmd of this.reader.feedLine(line)) {
      if (!(await this.run(cmd))) return false;
    }
    return true;
  }

  /** End of input: runs a last statement that lacks its delimiter (batch mode only, as mysql). */
  async finish(): Promise<void> {
    if (this.state !== 'running') return;
    if (this.mode.batch) for (const cmd of this.reader.finish()) if (!(await this.run(cmd))) return;
    this.output.flush();
  }

  /** Ctrl-C at the prompt: forget the statement being typed. */
  clearInput(): void {
    this.reader.clear();
  }

  private async run(cmd: ClientCommand): Promise<boolean> {
    if (cmd.kind === 'quit') {
      this.state = 'quit';
      return false;
    }
    if (cmd.kind === 'empty') {
      if (!this.mode.batch) this.output.err('ERROR: \nNo query specified\n\n');
      return true;
    }
    const ok = await this.execute(cmd.text, cmd.line, cmd.vertical || this.mode.vertical);
    if (this.mode.unbuffered || !this.mode.batch) this.output.flush();
    if (!ok && this.mode.batch && !this.mode.force) {
      this.state = 'failed';
      return false;
    }
    return true;
  }

  /** Runs one statement and prints its results; false when it failed. */
  private async execute(sql: string, line: number, vertical: boolean): Promise<boolean> {
    const started = this.nowMs();
    let error: ObErrorInfo | undefined;
    try {
      const reply = await this.api.execute(this.sessionId, sql);
      const elapsedSec = (this.nowMs() - started) / 1000;
      for (const result of reply.results) this.print(result, vertical, elapsedSec);
      this.database = reply.database;
      error = reply.error;
    } catch (e) {
      // The server died under the statement: what a client sees when its connection drops.
      error = { obCode: -4016, mysqlCode: 2013, sqlState: 'HY000', message: 'Lost connection to MySQL server during query', retryable: false };
      void e;
    }
    if (!error) return true;
    const where = this.mode.batch ? ` at line ${line}` : '';
    this.output.err(`ERROR ${error.mysqlCode} (${error.sqlState})${where}: ${error.message}\n`);
    return false;
  }

  private print(result: WireResult, vertical: boolean, elapsedSec: number): void {
    if (result.kind === 'rows') {
      if (vertical) this.output.out(formatVertical(result));
      else if (this.mode.format === 'tab') this.output.out(formatBatch(result, this.mode.columnNames));
      else this.output.out(formatTable(result, this.mode.columnNames));
    }
    if (this.mode.batch) return;
    // mysql runs USE as its own client command and answers "Database changed".
    if (result.kind === 'ok' && /^use\s/i.test(result.sql.trimStart())) this.output.out('Database changed\n');
    else this.output.out(formatStatus(result, elapsedSec));
  }
}
