/** The KV editor's first script (issue #5): inserts, a get, a batch and a query, each call's route shown. */

/** localStorage key of the KV editor's text. */
export const KV_SCRIPT_KEY = 'ob-playground-kv-script';

export const DEFAULT_KV_SCRIPT = `// OBKV-Table: the client computes each row's partition from its rowkey and sends the call
// straight to the leader of that partition's log stream (no SQL, no proxy).
// First create the table in the SQL tab (Alt+1):
//   CREATE TABLE kv_demo (k BIGINT PRIMARY KEY, v VARCHAR(64), n BIGINT)
//     PARTITION BY KEY(k) PARTITIONS 4;
// Then Run (Ctrl/Cmd+Enter). Every call's route is listed below and shown on the cluster.

for (let k = 1; k <= 6; k++) {
  // insertOrUpdate can run again; insert would fail with -5024 duplicate key the second time
  await client.insertOrUpdate('kv_demo', k, ['v', 'n'], [\`row \${k}\`, k * 10]);
}

print(await client.get('kv_demo', 2));           // one row: {} when missing

const batch = client.batch('kv_demo')             // split by partition, sent concurrently
  .increment(1, ['n'], [5], true)
  .get(3, ['v']);
print(await batch.execute());

const result = await client.query('kv_demo')      // every partition, in partition order
  .addScanRange([MIN], [MAX])
  .setFilter(compareVal('>=', 'n', 20))
  .select('k', 'v', 'n')
  .execute();
return result.rows;                               // a returned value is shown as a table
`;
