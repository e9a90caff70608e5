/**
 * ClogStore on MemoryFileSystem: round trip, group commit (one write + one flush per batch),
 * torn tail recovery, corruption detection, truncation, the two meta slots, segment rolling and
 * recycling — and three PALF replicas persisting to their clogs and restarting from them.
 */
import { describe, expect, it } from 'vitest';
import type { Lsn, ServerId } from '../common/ids';
import { lsId, lsn, scn, serverId, tenantId } from '../common/ids';
import { ObError } from '../common/ob_error';
import type { FileHandle, FileSystem } from '../env';
import { MemoryFileSystem } from '../env/memory';
import { encodeLogRecord, LOG_RECORD_HEADER_BYTES } from '../palf/log_codec';
import { PalfReplica } from '../palf';
import type { LogEntry, PalfMessage, PalfMeta } from '../palf';
import { ClogStore } from './clog_store';

const DIR = 'clog/1002/1001';
const SEGMENT = `${DIR}/log.00000001`;
const enc = new TextEncoder();
const dec = new TextDecoder();
const META: PalfMeta = { proposalId: 1, members: [serverId(1), serverId(2), serverId(3)], configVersion: 1 };

function entry(at: number, text: string, proposalId = 1, withScn = false): LogEntry {
  return { lsn: lsn(at), proposalId, scn: withScn ? scn(1684398681521302749n + BigInt(at)) : null, payload: enc.encode(text) };
}

function texts(entries: LogEntry[]): string[] {
  return entries.map((e) => `${e.lsn}/${e.proposalId}:${dec.decode(e.payload)}`);
}

async function openFresh(fs: FileSystem, segmentBytes?: number): Promise<ClogStore> {
  const { store, restore } = await ClogStore.open(fs, DIR, { segmentBytes });
  expect(restore).toBeNull();
  store.writeMeta(META);
  return store;
}

async function expectObError(p: Promise<unknown>, obCode: number, messagePart: string): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ObError);
  expect((error as ObError).obCode).toBe(obCode);
  expect((error as ObError).message).toContain(messagePart);
}

