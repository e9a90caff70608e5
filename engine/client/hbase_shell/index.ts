/**
 * The HBase shell (issue #5): the Apache HBase 2.x shell's command language, run on OBKV-HBase
 * through the client's `HBaseApi`. Used by the HBase tab (app/hbase/HBaseConsole.tsx).
 *
 *   editor text ──parseShellScript──▶ commands ──HBaseShell.run──▶ hbase.admin / hbase.table(t)
 *                                                      │
 *                                                      └─▶ ShellOutput[] (lines as the shell prints)
 */
export { HBaseShell, formatPrompt, renderTranscript, shellErrorMessage, type HBaseShellOptions, type ShellOutput } from './shell';
export type { HBaseShellApi, ShellLine, ShellLineKind } from './context';
export { parseShellScript, type ParsedItem, type RubyValue, type ShellCommand, type ShellSyntaxError, type SrcPos } from './parser';
export { tokenize, type Token, type TokenKind } from './lexer';
export {
  HBASE_SHELL_COMMANDS,
  HBASE_SHELL_CONSTANTS,
  HBASE_FILTER_NAMES,
  HBASE_UNSUPPORTED_COMMANDS,
  findShellCommand,
  didYouMean,
  type ShellCommandInfo,
  type ShellCommandGroup,
} from './commands';
export { formatTtl } from './format';
