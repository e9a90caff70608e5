/**
 * `obsh --hbase=FILE` (or `--hbase -` for stdin): runs HBase shell commands headless on the
 * in-process cluster through the OBKV routing client — the same interpreter as the HBase tab
 * (engine/client/hbase_shell) — and prints the transcript as the HBase 2.x shell shows it
 * (`hbase:001:0> put 't1', 'r1', 'f:a', 'v'`, the command's output, `Took 0.0042 seconds`,
 * `ERROR: …` lines). Each command's output is printed as soon as it finishes. Like the
 * interactive shell, a failing command does not stop the ones after it; the run reports whether
 * every command succeeded.
 */
import { createKvClients } from '../../engine/client/index';
import { HBaseShell, renderTranscript } from '../../engine/client/hbase_shell/index';
import type { KvTransport } from '../../engine/client/transport';

export interface HBaseScriptRunOptions {
  transport: KvTransport;
  user: string;
  tenant: string;
  database: string;
  /** Wall time in ms, for the `Took N seconds` lines. */
  nowMs: () => number;
  out(text: string): void;
}

/** Runs every command of `text`; resolves true when none failed. */
export async function runHBaseScript(text: string, o: HBaseScriptRunOptions): Promise<boolean> {
  const { globals } = createKvClients(o.transport, { tenant: o.tenant, database: o.database });
  const shell = new HBaseShell({ api: globals, nowMs: o.nowMs, user: `${o.user}@${o.tenant}`, tenant: o.tenant, database: o.database });
  let ok = true;
  await shell.run(text, (output) => {
    if (!output.ok) ok = false;
    o.out(`${renderTranscript([output])}\n`);
  });
  return ok;
}
