import type { Interval, ProportionSample } from './types.js';
import { wilsonInterval } from './wilson-interval.js';

export interface NewcombeOptions {
  level?: number;
  /** Use continuity-corrected Wilson limits (Newcombe method 11). Default false (method 10). */
  continuityCorrection?: boolean;
}

/**
 * Newcombe hybrid score interval for p₁ − p₂ (Newcombe 1998, method 10): combines the Wilson
 * limits of each proportion. Compare a unit with the rest of the organisation, not with a total
 * that contains it.
 *
 * @example
 * newcombeDifference({ count: 56, n: 70 }, { count: 48, n: 80 }); // { value: 0.2, low: 0.0524…, high: 0.3339… }
 */
export function newcombeDifference(
  first: ProportionSample,
  second: ProportionSample,
  options: NewcombeOptions = {},
): Interval {
  const wilsonOptions = { level: options.level ?? 0.95, continuityCorrection: options.continuityCorrection ?? false };
  const a = wilsonInterval(first.count, first.n, wilsonOptions);
  const b = wilsonInterval(second.count, second.n, wilsonOptions);
  const difference = a.value - b.value;
  return {
    value: difference,
    low: difference - Math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2),
    high: difference + Math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2),
  };
}
