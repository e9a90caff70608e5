/**
 * Runs HBase shell text on the page's OBKV client: one `HBaseShell` per client (the prompt numbers
 * keep counting across runs; a cluster reset brings a new client and a new shell), outputs pushed
 * to the HBase store as each command finishes. Also the entry point of
 * `window.obPlayground.hbase(commands)` (returns the transcript as text).
 */
import { HBaseShell, renderTranscript, type ShellOutput } from '../../engine/client/hbase_shell/index';
import { kvClients } from '../host/kvHost';
import { beginHBaseRun, finishHBaseRun, pushHBaseOutput, useHBaseStore } from './hbaseStore';

let shell: { globals: object; shell: HBaseShell } | null = null;

async function currentShell(): Promise<HBaseShell> {
  const { globals } = await kvClients();
  if (!shell || shell.globals !== globals) {
    shell = { globals, shell: new HBaseShell({ api: globals, nowMs: () => performance.now() }) };
  }
  return shell.shell;
}

/** Table names for completion (a failure answers none). */
export async function hbaseTableNames(): Promise<string[]> {
  const { globals } = await kvClients();
  return globals.hbase.admin.listTables();
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `text` (one or more shell commands) and shows it in the HBase tab. Resolves with the
 * outputs. Runs queue behind one another (the shell is one session).
 */
export function runHBase(text: string): Promise<ShellOutput[]> {
  const run = queue.then(() => runNow(text));
  queue = run.catch(() => {});
  return run;
}

async function runNow(text: string): Promise<ShellOutput[]> {
  if (text.trim() === '') return [];
  beginHBaseRun();
  try {
    const outputs = await (await currentShell()).run(text, pushHBaseOutput);
    finishHBaseRun();
    return outputs;
  } catch (e) {
    finishHBaseRun(e instanceof Error ? e.message : String(e));
    return [];
  }
}

/** `window.obPlayground.hbase`: runs the commands and answers the transcript as the terminal shows it. */
export async function runHBaseForApi(text: string): Promise<string> {
  const outputs = await runHBase(text);
  const hostError = useHBaseStore.getState().hostError;
  return hostError ? `ERROR: ${hostError}` : renderTranscript(outputs);
}
