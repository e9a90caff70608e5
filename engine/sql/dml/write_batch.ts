/**
 * Groups a statement's row writes by partition so each tablet gets one `DasService.write` per
 * batch (OceanBase's DAS groups DML tasks per tablet), keeping the order of writes within a tablet.
 */
import type { TableSchema } from '../../schema/schema';
import type { DasService, RowWrite } from '../exec_context';

/** Writes per batch and tablet before flushing. */
export const WRITE_BATCH_ROWS = 4096;

export class WriteBatch {
  private readonly byPartition = new Map<number, RowWrite[]>();
  private pending = 0;
  /** Partitions written so far (for DISTRIBUTED DML decisions and tests). */
  readonly touched = new Set<number>();

  constructor(
    private readonly das: DasService,
    private readonly table: TableSchema,
  ) {}

  async add(partition: number, w: RowWrite): Promise<void> {
    let list = this.byPartition.get(partition);
    if (!list) this.byPartition.set(partition, (list = []));
    list.push(w);
    this.touched.add(partition);
    if (++this.pending >= WRITE_BATCH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    const entries = [...this.byPartition.entries()].sort((a, b) => a[0] - b[0]);
    this.byPartition.clear();
    this.pending = 0;
    for (const [p, writes] of entries) await this.das.write(this.table, this.table.partitions[p], writes);
  }
}
