/**
 * Compaction policy as a pure planner (conventions §7, mini-lsm `compact/`): `pick*` looks at a
 * tablet's table store and says what to merge; `apply*` returns the table store after a merge
 * produced its output. Neither does I/O; the merges that move bytes live in compaction.ts, and
 * `Tablet` glues the two. Generic over the memtable and SSTable types so it is testable with
 * plain objects.
 *
 * The table store (OceanBase's `ObTabletTableStore`), newest on top:
 * ```
 *   active memtable            ← applyCommitted
 *   frozen memtables (L-mem)   ← freeze            ──MINI_MERGE──▶ a mini
 *   mini SSTables    (L0)      ≥ minor_compact_trigger ──MINOR_MERGE──▶ the minor
 *   minor SSTable    (L1)
 *   major SSTable    (L2)      ← MAJOR_MERGE at a frozen SCN (major + minor + minis)
 * ```
 * Invariants: `frozen` and `minis` are oldest first; every SSTable in `minis` is newer than
 * `minor`, which is newer than `major` (by the data they hold, except versions above the
 * major's frozen SCN, which a major merge leaves in the minor).
 */
import { assert } from '../common/assert';
import type { Scn } from '../common/ids';
import type { SstableType } from '../server/snapshot';

/** What the planner needs to know about an SSTable. */
export interface PlannedTable {
  readonly kind: SstableType;
  /** For a MAJOR: its frozen SCN (snapshot version). */
  readonly endScn: Scn;
}

export interface TableStore<M, S extends PlannedTable> {
  readonly active: M;
  /** Oldest first. */
  readonly frozen: readonly M[];
  /** Oldest first. */
  readonly minis: readonly S[];
  readonly minor: S | null;
  readonly major: S | null;
}

export interface MiniTask<M> {
  readonly mergeType: 'MINI_MERGE';
  /** Oldest first. */
  readonly memtables: readonly M[];
}

export interface MinorTask<S> {
  readonly mergeType: 'MINOR_MERGE';
  /** Newest first: the minis, then the old minor if any. */
  readonly inputs: readonly S[];
}

export interface MajorTask<S> {
  readonly mergeType: 'MAJOR_MERGE';
  readonly frozenScn: Scn;
  readonly major: S | null;
  /** Newest first: the minis, then the minor if any. */
  readonly incrementals: readonly S[];
}

/** The table store after a freeze: the active memtable joins the frozen ones. */
export function applyFreeze<M, S extends PlannedTable>(store: TableStore<M, S>, newActive: M): TableStore<M, S> {
  return { ...store, active: newActive, frozen: [...store.frozen, store.active] };
}

/** Dump every frozen memtable into one mini, or nothing when none is frozen. */
export function pickMini<M, S extends PlannedTable>(store: TableStore<M, S>): MiniTask<M> | null {
  return store.frozen.length === 0 ? null : { mergeType: 'MINI_MERGE', memtables: [...store.frozen] };
}

/** Merge the minis (and the old minor) into a new minor once `trigger` minis exist. */
export function pickMinor<M, S extends PlannedTable>(store: TableStore<M, S>, trigger: number): MinorTask<S> | null {
  assert(trigger >= 2, 'minor_compact_trigger below 2');
  if (store.minis.length < trigger) return null;
  const inputs = [...store.minis].reverse();
  if (store.minor !== null) inputs.push(store.minor);
  return { mergeType: 'MINOR_MERGE', inputs };
}

/**
 * Build a major at `frozenScn` from the major, the minor and the minis — or nothing when the
 * current major is already at or past it (a repeated broadcast of the same frozen SCN).
 * Frozen memtables must have been dumped first (asserted).
 */
export function pickMajor<M, S extends PlannedTable>(store: TableStore<M, S>, frozenScn: Scn): MajorTask<S> | null {
  assert(store.frozen.length === 0, 'major merge with undumped frozen memtables');
  if (store.major !== null && store.major.endScn >= frozenScn) return null;
  const incrementals = [...store.minis].reverse();
  if (store.minor !== null) incrementals.push(store.minor);
  return { mergeType: 'MAJOR_MERGE', frozenScn, major: store.major, incrementals };
}

/** After a mini merge: its memtables leave, the mini joins L0 as the newest. */
export function applyMini<M, S extends PlannedTable>(store: TableStore<M, S>, task: MiniTask<M>, mini: S): TableStore<M, S> {
  assert(mini.kind === 'MINI', 'mini merge output is not a MINI');
  const gone = new Set(task.memtables);
  assert(task.memtables.every((m) => store.frozen.includes(m)), 'mini merge input left the table store');
  return { ...store, frozen: store.frozen.filter((m) => !gone.has(m)), minis: [...store.minis, mini] };
}

/** After a minor merge: its inputs leave; the new minor is L1. Minis made meanwhile stay. */
export function applyMinor<M, S extends PlannedTable>(store: TableStore<M, S>, task: MinorTask<S>, minor: S): TableStore<M, S> {
  assert(minor.kind === 'MINOR', 'minor merge output is not a MINOR');
  const gone = new Set(task.inputs);
  assert(store.minor === null || gone.has(store.minor), 'minor merge did not include the old minor');
  return { ...store, minis: store.minis.filter((t) => !gone.has(t)), minor };
}

/**
 * After a major merge: the new major replaces the old; the merged minis and minor leave, and
 * `minor` (versions newer than the frozen SCN, or null) becomes L1.
 */
export function applyMajor<M, S extends PlannedTable>(
  store: TableStore<M, S>,
  task: MajorTask<S>,
  out: { major: S; minor: S | null },
): TableStore<M, S> {
  assert(out.major.kind === 'MAJOR' && out.major.endScn === task.frozenScn, 'major merge output mismatch');
  assert(store.major === task.major, 'major replaced during a major merge');
  const gone = new Set(task.incrementals);
  assert(store.minor === null || gone.has(store.minor), 'major merge did not include the minor');
  return { ...store, minis: store.minis.filter((t) => !gone.has(t)), minor: out.minor, major: out.major };
}

/**
 * After a row-to-column conversion (CONVERT_CO_MAJOR_MERGE): `converted` — the same rows at the
 * same frozen SCN, laid out column-wise — replaces `old`; minis and minor made meanwhile stay.
 */
export function applyConvert<M, S extends PlannedTable>(store: TableStore<M, S>, old: S, converted: S): TableStore<M, S> {
  assert(store.major === old, 'major replaced during a conversion');
  assert(converted.kind === 'MAJOR' && converted.endScn === old.endScn, 'conversion output is not a major at the same SCN');
  return { ...store, major: converted };
}

/** SSTables a task consumed (the table store's references to drop once applied). */
export function consumedTables<S>(task: MinorTask<S> | MajorTask<S>): S[] {
  if (task.mergeType === 'MINOR_MERGE') return [...task.inputs];
  return task.major === null ? [...task.incrementals] : [...task.incrementals, task.major];
}

/** Read order: memtables newest first (active first), then SSTables newest first. */
export function readLayers<M, S extends PlannedTable>(store: TableStore<M, S>): { memtables: M[]; sstables: S[] } {
  const memtables = [store.active, ...[...store.frozen].reverse()];
  const sstables = [...store.minis].reverse();
  if (store.minor !== null) sstables.push(store.minor);
  if (store.major !== null) sstables.push(store.major);
  return { memtables, sstables };
}
