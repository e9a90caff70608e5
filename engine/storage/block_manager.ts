/**
 * The block manager: one server's block file of 2 MiB macroblocks (OceanBase's
 * `ObBlockManager` over the data file `block_file`). Macroblock i is at byte i × MACRO_BLOCK_BYTES
 * of `data/block_file` on the injected `FileSystem`.
 *
 * Space management by reference count: `alloc()` hands out a free block with one reference (the
 * writer's); every SSTable that lists a block holds one reference (a macroblock reused by an
 * incremental major is held by the old and the new major). When the count reaches zero the
 * block is *pending free*, not free: the last persisted checkpoint may still list it, and
 * overwriting it before a newer checkpoint is durable would lose data at a crash. The server
 * persists its checkpoint between `markFreePoint()` and `releaseFreed(mark)`; blocks pending
 * before the mark become reusable then. At restart nothing is referenced until the tablets'
 * metas are restored (`markUsed`); every other block is free.
 *
 * Reads go through `readMicroBlock`, which checks the microblock's CRC (a mismatch is
 * `Errors.checksumError(file, blockId)`) and keeps the decoded rows in the block cache.
 */
import { assert } from '../common/assert';
import { BLOCK_CACHE_BYTES, MACRO_BLOCK_BYTES } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { FileHandle, FileSystem } from '../env';
import { BlockCache } from './block_cache';
import { decodeMacroHeader, decodeMacroIndex, MACRO_HEADER_BYTES, type MacroBlockIndex, type MicroIndexEntry } from './macroblock';
import { decodeEncodedMicroBlock, ENCODED_MICRO_VERSION } from './encoded_microblock';
import { decodeMicroBlock, type MicroRows } from './microblock';

export const BLOCK_FILE_PATH = 'data/block_file';

export interface BlockManagerStats {
  /** Blocks referenced by SSTables (or being written). */
  usedBlockCount: number;
  /** Blocks unreferenced but not reusable until the next checkpoint. */
  pendingFreeBlockCount: number;
  freeBlockCount: number;
  fileBytes: number;
  blockCacheHits: number;
  blockCacheMisses: number;
}

export class BlockManager {
  readonly cache: BlockCache;
  private readonly refs = new Map<number, number>();
  /** Unreferenced blocks waiting for a checkpoint, with the free epoch they entered at. */
  private readonly pending: { blockId: number; epoch: number }[] = [];
  /** Reusable block ids, sorted descending (pop → lowest id). */
  private freeIds: number[] = [];
  private freeStale = true;
  private epoch = 0;
  /** Number of block slots the file has (ids < highWater exist or existed). */
  private highWater: number;

  private constructor(
    private readonly fh: FileHandle,
    cacheBytes: number,
  ) {
    this.cache = new BlockCache(cacheBytes);
    this.highWater = Math.ceil(fh.size() / MACRO_BLOCK_BYTES);
  }

  /** Opens (creating if needed) the block file at `path`. No block is in use until `markUsed`. */
  static async open(fs: FileSystem, path = BLOCK_FILE_PATH, cacheBytes = BLOCK_CACHE_BYTES): Promise<BlockManager> {
    return new BlockManager(await fs.open(path), cacheBytes);
  }

  get path(): string {
    return this.fh.path;
  }

  /** A free macroblock id holding one reference (the caller's); the lowest free id first. */
  alloc(): number {
    if (this.freeStale) this.rebuildFree();
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.highWater++;
    assert(!this.refs.has(id), `allocated block ${id} is in use`);
    this.refs.set(id, 1);
    return id;
  }

  /** Writes a whole macroblock image (≤ 2 MiB) into block `blockId`'s slot. */
  write(blockId: number, bytes: Uint8Array): void {
    assert(this.refs.has(blockId), `write to unallocated block ${blockId}`);
    assert(bytes.length <= MACRO_BLOCK_BYTES, 'macroblock larger than 2 MiB');
    this.cache.evictBlock(blockId);
    this.fh.write(blockId * MACRO_BLOCK_BYTES, bytes);
  }

  /** Reads `length` bytes at `offset` inside block `blockId`; a short read is a checksum error. */
  read(blockId: number, offset: number, length: number): Uint8Array {
    assert(offset >= 0 && offset + length <= MACRO_BLOCK_BYTES, 'read outside the macroblock');
    const bytes = this.fh.read(blockId * MACRO_BLOCK_BYTES + offset, length);
    if (bytes.length !== length) throw Errors.checksumError(this.path, blockId);
    return bytes;
  }

