import { erfc } from './error-function.js';
import { StatsError } from './errors.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Standard normal density φ(z).
 *
 * @example
 * normalPdf(0); // 0.3989422804014327
 */
export function normalPdf(z: number): number {
  if (Number.isNaN(z)) throw new StatsError('INVALID_ARGUMENT', 'z must not be NaN');
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * Standard normal distribution function Φ(z), from the exact error function (not a table).
 *
 * @example
 * normalCdf(1.959963984540054); // 0.975
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new StatsError('INVALID_ARGUMENT', 'z must not be NaN');
  return z < 0 ? 0.5 * erfc(-z * Math.SQRT1_2) : 1 - 0.5 * erfc(z * Math.SQRT1_2);
}

/**
 * Upper tail 1 − Φ(z), accurate for large z.
 *
 * @example
 * normalSurvival(5); // 2.866515718791939e-7
 */
export function normalSurvival(z: number): number {
  if (Number.isNaN(z)) throw new StatsError('INVALID_ARGUMENT', 'z must not be NaN');
  return normalCdf(-z);
}

/**
 * Two-sided p-value of a standard normal statistic, 2 · (1 − Φ(|z|)).
 *
 * @example
 * normalTwoSidedP(1.959963984540054); // 0.05
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) throw new StatsError('INVALID_ARGUMENT', 'z must not be NaN');
  return Math.min(1, erfc(Math.abs(z) * Math.SQRT1_2));
}
