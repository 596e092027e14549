import { StatsError } from './errors.js';
import { betaPdf, incompleteBetaPair } from './incomplete-beta.js';
import { solveIncreasing } from './solve-increasing.js';
import { assertPositive, assertProbability } from './validate.js';

/**
 * Quantile of the beta(a, b) distribution: the x with I_x(a, b) = p. Lower quantiles are found
 * on I_x and upper ones on 1 − I_x, so both tails keep their relative precision.
 *
 * @example
 * inverseRegularizedBeta(0.975, 1, 29); // 0.11944… (Clopper-Pearson upper bound for 0/29)
 */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  assertProbability(p, 'p');
  assertPositive(a, 'a');
  assertPositive(b, 'b');
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatsError('INVALID_ARGUMENT', 'a and b must be finite');
  if (p === 0) return 0;
  if (p === 1) return 1;
  const slope = (x: number): number => betaPdf(x, a, b);
  const initial = a / (a + b);
  if (p <= 0.5) {
    return solveIncreasing({ f: (x) => incompleteBetaPair(x, a, b).lower, slope, target: p, lower: 0, upper: 1, initial });
  }
  return solveIncreasing({
    f: (x) => -incompleteBetaPair(x, a, b).upper,
    slope,
    target: -(1 - p),
    lower: 0,
    upper: 1,
    initial,
  });
}
