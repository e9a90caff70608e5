/**
 * What a shell command's handler gets: the injected OBKV-HBase client (the same `hbase` and
 * builders a KV script sees), the output sink, and the session facts. Handlers print exactly what
 * the HBase 2.x shell prints for the command (minus the `Took` line, which the runner adds).
 */
import { bytesToUtf8, byteStringToArray } from '../../common/binary';
import type { Bytes, KvScriptGlobals } from '../kv_api_types';
import type { ShellValue } from './args';

/** The part of the KV script globals the shell drives: the HBase client and its builders. */
export type HBaseShellApi = Pick<KvScriptGlobals, 'hbase' | 'Put' | 'Get' | 'Delete' | 'Scan'>;

/** One line of shell output. `result` is a Ruby `=> value` line; `note` a playground remark. */
export type ShellLineKind = 'out' | 'error' | 'result' | 'took' | 'note';

export interface ShellLine {
  kind: ShellLineKind;
  text: string;
}

export interface ShellContext {
  readonly api: HBaseShellApi;
  /** User and tenant/database the client connects as (for `whoami`, `status`). */
  readonly user: string;
  readonly tenant: string;
  readonly database: string;
  /** Prints a line. */
  out(text: string): void;
  /** Prints the command's Ruby return value: `=> true`. */
  result(text: string): void;
  /** Prints a playground remark (e.g. an HBase option OBKV ignores). */
  note(text: string): void;
}

/** A command implementation: argument count bounds (max -1: unbounded) and its body. */
export interface ShellHandler {
  minArgs: number;
  maxArgs: number;
  /** Whether the runner prints `Took N seconds` after it (every command but `help`). */
  timed?: boolean;
  run(ctx: ShellContext, args: ShellValue[]): Promise<void>;
}

/**
 * A byte string (one char per byte, what the shell's strings are) as the client's `Bytes`: plain
 * text when it is ASCII or valid UTF-8 (the client encodes text as UTF-8), else the raw bytes.
 */
export function toApiBytes(bytes: string): Bytes {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(bytes)) return bytes;
  const text = bytesToUtf8(bytes);
  return text ?? byteStringToArray(bytes);
}
