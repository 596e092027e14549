import { describe, expect, it } from 'vitest';
import {
  compareCounts, meanEstimate, proportionEstimate, releaseComparisons, weightedMeanEstimate, weightedProportionEstimate,
  type PublishedRow,
} from '../../src/index.js';

describe('estimates', () => {
  it('gives the Wilson interval of docs/methods.md', () => {
    const e = proportionEstimate(81, 263);
    expect(e.low).toBeCloseTo(0.2553, 4);
    expect(e.high).toBeCloseTo(0.3662, 4);
    const z = proportionEstimate(0, 20);
    expect([z.low, z.high.toFixed(4)]).toEqual([0, '0.1611']);
  });

  it('narrows a census interval with the finite population correction, to nothing at n = N', () => {
    const open = proportionEstimate(30, 100);
    const census = proportionEstimate(30, 100, 120);
    expect(census.high - census.low).toBeLessThan(open.high - open.low);
    expect(proportionEstimate(30, 100, 100)).toEqual({ value: 0.3, low: 0.3, high: 0.3 });
  });

  it('weights like the raking example of docs/methods.md', () => {
    const e = weightedProportionEstimate([
      { n: 400, count: 60, weight: 11.036208 }, { n: 100, count: 10, weight: 25.855169 },
      { n: 60, count: 15, weight: 9.758615 }, { n: 40, count: 6, weight: 22.862078 },
    ]);
    expect(e.value).toBeCloseTo(0.14168, 5);
    expect(e.low).toBeLessThan(e.value);
  });

  it('reduces a weighted mean with equal weights to the plain mean and t interval', () => {
    const a = { n: 5, sum: 15, sumOfSquares: 55 };
    const b = { n: 7, sum: 20, sumOfSquares: 64 };
    const plain = meanEstimate({ n: 12, sum: 35, sumOfSquares: 119 });
    const w = weightedMeanEstimate([{ ...a, weight: 2 }, { ...b, weight: 2 }]);
    expect(w.value).toBeCloseTo(plain.value, 12);
    // linearised variance uses n/(n−1) Σ(x−m)² / n², the t interval uses Σ(x−m)²/(n(n−1)): equal
    expect(w.high - w.low).toBeCloseTo(plain.high - plain.low, 10);
    expect(() => meanEstimate({ n: 0, sum: 0, sumOfSquares: 0 })).toThrow();
  });
});

describe('comparisons from published rows', () => {
  const row = (scope: string, n: number, count: number | null, extra: Partial<PublishedRow> = {}): PublishedRow => ({
    scope, dimension: 'all', group: 'all', indicator: 'sv_experienced', option: 'any', base: 'all', n, count,
    value: count === null ? 0 : count / n, ciLow: 0, ciHigh: 1, ...extra,
  });

  it('compares a unit with the rest of its parent and of the organisation, BH-adjusted', () => {
    const rows = [row('ORG', 1000, 100), row('BDE', 300, 60), row('COY', 60, 15), row('COY2', 240, 45)];
    const parentOf = new Map<string, string | null>([['ORG', null], ['BDE', 'ORG'], ['COY', 'BDE'], ['COY2', 'BDE']]);
    const out = releaseComparisons({ rows, parentOf, compareMeans: false });
    const coyParent = out.find((c) => c.scope === 'COY' && c.against === 'parent_rest')!;
    const expected = compareCounts({ count: 15, n: 60 }, { count: 45, n: 240 })!;
    expect(coyParent.difference).toBeCloseTo(expected.difference, 12);
    expect(coyParent.pValue).toBeCloseTo(expected.pValue, 12);
    const coyOrg = out.find((c) => c.scope === 'COY' && c.against === 'organisation_rest')!;
    expect(coyOrg.difference).toBeCloseTo(15 / 60 - 85 / 940, 12);
    // BDE vs rest of ORG: 60/300 vs 40/700 is clearly significant
    expect(out.find((c) => c.scope === 'BDE' && c.against === 'parent_rest')!.significant).toBe(true);
    for (const c of out) expect(c.pAdjusted).toBeGreaterThanOrEqual(c.pValue);
  });

  it('makes no comparison against a cell that was not published', () => {
    const rows = [row('BDE', 300, 60)]; // COY's parent row missing: suppressed
    const parentOf = new Map<string, string | null>([['ORG', null], ['BDE', 'ORG'], ['COY', 'BDE']]);
    const out = releaseComparisons({ rows: [...rows, row('COY', 60, 15)], parentOf, compareMeans: false });
    expect(out.filter((c) => c.scope === 'COY').map((c) => c.against)).toEqual(['parent_rest']);
    const none = releaseComparisons({ rows: [row('COY', 60, 15)], parentOf, compareMeans: false });
    expect(none).toEqual([]);
  });

  it('compares groups with the rest of their unit and means by Welch from recovered sums', () => {
    const m = (scope: string, dimension: string, group: string, n: number, mean: number, sd: number) => {
      const e = meanEstimate({ n, sum: n * mean, sumOfSquares: (n - 1) * sd * sd + n * mean * mean });
      return row(scope, n, null, { dimension, group, indicator: 'werkdruk', option: 'mean', value: e.value, ciLow: e.low, ciHigh: e.high });
    };
    const rows = [m('U', 'all', 'all', 100, 3.0, 1), m('U', 'gender', 'vrouw', 30, 3.6, 1), row('U', 100, 20), row('U', 30, 12, { dimension: 'gender', group: 'vrouw' })];
    const out = releaseComparisons({ rows, parentOf: new Map([['U', null]]), compareMeans: true });
    const mean = out.find((c) => c.indicator === 'werkdruk')!;
    // rest: 70 respondents with mean (300 − 108) / 70
    expect(mean.difference).toBeCloseTo(3.6 - 192 / 70, 8);
    expect(mean.against).toBe('unit_rest');
    const prop = out.find((c) => c.indicator === 'sv_experienced')!;
    expect(prop.difference).toBeCloseTo(12 / 30 - 8 / 70, 12);
    expect(releaseComparisons({ rows, parentOf: new Map([['U', null]]), compareMeans: false }).some((c) => c.indicator === 'werkdruk')).toBe(false);
  });

  it('compares with the previous wave when its row was published', () => {
    const rows = [row('U', 200, 24)];
    const previous = new Map([['U|all|all|sv_experienced|any|all', row('U', 180, 6)]]);
    const out = releaseComparisons({ rows, parentOf: new Map([['U', null]]), previous, compareMeans: false });
    expect(out).toHaveLength(1);
    expect(out[0]!.against).toBe('previous_wave');
    expect(out[0]!.difference).toBeCloseTo(24 / 200 - 6 / 180, 12);
    expect(out[0]!.significant).toBe(true);
  });
});

