import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  StatsError,
  chiSquareTest,
  compareProportions,
  fisherExactTest,
  newcombeDifference,
  twoProportionZTest,
} from '../../src/stats/index.js';

describe('Newcombe hybrid score difference (method 10)', () => {
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ])('%i/%i − %i/%i → [%d, %d]', (x1, n1, x2, n2, low, high) => {
    const d = newcombeDifference({ count: x1, n: n1 }, { count: x2, n: n2 });
    expect(d.value).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(d.low).toBeCloseTo(low, 4);
    expect(d.high).toBeCloseTo(high, 4);
  });

  it('is antisymmetric when the samples are swapped', () => {
    const ab = newcombeDifference({ count: 9, n: 10 }, { count: 3, n: 10 });
    const ba = newcombeDifference({ count: 3, n: 10 }, { count: 9, n: 10 });
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });

  it('contains the observed difference and stays inside [−1, 1] (property)', () => {
    const sample = fc.integer({ min: 1, max: 300 }).chain((n) => fc.record({ count: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const d = newcombeDifference(a, b);
        expect(-1 <= d.low && d.low <= d.value && d.value <= d.high && d.high <= 1).toBe(true);
      }),
    );
  });

  it('throws on an empty sample', () => {
    expect(() => newcombeDifference({ count: 0, n: 0 }, { count: 1, n: 2 })).toThrow(StatsError);
  });
});

describe('two-proportion z-test', () => {
  it('15/60 vs 30/80: z = −1.567208, two-sided p = 0.117066', () => {
    const result = twoProportionZTest({ count: 15, n: 60 }, { count: 30, n: 80 });
    expect(result.z).toBeCloseTo(-1.567208, 6);
    expect(result.pValue).toBeCloseTo(0.117066, 6);
    expect(result.difference).toBeCloseTo(-0.125, 12);
  });

  it('z² equals the chi-square statistic without continuity correction (2.456140)', () => {
    const { z } = twoProportionZTest({ count: 15, n: 60 }, { count: 30, n: 80 });
    const chi = chiSquareTest([
      [15, 45],
      [30, 50],
    ]);
    expect(chi.statistic).toBeCloseTo(2.45614, 6);
    expect(z * z).toBeCloseTo(chi.statistic, 10);
    expect(chi.pValue).toBeCloseTo(0.117066, 6);
  });

  it('reports z = 0, p = 1 when both samples are all-no', () => {
    expect(twoProportionZTest({ count: 0, n: 10 }, { count: 0, n: 30 })).toEqual({ difference: 0, z: 0, pValue: 1 });
  });
});

describe('Pearson chi-square', () => {
  it('2 × 3: rows (762, 327, 468), (484, 239, 477) → X² = 30.070, df = 2, p = 2.954e−07', () => {
    const result = chiSquareTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(result.statistic).toBeCloseTo(30.07, 3);
    expect(result.df).toBe(2);
    expect(result.pValue).toBeCloseTo(2.954e-7, 10);
  });

  it('2 × 4 of proportions 83/86, 90/93, 129/136, 70/82 → X² = 12.600, df = 3, p = 0.005585', () => {
    const result = chiSquareTest([
      [83, 90, 129, 70],
      [3, 3, 7, 12],
    ]);
    expect(result.statistic).toBeCloseTo(12.6, 3);
    expect(result.df).toBe(3);
    expect(result.pValue).toBeCloseTo(0.005585, 6);
    expect(result.minExpected).toBeCloseTo((25 * 82) / 397, 10);
  });

  it('drops an all-zero column and its degree of freedom', () => {
    const withEmpty = chiSquareTest([
      [762, 0, 327, 468],
      [484, 0, 239, 477],
    ]);
    expect(withEmpty.df).toBe(2);
    expect(withEmpty.statistic).toBeCloseTo(30.070149, 5);
    expect(withEmpty.expected[0]?.[1]).toBe(0);
  });

  it('throws on tables that cannot be tested', () => {
    expect(() => chiSquareTest([])).toThrow(StatsError);
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(StatsError);
    expect(() => chiSquareTest([[1, -2], [3, 4]])).toThrow(StatsError);
    expect(() => chiSquareTest([[1.5, 2], [3, 4]])).toThrow(StatsError);
    expect(() => chiSquareTest([[0, 0], [0, 0]])).toThrow(expect.objectContaining({ code: 'EMPTY_SAMPLE' }));
    expect(() => chiSquareTest([[5, 0], [7, 0]])).toThrow(expect.objectContaining({ code: 'DEGENERATE' }));
  });
});

