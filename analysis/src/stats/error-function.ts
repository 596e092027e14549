import { StatsError } from './errors.js';
import { incompleteGammaPair } from './incomplete-gamma.js';

function assertNotNaN(x: number): void {
  if (Number.isNaN(x)) throw new StatsError('INVALID_ARGUMENT', 'x must not be NaN');
}

/**
 * Error function erf(x) = sign(x) · P(1/2, x²), accurate to ~1e-15.
 *
 * @example
 * erf(1); // 0.8427007929497149
 */
export function erf(x: number): number {
  assertNotNaN(x);
  if (x === 0) return 0;
  const { lower } = incompleteGammaPair(0.5, x * x);
  return x > 0 ? lower : -lower;
}

/**
 * Complementary error function erfc(x) = 1 − erf(x), relatively accurate in the upper tail.
 *
 * @example
 * erfc(3); // 2.209049699858544e-5
 */
export function erfc(x: number): number {
  assertNotNaN(x);
  if (x === 0) return 1;
  const { lower, upper } = incompleteGammaPair(0.5, x * x);
  return x > 0 ? upper : 1 + lower;
}
