import { StatsError } from './errors.js';

/** Σf, Σfw and Σfw² for weights w with frequencies f (default 1 each). */
function weightSums(weights: readonly number[], frequencies?: readonly number[]): { n: number; sum: number; sumSquares: number } {
  if (frequencies && frequencies.length !== weights.length) {
    throw new StatsError('INVALID_ARGUMENT', 'weights and frequencies differ in length');
  }
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  weights.forEach((w, i) => {
    const f = frequencies ? (frequencies[i] ?? 0) : 1;
    if (!Number.isFinite(w) || w < 0) throw new StatsError('INVALID_ARGUMENT', `weight must be finite and ≥ 0, got ${w}`);
    if (!Number.isFinite(f) || f < 0) throw new StatsError('INVALID_COUNT', `frequency must be finite and ≥ 0, got ${f}`);
    n += f;
    sum += f * w;
    sumSquares += f * w * w;
  });
  if (n === 0) throw new StatsError('EMPTY_SAMPLE', 'no respondents');
  if (sum === 0) throw new StatsError('DEGENERATE', 'all weights are 0');
  return { n, sum, sumSquares };
}

/**
 * Kish design effect due to unequal weighting, n · Σw² / (Σw)² (1 for equal weights).
 * `frequencies` gives the number of respondents carrying each weight (cell-level data).
 *
 * @example
 * kishDesignEffect([1, 1, 2, 2]); // 1.1111…
 */
export function kishDesignEffect(weights: readonly number[], frequencies?: readonly number[]): number {
  const { n, sum, sumSquares } = weightSums(weights, frequencies);
  return (n * sumSquares) / (sum * sum);
}

/**
 * Kish effective sample size (Σw)² / Σw² — report it next to every weighted estimate.
 *
 * @example
 * effectiveSampleSize([1, 1, 2, 2]); // 3.6
 */
export function effectiveSampleSize(weights: readonly number[], frequencies?: readonly number[]): number {
  const { sum, sumSquares } = weightSums(weights, frequencies);
  return (sum * sum) / sumSquares;
}
