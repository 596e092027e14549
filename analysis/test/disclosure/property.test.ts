import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditRelease,
  buildGrid,
  planWindows,
  suppress,
  withPrevious,
  FixedCellConflictError,
  type DisclosureGrid,
  type Dimension,
  type SuppressionResult,
  type UnitCounts,
  type UnitSpec,
} from '../../src/disclosure/index.js';
import { primaryOnly, recoveredProtected, singletonsOf } from './helpers.js';
import { prng, propertySeed } from './random.js';

const SEED = propertySeed(20261122);

const DIMS: Dimension[] = [
  { name: 'gender', groups: ['man', 'vrouw', 'onbekend'] },
  { name: 'age_band', groups: ['tot35', '35plus', 'onbekend'] },
];

interface Scenario {
  before: UnitSpec[];
  after: UnitSpec[];
  counts: UnitCounts[];
}

/** Random tree, three waves of random demographic mixes, a reorganisation before wave 3. */
function scenario(seed: number, size: number): Scenario {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const before: UnitSpec[] = [{ code: 'U0', parent: null }];
  for (let i = 1; i < size; i++) before.push({ code: `U${i}`, parent: `U${int(i)}`, levelAllowed: rnd() < 0.8 });
  // Reorganisation: move one unit (not the root) under a unit outside its own subtree.
  const after = before.map((u) => ({ ...u }));
  const moved = 1 + int(size - 1);
  const inSubtree = (u: number): boolean => {
    for (let x: string | null = `U${u}`; x !== null; x = after.find((a) => a.code === x)?.parent ?? null) {
      if (x === `U${moved}`) return true;
    }
    return false;
  };
  const targets = [...Array(size).keys()].filter((u) => !inSubtree(u));
  const target = targets[int(targets.length)] as number;
  after[moved] = { ...(after[moved] as UnitSpec), parent: `U${target}` };

  const counts: UnitCounts[] = [];
  for (const wave of ['W1', 'W2', 'W3']) {
    for (let i = 0; i < size; i++) {
      if (wave === 'W3' && rnd() < 0.3) continue; // not surveyed: the window falls back to W2
      const r = rnd();
      const all = r < 0.15 ? 0 : r < 0.55 ? 1 + int(9) : 10 + int(30);
      const c: Record<string, number> = { all };
      for (const d of DIMS) {
        const cuts = [int(all + 1), int(all + 1)].sort((a, b) => a - b) as [number, number];
        const parts = [cuts[0], cuts[1] - cuts[0], all - cuts[1]];
        d.groups.forEach((g, gi) => (c[`${d.name}:${g}`] = parts[gi] as number));
      }
      counts.push({ unit: `U${i}`, wave, counts: c });
    }
  }
  return { before, after, counts };
}

/** Whether the earlier releases' published cells alone let an outsider or one insider derive one of `ids`. */
function derivableFromEarlier(grid: DisclosureGrid, ids: readonly string[]): boolean {
  const wanted = new Set(ids);
  const cells = grid.cells.map((c) => {
    const n = c.blocks.reduce((sum, b) => sum + (grid.blocks.find((x) => x.id === b)?.counts[c.column] ?? 0), 0);
    const published = c.previous === 'published';
    return { id: c.id, n, suppressed: !published, reason: published ? null : ('previous' as const), protected: wanted.has(c.id) };
  });
  const result: SuppressionResult = {
    cells,
    byId: new Map(cells.map((c) => [c.id, c])),
    stats: { cells: 0, primary: 0, complementary: 0, published: 0, watched: 0, basisRank: 0, millis: 0 },
  };
  if (recoveredProtected([{ grid, result }]).length > 0) return true;
  return singletonsOf(grid).some((q) => recoveredProtected([{ grid, result }], { singletons: [q] }).length > 0);
}

interface Release {
  grid: DisclosureGrid;
  result: SuppressionResult;
}

