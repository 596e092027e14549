import { normalQuantile } from './normal-quantile.js';
import { assertLevel } from './validate.js';

/**
 * Two-sided standard normal critical value for a confidence level.
 *
 * @example
 * normalCriticalValue(0.95); // 1.959963984540054
 */
export function normalCriticalValue(level: number): number {
  assertLevel(level);
  return -normalQuantile((1 - level) / 2);
}
