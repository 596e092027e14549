import { normalTwoSidedP } from './normal-distribution.js';
import type { ProportionSample } from './types.js';
import { assertBinomial } from './validate.js';

export interface ZTestResult {
  /** p₁ − p₂. */
  difference: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled standard error (equals Pearson's chi-square on the
 * 2 × 2 table without continuity correction: z² = X²). When both samples are all-no or all-yes
 * the difference is exactly 0 and the test reports z = 0, p = 1.
 *
 * @example
 * twoProportionZTest({ count: 15, n: 60 }, { count: 30, n: 80 }); // { z: -1.567208…, pValue: 0.117066…, … }
 */
export function twoProportionZTest(first: ProportionSample, second: ProportionSample): ZTestResult {
  assertBinomial(first.count, first.n);
  assertBinomial(second.count, second.n);
  const p1 = first.count / first.n;
  const p2 = second.count / second.n;
  const pooled = (first.count + second.count) / (first.n + second.n);
  const variance = pooled * (1 - pooled) * (1 / first.n + 1 / second.n);
  if (variance === 0) return { difference: p1 - p2, z: 0, pValue: 1 };
  const z = (p1 - p2) / Math.sqrt(variance);
  return { difference: p1 - p2, z, pValue: normalTwoSidedP(z) };
}
