/**
 * From counts to the figures of a release row: proportions with Wilson intervals (with a finite
 * population correction for census cells), means with t intervals, and their weighted versions
 * for pooled windows and sample waves. Pure functions over counts, never over response rows.
 */
import { normalCriticalValue } from '../stats/critical-value.js';
import { studentTQuantile } from '../stats/student-t-distribution.js';
import { weightedProportion } from '../stats/weighted-proportion.js';
import { StatsError } from '../stats/errors.js';

/** z for a 95% interval, computed once (the quantile is exact, and not cheap). */
const Z95 = normalCriticalValue(0.95);

const tCache = new Map<number, number>();
/** The 97.5% t quantile, memoised by degrees of freedom (a release asks for a few hundred). */
export function t975(df: number): number {
  let t = tCache.get(df);
  if (t === undefined) {
    t = studentTQuantile(0.975, df);
    if (tCache.size < 100_000) tCache.set(df, t);
  }
  return t;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

function wilsonAt(p: number, nEff: number, z: number): Estimate {
  if (!Number.isFinite(nEff)) return { value: p, low: p, high: p };
  const z2 = z * z;
  const centre = (p + z2 / (2 * nEff)) / (1 + z2 / nEff);
  const half = (z / (1 + z2 / nEff)) * Math.sqrt((p * (1 - p)) / nEff + z2 / (4 * nEff * nEff));
  return { value: p, low: p === 0 ? 0 : Math.max(0, centre - half), high: p === 1 ? 1 : Math.min(1, centre + half) };
}

/**
 * A proportion with its 95% Wilson interval. With `population` (the cell's headcount, for a
 * census) the interval is narrowed by the finite population correction: Wilson at the effective
 * n = n (N − 1) / (N − n); a complete census (n = N) has no sampling error.
 *
 * @example proportionEstimate(81, 263) // { value: 0.30798, low: 0.25531, high: 0.36617 }
 */
export function proportionEstimate(count: number, n: number, population?: number): Estimate {
  if (!(n > 0)) throw new StatsError('EMPTY_SAMPLE', 'a proportion needs n > 0');
  if (count < 0 || count > n) throw new StatsError('INVALID_COUNT', `count ${count} outside 0..${n}`);
  const p = count / n;
  let nEff = n;
  if (population !== undefined && population >= n && population > 1) {
    nEff = population === n ? Number.POSITIVE_INFINITY : (n * (population - 1)) / (population - n);
  }
  return wilsonAt(p, nEff, Z95);
}

export interface WeightedCount {
  n: number;
  count: number;
  weight: number;
}

/** A weighted proportion (ratio estimator, linearised SE, Wilson at the effective n). */
export function weightedProportionEstimate(cells: readonly WeightedCount[]): Estimate {
  const live = cells.filter((c) => c.n > 0);
  const n = live.reduce((s, c) => s + c.n, 0);
  if (n === 0) throw new StatsError('EMPTY_SAMPLE', 'a proportion needs n > 0');
  if (n === 1) return proportionEstimate(live[0]!.count, 1);
  const r = weightedProportion(live);
  return { value: r.value, low: r.low, high: r.high };
}

export interface MeanSums {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** A mean with its 95% t interval; n = 1 gives the value without an interval. */
export function meanEstimate(s: MeanSums): Estimate {
  if (!(s.n > 0)) throw new StatsError('EMPTY_SAMPLE', 'a mean needs n > 0');
  if (s.n === 1) return { value: s.sum, low: s.sum, high: s.sum };
  const m = s.sum / s.n;
  const variance = Math.max(0, (s.sumOfSquares - s.n * m * m) / (s.n - 1));
  const half = t975(s.n - 1) * Math.sqrt(variance / s.n);
  return { value: m, low: m - half, high: m + half };
}

/**
 * A weighted mean Σw·x / Σw over strata with a common weight each, with the linearised variance
 * n/(n−1) · Σ w² (x − m)² / (Σw)² and a t interval on n − 1 degrees of freedom.
 */
export function weightedMeanEstimate(cells: readonly (MeanSums & { weight: number })[]): Estimate {
  const live = cells.filter((c) => c.n > 0);
  const n = live.reduce((s, c) => s + c.n, 0);
  if (n === 0) throw new StatsError('EMPTY_SAMPLE', 'a mean needs n > 0');
  const wSum = live.reduce((s, c) => s + c.weight * c.n, 0);
  const m = live.reduce((s, c) => s + c.weight * c.sum, 0) / wSum;
  if (n === 1) return { value: m, low: m, high: m };
  let resid = 0;
  for (const c of live) resid += c.weight * c.weight * Math.max(0, c.sumOfSquares - 2 * m * c.sum + c.n * m * m);
  const se = Math.sqrt(((n / (n - 1)) * resid) / (wSum * wSum));
  const t = t975(n - 1);
  return { value: m, low: m - t * se, high: m + t * se };
}

/**
 * Sums that roll up through a unit tree for a weighted proportion, where every respondent of an
 * inner row carries the same weight w: n and count (unweighted), Σw·n, Σw·count, Σw²·n, Σw²·count.
 */
export interface WeightedProportionSums {
  n: number;
  count: number;
  wn: number;
  wc: number;
  w2n: number;
  w2c: number;
}

/**
 * The weighted proportion of `weightedProportionEstimate`, from rolled-up sums: p = Σwc/Σwn and
 * Σ w²(y − p)² = Σw²c (1 − p)² + (Σw²n − Σw²c) p², so each scope costs O(1) however many
 * inner rows it holds.
 */
export function weightedProportionFromSums(s: WeightedProportionSums): Estimate {
  if (!(s.n > 0) || !(s.wn > 0)) throw new StatsError('EMPTY_SAMPLE', 'a proportion needs n > 0');
  // All (or none) answering yes is exactly 1 (or 0) with no sampling variance: the sums are rolled
  // up in different orders, and their rounding must not turn 15/15 into 0.9999999999999998 with a
  // near-zero SE (an interval of 0.99999–1 where 13/13 gets 0.77–1).
  const degenerate = s.count === s.n || s.count === 0;
  const p = s.count === s.n ? 1 : s.count === 0 ? 0 : Math.min(1, Math.max(0, s.wc / s.wn));
  if (s.n === 1) return { value: p, low: proportionEstimate(s.count, 1).low, high: proportionEstimate(s.count, 1).high };
  const resid = s.w2c * (1 - p) ** 2 + (s.w2n - s.w2c) * p * p;
  const se = degenerate ? 0 : Math.sqrt(((s.n / (s.n - 1)) * Math.max(0, resid)) / (s.wn * s.wn));
  const nEff = se > 0 ? (p * (1 - p)) / (se * se) : (s.wn * s.wn) / s.w2n;
  return wilsonAt(p, nEff, Z95);
}

/**
 * The weighted mean of `weightedMeanEstimate` from rolled-up sums: `w1` holds Σw·n, Σw·Σx,
 * Σw·Σx²; `w2` the same with w².
 */
export function weightedMeanFromSums(n: number, w1: MeanSums, w2: MeanSums): Estimate {
  if (!(n > 0) || !(w1.n > 0)) throw new StatsError('EMPTY_SAMPLE', 'a mean needs n > 0');
  const m = w1.sum / w1.n;
  if (n === 1) return { value: m, low: m, high: m };
  const resid = Math.max(0, w2.sumOfSquares - 2 * m * w2.sum + m * m * w2.n);
  const se = Math.sqrt(((n / (n - 1)) * resid) / (w1.n * w1.n));
  const t = t975(n - 1);
  return { value: m, low: m - t * se, high: m + t * se };
}