describe('Fisher exact test', () => {
  it('[[3,1],[1,3]]: two-sided 0.4857, greater 0.2429', () => {
    expect(fisherExactTest([[3, 1], [1, 3]]).pValue).toBeCloseTo(0.4857, 4);
    expect(fisherExactTest([[3, 1], [1, 3]], { alternative: 'greater' }).pValue).toBeCloseTo(0.2429, 4);
    // exact: 34/70 and 17/70
    expect(fisherExactTest([[3, 1], [1, 3]]).pValue).toBeCloseTo(34 / 70, 12);
    expect(fisherExactTest([[3, 1], [1, 3]], { alternative: 'less' }).pValue).toBeCloseTo(69 / 70, 12);
  });

  it('counts tables tied in probability with the observed one (symmetric margins)', () => {
    // [[2,2],[2,2]] is the most likely table: every table is as or less likely → p = 1.
    expect(fisherExactTest([[2, 2], [2, 2]]).pValue).toBeCloseTo(1, 12);
    // [[0,4],[4,0]] and [[4,0],[0,4]] each have probability 1/70.
    expect(fisherExactTest([[0, 4], [4, 0]]).pValue).toBeCloseTo(2 / 70, 12);
    // k = 0 and k = 1 both have probability 10/21, but their log factorials round differently:
    // without the relative tolerance the tie is lost and p drops to 11/21.
    expect(fisherExactTest([[0, 2], [2, 3]]).pValue).toBeCloseTo(1, 12);
  });

  it('greater + less = 1 + P(observed), and two-sided ≤ 1 (property)', () => {
    const cell = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        fc.pre(a + b + c + d > 0);
        const t = [
          [a, b],
          [c, d],
        ];
        const greater = fisherExactTest(t, { alternative: 'greater' }).pValue;
        const less = fisherExactTest(t, { alternative: 'less' }).pValue;
        const two = fisherExactTest(t).pValue;
        expect(greater + less).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(two).toBeLessThanOrEqual(1);
        expect(two).toBeGreaterThanOrEqual(Math.min(greater, less) - 1e-12);
      }),
    );
  });

  it('rejects non-2 × 2 and non-count tables', () => {
    expect(() => fisherExactTest([[1, 2, 3], [4, 5, 6]])).toThrow(StatsError);
    expect(() => fisherExactTest([[1, 2], [3, 4.2]])).toThrow(StatsError);
    expect(() => fisherExactTest([[0, 0], [0, 0]])).toThrow(StatsError);
  });
});

describe('compareProportions', () => {
  it('uses the z-test when every expected count is ≥ 5', () => {
    const result = compareProportions({ count: 15, n: 60 }, { count: 30, n: 80 });
    expect(result.test).toBe('z-test');
    expect(result.statistic).toBeCloseTo(-1.567208, 6);
    expect(result.pValue).toBeCloseTo(0.117066, 6);
    expect(result.difference.value).toBeCloseTo(-0.125, 12);
  });

  it('switches to Fisher when an expected count is below 5', () => {
    const result = compareProportions({ count: 3, n: 4 }, { count: 1, n: 4 });
    expect(result.test).toBe('fisher-exact');
    expect(result.statistic).toBeNull();
    expect(result.pValue).toBeCloseTo(34 / 70, 12);
    expect(result.minExpected).toBeCloseTo(2, 12);
    expect(result.difference.low).toBeLessThan(0.5);
  });

  it('handles an all-no pair with Fisher (p = 1)', () => {
    const result = compareProportions({ count: 0, n: 20 }, { count: 0, n: 200 });
    expect(result.test).toBe('fisher-exact');
    expect(result.pValue).toBe(1);
  });

  it('throws on an impossible sample', () => {
    expect(() => compareProportions({ count: 5, n: 3 }, { count: 1, n: 10 })).toThrow(StatsError);
  });
});
