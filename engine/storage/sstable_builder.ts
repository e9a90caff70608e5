/**
 * `SSTableBuilder`: writes an SSTable from a stream of row versions in (rowkey asc, SCN desc)
 * order (OceanBase's macroblock writer under `ObPartitionMerger`). Rows fill a microblock up to
 * the tablet's `microBlockBytes`; sealed microblocks fill a 2 MiB macroblock, which is written to
 * a freshly allocated block when full. An incremental major may append a macroblock of the old
 * major unchanged (`appendReused`): the open macroblock is sealed first so the order holds.
 *
 * Two formats:
 * - flat (minis, minors): multi-version rows (microblock.ts), macroblock version 1;
 * - encoded (majors, one column group each): `addEncoded` takes the group's values of a row, the
 *   microblock is cut when its estimated size before compression reaches `microBlockBytes`
 *   (the estimate learns the encoding ratio of the previous microblock, so a 16 KiB block of a
 *   well-encoded column holds many rows), the skip-index aggregates of each microblock go into
 *   the macroblock's index (version 2) and are rolled up into the macroblock and SSTable metas.
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
import { ByteWriter } from '../common/row_codec';
import type { Value } from '../common/value';
import type { SstableType } from '../server/snapshot';
import type { BlockManager } from './block_manager';
import { ENCODED_MICRO_ROWS_MAX, EncodedMicroWriter, type EncodedGroupSpec } from './encoded_microblock';
import type { ColumnClass } from './encoding/types';
import { MACRO_VERSION, MACRO_VERSION_AUX, MacroBlockWriter } from './macroblock';
import { MICRO_HEADER_BYTES, MicroBlockWriter } from './microblock';
import { rollUp, storedFromJson, storedToJson, writeStats, type StoredStats } from './skip_index';
import { SSTable, SSTABLE_FORMAT_VERSION, type ColumnGroupMeta, type MacroBlockMeta, type SSTableMeta } from './sstable';

/** What the caller knows about the table being built (the rest is measured). */
export interface SSTableBuildInfo {
  seq: number;
  startScn: Scn;
  endScn: Scn;
  endLsn: number;
}

/** An encoded column group to build (the group's meta minus the measured aggregates). */
export interface EncodedBuildSpec extends EncodedGroupSpec {
  name: string;
  columns: number[];
}

export class SSTableBuilder {
  private readonly micro: MicroBlockWriter | null;
  private readonly enc: EncodedMicroWriter | null;
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
  /** Encoded: encoded/raw size ratio of the last microblock (size estimate for the next one). */
  private ratio = 1;
  /** Encoded: per open macroblock, its microblocks' stats, RAW bytes and row checksum. */
  private macroStats: (StoredStats | null)[][] = [];
  private macroRaw = 0;
  /** Encoded: per macroblock written or reused, its rolled-up stats (for the SSTable's). */
  private readonly perMacro: (StoredStats | null)[][] = [];
  private macroChecksum = 0;
  private microChecksum = 0;
  private rawTotal = 0;
  private readonly statsWriter = new ByteWriter(256);
  /** Versions added (reused macroblocks included). */
  rowCount = 0;
  /** Microblocks sealed so far (callers yield per microblock). */
  microBlocksSealed = 0;

  constructor(
    private readonly bm: BlockManager,
    readonly kind: SstableType,
    private readonly microBlockBytes: number,
    /** Encoded column group (majors); absent: flat multi-version rows. */
    private readonly encoded?: EncodedBuildSpec,
  ) {
    assert(microBlockBytes > MICRO_HEADER_BYTES, 'microblock size too small');
    this.macro = new MacroBlockWriter(kind, encoded === undefined ? MACRO_VERSION : MACRO_VERSION_AUX);
    this.micro = encoded === undefined ? new MicroBlockWriter(kind === 'MAJOR') : null;
    this.enc = encoded === undefined ? null : new EncodedMicroWriter(encoded);
  }

