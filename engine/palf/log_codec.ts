/**
 * The on-disk format of PALF log entries and of the PALF meta (OceanBase's `LogGroupEntryHeader`
 * + `LogEntry`, and `LogMeta`), used by the clog (`engine/logstream/clog_store.ts`).
 *
 * A log record is a 52-byte little-endian header followed by the payload, as given:
 *
 *   0 magic u32 "PALF" │ 4 version u16 │ 6 flags u16 (bit 0: has SCN, bit 1: config entry) │ 8 body bytes u32
 *  12 lsn u64 │ 20 proposal id u64 │ 28 scn u64 │ 36 committed LSN u64 (the writer's commit point,
 *  as PALF's `committed_end_lsn`) │ 44 body crc-32 │ 48 header crc-32 (of bytes 0..47)
 *
 * The body is the payload, or for a config entry (PALF's config log, issue #4; its payload is
 * empty) the JSON of its `PalfConfigEntry`. Version 2 added the config flag; version 1 records
 * (written before it) still decode — they never carry one.
 *
 * A meta record (two slots, the newer valid one wins) is a 24-byte header and a JSON body:
 *   0 magic u32 "PMET" │ 4 version u16 │ 6 reserved u16 │ 8 sequence u64 │ 16 body bytes u32
 *  20 crc-32 of bytes 0..19 and the body
 *
 * Every read from disk is checked (`decodeLogRecordChecked`): magic, version, lengths and both
 * checksums; a bad record is reported, never returned (conventions §8).
 */
import CRC32 from 'crc-32';
import { assert } from '../common/assert';
import type { Lsn, Scn, ServerId } from '../common/ids';
import { lsn as toLsn, scn as toScn } from '../common/ids';
import { fromJson, toJson } from '../common/json';
import { PALF_ENTRY_BYTES_MAX } from '../common/limits';
import type { LogEntry, PalfConfigEntry, PalfMeta } from './types';

export const LOG_RECORD_MAGIC = 0x464c4150; // "PALF" in file byte order
export const LOG_RECORD_VERSION = 2;
/** Record versions this build reads. */
const LOG_RECORD_VERSIONS_READ = new Set([1, 2]);
export const LOG_RECORD_HEADER_BYTES = 52;
export const META_RECORD_MAGIC = 0x54454d50; // "PMET"
export const META_RECORD_VERSION = 1;
export const META_RECORD_HEADER_BYTES = 24;
const FLAG_HAS_SCN = 1;
const FLAG_CONFIG = 2;
const TWO_32 = 2 ** 32;

/** Bytes one entry takes on disk. */
export function logRecordBytes(entry: LogEntry): number {
  return LOG_RECORD_HEADER_BYTES + recordBody(entry).length;
}

/** What follows the header: the payload, or a config entry's configuration as JSON. */
function recordBody(entry: LogEntry): Uint8Array {
  if (entry.config === undefined) return entry.payload;
  assert(entry.payload.length === 0, 'a config entry has an empty payload');
  const { members, learners, configVersion } = entry.config;
  return new TextEncoder().encode(toJson({ members, learners, configVersion }));
}

/** Writes `entry` as a record into `out` at `offset`; returns the offset after it. */
export function encodeLogRecord(entry: LogEntry, committedLsn: number, out: Uint8Array, offset: number): number {
  const body = recordBody(entry);
  assert(body.length <= PALF_ENTRY_BYTES_MAX, 'log entry within PALF_ENTRY_BYTES_MAX');
  assert(offset + LOG_RECORD_HEADER_BYTES + body.length <= out.length, 'log record fits the buffer');
  const view = new DataView(out.buffer, out.byteOffset + offset, LOG_RECORD_HEADER_BYTES);
  view.setUint32(0, LOG_RECORD_MAGIC, true);
  view.setUint16(4, LOG_RECORD_VERSION, true);
  view.setUint16(6, (entry.scn === null ? 0 : FLAG_HAS_SCN) | (entry.config === undefined ? 0 : FLAG_CONFIG), true);
  view.setUint32(8, body.length, true);
  setU64(view, 12, entry.lsn);
  setU64(view, 20, entry.proposalId);
  view.setBigUint64(28, entry.scn ?? 0n, true);
  setU64(view, 36, committedLsn);
  view.setInt32(44, CRC32.buf(body), true);
  view.setInt32(48, CRC32.buf(out.subarray(offset, offset + 48)), true);
  out.set(body, offset + LOG_RECORD_HEADER_BYTES);
  return offset + LOG_RECORD_HEADER_BYTES + body.length;
}

/** A record's header fields, once its header checksum held. */
export interface LogRecordHeader {
  lsn: Lsn;
  proposalId: number;
  scn: Scn | null;
  committedLsn: Lsn;
  /** Bytes after the header (the payload, or a config entry's JSON). */
  payloadBytes: number;
  payloadCrc: number;
  /** The body is a config entry's configuration (format version 2). */
  isConfig: boolean;
}

/**
 * Parses the header at `offset` of `bytes`; null when it is not a valid header (too short, bad
 * magic/version/length, or a header checksum mismatch).
 */
