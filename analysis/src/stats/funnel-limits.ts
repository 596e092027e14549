/**
 * Control limits of a funnel plot (Spiegelhalter 2005): for a target proportion p0 and a unit of
 * n respondents, the band a unit's proportion falls in by chance alone, from exact binomial
 * quantiles with the usual interpolation so the limits are smooth in n; means use the normal
 * approximation target ± z·sd/√n with z from `normalQuantile`. See docs/methods.md (funnel plots).
 * These are display limits: the unit values themselves come from a frozen release.
 */
import { normalQuantile } from './normal-quantile.js';
import { StatsError } from './errors.js';

/**
 * The interpolated binomial quantile as a proportion: the limit below which a share `q` of units
 * of size n with true proportion p0 fall. One pass over the probability mass, O(n).
 *
 * @example binomialLimit(0.975, 100, 0.1) // ≈ 0.16
 */
export function binomialLimit(q: number, n: number, p0: number): number {
  if (!(n > 0) || !Number.isInteger(n)) throw new StatsError('INVALID_ARGUMENT', `n must be a positive integer, got ${n}`);
  if (p0 <= 0) return 0;
  if (p0 >= 1) return 1;
  const step = Math.log(p0 / (1 - p0));
  let logPmf = n * Math.log(1 - p0);
  let cdf = 0;
  for (let r = 0; r <= n; r++) {
    const pmf = Math.exp(logPmf);
    cdf += pmf;
    if (cdf >= q) {
      // Spiegelhalter's interpolation between r − 1 and r.
      const alpha = pmf > 0 ? (cdf - q) / pmf : 0;
      return Math.min(1, Math.max(0, (r - alpha) / n));
    }
    logPmf += Math.log((n - r) / (r + 1)) + step;
  }
  return 1;
}

export interface FunnelLimits {
  n: number;
  lower998: number;
  lower95: number;
  upper95: number;
  upper998: number;
}

/** Two-sided 95% and 99.8% limits: the 0.975 and 0.999 normal quantiles. */
const Z95 = normalQuantile(0.975);
const Z998 = normalQuantile(0.999);

/** Limits at each n: binomial for proportions, normal (target ± z·sd/√n) for means. */
export function funnelLimits(ns: readonly number[], target: number, kind: 'share' | 'mean', sd = 1): FunnelLimits[] {
  return ns.map((n) => kind === 'share'
    ? { n, lower998: binomialLimit(0.001, n, target), lower95: binomialLimit(0.025, n, target), upper95: binomialLimit(0.975, n, target), upper998: binomialLimit(0.999, n, target) }
    : { n, lower998: target - (Z998 * sd) / Math.sqrt(n), lower95: target - (Z95 * sd) / Math.sqrt(n), upper95: target + (Z95 * sd) / Math.sqrt(n), upper998: target + (Z998 * sd) / Math.sqrt(n) });
}

/** Where a unit lies relative to the limits at its own n. */
export function funnelPosition(value: number, l: FunnelLimits): 'above998' | 'above95' | 'inside' | 'below95' | 'below998' {
  if (value > l.upper998) return 'above998';
  if (value > l.upper95) return 'above95';
  if (value < l.lower998) return 'below998';
  if (value < l.lower95) return 'below95';
  return 'inside';
}

/** n values to draw the limit curves at, spread evenly on a square-root scale. */
export function funnelGrid(minN: number, maxN: number, steps = 40): number[] {
  const a = Math.sqrt(Math.max(1, minN));
  const b = Math.sqrt(Math.max(minN + 1, maxN));
  const out = new Set<number>();
  for (let i = 0; i <= steps; i++) out.add(Math.round((a + ((b - a) * i) / steps) ** 2));
  return [...out].sort((x, y) => x - y);
}
