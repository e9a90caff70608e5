/**
 * PALF membership (issue #4): joining replicas adopting the leader's configuration, config entries
 * on disk (log_codec) and across restarts (meta + clog tail), the errors of the leader-side API, and
 * the election reason a new leader reports. The protocol traces are in testdata/*.txt.
 */
import CRC32 from 'crc-32';
import { describe, expect, it } from 'vitest';
import type { ServerId } from '../common/ids';
import { lsId, lsn, serverId, tenantId } from '../common/ids';
import { MemoryFileSystem, SeededRng } from '../env/memory';
import { ClogStore } from '../logstream/clog_store';
import { decodeLogRecordChecked, encodeLogRecord, logRecordBytes } from './log_codec';
import { PalfReplica } from './replica';
import { PalfHarness } from './test/harness';
import type { LogEntry, PalfConfig, PalfConfigEntry, PalfMeta } from './types';

const S = (n: number) => serverId(n);
const cfg = (members: number[], learners: number[], configVersion: number): PalfConfigEntry =>
  ({ members: members.map(S), learners: learners.map(S), configVersion });

function replicaConfig(self: number, members: number[], extra: Partial<PalfConfig> = {}): PalfConfig {
  return { tenantId: tenantId(1002), lsId: lsId(1001), self: S(self), members: members.map(S), leader: null, proposalId: 1, ...extra };
}

function election(timeout = 10): NonNullable<PalfConfig['election']> {
  return { electionTimeoutTicks: timeout, leaseTicks: 8, priority: () => 0, rng: new SeededRng(1) };
}

function entry(at: number, proposalId: number, config?: PalfConfigEntry): LogEntry {
  const e: LogEntry = { lsn: lsn(at), proposalId, scn: null, payload: config ? new Uint8Array(0) : new Uint8Array([at]) };
  if (config) e.config = config;
  return e;
}

/** Drains a replica's ready batches (nothing persisted anywhere: unit tests of its state). */
function drain(r: PalfReplica): PalfMeta | null {
  let meta: PalfMeta | null = null;
  while (r.hasReady()) {
    const ready = r.ready();
    meta = ready.persistMeta ?? meta;
    r.advance(ready);
  }
  return meta;
}

describe('PALF joining replica', () => {
  it('adopts the configuration a leader announces in its heartbeat, persists it, and never campaigns', () => {
    const r = new PalfReplica(replicaConfig(4, [], { election: election() }));
    expect(r.status().memberList).toEqual([]);
    r.step(S(1), { type: 'heartbeat', proposalId: 2, committedLsn: lsn(0), leaderTick: 5, config: cfg([1, 2, 3], [4], 2), configLsn: lsn(3) });
    const s = r.status();
    expect([s.memberList, s.learnerList, s.configVersion, s.leader]).toEqual([[1, 2, 3], [4], 2, 1]);
    const meta = drain(r);
    expect(meta).toMatchObject({ members: [1, 2, 3], learners: [4], configVersion: 2, configLsn: 3 });
    for (let i = 0; i < 100; i++) r.tick();
    expect(r.status().election?.state).toBe('FOLLOWER');
    expect(r.status().proposalId).toBe(2);
  });

  it('drops an adopted configuration when the current leader announces another one', () => {
    const r = new PalfReplica(replicaConfig(4, []));
    r.step(S(1), { type: 'heartbeat', proposalId: 2, committedLsn: lsn(0), config: cfg([1, 2, 3, 4], [], 3), configLsn: lsn(9) });
    expect(r.status().configVersion).toBe(3);
    // A new leader whose log never got that entry announces the older configuration.
    r.step(S(2), { type: 'heartbeat', proposalId: 3, committedLsn: lsn(0), config: cfg([1, 2, 3], [4], 2), configLsn: lsn(5) });
    const s = r.status();
    expect([s.memberList, s.learnerList, s.configVersion]).toEqual([[1, 2, 3], [4], 2]);
  });

  it('takes a config entry from its log once the log reaches it, and reverts it when truncated', () => {
    const r = new PalfReplica(replicaConfig(2, [1, 2, 3]));
    r.step(S(1), { type: 'append', proposalId: 1, prevLsn: lsn(0), prevProposalId: 0, entries: [entry(1, 1), entry(2, 1, cfg([1, 2, 3], [4], 2))], committedLsn: lsn(1) });
    expect(r.status()).toMatchObject({ learnerList: [4], configVersion: 2, configChangePending: true });
    // Leader 3 of proposal id 2 never had LSN 2: its entry there truncates ours.
    r.step(S(3), { type: 'append', proposalId: 2, prevLsn: lsn(1), prevProposalId: 1, entries: [entry(2, 2)], committedLsn: lsn(2) });
    expect(r.status()).toMatchObject({ memberList: [1, 2, 3], learnerList: [], configVersion: 1, configChangePending: false });
  });
});

