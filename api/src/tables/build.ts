/**
 * The unprotected release table of one period: for every scope (a unit and everything below it)
 * × column × indicator of the instrument, `n`, `count`, `value` and the 95% interval.
 * Protection (suppression, freezing) happens in the release service; nothing outside tests and
 * the release builder may expose these rows.
 */
import { indicatorCells, type IndicatorCell } from '@vw/questionnaire';
import { meanEstimate, proportionEstimate, weightedMeanFromSums, weightedProportionFromSums, type Estimate } from '@vw/analysis';
import type { Db } from '../db/client.js';
import { getInstrumentVersionById } from '../repositories/instruments.js';
import { instrumentVersionIdsOf } from '../repositories/waves.js';
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
  /**
   * A census window's weight per wave part (`scopeCode|waveCode`): a pooled cell weights the
   * respondents of its scope's units in each wave to their headcount, one weight per part
   * (decision 094). Absent in other periods (their weights are per inner row).
   */
  partWeights?: Map<string, number>;
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

export interface BuildOptions {
  /** Wave counts shared between periods built in one run (a window reuses its waves' counts). */
  countsCache?: Map<number, UnitCounts>;
  /** Receives the milliseconds spent in SQL. */
  timing?: { sqlMillis: number };
}

/**
 * Count vectors summed per scope (a unit and everything below it as of the period). Weighted
 * periods also keep Σw·v and Σw²·v: every weighted estimate is then a function of these sums
 * (no pass over the inner rows per cell).
 */
interface ScopeSums {
  vectors: Map<number, Float64Array>;
  w1: Map<number, Float64Array>;
  w2: Map<number, Float64Array>;
  /** Indexes into `plan.inner` of the inner rows each scope sums. */
  inner: Map<number, number[]>;
  /** Indexes into `plan.empty` of the surveyed units without respondents below each scope. */
  empty: Map<number, number[]>;
  /** Scopes that exist only through such units (no respondents at all). */
  emptyScopes: number[];
  /** Waves of the surveyed units below each scope (answered or not). */
  waves: Map<number, Set<number>>;
}

/** One cell's figures before it becomes a row; null when the cell has no row (response rate without headcount). */
type CellFigures = { n: number; count: number | null; est: Estimate; withheld?: true } | null;

/** What every cell of one scope × column reads. */
interface CellSource {
  plan: PeriodPlan;
  layout: Layout;
  sums: ScopeSums;
  scopeId: number;
  column: string;
  /** The scope's summed vector (and Σw·v, Σw²·v when weighted). */
  sv: Float64Array;
  w1: Float64Array | undefined;
  w2: Float64Array | undefined;
  /** Offset of the column in the scope's vectors. */
  o: number;
  /** Census waves: the headcount of the scope × column (finite-population correction). */
  population: number | undefined;
  /** Feature index of the respondent counter. */
  respondentsFeature: number;
}

const EMPTY: Estimate = { value: 0, low: 0, high: 0 };

/**
 * Builds the table of a planned period and hands rows to `emit` in batches (so a million-row
 * table never sits in memory at once). Steps: layout → wave counts → sums per scope → one row
 * per scope × column × indicator cell.
 */
