/**
 * Comparisons published next to a release: a cell against the rest of its parent, the rest of
 * the organisation, its own previous wave, or a demographic group against the rest of its unit.
 * "The rest" is always the complement (never a total that contains the cell), per docs/methods.md.
 */
import { benjaminiHochbergAdjust } from '../stats/benjamini-hochberg-adjust.js';
import { compareProportions } from '../stats/compare-proportions.js';
import { newcombeDifference } from '../stats/newcombe-difference.js';

export interface Comparison {
  difference: number;
  low: number;
  high: number;
  test: 'z-test' | 'fisher-exact';
  pValue: number;
}

/**
 * Difference a − b with Newcombe's hybrid score interval (method 10) and a two-sided p-value
 * (z-test, or Fisher's exact test when an expected count is below 5). Null when a side is empty.
 *
 * @example compareCounts({ count: 15, n: 60 }, { count: 30, n: 80 }) // pValue 0.117066, test 'z-test'
 */
export function compareCounts(a: { count: number; n: number }, b: { count: number; n: number }): Comparison | null {
  if (a.n <= 0 || b.n <= 0) return null;
  const d = newcombeDifference(a, b);
  const t = compareProportions(a, b);
  return { difference: d.value, low: d.low, high: d.high, test: t.test, pValue: t.pValue };
}

/** Benjamini-Hochberg adjusted p-values and flags at level q for a family of comparisons. */
export function flagSignificant(pValues: readonly number[], q = 0.05): { adjusted: number[]; significant: boolean[] } {
  if (pValues.length === 0) return { adjusted: [], significant: [] };
  const adjusted = benjaminiHochbergAdjust([...pValues]);
  return { adjusted, significant: adjusted.map((p) => p <= q) };
}
