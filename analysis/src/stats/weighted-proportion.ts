import { normalCriticalValue } from './critical-value.js';
import { StatsError } from './errors.js';
import { assertCount, assertLevel } from './validate.js';

export interface WeightedCell {
  /** Respondents in the cell. */
  n: number;
  /** Respondents in the cell answering yes. */
  count: number;
  /** Weight per respondent (e.g. from `rake`). */
  weight: number;
}

export interface WeightedProportion {
  value: number;
  low: number;
  high: number;
  /** Linearised (Taylor) standard error, times `fpc` when given. */
  se: number;
  /** Kish design effect of the weights. */
  designEffect: number;
  /** Kish effective sample size of the weights. */
  effectiveN: number;
  /** Unweighted respondents. */
  n: number;
}

export interface WeightedProportionOptions {
  level?: number;
  /** Finite population correction factor to apply to the SE (see finitePopulationCorrection). */
  fpc?: number;
}

/**
 * Weighted proportion Σwy / Σw with its linearised standard error: the ratio estimator's
 * residuals z = w (y − p̂) / Σw give var = n/(n − 1) · Σz² (single-stage, with replacement).
 * The interval is Wilson's, evaluated at the design-based effective n = p̂(1 − p̂)/SE², so it
 * stays inside [0, 1]; at p̂ = 0 or 1 (SE = 0) the Kish effective n is used instead.
 *
 * @example
 * weightedProportion([
 *   { n: 400, count: 60, weight: 11.036208 }, { n: 100, count: 10, weight: 25.855169 },
 *   { n: 60, count: 15, weight: 9.758615 }, { n: 40, count: 6, weight: 22.862078 },
 * ]); // { value: 0.141680…, designEffect: 1.180808…, effectiveN: 508.13…, … }
 */
export function weightedProportion(cells: readonly WeightedCell[], options: WeightedProportionOptions = {}): WeightedProportion {
  const level = options.level ?? 0.95;
  assertLevel(level);
  const fpc = options.fpc ?? 1;
  if (!(fpc >= 0 && fpc <= 1)) throw new StatsError('INVALID_ARGUMENT', `fpc must lie in [0, 1], got ${fpc}`);
  let n = 0;
  let weightSum = 0;
  let weightedYes = 0;
  let weightSquares = 0;
  for (const cell of cells) {
    assertCount(cell.n, 'n');
    assertCount(cell.count, 'count');
    if (cell.count > cell.n) throw new StatsError('INVALID_COUNT', `count ${cell.count} exceeds n ${cell.n}`);
    if (!Number.isFinite(cell.weight) || cell.weight < 0) throw new StatsError('INVALID_ARGUMENT', 'weight must be finite and ≥ 0');
    n += cell.n;
    weightSum += cell.n * cell.weight;
    weightedYes += cell.count * cell.weight;
    weightSquares += cell.n * cell.weight * cell.weight;
  }
  if (n === 0) throw new StatsError('EMPTY_SAMPLE', 'no respondents');
  if (n < 2) throw new StatsError('INSUFFICIENT_DATA', 'a linearised standard error needs at least two respondents');
  if (weightSum === 0) throw new StatsError('DEGENERATE', 'all weights are 0');

  const p = weightedYes / weightSum;
  let residualSquares = 0;
  for (const cell of cells) {
    const w2 = cell.weight * cell.weight;
    residualSquares += w2 * (cell.count * (1 - p) ** 2 + (cell.n - cell.count) * p * p);
  }
  const se = Math.sqrt(((n / (n - 1)) * residualSquares) / (weightSum * weightSum)) * fpc;
  const effectiveN = (weightSum * weightSum) / weightSquares;
  const designEffect = (n * weightSquares) / (weightSum * weightSum);

  const intervalN = se > 0 ? (p * (1 - p)) / (se * se) : fpc > 0 ? effectiveN / (fpc * fpc) : Number.POSITIVE_INFINITY;
  let low = p;
  let high = p;
  if (Number.isFinite(intervalN)) {
    const z = normalCriticalValue(level);
    const z2 = z * z;
    const centre = (p + z2 / (2 * intervalN)) / (1 + z2 / intervalN);
    const halfWidth = (z / (1 + z2 / intervalN)) * Math.sqrt((p * (1 - p)) / intervalN + z2 / (4 * intervalN * intervalN));
    low = p === 0 ? 0 : Math.max(0, centre - halfWidth);
    high = p === 1 ? 1 : Math.min(1, centre + halfWidth);
  }
  return { value: p, low, high, se, designEffect, effectiveN, n };
}
