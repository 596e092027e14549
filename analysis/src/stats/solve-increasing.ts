import { StatsError } from './errors.js';

/** An increasing function whose crossing of `target` is wanted, with its derivative. */
export interface IncreasingProblem {
  f: (x: number) => number;
  slope: (x: number) => number;
  target: number;
  /** Domain bounds; either may be infinite. */
  lower: number;
  upper: number;
  initial: number;
}

const MAX_ITERATIONS = 1000;

/**
 * Safeguarded Newton iteration: keeps a bracket [lo, hi] around the root and falls back to
 * bisection whenever a Newton step leaves the bracket or fails to halve the residual. Used to
 * invert distribution functions (beta, t, chi-square), which have no closed-form quantile.
 */
export function solveIncreasing(problem: IncreasingProblem): number {
  const { f, slope, target } = problem;
  let lo = problem.lower;
  let hi = problem.upper;
  let x = Math.min(Math.max(problem.initial, lo), hi);

  let guard = 0;
  if (!Number.isFinite(hi)) {
    let step = Math.max(1, Math.abs(x));
    let probe = x;
    while (f(probe) < target) {
      lo = probe;
      probe += step;
      step *= 2;
      if (++guard > 2000) throw new StatsError('NO_CONVERGENCE', 'could not bracket root from above');
    }
    hi = probe;
  }
  if (!Number.isFinite(lo)) {
    let step = Math.max(1, Math.abs(x));
    let probe = Math.min(x, hi);
    while (f(probe) > target) {
      hi = probe;
      probe -= step;
      step *= 2;
      if (++guard > 2000) throw new StatsError('NO_CONVERGENCE', 'could not bracket root from below');
    }
    lo = probe;
  }

  if (!(x > lo && x < hi)) x = lo + (hi - lo) / 2;
  let previousResidual = Number.POSITIVE_INFINITY;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const residual = f(x) - target;
    if (residual === 0) return x;
    if (residual < 0) lo = x;
    else hi = x;
    const derivative = slope(x);
    const newtonNext = x - residual / derivative;
    if (derivative > 0 && Number.isFinite(newtonNext) && Math.abs(newtonNext - x) <= 1e-15 * Math.abs(x)) {
      return newtonNext;
    }
    const newtonUsable = derivative > 0 && Number.isFinite(newtonNext) && newtonNext > lo && newtonNext < hi;
    const next = newtonUsable && Math.abs(residual) <= 0.5 * previousResidual ? newtonNext : lo + (hi - lo) / 2;
    previousResidual = Math.abs(residual);
    if (hi - lo <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) return next;
    if (next === x) return x;
    x = next;
  }
  throw new StatsError('NO_CONVERGENCE', `root finder did not converge for target ${target}`);
}
