import { describe, expect, it } from 'vitest';
import {
  auditRelease,
  buildGrid,
  suppress,
  withPrevious,
  FixedCellConflictError,
  type DisclosureGrid,
  type SuppressionResult,
} from '../../src/disclosure/index.js';
import { createGrid, genderCounts, GENDER, primaryOnly, recoveredProtected, singletonsOf } from './helpers.js';

const status = (r: SuppressionResult, id: string) => {
  const s = r.byId.get(id);
  if (!s) throw new Error(`no cell ${id}`);
  return s;
};

describe('5 men and 1 woman (k = 5)', () => {
  const grid = createGrid([{ code: 'U', parent: null }], [genderCounts('U', 'W1', { man: 5, vrouw: 1 })]);
  const rules = { base: 'all', k: 5 } as const;
  const result = suppress(grid, rules);

  it('suppresses the woman as min_n and the men as complementary, keeps the unit total', () => {
    expect(status(result, 'W1|U|gender:vrouw')).toMatchObject({ suppressed: true, reason: 'min_n', protected: true });
    expect(status(result, 'W1|U|gender:man')).toMatchObject({ suppressed: true, reason: 'complementary' });
    expect(status(result, 'W1|U|all')).toMatchObject({ suppressed: false, n: 6 });
    expect(status(result, 'W1|U|gender:onbekend')).toMatchObject({ suppressed: false, n: 0 });
  });

  it('primary-only suppression reveals the woman; the audit says so', async () => {
    const naive = primaryOnly(result);
    expect(recoveredProtected([{ grid, result: naive }])).toEqual(['W1|U|gender:vrouw']);
    const report = await auditRelease(grid, naive, rules);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => `${f.cellId}:${f.check}`)).toContain('W1|U|gender:vrouw:rank');
    expect(report.failures.map((f) => `${f.cellId}:${f.check}`)).toContain('W1|U|gender:vrouw:lp');
  });

  it('the complementary pattern passes the audit and the attack', async () => {
    expect(recoveredProtected([{ grid, result }])).toEqual([]);
    const report = await auditRelease(grid, result, rules);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('a unit below k gets no report at all', () => {
    const r = suppress(grid, { base: 'all', k: 10 });
    expect(r.cells.every((c) => c.suppressed && c.reason === 'min_n')).toBe(true);
    expect(status(r, 'W1|U|gender:onbekend').protected).toBe(false);
  });
});

describe('battalion of three companies, one with 6 respondents', () => {
  const units = [
    { code: 'BAT', parent: null },
    { code: 'A', parent: 'BAT' },
    { code: 'B', parent: 'BAT' },
    { code: 'C', parent: 'BAT' },
  ];
  const grid = createGrid(
    units,
    [
      genderCounts('A', 'W1', { man: 20, vrouw: 10 }),
      genderCounts('B', 'W1', { man: 25, vrouw: 11 }),
      genderCounts('C', 'W1', { man: 4, vrouw: 2 }),
    ],
    { dimensions: [{ name: 'gender', groups: ['man', 'vrouw'] }] },
  );
  const rules = { base: 'all' } as const;
  const result = suppress(grid, rules);

  it('suppresses the company and at least one sibling or the battalion', () => {
    expect(status(result, 'W1|C|all')).toMatchObject({ suppressed: true, reason: 'min_n' });
    const others = ['W1|A|all', 'W1|B|all', 'W1|BAT|all'].filter((id) => status(result, id).suppressed);
    expect(others.length).toBeGreaterThanOrEqual(1);
    // totals and higher levels come first: the battalion stays published
    expect(status(result, 'W1|BAT|all').suppressed).toBe(false);
  });

  it('audit passes; primary-only fails', async () => {
    expect((await auditRelease(grid, result, rules)).ok).toBe(true);
    expect(recoveredProtected([{ grid, result }])).toEqual([]);
    const naive = primaryOnly(result);
    expect(recoveredProtected([{ grid, result: naive }])).toContain('W1|C|all');
    expect((await auditRelease(grid, naive, rules)).ok).toBe(false);
  });
});

