import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weightedProportionFromSums } from '../../src/release/estimates.js';
import {
  StatsError,
  effectiveSampleSize,
  finitePopulationCorrection,
  kishDesignEffect,
  proportion,
  rake,
  weightedProportion,
  type RakingCell,
  type RakingMargin,
} from '../../src/stats/index.js';

// docs/methods.md raking example: sex × personnel status.
const cells: RakingCell[] = [
  { sampleSize: 400, levels: ['men', 'mil'] },
  { sampleSize: 100, levels: ['men', 'civ'] },
  { sampleSize: 60, levels: ['women', 'mil'] },
  { sampleSize: 40, levels: ['women', 'civ'] },
];
const margins: RakingMargin[] = [
  { men: 7000, women: 1500 },
  { mil: 5000, civ: 3500 },
];
const yes = [60, 10, 15, 6];

describe('raking', () => {
  it('reproduces the reference cell weights', () => {
    const result = rake(cells, margins);
    expect(result.converged).toBe(true);
    [11.036208, 25.855169, 9.758615, 22.862078].forEach((w, i) => expect(result.weights[i]).toBeCloseTo(w, 6));
    expect(result.maxMarginError).toBeLessThan(1e-10);
    expect(result.cappedCells).toEqual([]);
  });

  it('reports non-convergence within maxIterations instead of looping', () => {
    const result = rake(cells, margins, { maxIterations: 1 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
    expect(result.maxMarginError).toBeGreaterThan(1e-10);
  });

  it('caps weights and re-rakes the rest when the cap is feasible', () => {
    // Men are under-sampled in one stratum; cap at 2 × the mean weight (mean 10).
    const skewed: RakingCell[] = [
      { sampleSize: 10, levels: ['men', 'a'] },
      { sampleSize: 90, levels: ['men', 'b'] },
      { sampleSize: 60, levels: ['women', 'a'] },
      { sampleSize: 40, levels: ['women', 'b'] },
    ];
    const targets: RakingMargin[] = [
      { men: 1000, women: 1000 },
      { a: 1000, b: 1000 },
    ];
    const uncapped = rake(skewed, targets);
    expect(Math.max(...uncapped.weights)).toBeGreaterThan(20);
    const capped = rake(skewed, targets, { maxWeightRatio: 2 });
    expect(capped.converged).toBe(true);
    expect(Math.max(...capped.weights)).toBeLessThanOrEqual(20 * (1 + 1e-12));
    expect(capped.cappedCells.length).toBeGreaterThan(0);
    const menTotal = 10 * (capped.weights[0] ?? 0) + 90 * (capped.weights[1] ?? 0);
    expect(menTotal).toBeCloseTo(1000, 6);
  });

  it('reports an infeasible cap as not converged', () => {
    const result = rake(cells, margins, { maxWeightRatio: 1.5, maxIterations: 200 });
    expect(result.converged).toBe(false);
    expect(Math.max(...result.weights)).toBeLessThanOrEqual(1.5 * (8500 / 600) * (1 + 1e-12));
  });

  it('an empty cell that makes the margins unreachable ends unconverged', () => {
    // Without military men every man is civilian: 7000 civilians > the 3500 target.
    const result = rake([{ sampleSize: 0, levels: ['men', 'mil'] }, ...cells.slice(1)], margins, { maxIterations: 100 });
    expect(result.converged).toBe(false);
    expect(result.weights[0]).toBe(0);
  });

  it('throws on impossible margins', () => {
    expect(() => rake(cells, [{ men: 7000, women: 1500 }, { mil: 5000, civ: 3000 }])).toThrow(StatsError);
    expect(() => rake(cells, [{ men: 7000 }, margins[1] ?? {}])).toThrow(StatsError);
    expect(() => rake([], margins)).toThrow(StatsError);
    expect(() =>
      rake(cells, [{ men: 7000, women: 1400, other: 100 }, margins[1] ?? {}]),
    ).toThrow(expect.objectContaining({ code: 'DEGENERATE' }));
    expect(() => rake([{ sampleSize: -3, levels: ['men', 'mil'] }, ...cells.slice(1)], margins)).toThrow(StatsError);
  });

  it('hits every margin for random positive samples (property)', () => {
    const n = fc.integer({ min: 1, max: 500 });
    const target = fc.integer({ min: 1, max: 10_000 });
    fc.assert(
      fc.property(fc.tuple(n, n, n, n, n, n), fc.tuple(target, target), fc.tuple(target, target, target), (sizes, sex, band) => {
        const total = sex[0] + sex[1];
        const bandSum = band[0] + band[1] + band[2];
        const bandTargets = { x: (band[0] * total) / bandSum, y: (band[1] * total) / bandSum, z: (band[2] * total) / bandSum };
        const grid: RakingCell[] = sizes.map((size, i) => ({ sampleSize: size, levels: [i < 3 ? 'm' : 'f', ['x', 'y', 'z'][i % 3] ?? 'x'] }));
        const result = rake(grid, [{ m: sex[0], f: sex[1] }, bandTargets], { tolerance: 1e-9, maxIterations: 5000 });
        expect(result.converged).toBe(true);
        const men = grid.slice(0, 3).reduce((s, c, i) => s + c.sampleSize * (result.weights[i] ?? 0), 0);
        expect(Math.abs(men - sex[0]) / sex[0]).toBeLessThan(1e-8);
      }),
    );
  });
});

describe('weighted proportion and design effect', () => {
  const weights = rake(cells, margins).weights;
  const weightedCells = cells.map((cell, i) => ({ n: cell.sampleSize, count: yes[i] ?? 0, weight: weights[i] ?? 0 }));

  it('reference: 0.151667 unweighted, 0.141680 weighted, deff 1.180808, effective n 508.13', () => {
    expect(proportion(91, 600).value).toBeCloseTo(0.151667, 6);
    const result = weightedProportion(weightedCells);
    expect(result.value).toBeCloseTo(0.14168, 6);
    expect(result.designEffect).toBeCloseTo(1.180808, 6);
    expect(result.effectiveN).toBeCloseTo(508.13, 2);
    expect(result.n).toBe(600);
    const sizes = cells.map((c) => c.sampleSize);
    expect(kishDesignEffect(weights, sizes)).toBeCloseTo(1.180808, 6);
    expect(effectiveSampleSize(weights, sizes)).toBeCloseTo(508.13, 2);
  });

  it('linearised SE equals the with-replacement formula computed per respondent', () => {
    const result = weightedProportion(weightedCells);
    const w: number[] = [];
    const y: number[] = [];
    weightedCells.forEach((c) => {
      for (let k = 0; k < c.n; k++) {
        w.push(c.weight);
        y.push(k < c.count ? 1 : 0);
      }
    });
    const total = w.reduce((s, v) => s + v, 0);
    const p = w.reduce((s, v, i) => s + v * (y[i] ?? 0), 0) / total;
    const z = w.map((v, i) => (v * ((y[i] ?? 0) - p)) / total);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const variance = (z.length / (z.length - 1)) * z.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(result.se).toBeCloseTo(Math.sqrt(variance), 12);
    expect(result.low).toBeLessThan(result.value);
    expect(result.high).toBeGreaterThan(result.value);
  });

  it('equal weights reduce to the unweighted SE and Wilson interval', () => {
    const result = weightedProportion([{ n: 20, count: 7, weight: 3 }]);
    expect(result.designEffect).toBeCloseTo(1, 12);
    expect(result.se).toBeCloseTo(Math.sqrt((0.35 * 0.65) / 19), 12);
    // design-based effective n = p(1−p)/SE² = 19
    const wilson19 = proportion(7, 20);
    expect(result.high - result.low).toBeGreaterThan(wilson19.high - wilson19.low);
  });

  it('0 yes gives a finite interval from the Kish effective n; a census (fpc 0) gives a point', () => {
    const none = weightedProportion([{ n: 20, count: 0, weight: 1 }]);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(proportion(0, 20).high, 12);
    const census = weightedProportion(weightedCells, { fpc: finitePopulationCorrection(600, 600) });
    expect(census.se).toBe(0);
    expect(census.low).toBe(census.value);
    expect(census.high).toBe(census.value);
  });

  it('Kish formulas on plain weights', () => {
    expect(kishDesignEffect([1, 1, 2, 2])).toBeCloseTo(10 / 9, 12);
    expect(effectiveSampleSize([1, 1, 2, 2])).toBeCloseTo(3.6, 12);
    expect(kishDesignEffect([5, 5, 5])).toBeCloseTo(1, 12);
  });

  it('throws on impossible input', () => {
    expect(() => weightedProportion([])).toThrow(expect.objectContaining({ code: 'EMPTY_SAMPLE' }));
    expect(() => weightedProportion([{ n: 5, count: 6, weight: 1 }])).toThrow(StatsError);
    expect(() => weightedProportion([{ n: 5, count: 2, weight: -1 }])).toThrow(StatsError);
    expect(() => kishDesignEffect([])).toThrow(StatsError);
    expect(() => kishDesignEffect([1, 2], [1])).toThrow(StatsError);
    expect(() => effectiveSampleSize([0, 0])).toThrow(StatsError);
  });
});

describe('finite population correction', () => {
  it('is √((N − n)/(N − 1)), 0 for a census', () => {
    expect(finitePopulationCorrection(100, 50)).toBeCloseTo(Math.sqrt(50 / 99), 14);
    expect(finitePopulationCorrection(40, 40)).toBe(0);
    expect(finitePopulationCorrection(1_000_000, 1)).toBeCloseTo(1, 12);
  });

  it('throws when the sample exceeds the population or is empty', () => {
    expect(() => finitePopulationCorrection(10, 11)).toThrow(StatsError);
    expect(() => finitePopulationCorrection(10, 0)).toThrow(StatsError);
    expect(() => finitePopulationCorrection(10.5, 3)).toThrow(StatsError);
  });
});

describe('weighted proportion from rolled-up sums at p = 0 and p = 1', () => {
  // Sums rolled up in different orders differ in the last bit: 1.1 + 2.2 + 3.3 + 0.7 is 7.3 one
  // way and 7.300000000000001 the other. Fifteen respondents, all of them answering yes.
  const all = { n: 15, count: 15, wn: 7.3, wc: 7.300000000000001, w2n: 5.2, w2c: 5.200000000000001 };

  it('is exactly 1 when everyone answered yes, with a real interval, not 0.99999…–1', () => {
    expect(all.wc / all.wn).not.toBe(1); // the noise this guards against
    const r = weightedProportionFromSums(all);
    expect(r.value).toBe(1);
    expect(r.high).toBe(1);
    expect(r.low).toBeLessThan(0.85);
    expect(r.low).toBeGreaterThan(0.3);
  });

  it('is exactly 0 when no one did', () => {
    const r = weightedProportionFromSums({ ...all, count: 0, wc: 0, w2c: 0 });
    expect(r.value).toBe(0);
    expect(r.low).toBe(0);
    expect(r.high).toBeGreaterThan(0.15);
  });
});