describe('ClogStore', () => {
  it('round-trips entries, SCNs, the commit stamp and the meta across a reopen', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append([entry(1, 'a', 1, true), entry(2, 'b'), entry(3, '')], lsn(2));
    expect(store.read(lsn(2), 5).map((e) => dec.decode(e.payload))).toEqual(['b', '']); // queued entries read too
    store.flush();
    expect(store.lastLsn).toBe(3);
    expect(store.bytes).toBe(3 * LOG_RECORD_HEADER_BYTES + 2);
    store.close();

    const { store: again, restore, truncatedBytes } = await ClogStore.open(fs, DIR);
    expect(truncatedBytes).toBe(0);
    expect(restore).toEqual({ lastLsn: 3, lastProposalId: 1, committedLsn: 2, meta: META });
    const back = again.read(lsn(1), 10);
    expect(texts(back)).toEqual(['1/1:a', '2/1:b', '3/1:']);
    expect(back[0].scn).toBe(1684398681521302750n);
    expect(back[1].scn).toBeNull();
    again.close();
  });

  it('writes a batch with one write and one flush (group commit)', async () => {
    const fs = new MemoryFileSystem();
    const calls: string[] = [];
    const spy: FileSystem = {
      ...fs,
      list: (d) => fs.list(d),
      exists: (p) => fs.exists(p),
      remove: (p) => fs.remove(p),
      open: async (path) => {
        const h = await fs.open(path);
        const wrapped: FileHandle = {
          path, read: (o, l) => h.read(o, l), size: () => h.size(), truncate: (n) => h.truncate(n), close: () => h.close(),
          write: (o, d) => { calls.push(`write ${path}`); h.write(o, d); },
          flush: () => { calls.push(`flush ${path}`); h.flush(); },
        };
        return wrapped;
      },
    };
    const store = await openFresh(spy);
    calls.length = 0;
    const batch = Array.from({ length: 100 }, (_, i) => entry(i + 1, `row ${i}`));
    store.append(batch.slice(0, 60));
    store.append(batch.slice(60));
    store.flush();
    expect(calls).toEqual([`write ${SEGMENT}`, `flush ${SEGMENT}`]);
    expect(store.read(lsn(1), 1000)).toHaveLength(100);
    store.close();
  });

  it('cuts a torn tail (half a record written before a crash) and continues after it', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append([entry(1, 'a'), entry(2, 'b'), entry(3, 'c')]);
    store.flush();
    store.close();
    // The next batch's record reached the disk only half-way.
    const record = new Uint8Array(LOG_RECORD_HEADER_BYTES + 100);
    encodeLogRecord(entry(4, 'x'.repeat(100)), 0, record, 0);
    const h = await fs.open(SEGMENT);
    const sizeBefore = h.size();
    h.write(sizeBefore, record.subarray(0, 70));
    h.flush();
    h.close();

    const { store: again, restore, truncatedBytes } = await ClogStore.open(fs, DIR);
    expect(truncatedBytes).toBe(70);
    expect(restore?.lastLsn).toBe(3);
    again.append([entry(4, 'd')]);
    again.flush();
    again.close();
    const { store: third } = await ClogStore.open(fs, DIR);
    expect(texts(third.read(lsn(1), 10))).toEqual(['1/1:a', '2/1:b', '3/1:c', '4/1:d']);
    third.close();
  });

  it('reports a corrupted record in the middle of the log as a checksum error naming the file', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append([entry(1, 'alpha'), entry(2, 'bravo'), entry(3, 'charlie')]);
    store.flush();
    fs.corrupt(SEGMENT, LOG_RECORD_HEADER_BYTES + 5 + LOG_RECORD_HEADER_BYTES + 2); // a payload byte of LSN 2
    fs.crash();
    const at = LOG_RECORD_HEADER_BYTES + 5;
    await expectObError(ClogStore.open(fs, DIR), -4103, `Checksum error: file '${SEGMENT}' block ${at}`);
  });

  it('treats a damaged last record as a torn tail and drops it', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append([entry(1, 'alpha'), entry(2, 'bravo')]);
    store.flush();
    fs.corrupt(SEGMENT, 2 * LOG_RECORD_HEADER_BYTES + 5 + 1); // a payload byte of LSN 2
    fs.crash();
    const { store: again, restore, truncatedBytes } = await ClogStore.open(fs, DIR);
    expect(truncatedBytes).toBe(LOG_RECORD_HEADER_BYTES + 5);
    expect(restore?.lastLsn).toBe(1);
    again.close();
  });

  it('detects corruption found when reading back a record after open', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append([entry(1, 'alpha'), entry(2, 'bravo')]);
    store.flush();
    fs.corrupt(SEGMENT, LOG_RECORD_HEADER_BYTES + 1);
    let error: unknown;
    try {
      store.read(lsn(1), 2);
    } catch (e) {
      error = e;
    }
    expect((error as ObError).obCode).toBe(-4103);
    store.close();
  });

  it('loses unflushed entries on a crash, never flushed ones', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append([entry(1, 'a')]);
    store.flush();
    store.append([entry(2, 'b')]);
    fs.crash();
    const { store: again, restore } = await ClogStore.open(fs, DIR);
    expect(restore?.lastLsn).toBe(1);
    again.close();
  });

  it('truncates a conflicting suffix durably and appends a new one', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs);
    store.append(Array.from({ length: 10 }, (_, i) => entry(i + 1, `old${i + 1}`)), lsn(3));
    store.flush();
    store.append([entry(11, 'queued')]);
    store.truncate(lsn(6));
    expect(store.lastLsn).toBe(5);
    expect(store.lastProposalId).toBe(1);
    store.append([entry(6, 'new6', 2), entry(7, 'new7', 2)]);
    store.flush();
    fs.crash();
    const { store: again, restore } = await ClogStore.open(fs, DIR);
    expect(restore).toMatchObject({ lastLsn: 7, lastProposalId: 2, committedLsn: 3 });
    expect(texts(again.read(lsn(4), 10))).toEqual(['4/1:old4', '5/1:old5', '6/2:new6', '7/2:new7']);
    again.close();
  });

  it('falls back to the older meta slot when the newer one is torn or corrupt', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs); // META in slot 1 (sequence 1)
    const newer: PalfMeta = { ...META, proposalId: 7 };
    store.writeMeta(newer); // slot 0 (sequence 2)
    expect(store.readMeta()).toEqual(newer);
    store.close();
    expect((await ClogStore.open(fs, DIR)).restore?.meta).toEqual(newer);
    // (the reopen above closed nothing: crash closes its handles)
    fs.crash();
    fs.corrupt(`${DIR}/meta.0`, 30);
    const { store: again, restore } = await ClogStore.open(fs, DIR);
    expect(restore?.meta).toEqual(META);
    expect(again.readMeta()).toEqual(META);
    // The next write goes to the slot after the surviving one and wins again.
    again.writeMeta({ ...META, proposalId: 8 });
    again.close();
    expect((await ClogStore.open(fs, DIR)).restore?.meta.proposalId).toBe(8);
  });

  it('rolls to new segment files, reads across them, truncates across them and recycles old ones', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs, 1000);
    for (let i = 0; i < 10; i++) {
      store.append(Array.from({ length: 5 }, (_, j) => entry(i * 5 + j + 1, `payload-${i * 5 + j + 1}`.padEnd(40, '.'))));
      store.flush();
      await store.maintain();
    }
    const segments = (await fs.list(DIR)).filter((n) => n.startsWith('log.'));
    expect(segments.length).toBeGreaterThan(4);
    expect(store.read(lsn(1), 100)).toHaveLength(50);
    store.close();
    fs.crash();

    // Batches of 5 records of 92 bytes: a segment takes 15 entries before it passes 1000 bytes.
    const { store: again, restore } = await ClogStore.open(fs, DIR, { segmentBytes: 1000 });
    expect(restore?.lastLsn).toBe(50);
    const across = texts(again.read(lsn(14), 4));
    expect(across).toEqual([14, 15, 16, 17].map((n) => `${n}/1:${`payload-${n}`.padEnd(40, '.')}`));
    expect(await again.recycle(lsn(20))).toBe(15 * 92);
    expect(again.firstLsn).toBe(16);
    again.truncate(lsn(33)); // in the second segment still held: the later ones are emptied
    await again.maintain();
    expect(again.lastLsn).toBe(32);
    again.append([entry(33, 'after truncation', 2)]);
    again.flush();
    again.close();
    fs.crash();
    const { store: third, restore: r3 } = await ClogStore.open(fs, DIR, { segmentBytes: 1000 });
    expect(r3).toMatchObject({ lastLsn: 33, lastProposalId: 2 });
    expect(third.firstLsn).toBe(16);
    expect(texts(third.read(lsn(31), 10)).map((t) => t.split(':')[0])).toEqual(['31/1', '32/1', '33/2']);
    third.close();
  });

  it('refuses to open segments that do not continue each other', async () => {
    const fs = new MemoryFileSystem();
    const store = await openFresh(fs, 100);
    store.append([entry(1, 'x'.repeat(120))]);
    store.flush();
    await store.maintain();
    store.append([entry(2, 'y'.repeat(120))]);
    store.flush();
    await store.maintain();
    store.append([entry(3, 'z')]);
    store.flush();
    store.close();
    await fs.remove(`${DIR}/log.00000002`);
    await expectObError(ClogStore.open(fs, DIR), -4009, 'expected 2');
  });
});

