/**
 * The block cache: decoded microblocks, least recently used first out (OceanBase's block cache,
 * `ObMicroBlockCache`). One per server, shared by its tablets; the budget counts the
 * microblocks' on-disk bytes (`BLOCK_CACHE_BYTES`). Hits and misses are counted for the
 * server's counters.
 *
 * Keys are (block id, offset in the macroblock) packed into one number, so a lookup allocates
 * nothing. Invariant: a cached entry always matches the bytes on disk — `BlockManager` evicts a
 * block's entries whenever the block is written or freed.
 */
import { assert } from '../common/assert';
import { MACRO_BLOCK_BYTES } from '../common/limits';
import type { MicroRows } from './microblock';

interface Entry {
  micro: MicroRows;
  /** Bytes charged: the micro's `encodedBytes` at put. */
  charge: number;
}

const cacheKey = (blockId: number, offset: number) => blockId * MACRO_BLOCK_BYTES + offset;

export class BlockCache {
  hits = 0;
  misses = 0;
  private bytes = 0;
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  private readonly entries = new Map<number, Entry>();

  constructor(readonly capacityBytes: number) {
    assert(capacityBytes > 0, 'block cache needs a positive budget');
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached microblock at (`blockId`, `offset`), counting a hit or a miss. */
  get(blockId: number, offset: number): MicroRows | undefined {
    const k = cacheKey(blockId, offset);
    const e = this.entries.get(k);
    if (e === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(k);
    this.entries.set(k, e);
    return e.micro;
  }

  put(blockId: number, offset: number, micro: MicroRows): void {
    const k = cacheKey(blockId, offset);
    const old = this.entries.get(k);
    if (old !== undefined) {
      this.bytes -= old.charge;
      this.entries.delete(k);
    }
    this.entries.set(k, { micro, charge: micro.encodedBytes });
    this.bytes += micro.encodedBytes;
    this.evictOver(k);
  }

  private evictOver(keep: number): void {
    for (const [key, e] of this.entries) {
      if (this.bytes <= this.capacityBytes) break;
      if (key === keep) continue;
      this.entries.delete(key);
      this.bytes -= e.charge;
    }
  }

  /** Drops every entry of `blockId` (the block was rewritten or freed). */
  evictBlock(blockId: number): void {
    const lo = blockId * MACRO_BLOCK_BYTES;
    const hi = lo + MACRO_BLOCK_BYTES;
    for (const [key, e] of this.entries) {
      if (key >= lo && key < hi) {
        this.entries.delete(key);
        this.bytes -= e.charge;
      }
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
