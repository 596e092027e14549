import { assertProbability } from './validate.js';

/**
 * Holm step-down adjusted p-values (family-wise error control, for confirmatory claims).
 * Output is in input order, monotone in the sorted p-values and capped at 1.
 *
 * @example
 * holmAdjust([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p) => assertProbability(p, 'p-value'));
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m).fill(0);
  let runningMax = 0;
  order.forEach(({ p, index }, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
