import { describe, expect, it } from 'vitest';
import type { TableRow } from '../src/tables/build.js';
import { CompactRows } from '../src/tables/rows.js';

/** A row like the table emits, with awkward values: non-terminating doubles, null counts, withheld. */
function row(i: number): TableRow {
  return {
    scope: `U${i % 37}`, period: '2017-2020', dimension: i % 3 === 0 ? 'all' : 'gender', group: i % 3 === 0 ? 'all' : ['man', 'vrouw'][i % 2]!,
    indicator: `ind${i % 11}`, option: i % 5 === 0 ? 'mean' : String(i % 4), base: (['all', 'victims', 'headcount'] as const)[i % 3]!,
    n: i % 97, count: i % 5 === 0 ? null : i % 13, value: (i % 7) / 3 + 1e-15 * i, ciLow: -0 + i / 7, ciHigh: Math.PI * i,
    ...(i % 1000 === 999 ? { withheld: true as const } : {}),
  };
}

describe('CompactRows (the release table kept compact while a release is built)', () => {
  it('gives every row back exactly as it was pushed, properties in the same order, across chunk boundaries', () => {
    const rows = new CompactRows();
    const count = 65_536 * 2 + 17;
    for (let i = 0; i < count; i++) rows.push(row(i));
    expect(rows.length).toBe(count);
    for (const i of [0, 1, 998, 999, 65_535, 65_536, 65_537, 131_071, 131_072, count - 1]) {
      // JSON text: same keys in the same order, same values to the last bit of every double.
      expect(JSON.stringify(rows.get(i))).toBe(JSON.stringify(row(i)));
      expect(rows.get(i)).toStrictEqual(row(i));
    }
    expect(rows.get(5).count).toBeNull();
    expect(rows.get(999).withheld).toBe(true);
    expect('withheld' in rows.get(998)).toBe(false);
    expect(() => rows.get(count)).toThrow(RangeError);
  });

  it('replaces a row\'s value and interval (the published rounding) and nothing else', () => {
    const rows = new CompactRows();
    for (let i = 0; i < 70_000; i++) rows.push(row(i));
    rows.setEstimate(65_540, 0.123, 0.1, 0.2);
    expect(rows.get(65_540)).toStrictEqual({ ...row(65_540), value: 0.123, ciLow: 0.1, ciHigh: 0.2 });
    expect(rows.get(65_539)).toStrictEqual(row(65_539));
    expect(rows.get(65_541)).toStrictEqual(row(65_541));
  });
});
