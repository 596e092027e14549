import { normalCriticalValue } from './critical-value.js';
import type { Interval } from './types.js';
import { assertBinomial } from './validate.js';

export interface WilsonOptions {
  /** Confidence level, default 0.95. */
  level?: number;
  /** Apply the continuity correction (Newcombe 1998, method 4). Default false. */
  continuityCorrection?: boolean;
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Wilson score interval for a binomial proportion, optionally continuity corrected. Unlike the
 * Wald interval it stays informative at 0 and n successes (0/20 → [0, 0.1611]).
 *
 * @example
 * wilsonInterval(81, 263); // { value: 0.30798…, low: 0.2553…, high: 0.3662… }
 */
export function wilsonInterval(count: number, n: number, options: WilsonOptions = {}): Interval {
  assertBinomial(count, n);
  const z = normalCriticalValue(options.level ?? 0.95);
  const z2 = z * z;
  const p = count / n;
  const q = 1 - p;
  let low: number;
  let high: number;
  if (options.continuityCorrection) {
    const denominator = 2 * (n + z2);
    low = (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denominator;
    high = (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denominator;
  } else {
    const centre = (count + z2 / 2) / (n + z2);
    const halfWidth = (z / (n + z2)) * Math.sqrt((count * (n - count)) / n + z2 / 4);
    low = centre - halfWidth;
    high = centre + halfWidth;
  }
  // The bounds at 0 and n are exactly 0 and 1; pin them rather than trust rounding.
  return {
    value: p,
    low: count === 0 ? 0 : clamp01(low),
    high: count === n ? 1 : clamp01(high),
  };
}
