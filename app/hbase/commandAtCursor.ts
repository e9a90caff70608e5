/**
 * Which shell command "Run" means when nothing is selected: the command whose lines contain the
 * cursor, else the last one before it (the cursor sits after it, e.g. on a blank line), else the
 * first after it. Commands may span lines (inside brackets, after a comma).
 */
import { parseShellScript } from '../../engine/client/hbase_shell/index';

export interface CommandSpan {
  /** 1-based first and last line. */
  startLine: number;
  endLine: number;
  text: string;
}

/** The commands of `text` with their line spans (syntax errors included: they run to show the error). */
export function commandSpans(text: string): CommandSpan[] {
  return parseShellScript(text).map((item) => {
    const source = item.ok ? item.command.text : item.error.text;
    const startLine = item.ok ? item.command.pos.line : item.error.pos.line;
    return { startLine, endLine: startLine + source.split('\n').length - 1, text: source };
  });
}

/** The command text to run for a cursor on `line` (1-based), or null when the text has none. */
export function commandAtLine(text: string, line: number): string | null {
  const spans = commandSpans(text);
  // Several commands on one line (`list; exists 't1'`) all run.
  const inside = spans.filter((s) => s.startLine <= line && line <= s.endLine);
  if (inside.length > 0) return inside.map((s) => s.text).join('\n');
  const before = spans.filter((s) => s.endLine < line).pop();
  return (before ?? spans[0])?.text ?? null;
}
