import { assertProbability } from './validate.js';

/**
 * Benjamini-Hochberg adjusted p-values (false discovery rate, for flags on heatmaps).
 * Output is in input order, monotone in the sorted p-values and capped at 1.
 *
 * @example
 * benjaminiHochbergAdjust([0.01, 0.04, 0.03]); // [0.03, 0.04, 0.04]
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p) => assertProbability(p, 'p-value'));
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m).fill(0);
  let runningMin = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const entry = order[rank];
    if (!entry) continue;
    runningMin = Math.min(runningMin, (m / (rank + 1)) * entry.p);
    adjusted[entry.index] = runningMin;
  }
  return adjusted;
}