  /** Reads and checks block `blockId`'s header and microblock index. */
  readMacroIndex(blockId: number): MacroBlockIndex {
    const src = { file: this.path, blockId };
    const header = decodeMacroHeader(this.read(blockId, 0, MACRO_HEADER_BYTES), src);
    return decodeMacroIndex(header, this.read(blockId, header.indexOffset, header.indexBytes), src);
  }

  /**
   * One decoded microblock — flat rows or an encoded block (told apart by its header's version
   * byte) — from the block cache or read, checked and cached. The cache charges an encoded
   * block its on-disk and decompressed bytes; column vectors decoded later stay with it.
   */
  readMicroBlock(blockId: number, entry: MicroIndexEntry): MicroRows {
    const cached = this.cache.get(blockId, entry.offset);
    if (cached !== undefined) return cached;
    const bytes = this.read(blockId, entry.offset, entry.length);
    const src = { file: this.path, blockId };
    let micro: MicroRows;
    if (bytes.length > 4 && bytes[4] === ENCODED_MICRO_VERSION) {
      micro = decodeEncodedMicroBlock(bytes, src);
    } else {
      micro = decodeMicroBlock(bytes, src);
    }
    if (micro.rowCount !== entry.rowCount) throw Errors.checksumError(this.path, blockId);
    this.cache.put(blockId, entry.offset, micro);
    return micro;
  }

  /** Adds a reference to a block in use (an SSTable reusing it). */
  ref(blockId: number): void {
    const n = this.refs.get(blockId);
    assert(n !== undefined && n > 0, `ref of unused block ${blockId}`);
    this.refs.set(blockId, n + 1);
  }

  /** Drops a reference; at zero the block becomes pending free (reusable after a checkpoint). */
  free(blockId: number): void {
    const n = this.refs.get(blockId);
    assert(n !== undefined && n > 0, `free of unused block ${blockId}`);
    if (n > 1) {
      this.refs.set(blockId, n - 1);
      return;
    }
    this.refs.delete(blockId);
    this.cache.evictBlock(blockId);
    this.pending.push({ blockId, epoch: this.epoch });
  }

  /**
   * Restart: the blocks listed by a restored SSTable are in use (one reference per call). Must
   * run before any `alloc()` that could hand them out, i.e. when tablets are restored.
   */
  markUsed(blockIds: Iterable<number>): void {
    for (const id of blockIds) {
      assert(Number.isInteger(id) && id >= 0, `bad block id ${id}`);
      this.refs.set(id, (this.refs.get(id) ?? 0) + 1);
      if (id >= this.highWater) this.highWater = id + 1;
    }
    this.freeStale = true;
  }

  /** Starts a checkpoint: returns a mark for `releaseFreed` once the checkpoint is durable. */
  markFreePoint(): number {
    return this.epoch++;
  }

  /** The checkpoint taken at `mark` is durable: blocks freed before it become reusable. */
  releaseFreed(mark: number): void {
    let kept = 0;
    for (const p of this.pending) {
      if (p.epoch <= mark) {
        this.freeIds.push(p.blockId);
      } else {
        this.pending[kept++] = p;
      }
    }
    this.pending.length = kept;
    this.freeIds.sort((a, b) => b - a);
  }

  /** Makes every block written so far durable (before a meta that lists them is persisted). */
  flush(): void {
    this.fh.flush();
  }

  isUsed(blockId: number): boolean {
    return this.refs.has(blockId);
  }

  refCount(blockId: number): number {
    return this.refs.get(blockId) ?? 0;
  }

  stats(): BlockManagerStats {
    if (this.freeStale) this.rebuildFree();
    return {
      usedBlockCount: this.refs.size,
      pendingFreeBlockCount: this.pending.length,
      freeBlockCount: this.freeIds.length,
      fileBytes: this.fh.size(),
      blockCacheHits: this.cache.hits,
      blockCacheMisses: this.cache.misses,
    };
  }

  close(): void {
    this.fh.close();
  }

  private rebuildFree(): void {
    const pending = new Set(this.pending.map((p) => p.blockId));
    const free: number[] = [];
    for (let id = this.highWater - 1; id >= 0; id--) if (!this.refs.has(id) && !pending.has(id)) free.push(id);
    this.freeIds = free;
    this.freeStale = false;
  }
}