describe('PALF config entries on disk', () => {
  it('round-trips a config entry through the record format (its payload empty)', () => {
    const e = entry(7, 3, cfg([1, 2, 3], [4, 5], 6));
    const buf = new Uint8Array(logRecordBytes(e));
    encodeLogRecord(e, 5, buf, 0);
    const back = decodeLogRecordChecked(buf, 0);
    expect(back?.entry).toEqual({ lsn: 7, proposalId: 3, scn: null, payload: new Uint8Array(0), config: cfg([1, 2, 3], [4, 5], 6) });
    expect(back?.committedLsn).toBe(5);
    // A damaged body is reported, never returned.
    buf[buf.length - 3] ^= 0xff;
    expect(decodeLogRecordChecked(buf, 0)).toBeNull();
  });

  it('still decodes records of format version 1 (written before config entries existed)', () => {
    const e = entry(1, 1);
    const buf = new Uint8Array(logRecordBytes(e));
    encodeLogRecord(e, 0, buf, 0);
    const view = new DataView(buf.buffer);
    view.setUint16(4, 1, true);
    const v1 = decodeWithFixedHeaderCrc(buf);
    expect(v1?.entry.payload).toEqual(new Uint8Array([1]));
    expect(v1?.entry.config).toBeUndefined();
  });

  it('a restarted replica recovers its configuration from the clog when the meta missed the entry', async () => {
    const fs = new MemoryFileSystem();
    const { store } = await ClogStore.open(fs, 'clog/1002/1001');
    store.writeMeta({ proposalId: 1, members: [S(1), S(2), S(3)], configVersion: 1, configLsn: lsn(0) });
    store.append([entry(1, 1), entry(2, 1, cfg([1, 2, 3], [4], 2)), entry(3, 1)], lsn(1));
    store.flush(); // power lost before the meta of this batch was written
    store.close();
    const reopened = await ClogStore.open(fs, 'clog/1002/1001');
    expect(reopened.restore).not.toBeNull();
    const r = new PalfReplica(replicaConfig(2, [1, 2, 3]), reopened.restore!);
    r.setLogReader((from, max) => reopened.store.read(from, max));
    const s = r.status();
    expect([s.memberList, s.learnerList, s.configVersion]).toEqual([[1, 2, 3], [4], 2]);
    expect(drain(r)).toMatchObject({ learners: [4], configVersion: 2, configLsn: 2 });
  });

  it('the persisted configuration wins over the host\'s member list after a reconfiguration', () => {
    const meta: PalfMeta = {
      proposalId: 3, members: [S(1), S(2), S(3), S(4)], learners: [], configVersion: 3, configLsn: lsn(2),
      previousConfig: { ...cfg([1, 2, 3], [4], 2), configLsn: lsn(1) },
    };
    const log = [entry(1, 1, cfg([1, 2, 3], [4], 2)), entry(2, 1, cfg([1, 2, 3, 4], [], 3))];
    const r = new PalfReplica(replicaConfig(2, [1, 2, 3]), { lastLsn: lsn(2), lastProposalId: 1, committedLsn: lsn(1), meta });
    r.setLogReader((from, max) => log.slice(from - 1, from - 1 + max));
    expect(r.status()).toMatchObject({ memberList: [1, 2, 3, 4], configVersion: 3, configChangePending: true });
    // The uncommitted entry is truncated by a newer leader: back to the previous configuration.
    r.step(S(1), { type: 'append', proposalId: 4, prevLsn: lsn(1), prevProposalId: 1, entries: [entry(2, 4)], committedLsn: lsn(2) });
    expect(r.status()).toMatchObject({ memberList: [1, 2, 3], learnerList: [4], configVersion: 2, configChangePending: false });
  });

  it('the harness restarts a replica whose meta predates its last config entry', () => {
    const h = new PalfHarness();
    h.propose('a');
    h.settle();
    const before = h.node(2).meta;
    h.addNode(4);
    h.change({ type: 'addLearner', server: S(4) });
    h.settle();
    h.node(2).meta = before; // the crash came between the clog flush and the meta write
    h.crash(2);
    h.restart(2);
    expect(h.node(2).replica.status()).toMatchObject({ memberList: [1, 2, 3], learnerList: [4], configVersion: 2 });
  });
});

