import { describe, expect, it } from 'vitest';
import { scn, type Scn } from '../common/ids';
import type { SstableType } from '../server/snapshot';
import * as policy from './compaction_policy';

interface T {
  name: string;
  kind: SstableType;
  endScn: Scn;
}
const t = (name: string, kind: SstableType, end = 0): T => ({ name, kind, endScn: scn(end) });
type Store = policy.TableStore<string, T>;

const empty: Store = { active: 'm1', frozen: [], minis: [], minor: null, major: null };

describe('compaction policy (pure planner)', () => {
  it('a conversion swaps only the major, at the same SCN, keeping newer minis and minor', () => {
    const rowMajor = t('row', 'MAJOR', 30);
    const s: Store = { ...empty, minis: [t('a', 'MINI')], minor: t('minor', 'MINOR'), major: rowMajor };
    const after = policy.applyConvert(s, rowMajor, t('column', 'MAJOR', 30));
    expect(after.major?.name).toBe('column');
    expect(after.minis.map((x) => x.name)).toEqual(['a']);
    expect(after.minor?.name).toBe('minor');
    expect(() => policy.applyConvert(s, rowMajor, t('column', 'MAJOR', 40))).toThrow(/same SCN/);
    expect(() => policy.applyConvert(s, t('other', 'MAJOR', 30), t('column', 'MAJOR', 30))).toThrow(/replaced during a conversion/);
  });

  it('freeze moves the active memtable to the frozen list, oldest first', () => {
    const s1 = policy.applyFreeze(empty, 'm2');
    const s2 = policy.applyFreeze(s1, 'm3');
    expect(s2.active).toBe('m3');
    expect(s2.frozen).toEqual(['m1', 'm2']);
    expect(empty.frozen).toEqual([]); // stores are values
  });

  it('picks a mini merge of every frozen memtable and applies its output as the newest mini', () => {
    expect(policy.pickMini(empty)).toBeNull();
    const s = policy.applyFreeze(policy.applyFreeze(empty, 'm2'), 'm3');
    const task = policy.pickMini(s)!;
    expect(task).toEqual({ mergeType: 'MINI_MERGE', memtables: ['m1', 'm2'] });
    const later = policy.applyFreeze(s, 'm4'); // m3 froze while the dump ran
    const after = policy.applyMini(later, task, t('mini1', 'MINI'));
    expect(after.frozen).toEqual(['m3']);
    expect(after.minis.map((x) => x.name)).toEqual(['mini1']);
  });

  it('picks a minor merge once minor_compact_trigger minis exist, newest input first, old minor last', () => {
    const minor0 = t('minor0', 'MINOR');
    const s: Store = { ...empty, minis: [t('a', 'MINI')], minor: minor0 };
    expect(policy.pickMinor(s, 2)).toBeNull();
    const s2: Store = { ...s, minis: [t('a', 'MINI'), t('b', 'MINI')] };
    const task = policy.pickMinor(s2, 2)!;
    expect(task.inputs.map((x) => x.name)).toEqual(['b', 'a', 'minor0']);
    expect(policy.pickMinor(s2, 3)).toBeNull();
    const withNew: Store = { ...s2, minis: [...s2.minis, t('c', 'MINI')] };
    const after = policy.applyMinor(withNew, task, t('minor1', 'MINOR'));
    expect(after.minor!.name).toBe('minor1');
    expect(after.minis.map((x) => x.name)).toEqual(['c']);
    expect(policy.consumedTables(task).map((x) => x.name)).toEqual(['b', 'a', 'minor0']);
  });

  it('picks a major at a newer frozen SCN only, over major + minor + minis', () => {
    const s: Store = { ...empty, minis: [t('a', 'MINI'), t('b', 'MINI')], minor: t('minor', 'MINOR'), major: t('major', 'MAJOR', 100) };
    expect(policy.pickMajor(s, scn(100))).toBeNull();
    expect(policy.pickMajor(s, scn(50))).toBeNull();
    const task = policy.pickMajor(s, scn(200))!;
    expect(task.incrementals.map((x) => x.name)).toEqual(['b', 'a', 'minor']);
    expect(task.major!.name).toBe('major');
    const after = policy.applyMajor(s, task, { major: t('major2', 'MAJOR', 200), minor: t('rest', 'MINOR') });
    expect(after.major!.name).toBe('major2');
    expect(after.minor!.name).toBe('rest');
    expect(after.minis).toEqual([]);
    expect(policy.consumedTables(task).map((x) => x.name)).toEqual(['b', 'a', 'minor', 'major']);
    expect(() => policy.pickMajor(policy.applyFreeze(s, 'm2'), scn(300))).toThrow(/undumped frozen memtables/);
  });

  it('lists read layers newest first: active, frozen (newest first), minis (newest first), minor, major', () => {
    const s: Store = { active: 'm3', frozen: ['m1', 'm2'], minis: [t('a', 'MINI'), t('b', 'MINI')], minor: t('minor', 'MINOR'), major: t('major', 'MAJOR') };
    const layers = policy.readLayers(s);
    expect(layers.memtables).toEqual(['m3', 'm2', 'm1']);
    expect(layers.sstables.map((x) => x.name)).toEqual(['b', 'a', 'minor', 'major']);
  });
});
