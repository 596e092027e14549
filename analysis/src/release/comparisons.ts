/**
 * Comparisons computed from the *published* rows of a release only, so that no comparison can
 * reveal anything the release did not already show: the rest of a parent is parent − unit, the
 * rest of a unit is all − group, the previous wave is a published row of an earlier release.
 */
import { benjaminiHochbergAdjust } from '../stats/benjamini-hochberg-adjust.js';
import { studentTCdf, studentTQuantile } from '../stats/student-t-distribution.js';
import { compareCounts } from './compare.js';
import { t975 } from './estimates.js';

export interface PublishedRow {
  scope: string;
  dimension: string;
  group: string;
  indicator: string;
  option: string;
  base: string;
  n: number;
  /** Null for means. */
  count: number | null;
  value: number;
  ciLow: number;
  ciHigh: number;
}

export type Against = 'parent_rest' | 'organisation_rest' | 'previous_wave' | 'unit_rest';

export interface ComparisonRow {
  scope: string;
  dimension: string;
  group: string;
  indicator: string;
  option: string;
  base: string;
  against: Against;
  difference: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
  pAdjusted: number;
  significant: boolean;
}

export interface ComparisonInput {
  rows: readonly PublishedRow[];
  /** Parent scope of each scope (null for the root). */
  parentOf: ReadonlyMap<string, string | null>;
  /** Published rows of each scope's previous wave (same keys), if any. */
  previous?: ReadonlyMap<string, PublishedRow>;
  /** Means are compared only where their sums can be recovered exactly (unweighted periods). */
  compareMeans: boolean;
  /** False discovery rate for the flags (default 0.05). */
  q?: number;
}

const key = (r: { scope: string; dimension: string; group: string; indicator: string; option: string; base: string }) =>
  `${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}|${r.base}`;

/** Recovers n, Σx and Σx² from a published mean and its t interval. */
function meanSums(r: PublishedRow): { n: number; sum: number; ss: number } | null {
  if (r.n < 2) return null;
  const se = (r.ciHigh - r.value) / t975(r.n - 1);
  const sd = se * Math.sqrt(r.n);
  return { n: r.n, sum: r.n * r.value, ss: (r.n - 1) * sd * sd + r.n * r.value * r.value };
}

/** Welch's difference of means a − b with a 95% interval and two-sided p. */
function welch(a: { n: number; sum: number; ss: number }, b: { n: number; sum: number; ss: number }) {
  if (a.n < 2 || b.n < 2) return null;
  const ma = a.sum / a.n;
  const mb = b.sum / b.n;
  const va = Math.max(0, (a.ss - a.n * ma * ma) / (a.n - 1)) / a.n;
  const vb = Math.max(0, (b.ss - b.n * mb * mb) / (b.n - 1)) / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = (ma - mb) / se;
  const crit = studentTQuantile(0.975, df);
  return { difference: ma - mb, low: ma - mb - crit * se, high: ma - mb + crit * se, pValue: Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df))) };
}

type Side = { kind: 'p'; count: number; n: number } | { kind: 'm'; n: number; sum: number; ss: number };

function sideOf(r: PublishedRow, compareMeans: boolean): Side | null {
  if (r.count !== null) return { kind: 'p', count: r.count, n: r.n };
  if (!compareMeans) return null;
  const s = meanSums(r);
  return s ? { kind: 'm', ...s } : null;
}

function minus(a: Side, b: Side): Side | null {
  if (a.kind === 'p' && b.kind === 'p') {
    const n = a.n - b.n;
    const count = a.count - b.count;
    return n > 0 && count >= 0 && count <= n ? { kind: 'p', n, count } : null;
  }
  if (a.kind === 'm' && b.kind === 'm') {
    const n = a.n - b.n;
    return n >= 2 ? { kind: 'm', n, sum: a.sum - b.sum, ss: a.ss - b.ss } : null;
  }
  return null;
}

function test(a: Side, b: Side) {
  if (a.kind === 'p' && b.kind === 'p') {
    const c = compareCounts(a, b);
    return c && { difference: c.difference, low: c.low, high: c.high, pValue: c.pValue };
  }
  if (a.kind === 'm' && b.kind === 'm') return welch(a, b);
  return null;
}

