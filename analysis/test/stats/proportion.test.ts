import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  StatsError,
  clopperPearsonInterval,
  jeffreysInterval,
  proportion,
  wilsonInterval,
  type ProportionMethod,
} from '../../src/stats/index.js';

type Row = [count: number, n: number, method: ProportionMethod, low: number, high: number];

// docs/methods.md reference table (95%), matched to 4 decimals.
const reference: Row[] = [
  [81, 263, 'wilson', 0.2553, 0.3662],
  [81, 263, 'clopper-pearson', 0.2527, 0.3676],
  [81, 263, 'jeffreys', 0.2545, 0.3656],
  [15, 148, 'wilson', 0.0624, 0.1605],
  [15, 148, 'clopper-pearson', 0.0578, 0.1617],
  [0, 20, 'wilson', 0, 0.1611],
  [0, 20, 'clopper-pearson', 0, 0.1684],
  [0, 20, 'jeffreys', 0, 0.1166],
  [1, 29, 'wilson', 0.0061, 0.1718],
  [1, 29, 'clopper-pearson', 0.0009, 0.1776],
  [7, 20, 'wilson', 0.1812, 0.5671],
];

describe('proportion intervals: reference values', () => {
  it.each(reference)('%i/%i %s → [%d, %d]', (count, n, method, low, high) => {
    const interval = proportion(count, n, { method });
    expect(interval.value).toBeCloseTo(count / n, 12);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('Wilson with continuity correction, 7/20 → [0.1631, 0.5905]', () => {
    const interval = proportion(7, 20, { continuityCorrection: true });
    expect(interval.low).toBeCloseTo(0.1631, 4);
    expect(interval.high).toBeCloseTo(0.5905, 4);
  });

  it('defaults to Wilson at 95%', () => {
    expect(proportion(81, 263)).toEqual(wilsonInterval(81, 263, { level: 0.95 }));
  });

  it('a higher level widens the Wilson interval to a known value (99%)', () => {
    // z = 2.5758293035489: centre ± half-width computed by hand for 7/20.
    const interval = proportion(7, 20, { level: 0.99 });
    const z = 2.5758293035489004;
    const centre = (7 + z * z / 2) / (20 + z * z);
    const half = (z / (20 + z * z)) * Math.sqrt((7 * 13) / 20 + (z * z) / 4);
    expect(interval.low).toBeCloseTo(centre - half, 10);
    expect(interval.high).toBeCloseTo(centre + half, 10);
  });
});

describe('proportion intervals: edges', () => {
  const methods: ProportionMethod[] = ['wilson', 'clopper-pearson', 'jeffreys'];

  it.each(methods)('%s: 0 and n successes give finite bounds pinned to 0 and 1', (method) => {
    const none = proportion(0, 20, { method });
    const all = proportion(20, 20, { method });
    expect(none.low).toBe(0);
    expect(none.high).toBeGreaterThan(0.05);
    expect(none.high).toBeLessThan(0.25);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(1 - none.high, 12);
  });

  it('n = 1 still gives a proper interval', () => {
    const interval = proportion(1, 1, { method: 'clopper-pearson' });
    expect(interval.low).toBeCloseTo(0.025, 12);
    expect(interval.high).toBe(1);
  });

  it.each([
    [0, 0, 'EMPTY_SAMPLE'],
    [5, 4, 'INVALID_COUNT'],
    [-1, 4, 'INVALID_COUNT'],
    [1.5, 4, 'INVALID_COUNT'],
    [1, 4.5, 'INVALID_COUNT'],
  ])('proportion(%d, %d) throws StatsError %s', (count, n, code) => {
    expect(() => proportion(count, n)).toThrow(expect.objectContaining({ name: 'StatsError', code }));
    expect(() => proportion(count, n)).toThrow(StatsError);
  });

  it('rejects levels outside (0, 1) and a continuity correction for exact methods', () => {
    expect(() => proportion(3, 10, { level: 1 })).toThrow(StatsError);
    expect(() => clopperPearsonInterval(3, 10, { level: 0 })).toThrow(StatsError);
    expect(() => jeffreysInterval(3, 10, { level: 95 })).toThrow(StatsError);
    expect(() => proportion(3, 10, { method: 'jeffreys', continuityCorrection: true })).toThrow(StatsError);
  });
});

describe('proportion intervals: properties', () => {
  const sample = fc
    .integer({ min: 1, max: 2000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const method = fc.constantFrom<ProportionMethod>('wilson', 'clopper-pearson', 'jeffreys');

  it('every interval lies in [0, 1] and contains the point estimate', () => {
    fc.assert(
      fc.property(sample, method, fc.double({ min: 0.5, max: 0.999, noNaN: true }), ([count, n], m, level) => {
        const { value, low, high } = proportion(count, n, { method: m, level });
        expect(0 <= low && low <= value && value <= high && high <= 1).toBe(true);
      }),
    );
  });

  it('intervals are nested: a higher level never gives a narrower interval', () => {
    fc.assert(
      fc.property(
        sample,
        method,
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        fc.double({ min: 0.001, max: 0.009, noNaN: true }),
        ([count, n], m, level, extra) => {
          const narrow = proportion(count, n, { method: m, level });
          const wide = proportion(count, n, { method: m, level: level + extra });
          expect(wide.low).toBeLessThanOrEqual(narrow.low);
          expect(wide.high).toBeGreaterThanOrEqual(narrow.high);
        },
      ),
    );
  });

  it('Clopper-Pearson is wider than Wilson for moderate proportions (it is conservative)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 500 }), fc.double({ min: 0.2, max: 0.8, noNaN: true }), (n, share) => {
        const count = Math.round(share * n);
        const exact = clopperPearsonInterval(count, n);
        const wilson = wilsonInterval(count, n);
        expect(exact.high - exact.low).toBeGreaterThan(wilson.high - wilson.low);
      }),
    );
  });
});
