import { StatsError } from './errors.js';
import { logBeta } from './log-gamma.js';
import { assertPositive } from './validate.js';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** Continued fraction for I_x(a, b) · a / prefactor (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even step: m (b − m) x / ((a + 2m − 1)(a + 2m)).
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step: −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  throw new StatsError('NO_CONVERGENCE', `incomplete beta fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/**
 * Both I_x(a, b) and 1 − I_x(a, b), each without cancellation. `y` may be passed as an exactly
 * computed 1 − x (the t distribution needs this near t = 0).
 */
export function incompleteBetaPair(
  x: number,
  a: number,
  b: number,
  y: number = 1 - x,
): { lower: number; upper: number } {
  assertPositive(a, 'a');
  assertPositive(b, 'b');
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new StatsError('INVALID_ARGUMENT', 'a and b must be finite');
  if (!(x >= 0 && x <= 1) || !(y >= 0 && y <= 1)) {
    throw new StatsError('INVALID_ARGUMENT', `x must lie in [0, 1], got ${x}`);
  }
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  const logPrefactor = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (Math.exp(logPrefactor) * betaContinuedFraction(x, a, b)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (Math.exp(logPrefactor) * betaContinuedFraction(y, b, a)) / b);
  return { lower: 1 - upper, upper };
}

/**
 * Regularised incomplete beta function I_x(a, b), the beta distribution function.
 *
 * @example
 * regularizedBeta(0.5, 2, 2); // 0.5
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  return incompleteBetaPair(x, a, b).lower;
}

/**
 * Density of the beta distribution at x in (0, 1).
 *
 * @example
 * betaPdf(0.5, 2, 2); // 1.5
 */
export function betaPdf(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}
