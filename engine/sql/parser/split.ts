/**
 * Splitting a script into statements at `;`, the way the mysql / obclient command line does:
 * a `;` inside a 'string', "string", `identifier`, `-- comment`, `# comment` or
 * `/* comment *\/` does not end a statement. An unterminated string or `/*` runs to the end of
 * the text and stays statement text, so the parser reports it.
 *
 * Each piece is trimmed to its significant text: leading and trailing whitespace and comments
 * are left out (the mysql client strips them too), comments inside are kept (hints live there).
 * Pieces with no significant text (`;;`, a lone comment) are skipped.
 */

export interface StatementSpan {
  /** `source.slice(start, end)` */
  text: string;
  /** Offset of the first significant character. */
  start: number;
  /** Offset just past the last significant character (before the `;`). */
  end: number;
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Where the quoted run starting at `i` (a quote character) ends: just past the closing quote. */
function skipQuoted(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const backslashEscapes = quote !== 96; // backticks have no escapes, only doubling
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (backslashEscapes && c === 92) j += 2;
    else if (c === quote) {
      if (text.charCodeAt(j + 1) === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return text.length;
}

/** `commentEnd` of a `/*` that never closes: it swallows the rest of the text. */
const UNCLOSED = -2;

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/** If a comment starts at `i` (character code `c`), where it ends; -1 if none; UNCLOSED. */
function commentEnd(text: string, i: number, c: number): number {
  if (c === 35) return lineEnd(text, i); // #
  const next = text.charCodeAt(i + 1);
  if (c === 45 && next === 45) {
    // `-- ` needs a space or control character (or the end of the text) after the dashes
    return i + 2 >= text.length || text.charCodeAt(i + 2) <= 32 ? lineEnd(text, i) : -1;
  }
  if (c === 47 && next === 42) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? UNCLOSED : close + 2;
  }
  return -1;
}

/**
 * Splits `text` into statements without parsing them. Offsets index into `text`, so an editor
 * can find the statement under the cursor.
 */
export function splitStatements(text: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = -1; // first significant character of the current piece
  let end = -1; // just past its last significant character
  const flush = () => {
    if (start >= 0) spans.push({ text: text.slice(start, end), start, end });
    start = -1;
    end = -1;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 35 || c === 45 || c === 47) {
      const comment = commentEnd(text, i, c);
      if (comment === UNCLOSED) {
        // Kept as statement text (the mysql client would wait for `*/`): the parser reports it.
        if (start < 0) start = i;
        i = end = text.length;
        continue;
      }
      if (comment >= 0) {
        i = comment;
        continue;
      }
    }
    if (c === 59) {
      flush();
      i++;
      continue;
    }
    if (start < 0) start = i;
    i = c === 39 || c === 34 || c === 96 ? skipQuoted(text, i) : i + 1;
    end = i;
  }
  flush();
  return spans;
}
