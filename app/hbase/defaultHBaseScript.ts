/** The HBase editor's first content (and what it falls back to when the saved text is empty). */
export const DEFAULT_HBASE_SCRIPT = `# HBase shell on OBKV-HBase: each table is an OceanBase TABLEGROUP,
# each family the table \`t1$f1\`. Ctrl/Cmd+Enter runs the command at the cursor;
# Shift+Ctrl/Cmd+Enter runs everything.
create 't1', {NAME => 'f1', VERSIONS => 3}, 'f2'
put 't1', 'r1', 'f1:c1', 'v1', 1700000000000
put 't1', 'r1', 'f1:c1', 'v2', 1700000000001
put 't1', 'r1', 'f1:c1', 'v3', 1700000000002
put 't1', 'r1', 'f2:c2', 'hello'
put 't1', 'r2', 'f1:c1', 'other row'
get 't1', 'r1'
scan 't1'
get 't1', 'r1', {COLUMN => 'f1:c1', VERSIONS => 3}
incr 't1', 'r1', 'f1:hits', 10
scan 't1', {STARTROW => 'r2', LIMIT => 10}
describe 't1'
`;

export const HBASE_EDITOR_TEXT_KEY = 'ob-playground-hbase';