describe('three companies x (man, vrouw, onbekend), k = 10', () => {
  const units = [
    { code: 'BAT', parent: null },
    { code: 'C1', parent: 'BAT' },
    { code: 'C2', parent: 'BAT' },
    { code: 'C3', parent: 'BAT' },
  ];
  const grid = createGrid(units, [
    genderCounts('C1', 'W1', { man: 20, vrouw: 3, onbekend: 1 }),
    genderCounts('C2', 'W1', { man: 15, vrouw: 12, onbekend: 11 }),
    genderCounts('C3', 'W1', { man: 30, vrouw: 14, onbekend: 10 }),
  ]);
  const rules = { base: 'all', k: 10 } as const;
  const result = suppress(grid, rules);
  const primaries = result.cells.filter((c) => c.protected).map((c) => c.id);

  it('has the expected primaries', () => {
    expect(primaries.sort()).toEqual(['W1|C1|gender:onbekend', 'W1|C1|gender:vrouw']);
  });

  it('primary-only: every primary cell is exactly recoverable and the audit fails on each', async () => {
    const naive = primaryOnly(result);
    expect(recoveredProtected([{ grid, result: naive }]).sort()).toEqual(primaries.sort());
    const report = await auditRelease(grid, naive, rules, { exactIntervals: true });
    const lpFailed = report.failures.filter((f) => f.check === 'lp').map((f) => f.cellId);
    expect(lpFailed.sort()).toEqual(primaries.sort());
    expect(report.intervals?.get('W1|C1|gender:vrouw')).toEqual([3, 3]);
  });

  it('after complementary suppression every suppressed cell has an interval of width >= 1', async () => {
    expect(result.stats.complementary).toBeGreaterThan(0);
    const report = await auditRelease(grid, result, rules, { exactIntervals: true });
    expect(report.failures).toEqual([]);
    const suppressed = result.cells.filter((c) => c.suppressed && c.n > 0).map((c) => c.id);
    expect(report.checkedCells).toBe(suppressed.length);
    // At most a minimum and a maximum each (no minimum once an earlier optimum showed 0).
    expect(report.lpSolves).toBeLessThanOrEqual(2 * suppressed.length);
    for (const id of suppressed) {
      const [lo, hi] = report.intervals?.get(id) ?? [0, 0];
      expect(hi - lo).toBeGreaterThanOrEqual(1);
    }
    // an outsider cannot rule out that C1 has no women at all
    expect(report.intervals?.get('W1|C1|gender:vrouw')?.[0]).toBeCloseTo(0);
  });

  it('the single not-disclosed respondent cannot make a women cell exact', () => {
    expect(recoveredProtected([{ grid, result }], { singletons: ['C1@W1|gender:onbekend'] })).toEqual([]);
    for (const q of singletonsOf(grid)) expect(recoveredProtected([{ grid, result }], { singletons: [q] })).toEqual([]);
  });

  it('without the insider rule the onbekend respondent would get the women count', async () => {
    // The pattern that only protects against outsiders: C1 man, plus the column partners.
    const outsiderOnly = new Set([
      'W1|C1|gender:vrouw',
      'W1|C1|gender:onbekend',
      'W1|C2|gender:vrouw',
      'W1|C2|gender:onbekend',
    ]);
    const cells = result.cells.map((c) =>
      outsiderOnly.has(c.id)
        ? { ...c, suppressed: true, reason: c.reason ?? ('complementary' as const) }
        : { ...c, suppressed: false, reason: null },
    );
    const weak = { ...result, cells, byId: new Map(cells.map((c) => [c.id, c])) };
    expect(recoveredProtected([{ grid, result: weak }])).toEqual([]);
    expect(recoveredProtected([{ grid, result: weak }], { singletons: ['C1@W1|gender:onbekend'] })).toContain(
      'W1|C1|gender:vrouw',
    );
    const report = await auditRelease(grid, weak, rules);
    expect(report.failures.some((f) => f.check === 'insider' && f.cellId === 'W1|C1|gender:vrouw')).toBe(true);
  });
});

describe('earlier releases', () => {
  const dims = [{ name: 'gender', groups: ['man', 'vrouw'] }];
  // Wave W1 in tree R{X{a,b}, Y{c,d}}; later the same wave is reported in a reorganised tree
  // R{X{a,c}, Y{b,d}} (e.g. inside a window). The blocks are shared.
  const counts = [
    genderCounts('a', 'W1', { man: 12, vrouw: 10 }),
    genderCounts('b', 'W1', { man: 14, vrouw: 11 }),
    genderCounts('c', 'W1', { man: 3, vrouw: 3 }),
    genderCounts('d', 'W1', { man: 20, vrouw: 10 }),
  ];
  const tree = (x: string[], y: string[]) => [
    { code: 'R', parent: null },
    { code: 'X', parent: 'R' },
    { code: 'Y', parent: 'R' },
    ...x.map((u) => ({ code: u, parent: 'X' })),
    ...y.map((u) => ({ code: u, parent: 'Y' })),
  ];
  const rules = { base: 'all' } as const;
  const old = buildGrid({ period: 'P1', units: tree(['a', 'b'], ['c', 'd']), dimensions: dims, waves: ['W1'], counts });
  const oldResult = suppress(old, rules);
  const fresh = buildGrid({ period: 'P2', units: tree(['a', 'c'], ['b', 'd']), dimensions: dims, waves: ['W1'], counts });

  it('the new release alone is safe, but together with the old one it is not', () => {
    const alone = suppress(fresh, rules);
    expect(recoveredProtected([{ grid: fresh, result: alone }])).toEqual([]);
    expect(
      recoveredProtected([
        { grid: old, result: oldResult },
        { grid: fresh, result: alone },
      ]).length,
    ).toBeGreaterThan(0);
  });

  it('with the old cells as fixed constraints the union is safe and audited', async () => {
    const merged: DisclosureGrid = withPrevious(fresh, [{ grid: old, result: oldResult }]);
    const result = suppress(merged, rules);
    for (const c of merged.cells.filter((c) => c.previous)) {
      expect(status(result, c.id).suppressed).toBe(c.previous === 'suppressed');
    }
    expect(recoveredProtected([{ grid: merged, result }])).toEqual([]);
    const report = await auditRelease(merged, result, rules);
    expect(report.failures).toEqual([]);
  });

  it('reports an error when published old cells already expose a new protected cell', () => {
    const lax = suppress(old, { base: 'all', k: 5 }); // published c (n = 6)
    expect(status(lax, 'P1|c|all').suppressed).toBe(false);
    const merged = withPrevious(fresh, [{ grid: old, result: lax }]);
    expect(() => suppress(merged, rules)).toThrow(FixedCellConflictError);
    try {
      suppress(merged, rules);
    } catch (e) {
      expect((e as FixedCellConflictError).conflicts.some((c) => c.reveals.includes('P2|c|all'))).toBe(true);
    }
  });
});

