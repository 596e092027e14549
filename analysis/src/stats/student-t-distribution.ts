import { StatsError } from './errors.js';
import { incompleteBetaPair } from './incomplete-beta.js';
import { logGamma } from './log-gamma.js';
import { normalCdf, normalPdf } from './normal-distribution.js';
import { normalQuantile } from './normal-quantile.js';
import { solveIncreasing } from './solve-increasing.js';
import { assertProbability } from './validate.js';

function assertDf(df: number): void {
  if (!(df > 0)) throw new StatsError('INVALID_ARGUMENT', `degrees of freedom must be > 0, got ${df}`);
}

/**
 * Density of Student's t distribution with `df` degrees of freedom (df may be fractional).
 *
 * @example
 * studentTPdf(0, 1); // 1/π
 */
export function studentTPdf(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) throw new StatsError('INVALID_ARGUMENT', 't must not be NaN');
  if (df === Number.POSITIVE_INFINITY) return normalPdf(t);
  const logDensity =
    logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

/**
 * Distribution function of Student's t: P(T ≤ t). Uses the incomplete beta with both x and
 * 1 − x computed directly, so it is accurate near t = 0 and in the tails.
 *
 * @example
 * studentTCdf(2.228138851986274, 10); // 0.975
 */
export function studentTCdf(t: number, df: number): number {
  assertDf(df);
  if (Number.isNaN(t)) throw new StatsError('INVALID_ARGUMENT', 't must not be NaN');
  if (df === Number.POSITIVE_INFINITY) return normalCdf(t);
  if (t === 0) return 0.5;
  const t2 = t * t;
  const x = 1 / (1 + t2 / df);
  const y = 1 / (1 + df / t2);
  const tail = 0.5 * incompleteBetaPair(x, df / 2, 0.5, y).lower;
  return t < 0 ? tail : 1 - tail;
}

/**
 * Quantile of Student's t distribution.
 *
 * @example
 * studentTQuantile(0.975, 10); // 2.228138851986274
 */
export function studentTQuantile(p: number, df: number): number {
  assertProbability(p, 'p');
  assertDf(df);
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  // Cornish-Fisher start from the normal quantile; the solver brackets outward if it falls short.
  const z = normalQuantile(q);
  const initial = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  const root = solveIncreasing({
    f: (t) => studentTCdf(t, df),
    slope: (t) => studentTPdf(t, df),
    target: q,
    lower: Number.NEGATIVE_INFINITY,
    upper: 0,
    initial: Math.min(initial, z),
  });
  return p < 0.5 ? root : -root;
}
