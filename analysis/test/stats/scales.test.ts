import { describe, expect, it } from 'vitest';
import {
  StatsError,
  cronbachAlpha,
  meanInterval,
  meanIntervalFromSummary,
  reverseCode,
  scaleScore,
} from '../../src/stats/index.js';

const rows = [
  [4, 2, 5, 4],
  [3, 3, 4, 3],
  [5, 1, 5, 5],
  [2, 4, 2, 2],
  [4, 2, 4, 3],
  [3, 3, 3, 4],
];

describe("Cronbach's alpha", () => {
  it('reference: item 2 reversed as 6 − x gives α = 0.960', () => {
    const result = cronbachAlpha(rows, { reverse: { items: [1], min: 1, max: 5 } });
    expect(result.alpha).toBeCloseTo(0.96, 3);
    expect(result).toMatchObject({ respondents: 6, items: 4 });
  });

  it('without reverse coding the reversed item drags alpha down', () => {
    expect(cronbachAlpha(rows).alpha).toBeLessThan(0.5);
  });

  it('drops incomplete respondents (listwise)', () => {
    const withMissing = [...rows, [1, null, 1, 1]];
    const result = cronbachAlpha(withMissing, { reverse: { items: [1], min: 1, max: 5 } });
    expect(result.respondents).toBe(6);
    expect(result.alpha).toBeCloseTo(0.96, 3);
  });

  it('throws when alpha is undefined', () => {
    expect(() => cronbachAlpha([])).toThrow(StatsError);
    expect(() => cronbachAlpha([[1], [2]])).toThrow(StatsError);
    expect(() => cronbachAlpha([[1, 2]])).toThrow(StatsError);
    expect(() => cronbachAlpha([[3, 3], [3, 3]])).toThrow(expect.objectContaining({ code: 'DEGENERATE' }));
    expect(() => cronbachAlpha(rows, { reverse: { items: [7], min: 1, max: 5 } })).toThrow(StatsError);
  });
});

describe('scale score', () => {
  const definition = { min: 1, max: 5, reversed: [1], minAnswered: 3 };

  it('averages answered items after reverse coding', () => {
    expect(scaleScore([4, 2, 5, 4], definition)).toBeCloseTo(4.25, 12);
    expect(scaleScore([4, 2, null, 4], definition)).toBeCloseTo(4, 12);
    expect(reverseCode(2, 1, 5)).toBe(4);
  });

  it('is null when too few items were answered', () => {
    expect(scaleScore([4, null, undefined, 4], definition)).toBeNull();
  });

  it('throws on answers outside the scale and impossible definitions', () => {
    expect(() => scaleScore([4, 7, 5, 4], definition)).toThrow(StatsError);
    expect(() => scaleScore([4, 2, 5, 4], { ...definition, minAnswered: 5 })).toThrow(StatsError);
    expect(() => scaleScore([4, 2, 5, 4], { ...definition, reversed: [4] })).toThrow(StatsError);
    expect(() => scaleScore([], definition)).toThrow(StatsError);
  });
});

describe('mean with t interval', () => {
  it('textbook: 1..5 gives 3 ± 2.776445 · √(2.5/5)', () => {
    const result = meanInterval([1, 2, 3, 4, 5]);
    const half = 2.7764451051977987 * Math.sqrt(0.5);
    expect(result.value).toBe(3);
    expect(result.low).toBeCloseTo(3 - half, 9);
    expect(result.high).toBeCloseTo(3 + half, 9);
    expect(result.sd).toBeCloseTo(Math.sqrt(2.5), 12);
  });

  it('summary statistics give the same interval as the values', () => {
    const values = [3.5, 4, 2.75, 5, 4.25, 3, 1.5];
    const fromValues = meanInterval(values, { level: 0.9 });
    const fromSummary = meanIntervalFromSummary(
      { n: values.length, sum: values.reduce((s, v) => s + v, 0), sumOfSquares: values.reduce((s, v) => s + v * v, 0) },
      { level: 0.9 },
    );
    expect(fromSummary.low).toBeCloseTo(fromValues.low, 10);
    expect(fromSummary.high).toBeCloseTo(fromValues.high, 10);
  });

  it('constant data gives a zero-width interval, not NaN', () => {
    const result = meanIntervalFromSummary({ n: 3, sum: 0.3, sumOfSquares: 0.03 });
    expect(result.low).toBeCloseTo(0.1, 12);
    expect(result.high).toBeCloseTo(0.1, 12);
  });

  it('throws for n = 0, n = 1 and inconsistent sums', () => {
    expect(() => meanInterval([])).toThrow(expect.objectContaining({ code: 'EMPTY_SAMPLE' }));
    expect(() => meanInterval([2])).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => meanIntervalFromSummary({ n: 0, sum: 0, sumOfSquares: 0 })).toThrow(StatsError);
    expect(() => meanIntervalFromSummary({ n: 4, sum: 10, sumOfSquares: 5 })).toThrow(StatsError);
    expect(() => meanInterval([1, Number.NaN])).toThrow(StatsError);
  });
});