export async function buildPeriodTable(db: Db, plan: PeriodPlan, emit: (rows: TableRow[]) => void | Promise<void>, opts: BuildOptions = {}): Promise<PeriodTable> {
  const layout = await periodLayout(db, plan);
  const byWave = await periodCounts(db, plan, layout, opts);
  const inner = innerCounts(plan, layout, byWave);
  const sums = scopeSums(plan, inner, layout.columns.length * layout.size);
  const partWeights = byWavePart(plan) ? weightByWavePart(plan, inner, sums) : undefined;
  const scopes = orderedScopes(plan, [...sums.vectors.keys()].filter((id) => !sums.emptyScopes.includes(id)));
  const emptyScopes = orderedScopes(plan, sums.emptyScopes);
  const cells = indicatorCells(layout.def).map((cell) => ({ cell, reader: readerFor(layout, cell) }));
  const respondentsFeature = layout.features.get(featureKey(RESPONDENTS, ANSWERED))!;
  let rowCount = 0;
  let batch: TableRow[] = [];
  for (const scopeId of [...scopes, ...emptyScopes]) {
    const code = plan.tree.get(scopeId)!.code;
    const sv = sums.vectors.get(scopeId)!;
    // A window's scope whose units all come from one census wave is that wave's report: its
    // figures are not weighted, and census-corrected like the wave's (decision 003, session 11).
    const oneCensusWave = plan.kind === 'window' && plan.census && (sums.waves.get(scopeId)?.size ?? 0) <= 1;
    const w1 = oneCensusWave ? undefined : sums.w1.get(scopeId);
    const w2 = oneCensusWave ? undefined : sums.w2.get(scopeId);
    for (let c = 0; c < layout.columns.length; c++) {
      const column = layout.columns[c]!;
      const [dimension, group] = column === 'all' ? ['all', 'all'] : column.split(':') as [string, string];
      const population = plan.census && (plan.kind === 'wave' || oneCensusWave) ? headcountOf(plan, sums, scopeId, column) : undefined;
      const source: CellSource = { plan, layout, sums, scopeId, column, sv, w1, w2, o: c * layout.size, population, respondentsFeature };
      for (const { cell, reader } of cells) {
        const figures = cellFigures(source, reader);
        if (figures === null) continue;
        const { n, count, est, withheld } = figures;
        batch.push({
          scope: code, period: plan.code, dimension, group, indicator: cell.indicator, option: cell.option,
          base: cell.base as TableRow['base'], n, count, value: est.value, ciLow: est.low, ciHigh: est.high,
          ...(withheld ? { withheld } : {}),
        });
        if (batch.length >= 5000) { rowCount += batch.length; await emit(batch); batch = []; }
      }
    }
  }
  if (batch.length) { rowCount += batch.length; await emit(batch); }
  return { plan, layout, scopes, emptyScopes, inner, rowCount, ...(partWeights ? { partWeights } : {}) };
}

/** One instrument layout per period: the versions of its waves must share their reporting items. */
async function periodLayout(db: Db, plan: PeriodPlan): Promise<Layout> {
  const [versionId] = await instrumentVersionIdsOf(db, plan.waveIds);
  const version = await getInstrumentVersionById(db, versionId!);
  return layoutFor(version.definition);
}

/** The counts of every wave the period reads, from the shared cache or from SQL. */
async function periodCounts(db: Db, plan: PeriodPlan, layout: Layout, opts: BuildOptions): Promise<Map<number, UnitCounts>> {
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
  return byWave;
}

/** Each inner row's count vector and its respondent counts per column (for the disclosure grids). */
function innerCounts(plan: PeriodPlan, layout: Layout, byWave: Map<number, UnitCounts>): InnerCounts[] {
  const S = layout.size;
  return plan.inner.map((r) => {
    const v = byWave.get(r.waveId)?.get(r.unitId) ?? new Float64Array(layout.columns.length * S);
    return {
      unitId: r.unitId, waveId: r.waveId,
      all: layout.columns.map((_, c) => v[c * S]!),
      victims: layout.columns.map((_, c) => v[c * S + layout.featureCount]!),
      vector: v, weight: r.weight,
    };
  });
}

/**
 * Adds every inner vector into the unit's scope and each scope it rolls up into. A surveyed unit
 * where nobody answered has rows too (all n = 0), and its staff count in the headcounts above it:
 * whether a unit has rows must not tell 0 respondents from 1 to k − 1 (decision 044).
 */