export function decodeLogRecordHeader(bytes: Uint8Array, offset: number): LogRecordHeader | null {
  if (offset + LOG_RECORD_HEADER_BYTES > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, LOG_RECORD_HEADER_BYTES);
  const version = view.getUint16(4, true);
  if (view.getUint32(0, true) !== LOG_RECORD_MAGIC || !LOG_RECORD_VERSIONS_READ.has(version)) return null;
  if (view.getInt32(48, true) !== CRC32.buf(bytes.subarray(offset, offset + 48))) return null;
  const payloadBytes = view.getUint32(8, true);
  if (payloadBytes > PALF_ENTRY_BYTES_MAX) return null;
  const flags = view.getUint16(6, true);
  const hasScn = (flags & FLAG_HAS_SCN) !== 0;
  return {
    lsn: toLsn(getU64(view, 12)),
    proposalId: getU64(view, 20),
    scn: hasScn ? toScn(view.getBigUint64(28, true)) : null,
    committedLsn: toLsn(getU64(view, 36)),
    payloadBytes,
    payloadCrc: view.getInt32(44, true),
    isConfig: version >= 2 && (flags & FLAG_CONFIG) !== 0,
  };
}

/**
 * Decodes the record at `offset`: the entry, its committed-LSN stamp and its length; null when the
 * header or the payload is damaged or the record runs past the end of `bytes`.
 */
export function decodeLogRecordChecked(
  bytes: Uint8Array, offset: number,
): { entry: LogEntry; committedLsn: Lsn; recordBytes: number } | null {
  const h = decodeLogRecordHeader(bytes, offset);
  if (h === null) return null;
  const start = offset + LOG_RECORD_HEADER_BYTES;
  if (start + h.payloadBytes > bytes.length) return null;
  const body = bytes.slice(start, start + h.payloadBytes);
  if (CRC32.buf(body) !== h.payloadCrc) return null;
  const entry: LogEntry = { lsn: h.lsn, proposalId: h.proposalId, scn: h.scn, payload: body };
  if (h.isConfig) {
    const config = decodeConfigBody(body);
    if (config === null) return null;
    entry.payload = new Uint8Array(0);
    entry.config = config;
  }
  return { entry, committedLsn: h.committedLsn, recordBytes: LOG_RECORD_HEADER_BYTES + h.payloadBytes };
}

/** A config entry's body, checked for shape; null when it is not a configuration. */
function decodeConfigBody(body: Uint8Array): PalfConfigEntry | null {
  let v: unknown;
  try {
    v = fromJson<unknown>(new TextDecoder().decode(body));
  } catch {
    return null;
  }
  const c = v as Partial<PalfConfigEntry> | null;
  const ids = (x: unknown): x is ServerId[] => Array.isArray(x) && x.every((s) => Number.isInteger(s));
  if (c === null || typeof c !== 'object' || !ids(c.members) || !ids(c.learners) || !Number.isInteger(c.configVersion)) return null;
  return { members: c.members, learners: c.learners, configVersion: c.configVersion as number };
}

/** Encodes a meta record with sequence number `sequence` (the higher valid slot wins). */
export function encodeMetaRecord(meta: PalfMeta, sequence: number): Uint8Array {
  const body = new TextEncoder().encode(toJson(meta));
  const out = new Uint8Array(META_RECORD_HEADER_BYTES + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, META_RECORD_MAGIC, true);
  view.setUint16(4, META_RECORD_VERSION, true);
  setU64(view, 8, sequence);
  view.setUint32(16, body.length, true);
  out.set(body, META_RECORD_HEADER_BYTES);
  view.setInt32(20, metaCrc(out, body.length), true);
  return out;
}

/** Decodes a meta slot; null when empty, torn or damaged. */
export function decodeMetaRecord(bytes: Uint8Array): { meta: PalfMeta; sequence: number } | null {
  if (bytes.length < META_RECORD_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, META_RECORD_HEADER_BYTES);
  if (view.getUint32(0, true) !== META_RECORD_MAGIC || view.getUint16(4, true) !== META_RECORD_VERSION) return null;
  const bodyBytes = view.getUint32(16, true);
  if (META_RECORD_HEADER_BYTES + bodyBytes > bytes.length) return null;
  if (view.getInt32(20, true) !== metaCrc(bytes, bodyBytes)) return null;
  const body = new TextDecoder().decode(bytes.subarray(META_RECORD_HEADER_BYTES, META_RECORD_HEADER_BYTES + bodyBytes));
  return { meta: fromJson<PalfMeta>(body), sequence: getU64(view, 8) };
}

function metaCrc(bytes: Uint8Array, bodyBytes: number): number {
  const seed = CRC32.buf(bytes.subarray(0, 20));
  return CRC32.buf(bytes.subarray(META_RECORD_HEADER_BYTES, META_RECORD_HEADER_BYTES + bodyBytes), seed);
}

function setU64(view: DataView, at: number, value: number): void {
  assert(Number.isSafeInteger(value) && value >= 0, `u64 field out of range: ${value}`);
  view.setUint32(at, value % TWO_32, true);
  view.setUint32(at + 4, Math.floor(value / TWO_32), true);
}

function getU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * TWO_32;
}
