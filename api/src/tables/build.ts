/**
 * The unprotected release table of one period: for every scope (a unit and everything below it)
 * × column × indicator of the instrument, `n`, `count`, `value` and the 95% interval.
 * Protection (suppression, freezing) happens in the release service; nothing outside tests and
 * the release builder may expose these rows.
 */
import { indicatorCells, type IndicatorCell } from '@vw/questionnaire';
import { meanEstimate, proportionEstimate, weightedMeanFromSums, weightedProportionFromSums, type Estimate } from '@vw/analysis';
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { waves } from '../db/schema.js';
import { getInstrumentVersionById } from '../repositories/instruments.js';
import { waveCounts, type UnitCounts } from './counts.js';
import { ANSWERED, featureKey, layoutFor, RESPONDENTS, type Layout } from './layout.js';
import { reportingParent, type PeriodPlan } from './periods.js';

export interface TableRow {
  scope: string;
  period: string;
  dimension: string;
  group: string;
  indicator: string;
  option: string;
  base: 'all' | 'victims' | 'headcount';
  n: number;
  count: number | null;
  value: number;
  ciLow: number;
  ciHigh: number;
  /**
   * A response rate that is not a rate (more respondents in the group than the register's
   * headcount): the row is kept, so its presence depends on the register alone, and withheld.
   */
  withheld?: true;
}

/** Respondent counts per inner row and column, for the disclosure grids. */
export interface InnerCounts {
  unitId: number;
  waveId: number;
  all: number[];
  victims: number[];
  /** The inner row's whole count vector (columns × layout.size), shared with the counts cache. */
  vector: Float64Array;
  /** Survey weight of the inner row's respondents (1 when unweighted). */
  weight: number;
}

export interface PeriodTable {
  plan: PeriodPlan;
  layout: Layout;
  /** Scope unit ids with respondents (the disclosure grids' units), parents before children. */
  scopes: number[];
  /**
   * Scopes of surveyed units where nobody answered (and their ancestors with no respondents
   * either): rows like any other scope, n = 0, outside the grids so always suppressed.
   */
  emptyScopes: number[];
  inner: InnerCounts[];
  rowCount: number;
}

/** How one indicator cell reads a count vector. */
export type Reader =
  | { kind: 'proportion'; section: 0 | 1; num: number[]; den: number }
  | { kind: 'item_mean'; den: number; values: { feature: number; value: number }[] }
  | { kind: 'scale_mean'; scale: number }
  | { kind: 'respondents' };

export function readerFor(layout: Layout, cell: IndicatorCell): Reader {
  const f = (item: string, value: string) => {
    const i = layout.features.get(featureKey(item, value));
    if (i === undefined) throw new Error(`indicator ${cell.indicator}: no count for ${item}=${value}`);
    return i;
  };
  const spec = cell.spec;
  const section: 0 | 1 = spec.base === 'victims' ? 1 : 0;
  switch (spec.select) {
    case 'options':
      return { kind: 'proportion', section, num: [f(spec.item, cell.option)], den: f(spec.denominator ?? spec.item, ANSWERED) };
    case 'collapse': {
      const code = spec.collapses.find((c) => c.option === cell.option)!.collapse;
      const collapse = layout.def.collapses.find((c) => c.code === code)!;
      const num: number[] = [];
      for (let v = collapse.min; v <= collapse.max; v++) num.push(f(spec.item, String(v)));
      return { kind: 'proportion', section, num, den: f(spec.denominator ?? spec.item, ANSWERED) };
    }
    case 'item_mean': {
      const values = [...layout.features.keys()]
        .filter((k) => k.startsWith(`${spec.item}\u0000`) && !k.endsWith(`\u0000${ANSWERED}`))
        .map((k) => ({ feature: layout.features.get(k)!, value: Number(k.split('\u0000')[1]) }));
      return { kind: 'item_mean', den: f(spec.item, ANSWERED), values };
    }
    case 'scale_mean':
      return { kind: 'scale_mean', scale: layout.scales.indexOf(spec.scale) };
    case 'respondents':
      return { kind: 'respondents' };
  }
}

function add(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < source.length; i++) target[i]! += source[i]!;
}

function addScaled(target: Float64Array, source: Float64Array, w: number): void {
  for (let i = 0; i < source.length; i++) target[i]! += w * source[i]!;
}

/**
 * Builds the table of a planned period and hands rows to `emit` in batches (so a million-row
 * table never sits in memory at once).
 */