function scopeSums(plan: PeriodPlan, inner: InnerCounts[], size: number): ScopeSums {
  const sums: ScopeSums = { vectors: new Map(), w1: new Map(), w2: new Map(), inner: new Map(), empty: new Map(), emptyScopes: [], waves: new Map() };
  const addWave = (scope: number, wave: number) => { const w = sums.waves.get(scope); if (w) w.add(wave); else sums.waves.set(scope, new Set([wave])); };
  const byPart = byWavePart(plan);
  inner.forEach(({ unitId, waveId, vector: v, weight }, idx) => {
    for (let u = plan.tree.get(unitId); u; u = reportingParent(plan.tree, u)) {
      let sv = sums.vectors.get(u.id);
      if (!sv) {
        sv = new Float64Array(v.length); sums.vectors.set(u.id, sv); sums.inner.set(u.id, []);
        if (plan.weighted) { sums.w1.set(u.id, new Float64Array(v.length)); sums.w2.set(u.id, new Float64Array(v.length)); }
      }
      add(sv, v);
      addWave(u.id, waveId);
      if (plan.weighted && !byPart) { addScaled(sums.w1.get(u.id)!, v, weight); addScaled(sums.w2.get(u.id)!, v, weight * weight); }
      sums.inner.get(u.id)!.push(idx);
    }
  });
  plan.empty.forEach((e, idx) => {
    for (let u = plan.tree.get(e.unitId); u; u = reportingParent(plan.tree, u)) {
      if (!sums.vectors.has(u.id)) {
        sums.vectors.set(u.id, new Float64Array(size)); sums.inner.set(u.id, []); sums.emptyScopes.push(u.id);
        if (plan.weighted) { sums.w1.set(u.id, new Float64Array(size)); sums.w2.set(u.id, new Float64Array(size)); }
      }
      sums.empty.set(u.id, [...(sums.empty.get(u.id) ?? []), idx]);
      addWave(u.id, e.waveId);
    }
  });
  return sums;
}

/**
 * A window over census waves weights only the cells that pool several waves (a cell over one
 * wave's units is that wave's figure, decision 003), and those by wave part (decision 094).
 */
export function byWavePart(plan: PeriodPlan): boolean {
  return plan.weighted && plan.kind === 'window' && plan.census;
}

/**
 * Weights each scope's respondents by wave part (decision 094): the respondents of the scope's
 * units surveyed in one wave stand for those units' headcount, with one weight for the part,
 * Σ own staff / Σ respondents (the inner rows' headcount weights pooled). A pooled cell is then a
 * headcount-weighted combination of its waves' unweighted figures over the same units, so when
 * every wave published its part the pooled figure adds nothing to what is public. Fills the
 * scopes' Σw·v and Σw²·v and returns the weights by `scopeCode|waveCode`.
 */
function weightByWavePart(plan: PeriodPlan, inner: InnerCounts[], sums: ScopeSums): Map<string, number> {
  const out = new Map<string, number>();
  for (const [scopeId, rows] of sums.inner) {
    const parts = new Map<number, { staff: number; respondents: number; rows: number[] }>();
    for (const i of rows) {
      const r = plan.inner[i]!;
      let p = parts.get(r.waveId);
      if (!p) { p = { staff: 0, respondents: 0, rows: [] }; parts.set(r.waveId, p); }
      p.staff += r.weight * r.respondents;
      p.respondents += r.respondents;
      p.rows.push(i);
    }
    const w1 = sums.w1.get(scopeId)!;
    const w2 = sums.w2.get(scopeId)!;
    const scope = plan.tree.get(scopeId)!.code;
    for (const p of parts.values()) {
      const w = p.respondents > 0 ? p.staff / p.respondents : 1;
      out.set(`${scope}|${plan.inner[p.rows[0]!]!.waveCode}`, w);
      for (const i of p.rows) { addScaled(w1, inner[i]!.vector, w); addScaled(w2, inner[i]!.vector, w * w); }
    }
  }
  return out;
}

/** Scopes that get rows, parents before children, then by code. */
function orderedScopes(plan: PeriodPlan, ids: number[]): number[] {
  const depth = (id: number) => { let d = 0; for (let u = plan.tree.get(id); u && u.parentId !== null; u = plan.tree.get(u.parentId)) d++; return d; };
  return ids.sort((a, b) => depth(a) - depth(b) || plan.tree.get(a)!.code.localeCompare(plan.tree.get(b)!.code));
}

/** Headcount of a scope for a column: the wave's HR figure, or a window's sum of its inner rows' own staff. */
function headcountOf(plan: PeriodPlan, sums: ScopeSums, scopeId: number, column: string): number | undefined {
  if (plan.kind === 'wave') return plan.scopeHeadcount.get(`${scopeId}|${column}`);
  let total = 0;
  const rows = [...sums.inner.get(scopeId)!.map((i) => plan.inner[i]!), ...(sums.empty.get(scopeId) ?? []).map((i) => plan.empty[i]!)];
  for (const r of rows) {
    const h = r.ownHeadcount?.get(column);
    if (h === undefined) return undefined;
    total += h;
  }
  return total;
}

