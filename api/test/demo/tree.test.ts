import { describe, expect, it } from 'vitest';
import { generateDemoFrame } from '../../src/demo/index.js';
import type { DemoUnit } from '../../src/demo/index.js';
import { childrenOf, depthOf, headcounts } from './fixtures.js';

const LEVELS = ['organisatie', 'onderdeel', 'commando', 'brigade', 'bataljon', 'compagnie'];
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function checkTree(units: readonly DemoUnit[]): void {
  const codes = units.map((u) => u.code);
  expect(new Set(codes).size).toBe(codes.length);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const roots = units.filter((u) => u.parent === null);
  expect(roots.map((u) => u.code)).toEqual(['DEF']);
  for (const u of units) {
    if (u.parent !== null) expect(byCode.has(u.parent), `${u.code} parent ${u.parent}`).toBe(true);
    expect(LEVELS).toContain(u.level);
    if (u.validFrom !== null) expect(u.validFrom).toMatch(ISO);
    if (u.validTo !== null) expect(u.validTo).toMatch(ISO);
  }
  // Parents come before children (an importer can load the file top-down).
  const seen = new Set<string>();
  for (const u of units) {
    if (u.parent !== null) expect(seen.has(u.parent)).toBe(true);
    seen.add(u.code);
  }
  const depth = depthOf(units);
  const maxDepth = Math.max(...depth.values());
  expect(maxDepth).toBeGreaterThanOrEqual(4);
  expect(maxDepth).toBeLessThanOrEqual(5);
}

describe('demo unit tree: small', () => {
  const d = generateDemoFrame({ size: 'small', seed: 1 });

  it('is one organisation with one branch and about 40 units over 4-5 tiers', () => {
    checkTree(d.units);
    expect(d.organisation).toEqual({ code: 'DEF', name: 'Defensie' });
    expect(d.units.filter((u) => u.level === 'onderdeel')).toHaveLength(1);
    expect(d.units.length).toBeGreaterThanOrEqual(35);
    expect(d.units.length).toBeLessThanOrEqual(50);
    expect(d.waves).toHaveLength(3);
  });
});

