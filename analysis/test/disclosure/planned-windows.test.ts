import { describe, expect, it } from 'vitest';
import {
  auditRelease,
  buildGrid,
  planWindows,
  suppress,
  withPrevious,
  FixedCellConflictError,
  type DisclosureGrid,
  type SuppressionResult,
} from '../../src/disclosure/index.js';
import { GENDER, genderCounts, recoveredProtected, singletonsOf } from './helpers.js';

/*
 * Reduced from the value property run (FC_RUNS=80, counterexample [-17, 3, 0.04]), decision 082.
 * U0 has staff of its own and two units below it. W2 surveys all three; W3 surveys only U2 (one
 * man). The window W2-W3 takes U0 and U1 from W2 and U2 from W3, so its U0 women are the women of
 * U0's own staff and U1 in W2: 1 + 3 = 4 < k. W2 published U0's women (5 = all 23 − men 18), and
 * the one woman of U2 in W2 knows she is one of them: 5 − 1 = 4, whatever the window withholds.
 */
const K = 5;
const UNITS = [{ code: 'U0', parent: null }, { code: 'U1', parent: 'U0' }, { code: 'U2', parent: 'U0' }];
const COUNTS = [
  genderCounts('U0', 'W2', { man: 5, vrouw: 1 }),
  genderCounts('U1', 'W2', { man: 9, vrouw: 3 }),
  genderCounts('U2', 'W2', { man: 4, vrouw: 1 }),
  genderCounts('U2', 'W3', { man: 1 }),
];
const grid = (period: string, waves: string[]) => buildGrid({ period, units: UNITS, dimensions: [GENDER], waves, counts: COUNTS });
const WINDOW = { period: 'P23', grid: grid('P23', ['W2', 'W3']) };

interface Release { grid: DisclosureGrid; result: SuppressionResult }

/** Builds W2 and W3 (each planning the window or not), oldest first. */
function waves(plan: boolean): Release[] {
  const frozen: Release[] = [];
  for (const w of ['W2', 'W3']) {
    const own = plan ? planWindows(grid(w, [w]), [WINDOW]) : grid(w, [w]);
    frozen.push({ grid: own, result: suppress(withPrevious(own, frozen), { base: 'all', k: K }) });
  }
  return frozen;
}

describe('a wave planned with the window it will join (decision 082)', () => {
  it('unplanned, the window is refused, and rightly: the wave alone gives its cell away to an insider', () => {
    const frozen = waves(false);
    const window = withPrevious(WINDOW.grid, frozen);
    let conflict: FixedCellConflictError | undefined;
    try {
      suppress(window, { base: 'all', k: K });
    } catch (e) {
      if (!(e instanceof FixedCellConflictError)) throw e;
      conflict = e;
    }
    expect(conflict?.conflicts.flatMap((c) => c.reveals)).toContain('P23|U0|gender:vrouw');
    expect(conflict?.message).toContain('decision 082');
    // The window's own cells are at stake, not planned ones: nothing to build it without.
    expect(conflict?.plannedOnly()).toBeUndefined();
    // Independent attack: the window publishes nothing at all, the earlier releases what they
    // published; the one woman of U2@W2 derives the window's 4 women.
    const cells = window.cells.map((c) => {
      const n = c.blocks.reduce((s, b) => s + (window.blocks.find((x) => x.id === b)?.counts[c.column] ?? 0), 0);
      const published = c.previous === 'published';
      return { id: c.id, n, suppressed: !published, reason: published ? null : ('previous' as const), protected: c.id === 'P23|U0|gender:vrouw' };
    });
    const nothing: SuppressionResult = { cells, byId: new Map(cells.map((c) => [c.id, c])), stats: { cells: 0, primary: 0, complementary: 0, published: 0, watched: 0, basisRank: 0, millis: 0 } };
    expect(recoveredProtected([{ grid: window, result: nothing }])).toEqual([]);
    expect(recoveredProtected([{ grid: window, result: nothing }], { singletons: ['U2@W2|gender:vrouw'] })).toEqual(['P23|U0|gender:vrouw']);
  });

  it('planned, every release of the history builds, passes the audit and the attack', async () => {
    const frozen = waves(true);
    // W2 no longer publishes the women of U0 in a way the one woman of U2 can subtract from.
    expect(frozen[0]!.result.byId.get('P23|U0|gender:vrouw')).toMatchObject({ suppressed: true, protected: true, reason: 'hidden' });
    const window = withPrevious(WINDOW.grid, frozen);
    const result = suppress(window, { base: 'all', k: K });
    expect(result.byId.get('P23|U0|gender:vrouw')?.suppressed).toBe(true);
    for (const r of [...frozen.map((f, i) => ({ grid: withPrevious(f.grid, frozen.slice(0, i)), result: f.result })), { grid: window, result }]) {
      expect((await auditRelease(r.grid, r.result, { base: 'all', k: K })).failures).toEqual([]);
    }
    const all = [{ grid: window, result }];
    expect(recoveredProtected(all)).toEqual([]);
    for (const q of singletonsOf(window)) expect(recoveredProtected(all, { singletons: [q] })).toEqual([]);
  });

  it('a wave that plans a window the earlier releases already give away says so and what to change', () => {
    const frozen = waves(false).slice(0, 1); // W2 built without the window
    const w3 = withPrevious(planWindows(grid('W3', ['W3']), [WINDOW]), frozen);
    let conflict: FixedCellConflictError | undefined;
    try {
      suppress(w3, { base: 'all', k: K });
    } catch (e) {
      if (!(e instanceof FixedCellConflictError)) throw e;
      conflict = e;
    }
    expect(conflict?.conflicts.flatMap((c) => c.plannedWindows ?? [])).toContain('P23');
    expect(conflict?.message).toContain('window P23 that this release plans for');
    expect(conflict?.message).toContain('build this release without planning it');
    // Only the window's planned cells are at stake: the caller may build W3 without the plan.
    expect(conflict?.conflicts.every((c) => c.onlyPlanned)).toBe(true);
    expect(conflict?.plannedOnly()).toEqual(['P23']);
    // And that change works: W3 without the plan builds (the window then stays refused).
    expect(() => suppress(withPrevious(grid('W3', ['W3']), frozen), { base: 'all', k: K })).not.toThrow();
  });
});
