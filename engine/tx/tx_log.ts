/**
 * The records a log stream's PALF log carries (OceanBase's clog entries: redo, prepare, commit,
 * abort, "start working" of a new leader, tablet creation (multi-source data), DDL in LS 1, — in
 * the sys tenant's LS 1 — the root service's commands, which replicate the cluster state, and the
 * two halves of a tablet transfer between log streams: `transfer_out` / `transfer_in`).
 *
 * Encoded with `ByteWriter` into the opaque PALF payload: a record-type byte then its fields.
 * Redo holds the full new row image per mutated rowkey (a delete is a null row). Decoding runs on
 * bytes read back from the clog (already checksummed by the clog store), so malformed input here
 * is a bug and asserts.
 */
import { assert } from '../common/assert';
import { scn, txId, type LsId, type Scn, type TabletId, type TxId } from '../common/ids';
import { ByteReader, ByteWriter } from '../common/row_codec';
import type { RowMutation, TabletIdentity } from '../storage/types';

export interface TabletMutations {
  tabletId: TabletId;
  mutations: RowMutation[];
}

export type TxLogRecord =
  /** Written by a leader when it starts serving: reads wait until it is applied. */
  | { type: 'leader_start' }
  /** One-phase commit: redo and commit in one entry. */
  | { type: 'commit'; txId: TxId; commitScn: Scn; redo: TabletMutations[] }
  /**
   * Two-phase commit, phase one: the participant's redo, durable before it votes yes. Issue #4
   * (2PC recovery): the transaction's participant LSs and the participant's clock when it prepared
   * (µs), so a leader can finish it without its coordinator; absent in records of older versions.
   */
  | { type: 'prepare'; txId: TxId; prepareScn: Scn; redo: TabletMutations[]; participants?: LsId[]; prepareUs?: number }
  /** Two-phase commit, phase two. */
  | { type: 'commit_prepared'; txId: TxId; commitScn: Scn }
  | { type: 'abort'; txId: TxId }
  /** Tablets created in this LS (CREATE TABLE), identities as JSON. */
  | { type: 'create_tablets'; tablets: TabletIdentity[] }
  | { type: 'drop_tablets'; tabletIds: TabletId[] }
  /** A schema change of the tenant (LS 1 only): JSON of the DDL operation. */
  | { type: 'ddl'; json: string }
  /**
   * Issue #4: a root-service command (sys tenant LS 1 only): JSON of an `RsRecord`
   * (engine/rootservice/root_service.ts) — the command, its resulting state version and a nonce.
   */
  | { type: 'rs'; json: string }
  /**
   * Issue #4, transfer (OceanBase V4's `ObTxTransferOutLog`): on the source LS, the tablets stop
   * taking writes from this record on (`abort: false`; `transferScn` = the SCN their data is dumped
   * at), or take writes again after a failed transfer (`abort: true`).
   */
  | { type: 'transfer_out'; taskId: number; tabletIds: TabletId[]; transferScn: Scn; abort: boolean }
  /**
   * Issue #4, transfer (`ObTxTransferInLog` + the tablets' data): on the destination LS, creates the
   * tablets (identities with the destination LS id and the storage schema) if missing and applies
   * their committed rows, one group per commit SCN. A large transfer is logged as several records.
   */
  | { type: 'transfer_in'; taskId: number; tablets: TabletIdentity[]; versions: TransferVersions[] };

/** Rows of a transfer whose newest committed version has `commitScn`. */
export interface TransferVersions {
  commitScn: Scn;
  redo: TabletMutations[];
}

const TYPES = ['leader_start', 'commit', 'prepare', 'commit_prepared', 'abort', 'create_tablets', 'drop_tablets', 'ddl', 'rs', 'transfer_out', 'transfer_in'] as const;

function writeRedo(w: ByteWriter, redo: TabletMutations[]): void {
  w.varint(redo.length);
  for (const t of redo) {
    w.varint(t.tabletId);
    w.varint(t.mutations.length);
    for (const m of t.mutations) {
      w.key(m.key);
      if (m.row === null) w.u8(0);
      else {
        w.u8(1);
        w.row(m.row);
      }
    }
  }
}

function readRedo(r: ByteReader): TabletMutations[] {
  const n = r.varint();
  const out: TabletMutations[] = [];
  for (let i = 0; i < n; i++) {
    const tabletId = r.varint() as TabletId;
    const count = r.varint();
    const mutations: RowMutation[] = new Array(count);
    for (let j = 0; j < count; j++) {
      const key = r.key();
      const hasRow = r.u8();
      mutations[j] = { key, row: hasRow ? r.row() : null };
    }
    out.push({ tabletId, mutations });
  }
  return out;
}

