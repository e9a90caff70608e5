import { describe, expect, it } from 'vitest';
import { FULL_RANGE } from '../sql/exec_context';
import { MergeIterator, MvccCursor, type VersionIterator } from './iterator';
import { Memtable, VersionProbe } from './memtable';
import { k, l, range, s } from './test/helpers';

function visibleAt(mt: Memtable, key: number, snapshot: number) {
  const p = new VersionProbe();
  mt.probe(k(key), s(snapshot), p);
  return p.found ? p.row : undefined;
}

function drain(it: VersionIterator): [string, bigint, unknown][] {
  const out: [string, bigint, unknown][] = [];
  for (; it.isValid(); it.next()) out.push([it.key(), it.scn(), it.row()]);
  return out;
}

describe('Memtable MVCC', () => {
  it('keeps versions sorted by SCN when commits arrive out of order', () => {
    const mt = new Memtable(1, s(0));
    mt.apply(k(1), s(10), [1, 'a'], l(1));
    mt.apply(k(1), s(30), [1, 'c'], l(2));
    mt.apply(k(1), s(20), [1, 'b'], l(3)); // a 2PC commit applied after a newer one
    expect(visibleAt(mt, 1, 5)).toBeUndefined();
    expect(visibleAt(mt, 1, 10)).toEqual([1, 'a']);
    expect(visibleAt(mt, 1, 25)).toEqual([1, 'b']);
    expect(visibleAt(mt, 1, 30)).toEqual([1, 'c']);
    expect(mt.newestScn(k(1))).toBe(30n);
    expect(mt.versionCount).toBe(3);
    expect(mt.rowCount).toBe(1);
  });

  it('treats a delete marker as a version that hides the row from later snapshots', () => {
    const mt = new Memtable(1, s(0));
    mt.apply(k(7), s(10), [7, 'x'], l(1));
    mt.apply(k(7), s(20), null, l(2));
    expect(visibleAt(mt, 7, 15)).toEqual([7, 'x']);
    expect(visibleAt(mt, 7, 25)).toBeNull();
    const rows = [];
    const c = new MvccCursor(mt.iterator(FULL_RANGE, false), s(25), false);
    while (c.advance()) rows.push(c.row);
    expect(rows).toEqual([]);
  });

  it('replaces a version written twice at the same SCN (one transaction touching a row twice)', () => {
    const mt = new Memtable(1, s(0));
    mt.apply(k(1), s(10), [1, 'first'], l(1));
    mt.apply(k(1), s(10), [1, 'second'], l(1));
    expect(visibleAt(mt, 1, 10)).toEqual([1, 'second']);
    expect(mt.versionCount).toBe(1);
  });

  it('iterates in (key asc, SCN desc) order forward and the exact mirror in reverse', () => {
    const mt = new Memtable(1, s(0));
    for (const n of [5, 1, 3]) {
      mt.apply(k(n), s(10 + n), [n, 'old'], l(1));
      mt.apply(k(n), s(100 + n), [n, 'new'], l(2));
    }
    const fwd = drain(mt.iterator(FULL_RANGE, false));
    expect(fwd.map(([key, scn]) => [key, scn])).toEqual([
      [k(1), 101n], [k(1), 11n], [k(3), 103n], [k(3), 13n], [k(5), 105n], [k(5), 15n],
    ]);
    const rev = drain(mt.iterator(FULL_RANGE, true));
    expect(rev).toEqual([...fwd].reverse());
  });

  it('respects inclusive and exclusive bounds in both directions', () => {
    const mt = new Memtable(1, s(0));
    for (let n = 1; n <= 10; n++) mt.apply(k(n), s(1), [n, n], l(1));
    const keysOf = (it: VersionIterator) => drain(it).map(([, , row]) => (row as number[])[0]);
    expect(keysOf(mt.iterator(range(3, 6), false))).toEqual([3, 4, 5, 6]);
    expect(keysOf(mt.iterator(range(3, 6, false, false), false))).toEqual([4, 5]);
    expect(keysOf(mt.iterator(range(3, 6, true, false), true))).toEqual([5, 4, 3]);
    expect(keysOf(mt.iterator(range(3, 6, false, true), true))).toEqual([6, 5, 4]);
    expect(keysOf(mt.iterator(range(6, 3), false))).toEqual([]);
    expect(keysOf(mt.iterator(range(4, 4, true, false), false))).toEqual([]);
  });

  it('keeps an ordered index across many inserts in random order (leaf splits)', () => {
    const mt = new Memtable(1, s(0));
    const keys = Array.from({ length: 5000 }, (_, i) => i);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    for (const n of keys) mt.apply(k(n), s(1), [n], l(1));
    const seen = drain(mt.iterator(FULL_RANGE, false)).map(([, , row]) => (row as number[])[0]);
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    const back = drain(mt.iterator(range(1000, 2000, false, true), true)).map(([, , row]) => (row as number[])[0]);
    expect(back.length).toBe(1000);
    expect(back[0]).toBe(2000);
    expect(back[999]).toBe(1001);
  });

  it('a cursor continues correctly after inserts between its steps', () => {
    const mt = new Memtable(1, s(0));
    for (const n of [10, 20, 30]) mt.apply(k(n), s(5), [n], l(1));
    const it = mt.iterator(FULL_RANGE, false);
    expect(it.key()).toBe(k(10));
    for (let n = 0; n < 600; n++) mt.apply(k(1000 + n), s(6), [1000 + n], l(2)); // forces splits
    mt.apply(k(15), s(6), [15], l(2));
    mt.apply(k(5), s(6), [5], l(2)); // before the cursor: not revisited
    it.next();
    const rest = drain(it).map(([, , row]) => (row as number[])[0]);
    expect(rest.slice(0, 3)).toEqual([15, 20, 30]);
    expect(rest.length).toBe(603);
  });

  it('freezes with the end SCN and the LS applied LSN, and refuses writes afterwards', () => {
    const mt = new Memtable(1, s(100));
    mt.apply(k(1), s(150), [1], l(7));
    mt.freeze(l(9));
    expect(mt.state).toBe('frozen');
    expect(mt.endScn).toBe(150n);
    expect(mt.endLsn).toBe(9);
    expect(() => mt.apply(k(2), s(160), [2], l(10))).toThrow(/frozen memtable/);
    expect(mt.bytes).toBeGreaterThan(0);
  });

  it('merges layers so that the newest version ≤ snapshot wins even across layers', () => {
    const older = new Memtable(1, s(0));
    const newer = new Memtable(2, s(0));
    older.apply(k(1), s(50), [1, 'scn50'], l(1));
    newer.apply(k(1), s(40), [1, 'scn40'], l(2)); // applied later with a smaller commit SCN
    for (const reverse of [false, true]) {
      const it = new MergeIterator([newer.iterator(FULL_RANGE, reverse), older.iterator(FULL_RANGE, reverse)], reverse);
      const c = new MvccCursor(it, s(60), reverse);
      expect(c.advance()).toBe(true);
      expect(c.row).toEqual([1, 'scn50']);
      const c45 = new MvccCursor(new MergeIterator([newer.iterator(FULL_RANGE, reverse), older.iterator(FULL_RANGE, reverse)], reverse), s(45), reverse);
      expect(c45.advance()).toBe(true);
      expect(c45.row).toEqual([1, 'scn40']);
    }
  });
});
