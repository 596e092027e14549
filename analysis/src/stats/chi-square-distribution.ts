import { StatsError } from './errors.js';
import { incompleteGammaPair } from './incomplete-gamma.js';
import { logGamma } from './log-gamma.js';
import { normalQuantile } from './normal-quantile.js';
import { solveIncreasing } from './solve-increasing.js';
import { assertProbability } from './validate.js';

function assertDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new StatsError('INVALID_ARGUMENT', `degrees of freedom must be finite and > 0, got ${df}`);
  }
}

function assertStatistic(x: number): void {
  if (!(x >= 0)) throw new StatsError('INVALID_ARGUMENT', `chi-square value must be ≥ 0, got ${x}`);
}

/**
 * Density of the chi-square distribution.
 *
 * @example
 * chiSquarePdf(2, 2); // 0.5 · e^-1
 */
export function chiSquarePdf(x: number, df: number): number {
  assertDf(df);
  assertStatistic(x);
  if (x === 0) return df === 2 ? 0.5 : df < 2 ? Number.POSITIVE_INFINITY : 0;
  const k = df / 2;
  return Math.exp((k - 1) * Math.log(x) - x / 2 - k * Math.LN2 - logGamma(k));
}

/**
 * Chi-square distribution function P(X² ≤ x) = P(df/2, x/2).
 *
 * @example
 * chiSquareCdf(3.841458820694124, 1); // 0.95
 */
export function chiSquareCdf(x: number, df: number): number {
  assertDf(df);
  assertStatistic(x);
  return incompleteGammaPair(df / 2, x / 2).lower;
}

/**
 * Upper tail P(X² > x) — the p-value of a chi-square test, accurate when tiny.
 *
 * @example
 * chiSquareSurvival(30.07, 2); // 2.954e-7
 */
export function chiSquareSurvival(x: number, df: number): number {
  assertDf(df);
  assertStatistic(x);
  return incompleteGammaPair(df / 2, x / 2).upper;
}

/**
 * Quantile of the chi-square distribution.
 *
 * @example
 * chiSquareQuantile(0.95, 1); // 3.841458820694124
 */
export function chiSquareQuantile(p: number, df: number): number {
  assertProbability(p, 'p');
  assertDf(df);
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // Wilson-Hilferty cube-root approximation as the starting point.
  const z = normalQuantile(p);
  const c = 2 / (9 * df);
  const wilsonHilferty = df * (1 - c + z * Math.sqrt(c)) ** 3;
  const initial = wilsonHilferty > 0 ? wilsonHilferty : df / 2;
  const slope = (x: number): number => chiSquarePdf(x, df);
  if (p <= 0.5) {
    return solveIncreasing({ f: (x) => chiSquareCdf(x, df), slope, target: p, lower: 0, upper: Number.POSITIVE_INFINITY, initial });
  }
  return solveIncreasing({
    f: (x) => -chiSquareSurvival(x, df),
    slope,
    target: -(1 - p),
    lower: 0,
    upper: Number.POSITIVE_INFINITY,
    initial,
  });
}
