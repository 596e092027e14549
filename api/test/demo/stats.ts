/** Small helpers to compute published-style figures over generated responses in tests. */
import type { DemoResponse } from '../../src/demo/index.js';

type Answers = DemoResponse['answers'];

export const isVictim = (a: Answers): boolean => typeof a.sv_experienced === 'number' && a.sv_experienced >= 2;
export const has = (a: Answers, item: string, option: string): boolean => {
  const v = a[item];
  return Array.isArray(v) && v.includes(option);
};

/** Share of `base` responses for which `hit` holds; base responses must answer `item`. */
export function share(rs: readonly DemoResponse[], hit: (a: Answers) => boolean, item?: string): { n: number; p: number } {
  let n = 0;
  let k = 0;
  for (const r of rs) {
    if (item !== undefined && r.answers[item] === undefined) continue;
    n++;
    if (hit(r.answers)) k++;
  }
  return { n, p: n === 0 ? NaN : k / n };
}

export const year = (r: DemoResponse): number => Number(r.wave.slice(-4));
export const inYears = (rs: readonly DemoResponse[], from: number, to: number): DemoResponse[] =>
  rs.filter((r) => year(r) >= from && year(r) <= to);

/** Reporting group of a background dimension: the answer, or `onbekend` for zeg_niet / empty. */
export function group(a: Answers, dimension: 'gender' | 'age_band' | 'personnel_type' | 'rank_group'): string {
  const v = dimension === 'rank_group' ? (a.rank_mil ?? a.scale_civ) : a[dimension];
  return typeof v === 'string' && v !== 'zeg_niet' ? v : 'onbekend';
}

export const prevalence = (rs: readonly DemoResponse[]): number => share(rs, isVictim, 'sv_experienced').p;

/** Cronbach's alpha over respondents who answered every item; `reversed` items as 6 - x. */
export function cronbachAlpha(rs: readonly DemoResponse[], items: readonly string[], reversed: readonly string[] = []): number {
  const rows: number[][] = [];
  for (const r of rs) {
    const row: number[] = [];
    for (const i of items) {
      const v = r.answers[i];
      if (typeof v !== 'number') break;
      row.push(reversed.includes(i) ? 6 - v : v);
    }
    if (row.length === items.length) rows.push(row);
  }
  const k = items.length;
  const variance = (xs: number[]): number => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  };
  const itemVar = items.reduce((s, _, j) => s + variance(rows.map((row) => row[j] ?? 0)), 0);
  const totalVar = variance(rows.map((row) => row.reduce((s, x) => s + x, 0)));
  return (k / (k - 1)) * (1 - itemVar / totalVar);
}
