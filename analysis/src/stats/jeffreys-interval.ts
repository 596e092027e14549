import { inverseRegularizedBeta } from './inverse-incomplete-beta.js';
import type { Interval } from './types.js';
import { assertBinomial, assertLevel } from './validate.js';

/**
 * Jeffreys interval: equal-tailed quantiles of the beta(count + ½, n − count + ½) posterior,
 * with the lower bound set to 0 at count = 0 and the upper to 1 at count = n
 * (Brown, Cai & DasGupta 2001).
 *
 * @example
 * jeffreysInterval(0, 20); // { value: 0, low: 0, high: 0.1166… }
 */
export function jeffreysInterval(count: number, n: number, options: { level?: number } = {}): Interval {
  assertBinomial(count, n);
  const level = options.level ?? 0.95;
  assertLevel(level);
  const alpha = 1 - level;
  const a = count + 0.5;
  const b = n - count + 0.5;
  return {
    value: count / n,
    low: count === 0 ? 0 : inverseRegularizedBeta(alpha / 2, a, b),
    high: count === n ? 1 : inverseRegularizedBeta(1 - alpha / 2, a, b),
  };
}
