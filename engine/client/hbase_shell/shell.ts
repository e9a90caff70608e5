/**
 * The HBase shell interpreter: runs an editor text command by command against an injected
 * OBKV-HBase client and returns what the HBase 2.x shell would print for each — the prompt number
 * (`hbase:001:0>`), the output lines, `Took 0.0123 seconds` (from an injected clock) and errors as
 * `ERROR: <message>` (OBKV errors in `formatKvError`'s `[code][NAME][text]` form).
 *
 * Like the interactive shell, a failing or malformed command does not stop the ones after it.
 * Pure engine code: no DOM or Node globals; time comes from `nowMs`.
 */
import { formatKvError, ObError } from '../../common/ob_error';
import { evaluate, ShellUsageError, type ShellValue } from './args';
import { didYouMean, findShellCommand, isUnsupportedCommand, unsupportedMessage } from './commands';
import type { HBaseShellApi, ShellContext, ShellHandler, ShellLine } from './context';
import { DDL_HANDLERS } from './ddl_commands';
import { DML_HANDLERS } from './dml_commands';
import { tookLine } from './format';
import { GENERAL_HANDLERS } from './general_commands';
import { parseShellScript, type ParsedItem, type ShellCommand, type SrcPos } from './parser';

const HANDLERS: Record<string, ShellHandler> = { ...GENERAL_HANDLERS, ...DDL_HANDLERS, ...DML_HANDLERS };

export interface HBaseShellOptions {
  api: HBaseShellApi;
  /** Wall-clock time in ms (only differences are used, for `Took N seconds`). */
  nowMs: () => number;
  /** Shown by `whoami` (default `root@test`). */
  user?: string;
  tenant?: string;
  database?: string;
}

/** What one command printed. */
export interface ShellOutput {
  /** The prompt's command number (`hbase:003:0>` → 3). */
  seq: number;
  /** The command as typed. */
  input: string;
  /** Where it starts in the editor text. */
  pos: SrcPos;
  lines: ShellLine[];
  /** False when it ended with an error. */
  ok: boolean;
}

/** `hbase:001:0> ` */
export function formatPrompt(seq: number): string {
  return `hbase:${String(seq).padStart(3, '0')}:0> `;
}

/** A run's outputs as the terminal would show them: each command echoed after its prompt. */
export function renderTranscript(outputs: readonly ShellOutput[]): string {
  const out: string[] = [];
  for (const o of outputs) {
    const [first, ...rest] = o.input.split('\n');
    out.push(formatPrompt(o.seq) + first);
    for (const line of rest) out.push(line);
    for (const l of o.lines) out.push(l.kind === 'result' ? `=> ${l.text}` : l.text);
  }
  return out.join('\n');
}

/** The message of an error thrown by the client (OBKV errors as `[code][NAME][text]`). */
export function shellErrorMessage(e: unknown): string {
  if (e instanceof ObError) return formatKvError(e);
  if (e instanceof Error) return e.message;
  return String(e);
}

export class HBaseShell {
  private seq = 0;

  constructor(private readonly opts: HBaseShellOptions) {}

  /** Commands run so far (the next prompt shows this + 1). */
  get commandCount(): number {
    return this.seq;
  }

  /**
   * Parses and runs every command of `text` in order; `onOutput` sees each command's output as
   * soon as it is done (the UI shows progress). Never throws for shell errors: they are outputs.
   */
  async run(text: string, onOutput?: (o: ShellOutput) => void): Promise<ShellOutput[]> {
    const outputs: ShellOutput[] = [];
    for (const item of parseScript(text)) {
      const o: ShellOutput = item.ok
        ? await this.runCommand(item.command)
        : {
            seq: ++this.seq,
            input: item.error.text,
            pos: item.error.pos,
            lines: [{ kind: 'error', text: `ERROR: ${item.error.message}` }],
            ok: false,
          };
      outputs.push(o);
      onOutput?.(o);
    }
    return outputs;
  }

  /** Runs one parsed command. */
  async runCommand(cmd: ShellCommand): Promise<ShellOutput> {
    const lines: ShellLine[] = [];
    const o: ShellOutput = { seq: ++this.seq, input: cmd.text, pos: cmd.pos, lines, ok: true };
    const fail = (text: string) => {
      lines.push({ kind: 'error', text: `ERROR: ${text}` });
      o.ok = false;
    };
    const handler = HANDLERS[findShellCommand(cmd.name)?.name ?? ''];
    if (!handler) {
      if (isUnsupportedCommand(cmd.name)) fail(unsupportedMessage(cmd.name));
      else {
        const near = didYouMean(cmd.name);
        fail(`Unknown command '${cmd.name}'${near ? `. Did you mean '${near}'?` : ''}`);
      }
      return o;
    }
    const ctx = this.context(lines);
    const started = this.opts.nowMs();
    try {
      const args: ShellValue[] = cmd.args.map(evaluate);
      checkArity(cmd.name, handler, args.length);
      await handler.run(ctx, args);
    } catch (e) {
      fail(shellErrorMessage(e));
      if (e instanceof ShellUsageError) lines.push({ kind: 'out', text: `For usage try 'help "${findShellCommand(cmd.name)!.name}"'` });
    }
    if (handler.timed !== false) insertTook(lines, tookLine(this.opts.nowMs() - started));
    return o;
  }

  private context(lines: ShellLine[]): ShellContext {
    return {
      api: this.opts.api,
      user: this.opts.user ?? 'root@test',
      tenant: this.opts.tenant ?? 'test',
      database: this.opts.database ?? 'test',
      out: (text) => lines.push({ kind: 'out', text }),
      result: (text) => lines.push({ kind: 'result', text }),
      note: (text) => lines.push({ kind: 'note', text }),
    };
  }
}

/**
 * `parseShellScript`, but a fault inside the parser (a bug: it reports bad input as items) becomes
 * one error item instead of an exception, so `run` keeps its never-throws promise.
 */
function parseScript(text: string): ParsedItem[] {
  try {
    return parseShellScript(text);
  } catch (e) {
    const message = `syntax error at line 1, column 1: the script could not be parsed (${e instanceof Error ? e.message : String(e)})`;
    return [{ ok: false, error: { message, pos: { line: 1, column: 1 }, text: text.split('\n', 1)[0] } }];
  }
}

/** `Took` goes before the `=> value` line, as the shell prints it. */
function insertTook(lines: ShellLine[], text: string): void {
  const at = lines.length > 0 && lines[lines.length - 1].kind === 'result' ? lines.length - 1 : lines.length;
  lines.splice(at, 0, { kind: 'took', text });
}

/** Ruby's ArgumentError: `wrong number of arguments (given 1, expected 2..3)`. */
function checkArity(name: string, h: ShellHandler, given: number): void {
  if (given >= h.minArgs && (h.maxArgs < 0 || given <= h.maxArgs)) return;
  const expected = h.maxArgs < 0 ? `${h.minArgs}+` : h.minArgs === h.maxArgs ? `${h.minArgs}` : `${h.minArgs}..${h.maxArgs}`;
  throw new ShellUsageError(`wrong number of arguments for '${name}' (given ${given}, expected ${expected})`);
}
