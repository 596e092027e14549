import { StatsError } from './errors.js';
import { studentTQuantile } from './student-t-distribution.js';
import { assertCount, assertFinite, assertLevel } from './validate.js';

export interface MeanInterval {
  value: number;
  low: number;
  high: number;
  /** Sample standard deviation (n − 1 denominator). */
  sd: number;
  /** Standard error of the mean. */
  se: number;
  n: number;
}

/** Running totals a database can return with one GROUP BY. */
export interface MeanSummary {
  n: number;
  sum: number;
  sumOfSquares: number;
}

function tInterval(mean: number, sumOfSquaredDeviations: number, n: number, level: number): MeanInterval {
  assertLevel(level);
  const sd = Math.sqrt(sumOfSquaredDeviations / (n - 1));
  const se = sd / Math.sqrt(n);
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, n - 1) * se;
  return { value: mean, low: mean - halfWidth, high: mean + halfWidth, sd, se, n };
}

function assertEnough(n: number): void {
  if (n === 0) throw new StatsError('EMPTY_SAMPLE', 'a mean needs at least one value');
  if (n < 2) throw new StatsError('INSUFFICIENT_DATA', 'a t interval needs at least two values');
}

/**
 * Mean with a Student t confidence interval, from raw values (two-pass, numerically stable).
 *
 * @example
 * meanInterval([1, 2, 3, 4, 5]); // { value: 3, low: 1.0367…, high: 4.9632…, sd: 1.5811…, … }
 */
export function meanInterval(values: readonly number[], options: { level?: number } = {}): MeanInterval {
  assertEnough(values.length);
  let sum = 0;
  for (const v of values) {
    assertFinite(v, 'value');
    sum += v;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return tInterval(mean, squares, values.length, options.level ?? 0.95);
}

/**
 * Mean with a Student t interval from summary statistics n, Σx and Σx².
 *
 * @example
 * meanIntervalFromSummary({ n: 5, sum: 15, sumOfSquares: 55 }); // same as meanInterval([1, 2, 3, 4, 5])
 */
export function meanIntervalFromSummary(summary: MeanSummary, options: { level?: number } = {}): MeanInterval {
  const { n, sum, sumOfSquares } = summary;
  assertCount(n, 'n');
  assertEnough(n);
  assertFinite(sum, 'sum');
  assertFinite(sumOfSquares, 'sumOfSquares');
  const mean = sum / n;
  let deviations = sumOfSquares - sum * mean;
  // Σx² − (Σx)²/n cancels catastrophically for near-constant data: anything within rounding
  // noise of 0 is 0, a clearly negative value means the summary is inconsistent.
  if (deviations < -1e-9 * Math.max(1, sumOfSquares)) {
    throw new StatsError('INVALID_ARGUMENT', 'sumOfSquares is smaller than (sum)²/n: inconsistent summary');
  }
  if (deviations <= 4 * n * Number.EPSILON * sumOfSquares) deviations = 0;
  return tInterval(mean, deviations, n, options.level ?? 0.95);
}