describe('window versus waves', () => {
  const dims = [{ name: 'gender', groups: ['man', 'vrouw'] }];
  const units = [
    { code: 'B', parent: null },
    { code: 'A', parent: 'B' },
    { code: 'K', parent: 'B' },
    { code: 'S', parent: 'B' },
  ];
  // S (6 respondents) was surveyed only in W1; A and K in both waves.
  const counts = [
    genderCounts('A', 'W1', { man: 20, vrouw: 10 }),
    genderCounts('K', 'W1', { man: 15, vrouw: 12 }),
    genderCounts('S', 'W1', { man: 4, vrouw: 2 }),
    genderCounts('A', 'W2', { man: 22, vrouw: 11 }),
    genderCounts('K', 'W2', { man: 16, vrouw: 13 }),
  ];
  const rules = { base: 'all' } as const;
  const w1 = buildGrid({ period: 'W1', units, dimensions: dims, waves: ['W1'], counts });
  const w2 = buildGrid({ period: 'W2', units, dimensions: dims, waves: ['W2'], counts });
  const r1 = suppress(w1, rules);
  const r2 = suppress(w2, rules);
  const win = buildGrid({ period: 'W1-W2', units, dimensions: dims, waves: ['W1', 'W2'], counts });

  it('window cells sum each unit latest wave', () => {
    const cell = win.cells.find((c) => c.id === 'W1-W2|B|all');
    expect(cell?.blocks).toEqual(['A@W2', 'K@W2', 'S@W1']);
  });

  it('window minus wave isolates S unless the earlier waves are fixed constraints', async () => {
    const naive = suppress(win, rules);
    const releases = [
      { grid: w1, result: r1 },
      { grid: w2, result: r2 },
    ];
    expect(recoveredProtected([...releases, { grid: win, result: naive }])).toContain('W1-W2|S|all');
    const merged = withPrevious(win, releases);
    const result = suppress(merged, rules);
    expect(recoveredProtected([{ grid: merged, result }])).toEqual([]);
    expect((await auditRelease(merged, result, rules)).ok).toBe(true);
    expect((await auditRelease(merged, naiveOn(merged, naive), rules)).ok).toBe(false);
  });
});

/** The window's naive statuses, with the earlier releases' cells as they were. */
function naiveOn(merged: DisclosureGrid, naive: SuppressionResult): SuppressionResult {
  const cells = merged.cells.map((c) => {
    const s = naive.byId.get(c.id);
    if (s) return s;
    return { id: c.id, n: 0, suppressed: c.previous === 'suppressed', reason: c.previous === 'suppressed' ? ('previous' as const) : null, protected: false };
  });
  return { ...naive, cells, byId: new Map(cells.map((c) => [c.id, c])) };
}

describe('input checks', () => {
  it('throws on margins that do not add up', () => {
    const grid = createGrid([{ code: 'U', parent: null }], [{ unit: 'U', wave: 'W1', counts: { all: 5, 'gender:man': 4 } }]);
    expect(() => suppress(grid, { base: 'all' })).toThrow(/add up/);
  });
  it('uses kVictims and min_victims for the victims base, and the level rule', () => {
    const grid = buildGrid({
      period: 'W1',
      units: [
        { code: 'B', parent: null },
        { code: 'T', parent: 'B', levelAllowed: false },
        { code: 'U', parent: 'B', levelAllowed: false },
      ],
      dimensions: [GENDER],
      waves: ['W1'],
      counts: [genderCounts('T', 'W1', { man: 30, vrouw: 12 }), genderCounts('U', 'W1', { man: 6, vrouw: 20 })],
    });
    const r = suppress(grid, { base: 'victims', kVictims: 10 });
    expect(status(r, 'W1|U|gender:man')).toMatchObject({ reason: 'min_victims', protected: true });
    expect(status(r, 'W1|T|all')).toMatchObject({ reason: 'level', protected: true });
    expect(status(r, 'W1|B|all').suppressed).toBe(false);
    expect(recoveredProtected([{ grid, result: r }])).toEqual([]);
  });
});
