/** The editor's first content (and what it falls back to when the saved text is empty). */
export const DEFAULT_SCRIPT = `-- OceanBase playground: tenant \`test\`, database \`test\`.
-- Ctrl/Cmd+Enter runs the statement at the cursor (or the selection);
-- Shift+Ctrl/Cmd+Enter runs everything.
CREATE TABLE t1 (c1 INT PRIMARY KEY, c2 VARCHAR(20));
INSERT INTO t1 VALUES (1, 'one'), (2, 'two'), (3, NULL);
SELECT * FROM t1;
EXPLAIN SELECT * FROM t1 WHERE c1 = 2;
SELECT ls_id, svr_ip, zone, role FROM oceanbase.DBA_OB_LS_LOCATIONS ORDER BY ls_id, zone;
`;

export const EDITOR_TEXT_KEY = 'ob-playground-sql';