async function checkRelease(release: Release, base: 'all' | 'victims'): Promise<void> {
  const report = await auditRelease(release.grid, release.result, { base });
  expect(report.failures).toEqual([]);
  expect(recoveredProtected([release])).toEqual([]);
  for (const q of singletonsOf(release.grid).slice(0, 6)) {
    expect(recoveredProtected([release], { singletons: [q] })).toEqual([]);
  }
}

describe('property: random trees, mixes, waves, reorganisation and a window', () => {
  it('every release either passes the audit and the attack, or reports a justified conflict', async () => {
    let conflicts = 0;
    let releases = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 9 }), async (seed, size) => {
        const s = scenario(seed, size);
        const plan = [
          { period: 'W1', units: s.before, waves: ['W1'] },
          { period: 'W2', units: s.before, waves: ['W2'] },
          { period: 'W3', units: s.after, waves: ['W3'] },
          { period: 'W2-W3', units: s.after, waves: ['W2', 'W3'] },
        ];
        const frozen: Release[] = [];
        for (const p of plan) {
          const own = buildGrid({ ...p, dimensions: DIMS, counts: s.counts });
          const grid = withPrevious(own, frozen);
          let result: SuppressionResult;
          try {
            result = suppress(grid, { base: 'all' });
          } catch (e) {
            if (!(e instanceof FixedCellConflictError)) throw e;
            // Justified: the earlier releases alone already let an insider or outsider derive
            // a group below k of this release.
            conflicts++;
            expect(e.conflicts.length).toBeGreaterThan(0);
            for (const c of e.conflicts) expect(grid.cells.find((x) => x.id === c.cellId)?.previous).toBe('published');
            expect(derivableFromEarlier(grid, e.conflicts.flatMap((c) => c.reveals))).toBe(true);
            return;
          }
          releases++;
          await checkRelease({ grid, result }, 'all');
          frozen.push({ grid: own, result });
        }
      }),
      { numRuns: 80, seed: SEED },
    );
    // A conflict means an earlier release was built on another tree; it must stay the exception.
    expect(releases).toBeGreaterThan(100);
    expect(conflicts).toBeLessThan(20);
  }, 120_000);

  // Decision 082: the conflicts above come from waves built without the window they join. Built
  // with it planned, the same histories build completely, and every release still passes.
  it('with each wave planned with the window it joins, every release builds and passes', async () => {
    let releases = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 9 }), async (seed, size) => {
        const s = scenario(seed, size);
        const window = { period: 'W2-W3', grid: buildGrid({ period: 'W2-W3', units: s.after, waves: ['W2', 'W3'], dimensions: DIMS, counts: s.counts }) };
        const plan = [
          { period: 'W1', units: s.before, waves: ['W1'], joins: [] },
          { period: 'W2', units: s.before, waves: ['W2'], joins: [window] },
          { period: 'W3', units: s.after, waves: ['W3'], joins: [window] },
          { period: 'W2-W3', units: s.after, waves: ['W2', 'W3'], joins: [] },
        ];
        const frozen: Release[] = [];
        for (const p of plan) {
          const own = planWindows(buildGrid({ ...p, dimensions: DIMS, counts: s.counts }), p.joins);
          const grid = withPrevious(own, frozen);
          const result = suppress(grid, { base: 'all' });
          releases++;
          await checkRelease({ grid, result }, 'all');
          frozen.push({ grid: own, result });
        }
      }),
      { numRuns: 80, seed: SEED },
    );
    expect(releases).toBe(320);
  }, 120_000);

  // Found by the test above (FC_SEED=5): U1 is under the level rule. Planned without it, W2 held the
  // window's U1 cells (n 18, above k) unprotected, and published cells that give them away.
  it('a planned window cell keeps the level rule of its scope', () => {
    const s = scenario(2147483641, 5);
    const window = { period: 'W2-W3', grid: buildGrid({ period: 'W2-W3', units: s.after, waves: ['W2', 'W3'], dimensions: DIMS, counts: s.counts }) };
    const frozen: Release[] = [];
    for (const p of [{ period: 'W1', units: s.before, waves: ['W1'], joins: [] }, { period: 'W2', units: s.before, waves: ['W2'], joins: [window] }, { period: 'W3', units: s.after, waves: ['W3'], joins: [window] }]) {
      const own = planWindows(buildGrid({ ...p, dimensions: DIMS, counts: s.counts }), p.joins);
      frozen.push({ grid: own, result: suppress(withPrevious(own, frozen), { base: 'all' }) });
    }
    expect(frozen[1]!.result.byId.get('W2-W3|U1|gender:onbekend')).toMatchObject({ n: 18, suppressed: true, protected: true });
    expect(() => suppress(withPrevious(window.grid, frozen), { base: 'all' })).not.toThrow();
  });

  // Found by a random run in CI (seed -1698959052, path 3): the insider rule's walk reported the
  // insider's own one-person cell as exposed when it was the insider who could derive another
  // protected cell, so the window's conflict named cells no attack could derive.
  it('a window conflict with earlier releases names the cells an attack derives', () => {
    const s = scenario(1224915211, 8);
    const plan = [
      { period: 'W1', units: s.before, waves: ['W1'] },
      { period: 'W2', units: s.before, waves: ['W2'] },
      { period: 'W3', units: s.after, waves: ['W3'] },
    ];
    const frozen: Release[] = [];
    for (const p of plan) {
      const own = buildGrid({ ...p, dimensions: DIMS, counts: s.counts });
      frozen.push({ grid: own, result: suppress(withPrevious(own, frozen), { base: 'all' }) });
    }
    const window = withPrevious(buildGrid({ period: 'W2-W3', units: s.after, waves: ['W2', 'W3'], dimensions: DIMS, counts: s.counts }), frozen);
    let conflict: FixedCellConflictError | undefined;
    try {
      suppress(window, { base: 'all' });
    } catch (e) {
      if (!(e instanceof FixedCellConflictError)) throw e;
      conflict = e;
    }
    // The earlier releases let the one respondent of U6@W2 in age_band:onbekend derive a window
    // cell below k: a conflict, and one the independent attack confirms.
    expect(conflict).toBeDefined();
    const reveals = conflict!.conflicts.flatMap((c) => c.reveals);
    expect(reveals).not.toContain('W2|U6|age_band:onbekend');
    expect(derivableFromEarlier(window, reveals)).toBe(true);
  });

  it('a victims base with the level rule is protected as well', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 9 }), async (seed, size) => {
        const s = scenario(seed, size);
        const grid = buildGrid({ period: 'W1', units: s.before, dimensions: DIMS, waves: ['W1'], counts: s.counts });
        const result = suppress(grid, { base: 'victims', kVictims: 10 });
        await checkRelease({ grid, result }, 'victims');
      }),
      { numRuns: 25, seed: SEED },
    );
  }, 60_000);

  it('the checks can fail: primary-only patterns are caught by the audit and the attack', async () => {
    let caught = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 3, max: 9 }), async (seed, size) => {
        const s = scenario(seed, size);
        const grid = buildGrid({ period: 'W1', units: s.before, dimensions: DIMS, waves: ['W1'], counts: s.counts });
        const result = suppress(grid, { base: 'all' });
        if (result.stats.complementary === 0) return;
        total++;
        const naive = primaryOnly(result);
        const report = await auditRelease(grid, naive, { base: 'all' });
        const recovered = recoveredProtected([{ grid, result: naive }]);
        if (recovered.length > 0) {
          expect(report.ok).toBe(false);
          caught++;
        }
      }),
      { numRuns: 30, seed: SEED },
    );
    expect(caught).toBeGreaterThan(total / 2);
  }, 60_000);
});