describe('PALF replicas on ClogStores', () => {
  const members = [serverId(1), serverId(2), serverId(3)];
  interface Node { fs: MemoryFileSystem; store: ClogStore; replica: PalfReplica; applied: string[] }

  async function startNode(id: ServerId, fs: MemoryFileSystem, appliedLsn?: number): Promise<Node> {
    const { store, restore } = await ClogStore.open(fs, DIR);
    const replica = new PalfReplica(
      { tenantId: tenantId(1002), lsId: lsId(1001), self: id, members, leader: serverId(1), proposalId: 1, memoryEntriesMax: 4 },
      restore ? { ...restore, appliedLsn: lsn(appliedLsn ?? restore.committedLsn) } : undefined,
    );
    replica.setLogReader((from: Lsn, max: number) => store.read(from, max));
    return { fs, store, replica, applied: [] };
  }

  /** The host loop of log_stream.ts: persist (one flush), send, apply, advance; then deliver. */
  function run(nodes: Map<ServerId, Node>, down: Set<ServerId>): void {
    const queue: { from: ServerId; to: ServerId; message: PalfMessage }[] = [];
    const pump = (id: ServerId) => {
      const n = nodes.get(id)!;
      while (n.replica.hasReady()) {
        const ready = n.replica.ready();
        if (ready.truncateFrom !== null) n.store.truncate(ready.truncateFrom);
        n.store.append(ready.persist, ready.committedLsn);
        if (ready.persistMeta) n.store.writeMeta(ready.persistMeta);
        n.store.flush();
        for (const m of ready.messages) queue.push({ from: id, to: m.to, message: m.message });
        for (const e of ready.committed) n.applied.push(`${e.lsn}:${dec.decode(e.payload)}`);
        n.replica.advance(ready);
      }
    };
    for (const id of nodes.keys()) if (!down.has(id)) pump(id);
    while (queue.length > 0) {
      const m = queue.shift()!;
      if (down.has(m.to) || down.has(m.from)) continue;
      nodes.get(m.to)!.replica.step(m.from, m.message);
      pump(m.to);
    }
  }

  it('replicate, crash a follower and the leader, restart from the clogs and converge', async () => {
    const nodes = new Map<ServerId, Node>();
    for (const id of members) nodes.set(id, await startNode(id, new MemoryFileSystem()));
    const down = new Set<ServerId>();
    const leader = () => nodes.get(serverId(1))!.replica;
    const tick = (n = 1) => {
      for (let i = 0; i < n; i++) {
        for (const [id, node] of nodes) if (!down.has(id)) node.replica.tick();
        run(nodes, down);
      }
    };
    for (let i = 1; i <= 10; i++) leader().propose(enc.encode(`v${i}`));
    run(nodes, down);
    // Follower 3 crashes; the others go on.
    down.add(serverId(3));
    nodes.get(serverId(3))!.fs.crash();
    for (let i = 11; i <= 20; i++) {
      leader().propose(enc.encode(`v${i}`));
      run(nodes, down);
    }
    tick(2);
    expect(leader().status().committedLsn).toBe(20);
    // The leader crashes too and everything restarts from disk; node 3 replays from its checkpoint 4.
    nodes.get(serverId(1))!.fs.crash();
    nodes.set(serverId(1), await startNode(serverId(1), nodes.get(serverId(1))!.fs, 0));
    nodes.set(serverId(3), await startNode(serverId(3), nodes.get(serverId(3))!.fs, 4));
    down.clear();
    expect(leader().status()).toMatchObject({ role: 'LEADER', proposalId: 2, lastLsn: 20 });
    leader().propose(enc.encode('v21'));
    tick(6);
    const logs = members.map((id) => texts(nodes.get(id)!.store.read(lsn(1), 100)));
    expect(logs[0]).toHaveLength(21);
    expect(logs[0][20]).toBe('21/2:v21');
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    expect(nodes.get(serverId(1))!.applied).toEqual(Array.from({ length: 21 }, (_, i) => `${i + 1}:v${i + 1}`));
    expect(nodes.get(serverId(3))!.applied).toEqual(Array.from({ length: 17 }, (_, i) => `${i + 5}:v${i + 5}`));
    for (const id of members) expect(nodes.get(id)!.store.readMeta()?.proposalId).toBe(2);
  });
});