  private checkOrder(key: EncodedRowkey, scn: Scn, isDelete: boolean): void {
    assert(!this.done, 'add after finish');
    const last = this.lastKey;
    assert(last === null || key > last || (key === last && scn < this.lastScn), 'SSTable rows out of order');
    if (this.kind === 'MAJOR') assert(!isDelete && key !== last, 'a major holds one live version per key');
    this.lastKey = key;
    this.lastScn = scn;
    if (scn < this.minScn) this.minScn = scn;
    if (scn > this.maxScn) this.maxScn = scn;
    this.rowCount++;
  }

  /** Appends one version (flat): a row image, its row_codec bytes, or null for a delete marker. */
  add(key: EncodedRowkey, scn: Scn, row: Value[] | Uint8Array | null): void {
    const micro = this.micro;
    assert(micro !== null, 'flat add on an encoded builder');
    this.checkOrder(key, scn, row === null);
    micro.add(key, scn, row);
    if (MICRO_HEADER_BYTES + micro.payloadBytes >= this.microBlockBytes) this.sealMicro();
  }

  /**
   * Appends one row of an encoded column group (a full row: the group picks its columns);
   * `rowHash` is the row's logical hash (summed into the macroblock's checksum; 0 in unkeyed
   * groups, whose rows the keyed group already counts).
   */
  addEncoded(key: EncodedRowkey, scn: Scn, row: readonly Value[], rowHash: number): void {
    const enc = this.enc;
    assert(enc !== null, 'encoded add on a flat builder');
    if (this.encoded!.keyed) this.checkOrder(key, scn, false);
    else {
      // Unkeyed groups receive the keyed group's rows; it checks their order.
      this.lastKey = key;
      if (scn < this.minScn) this.minScn = scn;
      if (scn > this.maxScn) this.maxScn = scn;
      this.rowCount++;
    }
    enc.add(key, scn, row, this.encoded!.columns);
    this.microChecksum = (this.microChecksum + rowHash) >>> 0;
    if (enc.rawEstimate * this.ratio >= this.microBlockBytes || enc.rowCount >= ENCODED_MICRO_ROWS_MAX) this.sealMicro();
  }

  /** Appends macroblock `m` of an older major unchanged (incremental major compaction). */
  appendReused(m: MacroBlockMeta, minScn: Scn, maxScn: Scn): void {
    assert(!this.done && this.kind === 'MAJOR', 'only a major reuses macroblocks');
    assert(this.lastKey === null || m.firstKey > this.lastKey, 'reused macroblock out of order');
    this.sealMicro();
    this.sealMacro();
    this.macros.push({ ...m, firstRowOrdinal: this.rowCount, reused: true });
    const spec = this.encoded;
    if (spec !== undefined) this.perMacro.push(spec.classes.map((c, j) => (c === null ? null : storedFromJson(m.stats?.[j], c))));
    this.rawTotal += m.rawBytes ?? 0;
    this.reused++;
    this.rowCount += m.rowCount;
    this.lastKey = m.lastKey;
    this.lastScn = -1n as Scn;
    if (minScn < this.minScn) this.minScn = minScn;
    if (maxScn > this.maxScn) this.maxScn = maxScn;
  }

  private sealMicro(): void {
    if (this.enc !== null) return this.sealEncodedMicro(this.enc);
    const micro = this.micro!;
    if (micro.rowCount === 0) return;
    const bytes = micro.build();
    const { firstKey, lastKey } = micro;
    this.fitOrSeal(bytes.length, firstKey, lastKey, 0);
    this.macro.add(bytes, micro.rowCount, firstKey, lastKey, micro.rowChecksum);
    micro.reset();
    this.microBlocksSealed++;
  }

