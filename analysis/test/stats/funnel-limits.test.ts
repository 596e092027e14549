import { describe, expect, it } from 'vitest';
import { binomialLimit, funnelGrid, funnelLimits, funnelPosition, normalQuantile, StatsError } from '../../src/stats/index.js';

// Reference values: exact binomial sums with Spiegelhalter's interpolation, computed independently
// (Python, math.comb): Bin(100, 0.1) has P(X ≤ 15) = 0.9601, P(X ≤ 16) = 0.9794.
describe('funnel limits', () => {
  it('matches exact binomial quantiles with interpolation', () => {
    expect(binomialLimit(0.975, 100, 0.1)).toBeCloseTo(0.1577186116, 9);
    expect(binomialLimit(0.025, 100, 0.1)).toBeCloseTo(0.0403805955, 9);
    expect(binomialLimit(0.999, 20, 0.2)).toBeCloseTo(0.4892541263, 9);
    expect(binomialLimit(0.001, 20, 0.2)).toBe(0); // clamped: the interpolation falls below 0
  });

  it('narrows as n grows and orders the four limits', () => {
    const [a, b] = funnelLimits([20, 2000], 0.2, 'share');
    expect(a!.upper95 - a!.lower95).toBeGreaterThan(b!.upper95 - b!.lower95);
    for (const l of [a!, b!]) expect(l.lower998 <= l.lower95 && l.lower95 <= 0.2 && 0.2 <= l.upper95 && l.upper95 <= l.upper998).toBe(true);
    expect(funnelPosition(0.5, a!)).toBe('above998');
    expect(funnelPosition(0.2, a!)).toBe('inside');
    expect(funnelPosition(0, b!)).toBe('below998');
  });

  it('handles large n without underflow', () => {
    const l = binomialLimit(0.975, 20000, 0.3);
    expect(l).toBeGreaterThan(0.3);
    expect(l).toBeLessThan(0.31);
  });

  it('uses the normal approximation for means, with z from the normal quantile', () => {
    const [l] = funnelLimits([100], 3.5, 'mean', 1);
    expect(l!.upper95).toBeCloseTo(3.5 + 0.1959963985, 9);
    expect(l!.lower998).toBeCloseTo(3.5 - normalQuantile(0.999) / 10, 12);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8);
  });

  it('has degenerate targets at the ends and refuses n that is not a positive integer', () => {
    expect(binomialLimit(0.975, 10, 0)).toBe(0);
    expect(binomialLimit(0.025, 10, 1)).toBe(1);
    expect(() => binomialLimit(0.975, 0, 0.5)).toThrow(StatsError);
    expect(() => binomialLimit(0.975, 2.5, 0.5)).toThrow(/positive integer/);
  });

  it('spreads the grid on a square-root scale from the smallest to the largest n', () => {
    const g = funnelGrid(10, 1000, 10);
    expect(g[0]).toBe(10);
    expect(g.at(-1)).toBe(1000);
    expect([...g].sort((x, y) => x - y)).toEqual(g);
    expect(g[1]! - g[0]!).toBeLessThan(g.at(-1)! - g.at(-2)!);
  });
});
