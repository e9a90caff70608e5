/**
 * Building MySQL's ERROR 1064 text: `... near '<rest of the statement>' at line N`.
 *
 * MySQL (and OceanBase in MySQL mode) quote the statement text from the offending token to the
 * end of the statement, cut to 80 characters (`%-.80s` in ER_PARSE_ERROR), and give the 1-based
 * line of that token. At the end of the input the quoted text is empty: `near '' at line 1`.
 */
import type { IToken } from 'chevrotain';
import { Errors, type ObError } from '../../common/ob_error';

/** MySQL prints at most this many characters of the statement after the error position. */
export const NEAR_TEXT_CHARS_MAX = 80;

/** The `near` text and the 1-based line of character `offset` of `text`. */
export function nearText(text: string, offset: number): { near: string; line: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return { near: text.slice(at, at + NEAR_TEXT_CHARS_MAX), line };
}

/**
 * ERROR 1064 positioned at `token` (or at the end of `text` when the token is EOF / missing).
 * Chevrotain's EOF token has a NaN offset.
 */
export function syntaxErrorAt(text: string, token: IToken | undefined): ObError {
  const offset = token === undefined || !Number.isFinite(token.startOffset) ? text.length : token.startOffset;
  const { near, line } = nearText(text, offset);
  return Errors.parseError(near, line);
}
