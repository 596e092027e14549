import { StatsError } from './errors.js';
import { normalCdf } from './normal-distribution.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Starting point for the lower tail (q ≤ 0.5): the rational approximation of Abramowitz &
 * Stegun 26.2.23 (absolute error < 4.5e-4), which Newton's method then polishes.
 */
function roughLowerQuantile(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q));
  const numerator = 2.515517 + t * (0.802853 + t * 0.010328);
  const denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308));
  return -(t - numerator / denominator);
}

/**
 * Inverse of the standard normal distribution function, to full double precision.
 * Newton's method runs on ln Φ, which is concave, so from the left the iterates rise
 * monotonically to the root and never overshoot, even deep in the tail.
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new StatsError('INVALID_ARGUMENT', `p must lie in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  const logQ = Math.log(q);
  let x = roughLowerQuantile(q);
  for (let i = 0; i < 100; i++) {
    const logCdf = Math.log(normalCdf(x));
    const logPdf = -0.5 * x * x - LOG_SQRT_2PI;
    const step = (logCdf - logQ) * Math.exp(logCdf - logPdf);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return p < 0.5 ? x : -x;
}