export function encodeTxLog(rec: TxLogRecord): Uint8Array {
  const w = new ByteWriter(128);
  w.u8(TYPES.indexOf(rec.type));
  switch (rec.type) {
    case 'leader_start':
      break;
    case 'commit':
      w.varint(rec.txId);
      w.u64(rec.commitScn);
      writeRedo(w, rec.redo);
      break;
    case 'prepare':
      w.varint(rec.txId);
      w.u64(rec.prepareScn);
      writeRedo(w, rec.redo);
      // Optional tail (issue #4): a version byte, the participants and the prepare time.
      if (rec.participants !== undefined) {
        w.u8(1);
        w.varint(rec.participants.length);
        for (const ls of rec.participants) w.varint(ls);
        w.u64(BigInt(rec.prepareUs ?? 0));
      }
      break;
    case 'commit_prepared':
      w.varint(rec.txId);
      w.u64(rec.commitScn);
      break;
    case 'abort':
      w.varint(rec.txId);
      break;
    case 'create_tablets':
      w.string(JSON.stringify(rec.tablets));
      break;
    case 'drop_tablets':
      w.varint(rec.tabletIds.length);
      for (const t of rec.tabletIds) w.varint(t);
      break;
    case 'ddl':
    case 'rs':
      w.string(rec.json);
      break;
    case 'transfer_out':
      w.varint(rec.taskId);
      w.varint(rec.tabletIds.length);
      for (const t of rec.tabletIds) w.varint(t);
      w.u64(rec.transferScn);
      w.u8(rec.abort ? 1 : 0);
      break;
    case 'transfer_in':
      w.varint(rec.taskId);
      w.string(JSON.stringify(rec.tablets));
      w.varint(rec.versions.length);
      for (const v of rec.versions) {
        w.u64(v.commitScn);
        writeRedo(w, v.redo);
      }
      break;
  }
  return w.finish();
}

export function decodeTxLog(bytes: Uint8Array): TxLogRecord {
  const r = new ByteReader(bytes, 'clog entry');
  const type = TYPES[r.u8()];
  assert(type !== undefined, 'unknown clog record type');
  switch (type) {
    case 'leader_start':
      return { type };
    case 'commit':
      return { type, txId: txId(r.varint()), commitScn: scn(r.u64()), redo: readRedo(r) };
    case 'prepare': {
      const rec: Extract<TxLogRecord, { type: 'prepare' }> = { type, txId: txId(r.varint()), prepareScn: scn(r.u64()), redo: readRedo(r) };
      if (r.remaining === 0) return rec; // a record of an older version: no participants
      const version = r.u8();
      assert(version === 1, `unknown prepare record tail version ${version}`);
      const n = r.varint();
      const participants: LsId[] = [];
      for (let i = 0; i < n; i++) participants.push(r.varint() as LsId);
      return { ...rec, participants, prepareUs: Number(r.u64()) };
    }
    case 'commit_prepared':
      return { type, txId: txId(r.varint()), commitScn: scn(r.u64()) };
    case 'abort':
      return { type, txId: txId(r.varint()) };
    case 'create_tablets':
      return { type, tablets: JSON.parse(r.string()) as TabletIdentity[] };
    case 'drop_tablets': {
      const n = r.varint();
      const tabletIds: TabletId[] = [];
      for (let i = 0; i < n; i++) tabletIds.push(r.varint() as TabletId);
      return { type, tabletIds };
    }
    case 'ddl':
    case 'rs':
      return { type, json: r.string() };
    case 'transfer_out': {
      const taskId = r.varint();
      const n = r.varint();
      const tabletIds: TabletId[] = [];
      for (let i = 0; i < n; i++) tabletIds.push(r.varint() as TabletId);
      return { type, taskId, tabletIds, transferScn: scn(r.u64()), abort: r.u8() === 1 };
    }
    case 'transfer_in': {
      const taskId = r.varint();
      const tablets = JSON.parse(r.string()) as TabletIdentity[];
      const n = r.varint();
      const versions: TransferVersions[] = [];
      for (let i = 0; i < n; i++) versions.push({ commitScn: scn(r.u64()), redo: readRedo(r) });
      return { type, taskId, tablets, versions };
    }
  }
}