describe('demo unit tree: defence', () => {
  const d = generateDemoFrame({ size: 'defence', seed: 1 });
  const byCode = new Map(d.units.map((u) => [u.code, u]));
  const kids = childrenOf(d.units);
  const hc = headcounts(d);

  it('is a valid tree of about 600 units in 4-5 tiers', () => {
    checkTree(d.units);
    expect(d.units.length).toBeGreaterThanOrEqual(550);
    expect(d.units.length).toBeLessThanOrEqual(650);
    const depth = depthOf(d.units);
    // Every branch reaches at least tier 4, and only MIVD is a leaf above tier 4.
    for (const b of kids.get('DEF') ?? []) {
      const below = d.units.filter((u) => u.code.startsWith(`${b.code}-`)).map((u) => depth.get(u.code) ?? 0);
      expect(Math.max(...below)).toBeGreaterThanOrEqual(4);
    }
    const shallowLeaves = d.units.filter((u) => !kids.has(u.code) && (depth.get(u.code) ?? 0) < 4).map((u) => u.code);
    expect(shallowLeaves).toEqual(['BS-MIVD']);
  });

  it('has the seven branches and the named units of the published sources (PARAMETERS.md)', () => {
    expect((kids.get('DEF') ?? []).map((u) => u.code)).toEqual(['CZSK', 'CLAS', 'CLSK', 'KMAR', 'BS', 'DOSCO', 'DMO']);
    const names = new Set(d.units.map((u) => u.name));
    for (const name of [
      '11 Luchtmobiele Brigade', '13 Lichte Brigade', '43 Gemechaniseerde Brigade', 'Opleidings- en Trainingscommando',
      'Defensie Grondgebonden Logistiek', 'Korps Commandotroepen', '1 Duits-Nederlands Legerkorps', 'Vloot',
      'Korps Mariniers', 'Onderzeedienst', 'Kustwacht Nederland', 'Vliegbasis Leeuwarden', 'Vliegbasis Volkel',
      'Vliegbasis Eindhoven', 'Vliegbasis Woensdrecht', 'Vliegbasis Gilze-Rijen', 'Defensie Helikopter Commando',
      'Brigade Grenstoezicht Schiphol', 'Nederlandse Defensie Academie', 'Koninklijke Militaire Academie',
      'Koninklijk Instituut voor de Marine', 'Faculteit Militaire Wetenschappen',
    ]) expect(names, name).toContain(name);
    expect(byCode.get('DOSCO-NLDA-KMA')?.parent).toBe('DOSCO-NLDA');
    expect(byCode.get(d.parameters.trendBrigade.code)?.name).toBe(d.parameters.trendBrigade.name);
  });

  it('has exactly one unit excluded from pooling: MIVD under BS', () => {
    const excluded = d.units.filter((u) => u.excludedFromPooling);
    expect(excluded.map((u) => [u.code, u.parent])).toEqual([['BS-MIVD', 'BS']]);
    expect(d.parameters.excludedUnit).toBe('BS-MIVD');
  });

  it('has one reorganisation: a unit ended and replaced under another parent the next day', () => {
    const ended = d.units.filter((u) => u.validTo !== null);
    const started = d.units.filter((u) => u.validFrom !== null);
    expect(ended).toHaveLength(1);
    expect(started).toHaveLength(1);
    const [old] = ended;
    const [successor] = started;
    expect(old && successor).toBeTruthy();
    if (!old || !successor) return;
    expect(successor.name).toBe(old.name);
    expect(successor.parent).not.toBe(old.parent);
    const nextDay = new Date(Date.parse(`${old.validTo}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(successor.validFrom).toBe(nextDay);
    expect(d.parameters.reorganisation).toMatchObject({ ended: old.code, replacedBy: successor.code });
    // The old unit is surveyed only before, the new one only after.
    for (const w of d.waves) {
      if (w.units.includes(old.code)) expect(w.opens <= (old.validTo ?? '')).toBe(true);
      if (w.units.includes(successor.code)) expect(w.opens >= (successor.validFrom ?? '')).toBe(true);
    }
    expect(d.waves.some((w) => w.units.includes(old.code))).toBe(true);
    expect(d.waves.some((w) => w.units.includes(successor.code))).toBe(true);
  });

  it('has about 60,000 staff (one full survey cycle of headcounts)', () => {
    const lastCycle = d.waves.slice(-3).map((w) => w.code);
    const staff = lastCycle.reduce((s, p) => s + (hc.get(p)?.get('DEF')?.get('all/all') ?? 0), 0);
    expect(staff).toBeGreaterThan(57_000);
    expect(staff).toBeLessThan(63_000);
  });

  it('headcounts: a unit includes everything below it, some internal units have own staff', () => {
    let internalWithOwnStaff = 0;
    for (const [period, units] of hc) {
      for (const [code, cells] of units) {
        const children = (kids.get(code) ?? []).filter((c) => units.has(c.code));
        for (const [cell, n] of cells) {
          expect(Number.isInteger(n) && n >= 0).toBe(true);
          const below = children.reduce((s, c) => s + (units.get(c.code)?.get(cell) ?? 0), 0);
          expect(n, `${period} ${code} ${cell}`).toBeGreaterThanOrEqual(below);
          if (cell === 'all/all' && children.length > 0 && n > below) internalWithOwnStaff++;
          if (code === 'DEF' || byCode.get(code)?.level === 'onderdeel') {
            // No staff of their own at the top: the top equals the sum of what was surveyed below it.
            expect(n, `${period} ${code} ${cell}`).toBe(below);
          }
        }
      }
    }
    expect(internalWithOwnStaff).toBeGreaterThan(20);
  });

  it('headcounts: groups of a dimension add up to all (rank_group without externals), no onbekend', () => {
    const groups = new Set(d.population.map((r) => `${r.dimension}/${r.group}`));
    expect([...groups].sort()).toEqual([
      'age_band/25_34', 'age_band/35_44', 'age_band/45_54', 'age_band/55plus', 'age_band/tot25', 'all/all',
      'gender/anders', 'gender/man', 'gender/vrouw', 'personnel_type/burger', 'personnel_type/extern',
      'personnel_type/militair', 'rank_group/manschappen', 'rank_group/officieren', 'rank_group/onderofficieren',
      'rank_group/schaal_11plus', 'rank_group/schaal_1_6', 'rank_group/schaal_7_10',
    ]);
    for (const units of hc.values()) {
      for (const cells of units.values()) {
        const sum = (dim: string): number => [...cells].filter(([k]) => k.startsWith(`${dim}/`)).reduce((s, [, n]) => s + n, 0);
        const all = cells.get('all/all') ?? 0;
        expect(sum('gender')).toBe(all);
        expect(sum('age_band')).toBe(all);
        expect(sum('personnel_type')).toBe(all);
        expect(sum('rank_group')).toBe(all - (cells.get('personnel_type/extern') ?? 0));
      }
    }
  });

  it('population rows exist per surveyed unit per wave and for its ancestors only', () => {
    for (const w of d.waves) {
      const units = hc.get(w.code);
      expect(units).toBeDefined();
      if (!units) continue;
      const expected = new Set<string>();
      for (const code of w.units) {
        let c: string | null | undefined = code;
        while (c) {
          expected.add(c);
          c = byCode.get(c)?.parent;
        }
      }
      expect(new Set(units.keys())).toEqual(expected);
    }
    expect([...hc.keys()]).toEqual(d.waves.map((w) => w.code));
  });
});
