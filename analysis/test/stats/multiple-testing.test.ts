import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatsError, benjaminiHochbergAdjust, holmAdjust } from '../../src/stats/index.js';

const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.001, 0.06, 0.02];

describe('Holm and Benjamini-Hochberg', () => {
  it('Holm matches the reference vector, in input order', () => {
    const expected = [0.06, 0.12, 0.12, 0.035, 0.2, 0.008, 0.12, 0.1];
    holmAdjust(p).forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5));
  });

  it('BH matches the reference vector, in input order', () => {
    const expected = [0.02667, 0.05333, 0.048, 0.02, 0.2, 0.008, 0.06857, 0.04];
    benjaminiHochbergAdjust(p).forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5));
  });

  it('caps at 1 and leaves a single p-value unchanged', () => {
    expect(holmAdjust([0.4, 0.5, 0.6])).toEqual([1, 1, 1]);
    expect(benjaminiHochbergAdjust([0.9, 0.95])).toEqual([0.95, 0.95]);
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(benjaminiHochbergAdjust([])).toEqual([]);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(StatsError);
    expect(() => benjaminiHochbergAdjust([Number.NaN])).toThrow(StatsError);
  });

  const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 });

  it('Holm ≥ BH ≥ raw p, all ≤ 1 (property)', () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        const holm = holmAdjust(ps);
        const bh = benjaminiHochbergAdjust(ps);
        ps.forEach((raw, i) => {
          const h = holm[i] ?? Number.NaN;
          const b = bh[i] ?? Number.NaN;
          expect(h).toBeLessThanOrEqual(1);
          expect(h).toBeGreaterThanOrEqual(b - 1e-15);
          expect(b).toBeGreaterThanOrEqual(raw - 1e-15);
        });
      }),
    );
  });

  it('adjusted values keep the order of the raw p-values (property)', () => {
    fc.assert(
      fc.property(pValues, (ps) => {
        for (const adjust of [holmAdjust, benjaminiHochbergAdjust]) {
          const adjusted = adjust(ps);
          ps.forEach((pi, i) =>
            ps.forEach((pj, j) => {
              if (pi < pj) expect(adjusted[i] ?? Number.NaN).toBeLessThanOrEqual(adjusted[j] ?? Number.NaN);
            }),
          );
        }
      }),
    );
  });
});