describe('PALF leader-side API errors and election reasons', () => {
  it('refuses changes and transfers on a follower, and a fixed leader leaving its member list', () => {
    const h = new PalfHarness();
    h.propose('leader_start');
    h.settle();
    const follower = h.node(2).replica;
    expect(() => follower.proposeConfigChange({ type: 'addLearner', server: S(4) })).toThrow(/not the master/);
    expect(() => follower.transferLeader(S(1))).toThrow(/not the master/);
    const leader = h.node(1).replica;
    expect(() => leader.proposeConfigChange({ type: 'removeMember', server: S(1) })).toThrow(/fixed by configuration/);
    expect(() => leader.transferLeader(S(2))).toThrow(/not supported/);
    expect(() => leader.proposeConfigChange({ type: 'removeLearner', server: S(4) })).toThrow(/not a learner/);
  });

  it('a new leader accepts no change before it committed an entry of its own proposal id', () => {
    const r = new PalfReplica(replicaConfig(1, [1], { election: { ...election(), initialTimeoutTicks: 1 } }));
    drain(r);
    while (!r.isLeader()) r.tick();
    expect(() => r.proposeConfigChange({ type: 'addLearner', server: S(2) })).toThrow(/Try again/);
    drain(r); // its no-op is persisted: a single member commits it
    expect(r.status().election?.takeoverDone).toBe(true);
    expect(r.proposeConfigChange({ type: 'addLearner', server: S(2) })).toBe(2);
  });

  it('reports why and in which proposal id it became leader', () => {
    const h = new PalfHarness({ election: { electionTimeoutTicks: 10, leaseTicks: 8, initialTimeoutTicks: 3, priorities: [1, 2, 3], seed: 4 } });
    let leader: ServerId | null = null;
    for (let i = 0; i < 30 && leader === null; i++) {
      h.tick();
      leader = h.leaders()[0]?.id ?? null;
    }
    expect(leader).toBe(3);
    expect(h.node(3).replica.status().election).toMatchObject({ lastElectionReason: 'no leader at start', electedProposalId: 2 });
    h.node(3).replica.transferLeader(S(1));
    h.settle();
    expect(h.leaders()).toEqual([{ id: 1, proposalId: 3 }]);
    expect(h.node(1).replica.status().election).toMatchObject({ lastElectionReason: 'switch leader by command', electedProposalId: 3 });
    expect(h.node(3).replica.status().election).toMatchObject({ state: 'FOLLOWER', electedProposalId: 2 });
  });
});

/** Re-stamps the header checksum (crc-32 of bytes 0..47, at 48) of an edited record, then decodes it. */
function decodeWithFixedHeaderCrc(buf: Uint8Array): ReturnType<typeof decodeLogRecordChecked> {
  new DataView(buf.buffer).setInt32(48, CRC32.buf(buf.subarray(0, 48)), true);
  return decodeLogRecordChecked(buf, 0);
}