  private sealEncodedMicro(enc: EncodedMicroWriter): void {
    if (enc.rowCount === 0) return;
    const built = enc.build();
    const sw = this.statsWriter;
    sw.reset();
    writeStats(sw, built.stats);
    const aux = sw.finish();
    this.fitOrSeal(built.bytes.length, built.firstKey, built.lastKey, aux.length);
    this.macro.add(built.bytes, built.rowCount, built.firstKey, built.lastKey, 0, aux);
    this.macroChecksum = (this.macroChecksum + this.microChecksum) >>> 0;
    this.microChecksum = 0;
    this.macroStats.push(built.stats);
    this.macroRaw += built.rawBytes;
    const estimate = enc.rawEstimate;
    this.ratio = estimate > 0 ? Math.min(1, Math.max(1 / 64, built.encodedBytes / estimate)) : 1;
    enc.reset();
    this.microBlocksSealed++;
  }

  private fitOrSeal(bytes: number, first: EncodedRowkey, last: EncodedRowkey, aux: number): void {
    if (this.macro.fits(bytes, first, last, aux)) return;
    this.sealMacro();
    if (!this.macro.fits(bytes, first, last, aux)) {
      throw Errors.notSupported(`A row of more than ${bytes} bytes (larger than a 2 MiB macroblock) is`);
    }
  }

  private sealMacro(): void {
    const w = this.macro;
    if (w.microCount === 0) return;
    const blockId = this.bm.alloc();
    this.allocated.push(blockId);
    const bytes = w.build(blockId);
    this.bm.write(blockId, bytes);
    const meta: MacroBlockMeta = {
      blockId,
      firstKey: w.firstKey,
      lastKey: w.lastKey,
      rowCount: w.rowCount,
      microBlockCount: w.microCount,
      usedBytes: bytes.length,
      rowChecksum: this.enc === null ? w.rowChecksum : this.macroChecksum,
    };
    if (this.encoded !== undefined) {
      meta.firstRowOrdinal = this.rowCount - w.rowCount - (this.enc?.rowCount ?? 0);
      meta.rawBytes = this.macroRaw;
      const rolled = rollUp(this.macroStats, this.classesForStats());
      this.perMacro.push(rolled);
      meta.stats = this.rolledJson(rolled);
      this.rawTotal += this.macroRaw;
    }
    this.macros.push(meta);
    this.macroStats = [];
    this.macroRaw = 0;
    this.macroChecksum = 0;
    w.reset();
  }

  private classesForStats(): ColumnClass[] {
    return this.encoded!.classes.map((c) => c ?? { kind: 'int' });
  }

  private rolledJson(stats: (StoredStats | null)[]): (ReturnType<typeof storedToJson>)[] {
    const classes = this.encoded!.classes;
    return stats.map((s, j) => (classes[j] === null ? null : storedToJson(s, classes[j]!)));
  }

  /** Seals everything, makes it durable and returns the SSTable (holding its owner reference).
   *  `columnGroups`: a columnar major's `each column` SSTables (already finished), listed in the
   *  meta and owned by the returned table. */
  finish(info: SSTableBuildInfo, extra?: { columnGroups?: SSTable[]; storeFormat?: SSTableMeta['storeFormat'] }): SSTable {
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
      format: this.encoded === undefined ? 'flat' : 'encoded',
    };
    const spec = this.encoded;
    if (spec !== undefined) {
      const group: ColumnGroupMeta = {
        name: spec.name,
        columns: spec.columns,
        keyed: spec.keyed,
        classes: spec.classes.slice(),
        skipBits: spec.skipBits.slice(),
        stats: this.rolledJson(rollUp(this.perMacro, this.classesForStats())),
      };
      meta.compression = spec.compression;
      meta.rawBytes = this.rawTotal;
      meta.group = group;
    }
    if (extra?.storeFormat !== undefined) meta.storeFormat = extra.storeFormat;
    const cgs = extra?.columnGroups ?? [];
    if (cgs.length > 0) meta.columnGroups = cgs.map((t) => t.meta);
    const table = SSTable.open(meta, this.bm);
    for (const id of this.allocated) this.bm.free(id);
    // The opened table took its own references on the column groups' blocks.
    for (const g of cgs) g.release();
    return table;
  }

  /** Abandons the build: the written blocks lose the builder's reference. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    for (const id of this.allocated) this.bm.free(id);
  }
}
