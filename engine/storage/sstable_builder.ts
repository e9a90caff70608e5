/**
 * `SSTableBuilder`: writes an SSTable from a stream of row versions in (rowkey asc, SCN desc)
 * order (OceanBase's macroblock writer under `ObPartitionMerger`). Rows fill a microblock up to
 * the tablet's `microBlockBytes`; sealed microblocks fill a 2 MiB macroblock, which is written to
 * a freshly allocated block when full. An incremental major may append a macroblock of the old
 * major unchanged (`appendReused`): the open macroblock is sealed first so the order holds.
 *
 * `finish()` flushes the block file (blocks are durable before any meta lists them) and returns
 * the opened SSTable; `abort()` gives the written blocks back. Invariants (asserted): versions
 * strictly increase in (key asc, SCN desc) order across the whole table; a MAJOR has no delete
 * markers and one version per key.
 */
import { assert } from '../common/assert';
import { SCN_MAX, type Scn } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { SstableType } from '../server/snapshot';
import type { BlockManager } from './block_manager';
import { MacroBlockWriter } from './macroblock';
import { MICRO_HEADER_BYTES, MicroBlockWriter } from './microblock';
import { SSTable, SSTABLE_FORMAT_VERSION, type MacroBlockMeta, type SSTableMeta } from './sstable';

/** What the caller knows about the table being built (the rest is measured). */
export interface SSTableBuildInfo {
  seq: number;
  startScn: Scn;
  endScn: Scn;
  endLsn: number;
}

export class SSTableBuilder {
  private readonly micro: MicroBlockWriter;
  private readonly macro: MacroBlockWriter;
  private readonly macros: MacroBlockMeta[] = [];
  /** Blocks this builder allocated (it holds one reference on each until finish/abort). */
  private readonly allocated: number[] = [];
  private lastKey: EncodedRowkey | null = null;
  private lastScn: Scn = 0n as Scn;
  private minScn: Scn = SCN_MAX;
  private maxScn: Scn = 0n as Scn;
  private reused = 0;
  private done = false;
  /** Versions added (reused macroblocks included). */
  rowCount = 0;
  /** Microblocks sealed so far (callers yield per microblock). */
  microBlocksSealed = 0;

  constructor(
    private readonly bm: BlockManager,
    readonly kind: SstableType,
    private readonly microBlockBytes: number,
  ) {
    assert(microBlockBytes > MICRO_HEADER_BYTES, 'microblock size too small');
    this.macro = new MacroBlockWriter(kind);
    this.micro = new MicroBlockWriter(kind === 'MAJOR');
  }

  /** Appends one version: a row image, its row_codec bytes, or null for a delete marker. */
  add(key: EncodedRowkey, scn: Scn, row: Value[] | Uint8Array | null): void {
    assert(!this.done, 'add after finish');
    const last = this.lastKey;
    assert(last === null || key > last || (key === last && scn < this.lastScn), 'SSTable rows out of order');
    if (this.kind === 'MAJOR') assert(row !== null && key !== last, 'a major holds one live version per key');
    this.micro.add(key, scn, row);
    this.lastKey = key;
    this.lastScn = scn;
    if (scn < this.minScn) this.minScn = scn;
    if (scn > this.maxScn) this.maxScn = scn;
    this.rowCount++;
    if (MICRO_HEADER_BYTES + this.micro.payloadBytes >= this.microBlockBytes) this.sealMicro();
  }

  /** Appends macroblock `m` of an older major unchanged (incremental major compaction). */
  appendReused(m: MacroBlockMeta, minScn: Scn, maxScn: Scn): void {
    assert(!this.done && this.kind === 'MAJOR', 'only a major reuses macroblocks');
    assert(this.lastKey === null || m.firstKey > this.lastKey, 'reused macroblock out of order');
    this.sealMicro();
    this.sealMacro();
    this.macros.push(m);
    this.reused++;
    this.rowCount += m.rowCount;
    this.lastKey = m.lastKey;
    this.lastScn = -1n as Scn;
    if (minScn < this.minScn) this.minScn = minScn;
    if (maxScn > this.maxScn) this.maxScn = maxScn;
  }

  private sealMicro(): void {
    if (this.micro.rowCount === 0) return;
    const bytes = this.micro.build();
    const { firstKey, lastKey } = this.micro;
    if (!this.macro.fits(bytes.length, firstKey, lastKey)) {
      this.sealMacro();
      if (!this.macro.fits(bytes.length, firstKey, lastKey)) {
        throw Errors.notSupported(`A row of more than ${bytes.length} bytes (larger than a 2 MiB macroblock) is`);
      }
    }
    this.macro.add(bytes, this.micro.rowCount, firstKey, lastKey, this.micro.rowChecksum);
    this.micro.reset();
    this.microBlocksSealed++;
  }

  private sealMacro(): void {
    const w = this.macro;
    if (w.microCount === 0) return;
    const blockId = this.bm.alloc();
    this.allocated.push(blockId);
    const bytes = w.build(blockId);
    this.bm.write(blockId, bytes);
    this.macros.push({
      blockId,
      firstKey: w.firstKey,
      lastKey: w.lastKey,
      rowCount: w.rowCount,
      microBlockCount: w.microCount,
      usedBytes: bytes.length,
      rowChecksum: w.rowChecksum,
    });
    w.reset();
  }

  /** Seals everything, makes it durable and returns the SSTable (holding its owner reference). */
  finish(info: SSTableBuildInfo): SSTable {
    assert(!this.done, 'finish twice');
    this.sealMicro();
    this.sealMacro();
    this.done = true;
    if (this.allocated.length > 0) this.bm.flush();
    const empty = this.rowCount === 0;
    const meta: SSTableMeta = {
      formatVersion: SSTABLE_FORMAT_VERSION,
      kind: this.kind,
      seq: info.seq,
      startScn: info.startScn.toString(),
      endScn: info.endScn.toString(),
      minVersionScn: (empty ? 0n : this.minScn).toString(),
      maxVersionScn: (empty ? 0n : this.maxScn).toString(),
      endLsn: info.endLsn,
      rowCount: this.rowCount,
      bytes: this.macros.reduce((n, m) => n + m.usedBytes, 0),
      checksum: this.macros.reduce((n, m) => (n + m.rowChecksum) >>> 0, 0),
      macroBlocks: this.macros,
      reusedMacroBlockCount: this.reused,
    };
    const table = SSTable.open(meta, this.bm);
    for (const id of this.allocated) this.bm.free(id);
    return table;
  }

  /** Abandons the build: the written blocks lose the builder's reference. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    for (const id of this.allocated) this.bm.free(id);
  }
}
