import { chiSquareTest } from './chi-square-test.js';
import { fisherExactTest } from './fisher-exact-test.js';
import { newcombeDifference } from './newcombe-difference.js';
import { twoProportionZTest } from './two-proportion-z-test.js';
import type { Interval, ProportionSample } from './types.js';
import { assertBinomial } from './validate.js';

export interface ProportionComparison {
  /** p₁ − p₂ with its Newcombe hybrid score interval. */
  difference: Interval;
  /** Which test produced the p-value. */
  test: 'z-test' | 'fisher-exact';
  /** z for the z-test; null for Fisher's exact test, which has no statistic. */
  statistic: number | null;
  /** Two-sided p-value. */
  pValue: number;
  /** Smallest expected count of the 2 × 2 table; Fisher is used below 5. */
  minExpected: number;
}

const MIN_EXPECTED = 5;

/**
 * Compares two proportions (a unit against the rest, or this wave against the previous one):
 * Newcombe interval for the difference, plus the two-proportion z-test, or Fisher's exact test
 * when any expected count is below 5.
 *
 * @example
 * compareProportions({ count: 15, n: 60 }, { count: 30, n: 80 });
 * // { test: 'z-test', statistic: -1.5672…, pValue: 0.1170…, difference: { value: -0.125, … }, … }
 */
export function compareProportions(
  first: ProportionSample,
  second: ProportionSample,
  options: { level?: number } = {},
): ProportionComparison {
  assertBinomial(first.count, first.n);
  assertBinomial(second.count, second.n);
  const difference = newcombeDifference(first, second, { level: options.level ?? 0.95 });
  const table = [
    [first.count, first.n - first.count],
    [second.count, second.n - second.count],
  ];
  const yes = first.count + second.count;
  const total = first.n + second.n;
  // An all-yes or all-no pair has an empty column: expected count 0, so Fisher (p = 1) decides.
  const minExpected =
    yes === 0 || yes === total ? 0 : chiSquareTest(table).minExpected;
  if (minExpected < MIN_EXPECTED) {
    return { difference, test: 'fisher-exact', statistic: null, pValue: fisherExactTest(table).pValue, minExpected };
  }
  const { z, pValue } = twoProportionZTest(first, second);
  return { difference, test: 'z-test', statistic: z, pValue, minExpected };
}