describe('weighted estimates from rolled-up sums', () => {
  const cells = [
    { n: 400, count: 60, weight: 11.036208 }, { n: 100, count: 10, weight: 25.855169 },
    { n: 60, count: 15, weight: 9.758615 }, { n: 40, count: 6, weight: 22.862078 },
  ];
  it('equal the per-cell weighted proportion exactly', async () => {
    const { weightedProportionFromSums } = await import('../../src/index.js');
    const s = { n: 0, count: 0, wn: 0, wc: 0, w2n: 0, w2c: 0 };
    for (const c of cells) {
      s.n += c.n; s.count += c.count; s.wn += c.weight * c.n; s.wc += c.weight * c.count;
      s.w2n += c.weight ** 2 * c.n; s.w2c += c.weight ** 2 * c.count;
    }
    const a = weightedProportionEstimate(cells);
    const b = weightedProportionFromSums(s);
    expect(b.value).toBeCloseTo(a.value, 12);
    expect(b.low).toBeCloseTo(a.low, 12);
    expect(b.high).toBeCloseTo(a.high, 12);
  });

  it('equal the per-cell weighted mean exactly', async () => {
    const { weightedMeanFromSums } = await import('../../src/index.js');
    const groups = [{ n: 5, sum: 15, sumOfSquares: 55, weight: 3 }, { n: 7, sum: 20, sumOfSquares: 64, weight: 1.5 }];
    const w = (p: number) => ({ n: groups.reduce((x, g) => x + g.weight ** p * g.n, 0), sum: groups.reduce((x, g) => x + g.weight ** p * g.sum, 0), sumOfSquares: groups.reduce((x, g) => x + g.weight ** p * g.sumOfSquares, 0) });
    const a = weightedMeanEstimate(groups);
    const b = weightedMeanFromSums(12, w(1), w(2));
    expect(b.value).toBeCloseTo(a.value, 12);
    expect(b.low).toBeCloseTo(a.low, 12);
  });
});

describe('mean estimate', () => {
  it('equals the t interval of the statistics library', async () => {
    const { meanIntervalFromSummary } = await import('../../src/index.js');
    for (const s of [{ n: 2, sum: 7, sumOfSquares: 25 }, { n: 12, sum: 35, sumOfSquares: 119 }, { n: 400, sum: 1210, sumOfSquares: 4000 }]) {
      const a = meanIntervalFromSummary(s);
      const b = meanEstimate(s);
      expect(b.low).toBeCloseTo(a.low, 10);
      expect(b.high).toBeCloseTo(a.high, 10);
    }
  });
});