/**
 * The difference a − b of two published rows exactly as a release compares a cell with its
 * previous wave: proportions with Newcombe's interval and a z-test (Fisher's exact test for small
 * expected counts), means with Welch's t where `compareMeans` allows their sums to be recovered.
 * Null when the rows cannot be compared (a mean without `compareMeans`, an empty side).
 *
 * @example comparePublishedRows(after, before, true) // { difference, ciLow, ciHigh, pValue, method: 'proportions' }
 */
export function comparePublishedRows(a: PublishedRow, b: PublishedRow, compareMeans: boolean):
  { difference: number; ciLow: number; ciHigh: number; pValue: number; method: 'proportions' | 'means' } | null {
  const sa = sideOf(a, compareMeans);
  const sb = sideOf(b, compareMeans);
  if (!sa || !sb || sa.kind !== sb.kind) return null;
  const t = test(sa, sb);
  if (!t || !Number.isFinite(t.pValue)) return null;
  return { difference: t.difference, ciLow: t.low, ciHigh: t.high, pValue: t.pValue, method: sa.kind === 'p' ? 'proportions' : 'means' };
}

/**
 * Every comparison the published rows allow, with Benjamini-Hochberg adjusted p-values per
 * family (same `against`, dimension, indicator, option and base across the scopes compared).
 */
export function releaseComparisons(input: ComparisonInput): ComparisonRow[] {
  const byKey = new Map(input.rows.map((r) => [key(r), r]));
  let root: string | undefined;
  for (const [scope, parent] of input.parentOf) if (parent === null) root = scope;
  const raw: Omit<ComparisonRow, 'pAdjusted' | 'significant'>[] = [];
  const push = (r: PublishedRow, against: Against, a: Side | null, b: Side | null) => {
    if (!a || !b) return;
    const t = test(a, b);
    if (!t || !Number.isFinite(t.pValue)) return;
    raw.push({ scope: r.scope, dimension: r.dimension, group: r.group, indicator: r.indicator, option: r.option, base: r.base, against, difference: t.difference, ciLow: t.low, ciHigh: t.high, pValue: t.pValue });
  };
  for (const r of input.rows) {
    if (r.base === 'headcount') continue;
    const me = sideOf(r, input.compareMeans);
    if (!me) continue;
    if (r.dimension === 'all') {
      const parent = input.parentOf.get(r.scope) ?? null;
      if (parent !== null) {
        const p = byKey.get(key({ ...r, scope: parent }));
        const ps = p && sideOf(p, input.compareMeans);
        push(r, 'parent_rest', me, ps ? minus(ps, me) : null);
        if (root !== undefined && parent !== root) {
          const o = byKey.get(key({ ...r, scope: root }));
          const os = o && sideOf(o, input.compareMeans);
          push(r, 'organisation_rest', me, os ? minus(os, me) : null);
        } else if (root !== undefined) {
          push(r, 'organisation_rest', me, ps ? minus(ps, me) : null);
        }
      }
      const prev = input.previous?.get(key(r));
      if (prev) push(r, 'previous_wave', me, sideOf(prev, input.compareMeans));
    } else {
      const all = byKey.get(key({ ...r, dimension: 'all', group: 'all' }));
      const as = all && sideOf(all, input.compareMeans);
      push(r, 'unit_rest', me, as ? minus(as, me) : null);
    }
  }
  const families = new Map<string, number[]>();
  raw.forEach((c, i) => {
    const f = `${c.against}|${c.dimension}|${c.indicator}|${c.option}|${c.base}`;
    const list = families.get(f) ?? [];
    list.push(i);
    families.set(f, list);
  });
  const adjusted = new Array<number>(raw.length);
  for (const idx of families.values()) {
    const adj = benjaminiHochbergAdjust(idx.map((i) => raw[i]!.pValue));
    idx.forEach((i, j) => { adjusted[i] = adj[j]!; });
  }
  const q = input.q ?? 0.05;
  return raw.map((c, i) => ({ ...c, pAdjusted: adjusted[i]!, significant: adjusted[i]! <= q }));
}
