import { describe, expect, it } from 'vitest';
import { compareCounts, comparePublishedRows, meanEstimate, proportionEstimate, releaseComparisons, type PublishedRow } from '../../src/index.js';

const share = (scope: string, count: number, n: number): PublishedRow => {
  const e = proportionEstimate(count, n);
  return { scope, dimension: 'all', group: 'all', indicator: 'sv_experienced', option: 'any', base: 'all', n, count, value: e.value, ciLow: e.low, ciHigh: e.high };
};
const mean = (scope: string, n: number, m: number, sd: number): PublishedRow => {
  const e = meanEstimate({ n, sum: n * m, sumOfSquares: (n - 1) * sd * sd + n * m * m });
  return { scope, dimension: 'all', group: 'all', indicator: 'psy_veiligheid', option: 'mean', base: 'all', n, count: null, value: e.value, ciLow: e.low, ciHigh: e.high };
};

describe('comparePublishedRows', () => {
  it('is the previous-wave comparison of a release, for shares (Newcombe, z or Fisher)', () => {
    const after = share('U', 20, 100);
    const before = share('U', 40, 100);
    const c = comparePublishedRows(after, before, false)!;
    const lib = compareCounts({ count: 20, n: 100 }, { count: 40, n: 100 })!;
    expect([c.difference, c.ciLow, c.ciHigh, c.pValue]).toEqual([lib.difference, lib.low, lib.high, lib.pValue]);
    const [fromRelease] = releaseComparisons({ rows: [after], parentOf: new Map([['U', null]]), previous: new Map([['U|all|all|sv_experienced|any|all', before]]), compareMeans: false });
    expect([fromRelease!.difference, fromRelease!.ciLow, fromRelease!.ciHigh, fromRelease!.pValue]).toEqual([c.difference, c.ciLow, c.ciHigh, c.pValue]);
  });

  it('compares means only where their sums can be recovered', () => {
    const after = mean('U', 100, 3.4, 0.7);
    const before = mean('U', 100, 3.8, 0.6);
    expect(comparePublishedRows(after, before, false)).toBeNull();
    const c = comparePublishedRows(after, before, true)!;
    expect(c.method).toBe('means');
    expect(c.difference).toBeCloseTo(-0.4, 9);
    expect(c.pValue).toBeLessThan(0.001);
    expect(c.ciLow).toBeLessThan(c.difference);
    expect(c.ciHigh).toBeGreaterThan(c.difference);
    expect(comparePublishedRows(after, share('U', 1, 10), true)).toBeNull();
  });
});
