import { inverseRegularizedBeta } from './inverse-incomplete-beta.js';
import type { Interval } from './types.js';
import { assertBinomial, assertLevel } from './validate.js';

/**
 * Clopper-Pearson "exact" interval from beta quantiles: conservative (coverage ≥ level).
 *
 * @example
 * clopperPearsonInterval(0, 20); // { value: 0, low: 0, high: 0.1684… }
 */
export function clopperPearsonInterval(count: number, n: number, options: { level?: number } = {}): Interval {
  assertBinomial(count, n);
  const level = options.level ?? 0.95;
  assertLevel(level);
  const alpha = 1 - level;
  return {
    value: count / n,
    low: count === 0 ? 0 : inverseRegularizedBeta(alpha / 2, count, n - count + 1),
    high: count === n ? 1 : inverseRegularizedBeta(1 - alpha / 2, count + 1, n - count),
  };
}
