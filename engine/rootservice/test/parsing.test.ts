import { describe, expect, it } from 'vitest';
import { formatLocality, localityChange, parseLocality } from '../locality';
import { lsPrimaryZone, normalizePrimaryZone, parsePrimaryZone } from '../primary_zone';
import { expectObError } from './helpers';

const zones = ['zone1', 'zone2', 'zone3'];

describe('parseLocality / formatLocality', () => {
  it('accepts abbreviations, full names, {1} and spaces; orders by zone', () => {
    const items = parseLocality('R@zone3, FULL{1}@zone1,f @ zone2', zones);
    expect(items).toEqual([{ replicaType: 'FULL', zone: 'zone1' }, { replicaType: 'FULL', zone: 'zone2' }, { replicaType: 'READONLY', zone: 'zone3' }]);
    expect(formatLocality(items)).toBe('FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3');
    expect(parseLocality('F@zone1,C@zone2', zones)[1].replicaType).toBe('COLUMNSTORE');
  });

  it('rejects unknown types, counts other than 1, unknown or repeated zones, and no FULL replica', () => {
    for (const bad of ['X@zone1', 'F{2}@zone1', 'F@zone9', 'F@zone1,R@zone1', '', 'F@zone1,,F@zone2', 'F zone1']) {
      expectObError(() => parseLocality(bad, zones), 'ERROR 1210 (HY000): Incorrect arguments to locality');
    }
    expectObError(() => parseLocality('R@zone1', zones), 'ERROR 4671 (HY000): full replica num not enough');
  });

  it('finds the one change between two localities', () => {
    const p = (t: string) => parseLocality(t, [...zones, 'zone4']);
    expect(localityChange(p('F@zone1,F@zone2'), p('F@zone1,F@zone2'))).toEqual({ kind: 'none' });
    expect(localityChange(p('F@zone1,F@zone2,F@zone3'), p('F@zone1,F@zone2,F@zone3,R@zone4'))).toEqual({ kind: 'add', zone: 'zone4', replicaType: 'READONLY' });
    expect(localityChange(p('F@zone1,F@zone2,F@zone3'), p('F@zone1,F@zone2'))).toEqual({ kind: 'drop', zone: 'zone3', replicaType: 'FULL' });
    expect(localityChange(p('F@zone1,F@zone2,F@zone3'), p('F@zone1,F@zone2,R@zone3'))).toEqual({ kind: 'retype', zone: 'zone3', from: 'FULL', to: 'READONLY' });
    expect(localityChange(p('F@zone1,F@zone2,C@zone3'), p('F@zone1,F@zone2'))).toEqual({ kind: 'drop', zone: 'zone3', replicaType: 'COLUMNSTORE' });
  });
});

describe('parsePrimaryZone', () => {
  it('splits levels by ; and zones by ,; RANDOM is every zone at one level', () => {
    expect(parsePrimaryZone('zone1;zone2,zone3', zones)).toEqual([['zone1'], ['zone2', 'zone3']]);
    expect(parsePrimaryZone('random', zones)).toEqual([zones]);
    expect(normalizePrimaryZone(' zone1 ; zone2 , zone3 ')).toBe('zone1;zone2,zone3');
    expect(normalizePrimaryZone('Random')).toBe('RANDOM');
  });

  it('rejects unknown, repeated and empty zones', () => {
    expectObError(() => parsePrimaryZone('zone1;zone4', zones), "ERROR 4643 (HY000): primary zone 'zone4' not in zone list zone1,zone2,zone3");
    expectObError(() => parsePrimaryZone('zone1,zone1', zones), "ERROR 4641 (HY000): Duplicated zone 'zone1' in zone list zone1,zone1");
    expectObError(() => parsePrimaryZone('zone1;;zone2', zones), 'ERROR 1210 (HY000): Incorrect arguments to primary_zone');
  });

  it('builds an LS priority string with its preferred zone first', () => {
    expect(lsPrimaryZone([zones], 'zone2')).toBe('zone2;zone1;zone3');
    expect(lsPrimaryZone([['zone1'], ['zone2', 'zone3']], 'zone1')).toBe('zone1;zone2,zone3');
  });
});