export interface BuildOptions {
  /** Wave counts shared between periods built in one run (a window reuses its waves' counts). */
  countsCache?: Map<number, UnitCounts>;
  /** Receives the milliseconds spent in SQL. */
  timing?: { sqlMillis: number };
}

export async function buildPeriodTable(db: Db, plan: PeriodPlan, emit: (rows: TableRow[]) => void | Promise<void>, opts: BuildOptions = {}): Promise<PeriodTable> {
  // One instrument layout per period: the versions of its waves must share their reporting items.
  const versionIds = new Set<number>();
  for (const w of await db.select({ v: waves.instrumentVersionId }).from(waves).where(inArray(waves.id, plan.waveIds))) versionIds.add(w.v);
  const version = await getInstrumentVersionById(db, [...versionIds][0]!);
  const layout = layoutFor(version.definition);
  const C = layout.columns.length;
  const S = layout.size;
  const F = layout.featureCount;

  const byWave = new Map<number, UnitCounts>();
  for (const waveId of new Set(plan.inner.map((r) => r.waveId))) {
    let counts = opts.countsCache?.get(waveId);
    if (!counts) {
      const t = performance.now();
      counts = await waveCounts(db, layout, waveId);
      if (opts.timing) opts.timing.sqlMillis += performance.now() - t;
      opts.countsCache?.set(waveId, counts);
    }
    byWave.set(waveId, counts);
  }

  // Inner vectors and the scopes they roll up into (the unit and all its ancestors as of the period).
  const scopeVectors = new Map<number, Float64Array>();
  // For weighted periods the scope also keeps Σw·v and Σw²·v: every weighted estimate is then a
  // function of these sums (no pass over the inner rows per cell).
  const scopeW1 = new Map<number, Float64Array>();
  const scopeW2 = new Map<number, Float64Array>();
  const scopeInner = new Map<number, number[]>();
  const inner: InnerCounts[] = [];
  plan.inner.forEach((r, idx) => {
    const v = byWave.get(r.waveId)?.get(r.unitId) ?? new Float64Array(C * S);
    inner.push({
      unitId: r.unitId, waveId: r.waveId,
      all: layout.columns.map((_, c) => v[c * S]!),
      victims: layout.columns.map((_, c) => v[c * S + F]!),
      vector: v, weight: r.weight,
    });
    for (let u = plan.tree.get(r.unitId); u; u = reportingParent(plan.tree, u)) {
      let sv = scopeVectors.get(u.id);
      if (!sv) {
        sv = new Float64Array(C * S); scopeVectors.set(u.id, sv); scopeInner.set(u.id, []);
        if (plan.weighted) { scopeW1.set(u.id, new Float64Array(C * S)); scopeW2.set(u.id, new Float64Array(C * S)); }
      }
      add(sv, v);
      if (plan.weighted) { addScaled(scopeW1.get(u.id)!, v, r.weight); addScaled(scopeW2.get(u.id)!, v, r.weight * r.weight); }
      scopeInner.get(u.id)!.push(idx);
    }
  });
  const depth = (id: number) => { let d = 0; for (let u = plan.tree.get(id); u && u.parentId !== null; u = plan.tree.get(u.parentId)) d++; return d; };
  const byDepth = (a: number, b: number) => depth(a) - depth(b) || plan.tree.get(a)!.code.localeCompare(plan.tree.get(b)!.code);
  const scopes = [...scopeVectors.keys()].sort(byDepth);
  // A surveyed unit where nobody answered has rows too (all n = 0), and its staff count in the
  // headcounts above it: whether a unit has rows must not tell 0 respondents from 1 to k − 1.
  const scopeEmpty = new Map<number, number[]>();
  const emptyScopes: number[] = [];
  plan.empty.forEach((e, idx) => {
    for (let u = plan.tree.get(e.unitId); u; u = reportingParent(plan.tree, u)) {
      if (!scopeVectors.has(u.id)) {
        scopeVectors.set(u.id, new Float64Array(C * S)); scopeInner.set(u.id, []); emptyScopes.push(u.id);
        if (plan.weighted) { scopeW1.set(u.id, new Float64Array(C * S)); scopeW2.set(u.id, new Float64Array(C * S)); }
      }
      scopeEmpty.set(u.id, [...(scopeEmpty.get(u.id) ?? []), idx]);
    }
  });
  emptyScopes.sort(byDepth);

  const cells = indicatorCells(layout.def).map((cell) => ({ cell, reader: readerFor(layout, cell) }));
  const respondentsFeature = layout.features.get(featureKey(RESPONDENTS, ANSWERED))!;

  const headcountOf = (scopeId: number, column: string): number | undefined => {
    if (plan.kind === 'wave') return plan.scopeHeadcount.get(`${scopeId}|${column}`);
    let total = 0;
    for (const own of [...scopeInner.get(scopeId)!.map((i) => plan.inner[i]!), ...(scopeEmpty.get(scopeId) ?? []).map((i) => plan.empty[i]!)].map((r) => r.ownHeadcount)) {
      const h = own?.get(column);
      if (h === undefined) return undefined;
      total += h;
    }
    return total;
  };

  let rowCount = 0;
  let batch: TableRow[] = [];
  for (const scopeId of [...scopes, ...emptyScopes]) {
    const code = plan.tree.get(scopeId)!.code;
    const sv = scopeVectors.get(scopeId)!;
    for (let c = 0; c < C; c++) {
      const column = layout.columns[c]!;
      const [dimension, group] = column === 'all' ? ['all', 'all'] : column.split(':') as [string, string];
      const o = c * S;
      const population = plan.kind === 'wave' && plan.census ? headcountOf(scopeId, column) : undefined;
      for (const { cell, reader } of cells) {
        let n: number;
        let count: number | null;
        let est: Estimate;
        if (reader.kind === 'proportion') {
          const off = o + reader.section * F;
          n = sv[off + reader.den]!;
          count = 0;
          for (const k of reader.num) count += sv[off + k]!;
          if (n === 0) {
            // Every cell of the structure has a row, answered or not: a row that exists only when
            // n > 0 would say so (decision 040). Such a row is always suppressed (n < k).
            est = { value: 0, low: 0, high: 0 };
          } else if (plan.weighted) {
            const w1 = scopeW1.get(scopeId)!;
            const w2 = scopeW2.get(scopeId)!;
            let b = 0; let d = 0;
            for (const k of reader.num) { b += w1[off + k]!; d += w2[off + k]!; }
            est = weightedProportionFromSums({ n, count, wn: w1[off + reader.den]!, wc: b, w2n: w2[off + reader.den]!, w2c: d });
          } else {
            est = proportionEstimate(count, n, reader.section === 0 ? population : undefined);
          }
        } else if (reader.kind === 'item_mean') {
          n = sv[o + reader.den]!;
          count = null;
          const sums = (v: Float64Array) => {
            let s = 0; let ss = 0;
            for (const { feature, value } of reader.values) { const k = v[o + feature]!; s += k * value; ss += k * value * value; }
            return { n: v[o + reader.den]!, sum: s, sumOfSquares: ss };
          };
          est = n === 0 ? { value: 0, low: 0, high: 0 } : plan.weighted
            ? weightedMeanFromSums(sums(sv).n, sums(scopeW1.get(scopeId)!), sums(scopeW2.get(scopeId)!))
            : meanEstimate(sums(sv));
        } else if (reader.kind === 'scale_mean') {
          const at = o + 2 * F + 3 * reader.scale;
          n = sv[at]!;
          count = null;
          if (n === 0) {
            est = { value: 0, low: 0, high: 0 };
          } else if (plan.weighted) {
            const w1 = scopeW1.get(scopeId)!;
            const w2 = scopeW2.get(scopeId)!;
            est = weightedMeanFromSums(n, { n: w1[at]!, sum: w1[at + 1]!, sumOfSquares: w1[at + 2]! }, { n: w2[at]!, sum: w2[at + 1]!, sumOfSquares: w2[at + 2]! });
          } else {
            est = meanEstimate({ n, sum: sv[at + 1]!, sumOfSquares: sv[at + 2]! });
          }
        } else {
          const headcount = headcountOf(scopeId, column);
          count = sv[o + respondentsFeature]!;
          // Whether the row exists follows the register only: a group without staff has none, and
          // more respondents than staff (a register out of date) withholds the row instead of
          // dropping it, which would say "more than the headcount answered" (issue 10).
          if (headcount === undefined || headcount === 0) continue;
          n = headcount;
          est = count > headcount ? { value: 0, low: 0, high: 0 } : proportionEstimate(count, n, n);
        }
        batch.push({
          scope: code, period: plan.code, dimension, group, indicator: cell.indicator, option: cell.option,
          base: cell.base as TableRow['base'], n, count, value: est.value, ciLow: est.low, ciHigh: est.high,
          ...(reader.kind === 'respondents' && count! > n ? { withheld: true as const } : {}),
        });
        if (batch.length >= 5000) { rowCount += batch.length; await emit(batch); batch = []; }
      }
    }
  }
  if (batch.length) { rowCount += batch.length; await emit(batch); }
  return { plan, layout, scopes, emptyScopes, inner, rowCount };
}