/** One cell's n, count and estimate, by the kind of reader. */
function cellFigures(s: CellSource, reader: Reader): CellFigures {
  switch (reader.kind) {
    case 'proportion': return proportionFigures(s, reader);
    case 'item_mean': return itemMeanFigures(s, reader);
    case 'scale_mean': return scaleMeanFigures(s, reader);
    case 'respondents': return responseRateFigures(s);
  }
}

/** A share: counts of the chosen features over the answered count, finite-population corrected for census waves. */
function proportionFigures({ plan, layout, sv, w1, w2, o, population }: CellSource, reader: Extract<Reader, { kind: 'proportion' }>): CellFigures {
  const off = o + reader.section * layout.featureCount;
  const n = sv[off + reader.den]!;
  let count = 0;
  for (const k of reader.num) count += sv[off + k]!;
  // Every cell of the structure has a row, answered or not: a row that exists only when
  // n > 0 would say so (decision 040). Such a row is always suppressed (n < k).
  if (n === 0) return { n, count, est: EMPTY };
  if (plan.weighted && w1 && w2) {
    let b = 0; let d = 0;
    for (const k of reader.num) { b += w1[off + k]!; d += w2[off + k]!; }
    return { n, count, est: weightedProportionFromSums({ n, count, wn: w1[off + reader.den]!, wc: b, w2n: w2[off + reader.den]!, w2c: d }) };
  }
  return { n, count, est: proportionEstimate(count, n, reader.section === 0 ? population : undefined) };
}

/** The mean of a scale item's answers, from the counts of each value. */
function itemMeanFigures({ plan, sv, w1, w2, o }: CellSource, reader: Extract<Reader, { kind: 'item_mean' }>): CellFigures {
  const n = sv[o + reader.den]!;
  const valueSums = (v: Float64Array) => {
    let s = 0; let ss = 0;
    for (const { feature, value } of reader.values) { const k = v[o + feature]!; s += k * value; ss += k * value * value; }
    return { n: v[o + reader.den]!, sum: s, sumOfSquares: ss };
  };
  const est = n === 0 ? EMPTY : plan.weighted && w1 && w2
    ? weightedMeanFromSums(valueSums(sv).n, valueSums(w1), valueSums(w2))
    : meanEstimate(valueSums(sv));
  return { n, count: null, est };
}

/** The mean of a scale score, from the kept n, Σx and Σx². */
function scaleMeanFigures({ plan, layout, sv, w1, w2, o }: CellSource, reader: Extract<Reader, { kind: 'scale_mean' }>): CellFigures {
  const at = o + 2 * layout.featureCount + 3 * reader.scale;
  const n = sv[at]!;
  if (n === 0) return { n, count: null, est: EMPTY };
  if (plan.weighted && w1 && w2) {
    return { n, count: null, est: weightedMeanFromSums(n, { n: w1[at]!, sum: w1[at + 1]!, sumOfSquares: w1[at + 2]! }, { n: w2[at]!, sum: w2[at + 1]!, sumOfSquares: w2[at + 2]! }) };
  }
  return { n, count: null, est: meanEstimate({ n, sum: sv[at + 1]!, sumOfSquares: sv[at + 2]! }) };
}

/**
 * The response rate: respondents over headcount. Whether the row exists follows the register
 * only: a group without staff has none, and more respondents than staff (a register out of date)
 * withholds the row instead of dropping it, which would say "more than the headcount answered"
 * (issue 10).
 */
function responseRateFigures({ plan, sums, sv, scopeId, column, o, respondentsFeature }: CellSource): CellFigures {
  const headcount = headcountOf(plan, sums, scopeId, column);
  const count = sv[o + respondentsFeature]!;
  if (headcount === undefined || headcount === 0) return null;
  if (count > headcount) return { n: headcount, count, est: EMPTY, withheld: true };
  return { n: headcount, count, est: proportionEstimate(count, headcount, headcount) };
}
