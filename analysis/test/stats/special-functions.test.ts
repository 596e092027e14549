import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  StatsError,
  betaPdf,
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSurvival,
  erf,
  erfc,
  inverseRegularizedBeta,
  logGamma,
  normalCdf,
  normalCriticalValue,
  normalQuantile,
  normalSurvival,
  normalTwoSidedP,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTQuantile,
} from '../../src/stats/index.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('error function', () => {
  it.each([
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [-1, -0.8427007929497149],
    [1e-10, 1.1283791670955126e-10],
  ])('erf(%d) is exact to 1e-14', (x, expected) => {
    expect(relativeError(erf(x), expected)).toBeLessThan(1e-14);
  });

  it('erfc keeps relative precision in the far tail', () => {
    expect(relativeError(erfc(3), 0.00002209049699858544)).toBeLessThan(1e-13);
    expect(relativeError(erfc(10), 2.088487583762545e-45)).toBeLessThan(1e-12);
    expect(erfc(-2)).toBeCloseTo(1.995322265018953, 14);
  });

  it('rejects NaN instead of propagating it', () => {
    expect(() => erf(Number.NaN)).toThrow(StatsError);
  });
});

describe('normal distribution', () => {
  it('is not the table-rounded lookup (z = −1.567 gives 0.11707, not 0.1164)', () => {
    expect(normalTwoSidedP(-1.567208)).toBeCloseTo(0.117066, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 13);
    expect(relativeError(normalSurvival(5), 2.866515718791939e-7)).toBeLessThan(1e-13);
  });

  it('normalQuantile(0.975) = 1.959963984540054 to 1e-9 (probit gives 1.95716)', () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-9);
    expect(Math.abs(normalCriticalValue(0.95) - 1.959963984540054)).toBeLessThan(1e-9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 9);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 8);
  });

  it('returns infinities at 0 and 1 and throws outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(StatsError);
    expect(() => normalCriticalValue(1)).toThrow(StatsError);
  });

  it('quantile and CDF are inverse (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
      }),
    );
    fc.assert(
      // Lower tail only: above 0 the CDF rounds towards 1 and the inverse is ill-conditioned.
      fc.property(fc.double({ min: -30, max: 0, noNaN: true }), (z) => {
        expect(Math.abs(normalQuantile(normalCdf(z)) - z)).toBeLessThan(1e-8 * Math.max(1, Math.abs(z)));
      }),
    );
  });
});

describe('incomplete gamma and chi-square', () => {
  it('matches closed forms', () => {
    expect(regularizedGammaP(1, 1)).toBeCloseTo(1 - Math.exp(-1), 14);
    expect(relativeError(regularizedGammaQ(1, 30), Math.exp(-30))).toBeLessThan(1e-13);
    expect(regularizedGammaP(0.5, 2)).toBeCloseTo(erf(Math.SQRT2), 14);
    expect(regularizedGammaP(3, 0)).toBe(0);
  });

  it('chi-square CDF with df = 2 at 30.070 leaves an upper tail of 2.954e-7', () => {
    expect(chiSquareCdf(30.07, 2)).toBeCloseTo(1 - Math.exp(-15.035), 14);
    expect(relativeError(chiSquareSurvival(30.07, 2), 2.954e-7)).toBeLessThan(1e-3);
    expect(relativeError(chiSquareSurvival(30.07, 2), Math.exp(-15.035))).toBeLessThan(1e-12);
  });

  it('chi-square quantiles match tables', () => {
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841458820694124, 9);
    expect(chiSquareQuantile(0.95, 2)).toBeCloseTo(-2 * Math.log(0.05), 9);
    expect(chiSquareQuantile(0.05, 10)).toBeCloseTo(3.940299136119, 8);
  });

  it('quantile and CDF are inverse (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-8, max: 1 - 1e-8, noNaN: true }), fc.double({ min: 0.2, max: 200, noNaN: true }), (p, df) => {
        const x = chiSquareQuantile(p, df);
        const back = p <= 0.5 ? chiSquareCdf(x, df) : 1 - chiSquareSurvival(x, df);
        expect(Math.abs(back - p)).toBeLessThan(1e-10 * Math.max(p, 1e-6));
      }),
    );
  });

  it('throws on impossible arguments', () => {
    expect(() => chiSquareCdf(-1, 2)).toThrow(StatsError);
    expect(() => chiSquareCdf(1, 0)).toThrow(StatsError);
    expect(() => regularizedGammaP(0, 1)).toThrow(StatsError);
    expect(() => logGamma(-1)).toThrow(StatsError);
  });
});

describe('incomplete beta', () => {
  it('matches closed forms', () => {
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    // I_x(1, b) = 1 − (1 − x)^b
    expect(regularizedBeta(0.1, 1, 29)).toBeCloseTo(1 - 0.9 ** 29, 14);
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 14);
  });

  it('inverse has a closed form for a = 1', () => {
    expect(inverseRegularizedBeta(0.975, 1, 29)).toBeCloseTo(1 - 0.025 ** (1 / 29), 12);
    expect(inverseRegularizedBeta(0.025, 1, 29)).toBeCloseTo(1 - 0.975 ** (1 / 29), 14);
  });

  it('inverse and CDF are inverse (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (p, a, b) => {
          const x = inverseRegularizedBeta(p, a, b);
          // One ulp of x moves I_x by pdf(x)·ε; steep quantiles cannot do better than that.
          const allowed = 1e-11 + 4 * Number.EPSILON * betaPdf(x, a, b);
          expect(Math.abs(regularizedBeta(x, a, b) - p)).toBeLessThan(allowed);
        },
      ),
    );
  });
});

describe('Student t', () => {
  it('quantile for df = 10 at 0.975 is 2.228139', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228139, 6);
    expect(studentTCdf(2.228138851986274, 10)).toBeCloseTo(0.975, 12);
  });

  it('matches the Cauchy (df = 1) closed form and the normal limit', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 9);
    expect(studentTCdf(-3, 1)).toBeCloseTo(0.5 + Math.atan(-3) / Math.PI, 14);
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBeCloseTo(1.959963984540054, 9);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 5);
  });

  it('quantile and CDF are inverse (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.double({ min: 0.5, max: 1000, noNaN: true }), (p, df) => {
        expect(Math.abs(studentTCdf(studentTQuantile(p, df), df) - p)).toBeLessThan(1e-11);
      }),
    );
  });

  it('throws for df ≤ 0', () => {
    expect(() => studentTCdf(1, 0)).toThrow(StatsError);
    expect(() => studentTQuantile(0.9, -2)).toThrow(StatsError);
  });
});
