import { describe, expect, it } from 'vitest';
import { unitTree } from './unit-tree';
import { Lru } from '$lib/server/lru';

const scopes = [
  { code: 'DEF', name: 'Defensie', level: 'organisatie', parent: null },
  { code: 'B1', name: 'Brigade 1', level: 'brigade', parent: 'DEF' },
  { code: 'B1-BAT2', name: 'Bataljon 2', level: 'bataljon', parent: 'B1' },
  { code: 'B1-BAT1', name: 'Bataljon 1', level: 'bataljon', parent: 'B1' },
  { code: 'B1-BAT1-A', name: 'A Cie', level: 'compagnie', parent: 'B1-BAT1' },
  { code: 'B1-BAT2-B', name: 'B Cie', level: 'compagnie', parent: 'B1-BAT2' },
  { code: 'B2', name: 'Brigade 2', level: 'brigade', parent: 'DEF' },
];

describe('unitTree', () => {
  it('lists every unit below, grouped by level in tree order, sorted by name', () => {
    const t = unitTree(scopes, 'B1');
    expect(t.groups.map((g) => g.level)).toEqual(['bataljon', 'compagnie']);
    expect(t.groups[0]!.units.map((u) => u.code)).toEqual(['B1-BAT1', 'B1-BAT2']);
    expect(t.groups[1]!.units).toEqual([
      { code: 'B1-BAT1-A', name: 'A Cie', parentName: 'Bataljon 1' },
      { code: 'B1-BAT2-B', name: 'B Cie', parentName: 'Bataljon 2' },
    ]);
    expect(t.up).toEqual({ code: 'DEF', name: 'Defensie' });
  });

  it('has no up link when the parent is not readable (not among the scopes)', () => {
    const commander = scopes.filter((s) => s.code.startsWith('B1'));
    expect(unitTree(commander, 'B1').up).toBeNull();
    expect(unitTree(commander, 'B1-BAT1-A')).toEqual({ groups: [], up: { code: 'B1-BAT1', name: 'Bataljon 1' } });
    expect(unitTree(scopes, 'DEF').up).toBeNull();
  });
});

describe('Lru', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const c = new Lru<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.has('b')).toBe(false);
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });
});
