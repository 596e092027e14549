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
  it('lists every unit below as the tree, depth first: a battalion right above its companies', () => {
    const t = unitTree(scopes, 'B1');
    expect(t.groups.map((g) => g.label)).toEqual(['Bataljon 1', 'Bataljon 2']);
    expect(t.groups.flatMap((g) => g.units.map((u) => `${u.depth}:${u.code}`))).toEqual(['1:B1-BAT1', '2:B1-BAT1-A', '1:B1-BAT2', '2:B1-BAT2-B']);
    expect(t.groups[0]!.units[1]).toEqual({ code: 'B1-BAT1-A', name: 'A Cie', level: 'compagnie', parentName: 'Bataljon 1', depth: 2 });
    expect(unitTree(scopes, 'DEF').groups.map((g) => g.label)).toEqual(['Brigade 1', 'Brigade 2']);
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
