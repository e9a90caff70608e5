import { describe, expect, it } from 'vitest';
import { StatementReader, type ClientCommand } from './splitter';

function feed(text: string): ClientCommand[] {
  const r = new StatementReader();
  const out = text.split('\n').flatMap((l) => r.feedLine(l));
  return [...out, ...r.finish()];
}
const sqls = (cmds: ClientCommand[]) => cmds.map((c) => (c.kind === 'sql' ? c.text : c.kind));

describe('StatementReader (mysql client statement splitting)', () => {
  it('splits on ; outside quotes and comments', () => {
    expect(sqls(feed("select 1; select 'a;b', \"c;d\", `e;f`;\nselect 2"))).toEqual([
      'select 1', "select 'a;b', \"c;d\", `e;f`", 'select 2',
    ]);
  });

  it('keeps escaped quotes and doubled quotes inside strings', () => {
    expect(sqls(feed("select 'it\\'s;', 'a''b;c';"))).toEqual(["select 'it\\'s;', 'a''b;c'"]);
  });

  it('drops -- and # and /* */ comments but keeps hints', () => {
    expect(sqls(feed('-- a comment; not a statement\nselect 1 # trailing; comment\n;\nselect /* x; */ 2;'))).toEqual([
      'select 1', 'select  2',
    ]);
    expect(sqls(feed('select /*+ parallel(3); */ 1;'))).toEqual(['select /*+ parallel(3); */ 1']);
    expect(sqls(feed('select 1--2;'))).toEqual(['select 1--2']);
  });

  it('spans lines and reports the line where the statement started, like mysql', () => {
    const cmds = feed('select 1;\n\nselect\n  2;\nselect 3; select 4;');
    expect(cmds.map((c) => (c.kind === 'sql' ? [c.text, c.line] : c.kind))).toEqual([
      ['select 1', 1], ['select\n  2', 3], ['select 3', 5], ['select 4', 5],
    ]);
    // A statement that starts on the line where the previous one (begun earlier) ended reports
    // the earlier line, as mysql's query_start_line does.
    const quirk = feed('select\n1; select x;');
    expect(quirk.map((c) => (c.kind === 'sql' ? c.line : 0))).toEqual([1, 1]);
  });

  it('understands \\G, \\g, \\c, quit and use', () => {
    const cmds = feed('select 1\\G\nselect 2\\g\nselect oops \\c\nuse tpch\nquit\nselect 3;');
    expect(cmds.map((c) => (c.kind === 'sql' ? `${c.text}${c.vertical ? ' [G]' : ''}` : c.kind))).toEqual([
      'select 1 [G]', 'select 2', 'USE tpch', 'quit', 'select 3',
    ]);
    expect(sqls(feed('exit;'))).toEqual(['quit']);
  });

  it('reports an empty statement for a lone ;', () => {
    expect(sqls(feed(';'))).toEqual(['empty']);
  });

  it('knows when a statement is pending and which quote is open', () => {
    const r = new StatementReader();
    expect(r.pending).toBe(false);
    r.feedLine("select 'abc");
    expect(r.pending).toBe(true);
    expect(r.openQuote).toBe("'");
    expect(r.feedLine("def';")).toEqual([{ kind: 'sql', text: "select 'abc\ndef'", line: 1, vertical: false }]);
    expect(r.pending).toBe(false);
  });
});
