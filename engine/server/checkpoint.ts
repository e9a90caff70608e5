/**
 * The server's storage checkpoint (OceanBase's slog checkpoint / tenant super block): which
 * tablets exist with which SSTables (`TabletMeta`), and where each log stream's replay must start.
 *
 * Two slot files (`slog/checkpoint.0`, `slog/checkpoint.1`) are written alternately, each
 * `magic 'OBCK' | version u32 | sequence f64 | body length u32 | crc-32 u32 | JSON body`, flushed.
 * Recovery takes the valid slot with the higher sequence, so a write torn by a crash leaves the
 * previous checkpoint intact. A slot that fails its checksum is ignored (and named in the log).
 */
import CRC32 from 'crc-32';
import { fromJson, toJson } from '../common/json';
import { ByteReader, ByteWriter } from '../common/row_codec';
import type { FileSystem } from '../env';
import type { TabletMeta } from '../storage/types';

const MAGIC = 0x4b43424f; // 'OBCK' little-endian
const VERSION = 1;

export interface CheckpointBody {
  tablets: TabletMeta[];
  /** Replay start LSN per log stream, keyed `tenantId/lsId`. */
  replayStart: Record<string, number>;
}

export interface Checkpoint extends CheckpointBody {
  sequence: number;
}

const slotPath = (i: number) => `slog/checkpoint.${i}`;

export async function readCheckpoint(fs: FileSystem, onBadSlot: (path: string) => void = () => {}): Promise<Checkpoint | null> {
  let best: Checkpoint | null = null;
  for (const i of [0, 1]) {
    const path = slotPath(i);
    if (!(await fs.exists(path))) continue;
    const f = await fs.open(path);
    try {
      const bytes = f.read(0, f.size());
      if (bytes.length === 0) continue;
      const r = new ByteReader(bytes, path);
      if (r.u32() !== MAGIC || r.u32() !== VERSION) {
        onBadSlot(path);
        continue;
      }
      const sequence = r.f64();
      const len = r.u32();
      const crc = r.u32();
      if (len > r.remaining) {
        onBadSlot(path);
        continue;
      }
      const body = r.bytes(len);
      if ((CRC32.buf(body) >>> 0) !== crc) {
        onBadSlot(path);
        continue;
      }
      const parsed = fromJson<CheckpointBody>(new TextDecoder().decode(body));
      if (!best || sequence > best.sequence) best = { ...parsed, sequence };
    } finally {
      f.close();
    }
  }
  return best;
}

/** Writes the checkpoint into the slot not holding `previous`, then flushes. */
export async function writeCheckpoint(fs: FileSystem, body: CheckpointBody, previousSequence: number): Promise<number> {
  const sequence = previousSequence + 1;
  const json = new TextEncoder().encode(toJson(body));
  const w = new ByteWriter(json.length + 32);
  w.u32(MAGIC);
  w.u32(VERSION);
  w.f64(sequence);
  w.u32(json.length);
  w.u32(CRC32.buf(json) >>> 0);
  w.bytes(json);
  const f = await fs.open(slotPath(sequence % 2));
  try {
    const bytes = w.finish();
    f.truncate(0);
    f.write(0, bytes);
    f.flush();
  } finally {
    f.close();
  }
  return sequence;
}
