/**
 * `oceanbase.DBA_OB_TABLEGROUPS` (issue #5, reference §5 view catalogue): the session tenant's
 * tablegroups from its schema — `TABLEGROUP_NAME, PARTITIONING_TYPE, SUBPARTITIONING_TYPE,
 * PARTITION_COUNT, DEF_SUBPARTITION_COUNT, PARTITIONING_KEY_COUNT, SUBPARTITIONING_KEY_COUNT,
 * SHARDING`, by name.
 *
 * Since V4.2 a tablegroup has no partitioning of its own (its tables' partitioning and SHARDING
 * decide the alignment), so the partitioning columns read NONE / 0 as OceanBase shows them for
 * such a tablegroup. Also `tablegroupOf`, which the table-location views use for their
 * TABLEGROUP_NAME / TABLEGROUP_ID / SHARDING columns.
 */
import type { Value } from '../../common/value';
import type { TablegroupSchema } from '../../schema/schema';
import type { SchemaGuard } from '../exec_context';
import { BIGINT, col, recordsToRows, varchar } from './format';
import type { ViewSpec } from './view';

const TABLEGROUPS_COLUMNS = [
  col('TABLEGROUP_NAME', varchar(128)),
  col('PARTITIONING_TYPE', varchar(13)),
  col('SUBPARTITIONING_TYPE', varchar(13)),
  col('PARTITION_COUNT', BIGINT),
  col('DEF_SUBPARTITION_COUNT', BIGINT),
  col('PARTITIONING_KEY_COUNT', BIGINT),
  col('SUBPARTITIONING_KEY_COUNT', BIGINT),
  col('SHARDING', varchar(10)),
];

/** The tablegroup a table (by database and name) belongs to, from the tenant schema. */
export function tablegroupOf(schema: SchemaGuard | undefined, db: string, table: string): TablegroupSchema | undefined {
  const name = schema?.getTable(db, table)?.options.tablegroup;
  if (name === undefined) return undefined;
  return schema!.listTablegroups?.().find((tg) => tg.name.toLowerCase() === name.toLowerCase());
}

export const DBA_OB_TABLEGROUPS: ViewSpec = {
  name: 'DBA_OB_TABLEGROUPS',
  db: 'oceanbase',
  scope: 'any',
  schemaOnly: true,
  columns: TABLEGROUPS_COLUMNS,
  rows(ctx) {
    const groups = ctx.schema?.listTablegroups?.() ?? [];
    return recordsToRows(TABLEGROUPS_COLUMNS, groups.map((tg): Record<string, Value> => ({
      TABLEGROUP_NAME: tg.name,
      PARTITIONING_TYPE: 'NONE',
      SUBPARTITIONING_TYPE: 'NONE',
      PARTITION_COUNT: 0,
      DEF_SUBPARTITION_COUNT: 0,
      PARTITIONING_KEY_COUNT: 0,
      SUBPARTITIONING_KEY_COUNT: 0,
      SHARDING: tg.sharding,
    })));
  },
};

export const TABLEGROUP_VIEWS: readonly ViewSpec[] = [DBA_OB_TABLEGROUPS];
