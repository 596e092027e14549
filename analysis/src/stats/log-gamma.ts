import { gammaln } from 'simple-statistics';
import { assertPositive } from './validate.js';

/**
 * Natural logarithm of the gamma function for x > 0 (Lanczos approximation, ~1e-15 relative).
 *
 * @example
 * logGamma(5); // ≈ Math.log(24)
 */
export function logGamma(x: number): number {
  assertPositive(x, 'x');
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return gammaln(x);
}

/**
 * Natural logarithm of the beta function B(a, b) = Γ(a)Γ(b)/Γ(a+b).
 *
 * @example
 * logBeta(1, 1); // 0
 */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * ln(n!) for a non-negative integer n.
 *
 * @example
 * logFactorial(4); // ≈ Math.log(24)
 */
export function logFactorial(n: number): number {
  if (n === 0 || n === 1) return 0;
  return logGamma(n + 1);
}
