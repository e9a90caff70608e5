/**
 * Cluster-unique transaction ids that survive restarts (OceanBase's `ObTransID`, allocated from a
 * per-server id service whose high-water mark is persisted).
 *
 *   txId = serverId × 10^12 + (incarnation mod 10^4) × 10^8 + seq      (seq in [1, 10^8))
 *
 * The incarnation counts this server's lives: at boot `TxIdAllocator.open` reads it from a small
 * checksummed file on the server's FileSystem (`slog/tx_incarnation`: two copies of magic,
 * incarnation, CRC-32),
 * increments it, writes and flushes it before any id is handed out. A missing file starts above the
 * older `slog/boot_count` counter if present (so ids never repeat across the upgrade); a corrupt
 * file (both copies damaged) starts INCARNATION_CORRUPT_SKIP lives above anything readable. Why it matters: log streams
 * remember finished transactions' outcomes by id, so a reused id would let a new COMMIT be
 * answered with an old transaction's outcome — an acknowledged write lost.
 *
 * Invariants: every id ≤ Number.MAX_SAFE_INTEGER (asserted); ids of one life increase strictly;
 * lives 10^4 apart share the incarnation digits (outcomes that old are long forgotten).
 */
import CRC32 from 'crc-32';
import { assert } from '../common/assert';
import type { FileSystem } from '../env';

export const TX_INCARNATION_PATH = 'slog/tx_incarnation';
const LEGACY_BOOT_COUNT_PATH = 'slog/boot_count';
const MAGIC = 0x54584944; // "TXID"
const COPY_BYTES = 12;
/** Two identical copies, each checksummed: one damaged copy still leaves the count readable. */
const FILE_BYTES = 2 * COPY_BYTES;
/** Transaction ids one server life may hand out. */
export const TX_IDS_PER_LIFE = 100_000_000;
const INCARNATIONS = 10_000;
const SERVER_STRIDE = TX_IDS_PER_LIFE * INCARNATIONS; // 10^12
/** Lives skipped when the incarnation file is unreadable (corrupt): well above any recent life. */
export const INCARNATION_CORRUPT_SKIP = 1_000;
/** Largest server id whose ids stay within Number.MAX_SAFE_INTEGER. */
export const TX_ID_MAX_SERVER_ID = Math.floor((Number.MAX_SAFE_INTEGER - (SERVER_STRIDE - 1)) / SERVER_STRIDE);

export class TxIdAllocator {
  private nextSeq = 1;
  private readonly base: number;

  private constructor(
    readonly serverId: number,
    /** This life's number (1 on a fresh file system). */
    readonly incarnation: number,
  ) {
    assert(Number.isInteger(serverId) && serverId >= 1 && serverId <= TX_ID_MAX_SERVER_ID, `server id ${serverId} out of the transaction id range`);
    assert(Number.isInteger(incarnation) && incarnation >= 1, `bad incarnation ${incarnation}`);
    this.base = serverId * SERVER_STRIDE + (incarnation % INCARNATIONS) * TX_IDS_PER_LIFE;
  }

  /**
   * Boots the allocator of `serverId`: reads, increments, writes and flushes the incarnation file on
   * `fs` (one durable write per boot). Errors: the FileSystem's I/O errors (`Errors.ioError`).
   */
  static async open(fs: FileSystem, serverId: number): Promise<TxIdAllocator> {
    const incarnation = (await readIncarnation(fs)) + 1;
    const f = await fs.open(TX_INCARNATION_PATH);
    try {
      f.truncate(0);
      f.write(0, encodeIncarnation(incarnation));
      f.flush();
    } finally {
      f.close();
    }
    return new TxIdAllocator(serverId, incarnation);
  }

  /** A new transaction id (strictly increasing within this life). */
  next(): number {
    assert(this.nextSeq < TX_IDS_PER_LIFE, 'transaction ids of this server life exhausted');
    const id = this.base + this.nextSeq++;
    assert(id <= Number.MAX_SAFE_INTEGER, 'transaction id beyond Number.MAX_SAFE_INTEGER');
    return id;
  }

  /**
   * Defence in depth: an id seen in a log (replay) that this life could also hand out moves the
   * sequence past it, so it is never handed out again.
   */
  observe(txId: number): void {
    if (txId < this.base || txId >= this.base + TX_IDS_PER_LIFE) return;
    const seq = txId - this.base;
    if (seq >= this.nextSeq) this.nextSeq = seq + 1;
  }
}

/** Encodes the incarnation file: twice (magic u32, incarnation u32, CRC-32 of both), little-endian. */
export function encodeIncarnation(incarnation: number): Uint8Array {
  const out = new Uint8Array(FILE_BYTES);
  const v = new DataView(out.buffer);
  for (const at of [0, COPY_BYTES]) {
    v.setUint32(at, MAGIC, true);
    v.setUint32(at + 4, incarnation, true);
    v.setInt32(at + 8, CRC32.buf(out.subarray(at, at + 8)), true);
  }
  return out;
}

/** The incarnation of the copy at `at`, or null when it is damaged. */
function decodeCopy(bytes: Uint8Array, at: number): number | null {
  if (bytes.length < at + COPY_BYTES) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, COPY_BYTES);
  const ok = v.getUint32(0, true) === MAGIC && v.getInt32(8, true) === CRC32.buf(bytes.subarray(at, at + 8));
  return ok ? v.getUint32(4, true) : null;
}

/** The last life's incarnation (0: none); see the module comment for missing and corrupt files. */
async function readIncarnation(fs: FileSystem): Promise<number> {
  const legacy = await readLegacyBootCount(fs);
  if (!(await fs.exists(TX_INCARNATION_PATH))) return legacy;
  const f = await fs.open(TX_INCARNATION_PATH);
  let bytes: Uint8Array;
  try {
    bytes = f.read(0, FILE_BYTES);
  } finally {
    f.close();
  }
  const copies = [decodeCopy(bytes, 0), decodeCopy(bytes, COPY_BYTES)].filter((c): c is number => c !== null);
  if (copies.length > 0) return Math.max(legacy, ...copies);
  // Corrupt: start above anything a recent life could have used.
  return legacy + INCARNATION_CORRUPT_SKIP;
}

async function readLegacyBootCount(fs: FileSystem): Promise<number> {
  if (!(await fs.exists(LEGACY_BOOT_COUNT_PATH))) return 0;
  const f = await fs.open(LEGACY_BOOT_COUNT_PATH);
  try {
    const b = f.read(0, 4);
    return b.length === 4 ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) : 0;
  } finally {
    f.close();
  }
}
