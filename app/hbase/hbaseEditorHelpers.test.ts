/** The HBase editor's pure helpers: which command Run means at the cursor, and what to complete. */
import { describe, expect, it } from 'vitest';
import { commandAtLine, commandSpans } from './commandAtCursor';
import { completionContext } from './hbaseLanguage';

const TEXT = `# comment
create 't1', 'f1'

scan 't1', {
  LIMIT => 2
}
list; exists 't1'
get 't1' x
`;

describe('commandAtLine', () => {
  it('spans multi-line commands and syntax errors', () => {
    expect(commandSpans(TEXT).map((s) => [s.startLine, s.endLine])).toEqual([
      [2, 2],
      [4, 6],
      [7, 7],
      [7, 7],
      [8, 8],
    ]);
  });

  it('picks the command under the cursor, every command of a ; line, the previous one on a blank line', () => {
    expect(commandAtLine(TEXT, 2)).toBe("create 't1', 'f1'");
    expect(commandAtLine(TEXT, 5)).toBe("scan 't1', {\n  LIMIT => 2\n}");
    expect(commandAtLine(TEXT, 7)).toBe("list\nexists 't1'");
    expect(commandAtLine(TEXT, 3)).toBe("create 't1', 'f1'");
    expect(commandAtLine(TEXT, 1)).toBe("create 't1', 'f1'");
    expect(commandAtLine(TEXT, 8)).toBe("get 't1' x");
    expect(commandAtLine('# nothing', 1)).toBeNull();
  });
});

describe('completionContext', () => {
  it('completes commands at the start of a line', () => {
    expect(completionContext('')).toEqual({ kind: 'command' });
    expect(completionContext('  sc')).toEqual({ kind: 'command' });
  });

  it('completes the command options inside braces and after a comma', () => {
    expect(completionContext("scan 't1', {")).toEqual({ kind: 'option', command: 'scan' });
    expect(completionContext("scan 't1', {LIMIT => 1, RE")).toEqual({ kind: 'option', command: 'scan' });
    expect(completionContext("alter 't1', NA")).toEqual({ kind: 'option', command: 'alter' });
    expect(completionContext("scan 't1', {FILTER => \"a, {")).toEqual({ kind: 'none' });
  });

  it('completes table names in the first quoted argument only', () => {
    expect(completionContext("scan '")).toEqual({ kind: 'table' });
    expect(completionContext("put 't")).toEqual({ kind: 'table' });
    expect(completionContext("put 't1', 'r")).toEqual({ kind: 'none' });
  });
});
