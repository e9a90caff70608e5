/**
 * The mysql/obclient client's statement reader: it takes input line by line (as the client reads
 * a terminal, a pipe or `-e` text) and returns the statements that became complete, so each can
 * run as soon as its delimiter arrives (`obsh -n` driven over a pipe).
 *
 * It follows mysql's `add_line()` (client/mysql.cc):
 * - `;` ends a statement outside quotes ('…', "…", `…`) and comments; `\g` ends one too and `\G`
 *   ends one asking for vertical output; `\c` clears the statement being typed; `\q` quits;
 * - `-- ` (dash dash space or end of line) and `#` comment out the rest of the line, `/* … *\/`
 *   comments are dropped; `/*! … *\/` and optimizer hints `/*+ … *\/` are kept;
 * - backslash escapes inside quotes are kept as they are (the server unescapes);
 * - leading whitespace of a statement is skipped;
 * - `quit`/`exit` (with or without `;`) quit, and `use db` at the start of a line with no `;`
 *   becomes `USE db`.
 * Line numbers follow mysql's `status.query_start_line`: a statement reports the number of the
 * last line that began while no statement text was pending. Error messages print it
 * (`ERROR 1146 (42S02) at line 3: …`).
 */

export type ClientCommand =
  | { kind: 'sql'; text: string; line: number; vertical: boolean }
  | { kind: 'quit' }
  /** An empty statement (`;` alone): mysql says "No query specified" interactively. */
  | { kind: 'empty'; line: number };

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

export class StatementReader {
  private buffer = '';
  private inString = '';
  private inComment = false;
  /** Inside `/*!` or `/*+`: text is kept and `;` does not end the statement. */
  private inKeptComment = false;
  private startLine = 0;
  private lineNumber = 0;

  /** True while a statement is partly typed (the prompt becomes `    -> `). */
  get pending(): boolean {
    return this.buffer.length > 0 || this.inComment;
  }

  /** The open quote character while inside a string literal, else ''. */
  get openQuote(): string {
    return this.inString;
  }

  /** Feeds one input line (without its newline); returns the commands it completed, in order. */
  feedLine(line: string): ClientCommand[] {
    this.lineNumber++;
    if (this.buffer.length === 0) this.startLine = this.lineNumber;
    if (this.buffer.length === 0 && !this.inComment && !line.includes(';')) {
      const named = namedCommand(line);
      if (named) return [named.kind === 'use' ? this.sql(`USE ${named.db}`, false) : { kind: 'quit' }];
    }
    const out: ClientCommand[] = [];
    let needSpace = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (this.inComment) {
        if (c === '*' && line[i + 1] === '/') {
          this.inComment = false;
          needSpace = true;
          i++;
        }
        continue;
      }
      if (!this.inString && !this.inKeptComment && isSpace(c) && this.buffer.length === 0) continue;
      if (c === '\\' && !this.inKeptComment) {
        if (this.inString) {
          this.buffer += c + (line[i + 1] ?? '');
          i++;
          continue;
        }
        const cmd = line[i + 1];
        i++;
        if (cmd === 'g' || cmd === 'G') out.push(this.endStatement(cmd === 'G'));
        else if (cmd === 'c') this.buffer = '';
        else if (cmd === 'q') {
          out.push({ kind: 'quit' });
          return out;
        } else if (cmd !== undefined) this.buffer += '\\' + cmd;
        continue;
      }
      if (!this.inString && !this.inKeptComment && c === ';') {
        out.push(this.endStatement(false));
        continue;
      }
      if (!this.inString && !this.inKeptComment && (c === '#' || (c === '-' && line[i + 1] === '-' && (isSpace(line[i + 2]) || i + 2 >= line.length)))) {
        break;
      }
      if (!this.inString && !this.inKeptComment && c === '/' && line[i + 1] === '*') {
        if (line[i + 2] === '!' || line[i + 2] === '+') {
          this.inKeptComment = true;
        } else {
          this.inComment = true;
          i++;
          continue;
        }
      } else if (this.inKeptComment && c === '*' && line[i + 1] === '/') {
        this.inKeptComment = false;
        this.buffer += '*/';
        i++;
        continue;
      } else if (!this.inKeptComment) {
        if (c === this.inString) this.inString = '';
        else if (!this.inString && (c === "'" || c === '"' || c === '`')) this.inString = c;
      }
      if (needSpace && !isSpace(c)) this.buffer += ' ';
      needSpace = false;
      this.buffer += c;
    }
    if (this.buffer.length > 0) this.buffer += '\n';
    return out;
  }

  /** End of input: the statement left without a delimiter runs too (as mysql does in batch mode). */
  finish(): ClientCommand[] {
    const text = this.buffer.replace(/[\s\x00-\x1f]+$/, '');
    this.buffer = '';
    this.inString = '';
    this.inComment = false;
    this.inKeptComment = false;
    return text.length > 0 ? [this.commandFor(text, false)] : [];
  }

  /** Forgets the statement being typed (Ctrl-C at the prompt). */
  clear(): void {
    this.buffer = '';
    this.inString = '';
    this.inComment = false;
    this.inKeptComment = false;
  }

  private endStatement(vertical: boolean): ClientCommand {
    const text = this.buffer.replace(/[\s\x00-\x1f]+$/, '');
    this.buffer = '';
    if (text.length === 0) return { kind: 'empty', line: this.startLine };
    return this.commandFor(text, vertical);
  }

  private commandFor(text: string, vertical: boolean): ClientCommand {
    if (/^(quit|exit)$/i.test(text)) return { kind: 'quit' };
    return this.sql(text, vertical);
  }

  private sql(text: string, vertical: boolean): ClientCommand {
    return { kind: 'sql', text, line: this.startLine, vertical };
  }
}

/** mysql's named commands at the start of a line without a delimiter: quit, exit, use. */
function namedCommand(line: string): { kind: 'quit' } | { kind: 'use'; db: string } | null {
  const t = line.trim();
  if (/^(quit|exit)$/i.test(t)) return { kind: 'quit' };
  const m = /^use\s+(\S+)$/i.exec(t);
  return m ? { kind: 'use', db: m[1] } : null;
}
