/**
 * SHOW CREATE TABLE text in OceanBase's format (reference §8.4): backquoted columns with MySQL
 * type names, `DEFAULT NULL` for nullable columns without a default, quoted default values,
 * an explicit `SKIP_INDEX(MIN_MAX, SUM)` column attribute (the automatic skip indexes of column
 * stores are not shown), `PRIMARY KEY`, `KEY ... BLOCK_SIZE 16384 LOCAL`, OceanBase's table
 * options line (ROW_FORMAT, COMPRESSION, BLOCK_SIZE as set), the column group clause after the
 * options (` WITH COLUMN GROUP(each column)` / `(all columns, each column)`, nothing for a row
 * store), and partitioning in lower case on the following lines.
 */
import { Decimal } from '../../common/decimal';
import { typeToSql, type Value } from '../../common/value';
import type { ColumnSchema, PartitionSchema, TableSchema } from '../../schema/schema';
import { ttlText } from '../../schema/kv_options';
import { formatValue } from '../plan/expr_api';
import { astText } from '../resolver/ast_text';

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function columnLine(c: ColumnSchema): string {
  const parts = [`\`${c.name}\``, typeToSql(c.type)];
  if (!c.nullable) parts.push('NOT NULL');
  if (c.defaultNow) parts.push('DEFAULT CURRENT_TIMESTAMP');
  else if (c.defaultValue !== undefined && c.defaultValue !== null) parts.push(`DEFAULT ${quote(formatValue(c.defaultValue, c.type) ?? '')}`);
  else if (c.nullable) parts.push('DEFAULT NULL');
  if (c.autoIncrement) parts.push('AUTO_INCREMENT');
  if (c.comment) parts.push(`COMMENT ${quote(c.comment)}`);
  if (c.skipIndex !== undefined && c.skipIndex.length > 0) parts.push(`SKIP_INDEX(${c.skipIndex.join(', ')})`);
  return `  ${parts.join(' ')}`;
}

function boundText(v: Value | 'MAXVALUE'): string {
  if (v === 'MAXVALUE') return 'MAXVALUE';
  if (v === null) return 'NULL';
  if (typeof v === 'string') return quote(v);
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

function partitionLine(p: PartitionSchema): string {
  if (p.lessThan) return `partition ${p.name} values less than (${p.lessThan.map(boundText).join(',')})`;
  if (p.isDefault) return `partition ${p.name} values in (DEFAULT)`;
  if (p.inValues) {
    const items = p.inValues.map((t) => (t.length === 1 ? boundText(t[0]) : `(${t.map(boundText).join(',')})`));
    return `partition ${p.name} values in (${items.join(',')})`;
  }
  return `partition ${p.name}`;
}

function partitionText(t: TableSchema): string {
  const s = t.partitionScheme;
  if (!s) return '';
  const kind = s.kind.toLowerCase();
  const exprs = s.exprs.map((e) => astText(e)).join(',');
  const lines = t.partitions.map(partitionLine);
  return `\n partition by ${kind}(${exprs})\n(${lines.join(',\n')})`;
}

function optionsLine(t: TableSchema, replicaNum: number): string {
  const o = t.options;
  const parts: string[] = [];
  if (o.autoIncrement !== undefined) parts.push(`AUTO_INCREMENT = ${o.autoIncrement}`);
  parts.push(`DEFAULT CHARSET = ${o.charset}`, `ROW_FORMAT = ${o.rowFormat ?? 'DYNAMIC'}`, `COMPRESSION = '${o.compression}'`, `REPLICA_NUM = ${replicaNum}`, `BLOCK_SIZE = ${o.blockSize}`, 'USE_BLOOM_FILTER = FALSE', 'TABLET_SIZE = 134217728', 'PCTFREE = 0');
  if (o.tablegroup !== undefined) parts.push(`TABLEGROUP = ${quote(o.tablegroup)}`);
  if (o.comment) parts.push(`COMMENT = ${quote(o.comment)}`);
  if (o.ttl !== undefined) parts.push(ttlText(o.ttl));
  if (o.kvAttributes !== undefined) parts.push(`KV_ATTRIBUTES = ${quote(o.kvAttributes)}`);
  if (o.storeFormat === 'column') parts.push('WITH COLUMN GROUP(each column)');
  if (o.storeFormat === 'hybrid') parts.push('WITH COLUMN GROUP(all columns, each column)');
  return parts.join(' ');
}

/** The `Create Table` text of a table. */
export function showCreateTableText(t: TableSchema, replicaNum = 1): string {
  const lines = t.columns.filter((c) => !c.hidden).map(columnLine);
  if (!t.isHeap) lines.push(`  PRIMARY KEY (${t.rowkey.map((i) => `\`${t.columns[i].name}\``).join(', ')})`);
  for (const k of t.indexes ?? []) lines.push(`  KEY \`${k.name}\` (${k.columns.map((c) => `\`${c}\``).join(', ')}) BLOCK_SIZE ${t.options.blockSize} LOCAL`);
  return `CREATE TABLE \`${t.name}\` (\n${lines.join(',\n')}\n) ${optionsLine(t, replicaNum)}${partitionText(t)}`;
}
