/**
 * Finds statement boundaries in the editor's text for "run the statement at the cursor"
 * (Ctrl/Cmd+Enter). A `;` ends a statement unless it is inside a quoted string or identifier
 * ('…', "…", `…`, with backslash escapes and doubled quotes) or a comment (`-- `, `#`, `/* … *\/`),
 * as the mysql client splits its input. The server parses each statement itself; this is only
 * about which text to send.
 */

export interface StatementSpan {
  /** The statement without surrounding whitespace, with its `;` when it had one. */
  text: string;
  /** Offset just after the previous statement's `;` (or 0). */
  start: number;
  /** Offset just after this statement's `;` (or the text's end). */
  end: number;
}

/** Splits `text` into statements; whitespace-only pieces are dropped. */
export function splitStatements(text: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end).trim();
    if (piece.length > 0 && piece !== ';') spans.push({ text: piece, start, end });
    start = end;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(text, i);
    else if (c === '#' || (c === '-' && text[i + 1] === '-' && /\s/.test(text[i + 2] ?? ' '))) i = skipLine(text, i);
    else if (c === '/' && text[i + 1] === '*') i = skipBlockComment(text, i);
    else if (c === ';') {
      push(i + 1);
      i++;
    } else i++;
  }
  push(text.length);
  return spans;
}

/**
 * The statement to run for a cursor at `offset`: the one whose span holds the cursor (the
 * earlier one when the cursor sits right after a `;`); when the cursor is in trailing blank
 * text, the statement before it. Null when there is no statement at all.
 */
export function statementAtCursor(text: string, offset: number): StatementSpan | null {
  const spans = splitStatements(text);
  if (spans.length === 0) return null;
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k];
    if (offset < s.start || offset > s.end) continue;
    // A cursor on a blank line between two statements belongs to the earlier one.
    const lineEnd = text.indexOf('\n', offset);
    const restOfLine = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
    const onBlankLine = text.slice(s.start, offset).trim() === '' && restOfLine.trim() === '';
    return onBlankLine && k > 0 ? spans[k - 1] : s;
  }
  const before = spans.filter((s) => s.end <= offset);
  return before.length > 0 ? before[before.length - 1] : spans[0];
}

function skipQuoted(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === '\\' && q !== '`') j += 2;
    else if (text[j] === q && text[j + 1] === q) j += 2;
    else if (text[j] === q) return j + 1;
    else j++;
  }
  return j;
}

function skipLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl + 1;
}

function skipBlockComment(text: string, i: number): number {
  const end = text.indexOf('*/', i + 2);
  return end < 0 ? text.length : end + 2;
}
