/**
 * Per-indicator protection of a release (decision 040): after the shared respondent-count pattern,
 * every published proportion (each option of each item, in its base) is checked with the
 * value-aware LP of `@vw/analysis` against this release's and every earlier release's published
 * counts of the same indicator; where a small cell's count would be pinned, cells are withdrawn
 * for that indicator only. Then the same check runs once more from scratch (the audit); a failure
 * refuses the release and names the cells.
 */
import { indicatorCells } from '@vw/questionnaire';
import { withdrawalCost, type BlockValues, type ExtraSum, type CellSpec, type DisclosureGrid, type SuppressionResult, type ValueFailure } from '@vw/analysis';
import { releaseChecks, type GridName, type IndicatorJob, type IndicatorOutcome } from './value-indicator.js';
import { runIndicatorJobs } from './value-pool.js';
import type { Db } from '../db/client.js';
import { listUnits } from '../repositories/units.js';
import { listWavesOfOrganisation } from '../repositories/waves.js';
import { readerFor } from '../tables/build.js';
import { waveCounts, type UnitCounts } from '../tables/counts.js';
import type { Layout } from '../tables/layout.js';

/** Key of cells whose victims count is withdrawn: every victims-base row of the cell is hidden. */
export const VICTIMS_COUNT = 'victims_count';
const SV_ANY = 'sv_experienced|any|all';

export type { GridName };
/** Indicators whose victims breakdown is subject to the level rule (perpetrators, discussion partners). */
export const LEVEL_RULE_INDICATORS = new Set(['sv_perpetrator', 'sv_discussed']);

/** `indicator|option|base`: one published measure. */
export function indicatorKey(indicator: string, option: string, base: string): string {
  return `${indicator}|${option}|${base}`;
}

export interface IndicatorPlan {
  key: string;
  indicator: string;
  option: string;
  base: 'all' | 'victims';
  grid: GridName;
  section: 0 | 1;
  num: number[];
  den: number;
  /** An all-base row of an item that is also published among victims: follows that measure. */
  followsVictims?: string;
}

/** The proportion indicators of a layout and the grid each is protected in. */
export function indicatorPlans(layout: Layout): IndicatorPlan[] {
  const cells = indicatorCells(layout.def);
  const victimsKeys = new Set(cells.filter((c) => c.base === 'victims').map((c) => `${c.indicator}|${c.option}`));
  const out: IndicatorPlan[] = [];
  for (const cell of cells) {
    if (cell.base !== 'all' && cell.base !== 'victims') continue;
    const reader = readerFor(layout, cell);
    if (reader.kind !== 'proportion') continue;
    const base = cell.base;
    const grid: GridName = base === 'all' ? 'all' : LEVEL_RULE_INDICATORS.has(cell.indicator) ? 'victims_level' : 'victims';
    const plan: IndicatorPlan = { key: indicatorKey(cell.indicator, cell.option, base), indicator: cell.indicator, option: cell.option, base, grid, section: reader.section, num: reader.num, den: reader.den };
    if (base === 'all' && victimsKeys.has(`${cell.indicator}|${cell.option}`)) plan.followsVictims = indicatorKey(cell.indicator, cell.option, 'victims');
    out.push(plan);
  }
  return out;
}

/** Finds the count vector of any block `unit@wave` of the organisation, loading waves as needed. */
export async function blockVectors(db: Db, layout: Layout, organisationId: number, cache: Map<number, UnitCounts>, blockIds: Iterable<string>): Promise<Map<string, Float64Array>> {
  const unitRows = await listUnits(db, organisationId);
  const waveRows = await listWavesOfOrganisation(db, organisationId);
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  const waveId = new Map(waveRows.map((w) => [w.code, w.id]));
  const out = new Map<string, Float64Array>();
  const empty = new Float64Array(layout.columns.length * layout.size);
  for (const id of blockIds) {
    if (out.has(id)) continue;
    const at = id.lastIndexOf('@');
    const u = unitId.get(id.slice(0, at));
    const w = waveId.get(id.slice(at + 1));
    if (u === undefined || w === undefined) throw new Error(`release: block ${id} names no unit or wave of the organisation`);
    let counts = cache.get(w);
    if (!counts) {
      counts = await waveCounts(db, layout, w);
      cache.set(w, counts);
    }
    out.set(id, counts.get(u) ?? empty);
  }
  return out;
}

export interface ProtectionInput {
  layout: Layout;
  grids: Record<GridName, DisclosureGrid>;
  results: Record<GridName, SuppressionResult>;
  vectors: ReadonlyMap<string, Float64Array>;
  /** Earlier releases' per-indicator withdrawals, by (prefixed) cell id. */
  previousWithdrawn: ReadonlyMap<string, ReadonlySet<string>>;
  thresholds: Record<GridName, number>;
  /** Weighted periods: weight per own block; published values carry `decimals` decimals. */
  weights?: (cell: CellSpec) => ReadonlyMap<string, number> | undefined;
  decimals: number;
  /** A weighted release (window or sample wave). */
  weighted: boolean;
  depthOf: (cell: CellSpec) => number;
  /** Earlier releases whose value audit passed under the same rules (decision 084). */
  checked?: ReadonlySet<string>;
  /** Threads for the indicators after sv_experienced/any, this one included (decision 092); unset: 1. */
  threads?: number;
  /**
   * Whether a cell (own or of an earlier release) is a window's pooled cell weighted by wave part
   * (decision 094): published only when its waves published each part, and then no equation.
   */
  byWavePart?: (cell: CellSpec) => boolean;
}

/**
 * The protection stopped at an indicator with counts no withdrawal can free (decision 049): they
 * stay pinned with every candidate cell withdrawn, so its audit cannot pass. Nothing after it ran.
 */
export interface Unfreeable {
  indicator: string;
  /** The counts found so far (interval with every candidate withdrawn). */
  cells: ValueFailure[];
  /** Earlier releases that published this indicator's counts over the same respondents as the first cells. */
  earlier: string[];
  /** Indicators not checked because the build stopped here. */
  skipped: number;
}

export interface ProtectionResult {
  /** Own cell ids withdrawn per indicator key. */
  withdrawn: Map<string, Set<string>>;
  failures: (ValueFailure & { indicator: string })[];
  /** Set when the protection stopped early (the build must refuse). */
  unfreeable?: Unfreeable;
  indicators: number;
  lpSolves: number;
  /** Summed over the threads that ran the check (decision 092). */
  millis: { protect: number; audit: number };
  threads?: number;
}

function valuesFor(plan: IndicatorPlan, grid: DisclosureGrid, layout: Layout, vectors: ReadonlyMap<string, Float64Array>): Map<string, BlockValues> {
  const S = layout.size;
  const F = layout.featureCount;
  const out = new Map<string, BlockValues>();
  for (const b of grid.blocks) {
    const v = vectors.get(b.id);
    if (!v) continue;
    const n: Record<string, number> = {};
    const y: Record<string, number> = {};
    layout.columns.forEach((col, c) => {
      const off = c * S + plan.section * F;
      const nn = v[off + plan.den]!;
      if (nn === 0) return;
      let yy = 0;
      for (const k of plan.num) yy += v[off + k]!;
      n[col] = nn;
      y[col] = yy;
    });
    out.set(b.id, { n, y });
  }
  return out;
}

const cellN = (c: CellSpec, values: ReadonlyMap<string, BlockValues>) => c.blocks.reduce((s, b) => s + (values.get(b)?.n[c.column] ?? 0), 0);

/**
 * Runs the per-indicator protection and then the independent value audit of every indicator.
 * Own cells are those without `#` (earlier releases' cells are prefixed with their release id).
 */
export async function protectIndicators(input: ProtectionInput, log: (line: string) => void = () => {}): Promise<ProtectionResult> {
  const plans = indicatorPlans(input.layout).filter((p) => !p.followsVictims);
  const withdrawn = new Map<string, Set<string>>();
  const failures: ProtectionResult['failures'] = [];
  let lpSolves = 0;
  let protectMillis = 0;
  let auditMillis = 0;
  // Victims counts published by the victims grid are the numerator of sv_experienced/any.
  // (A cell without victims is not published either: its n = 0 row is always suppressed, and
  // counting it as a published 0 would exempt its members from the check.)
  const victimsPublished = (c: CellSpec) => input.results.victims.byId.get(c.id)?.suppressed === false && (input.results.victims.byId.get(c.id)?.n ?? 0) > 0 && !c.hidden
    && !(c.id.includes('#') && input.previousWithdrawn.get(VICTIMS_COUNT)?.has(c.id));
  // A victims count no earlier release published over the same victims stays hidden too, with
  // every victims row of its cell (decision 093).
  const victimsById = byIdOf(input.grids.victims);
  // One an earlier release published over the same victims adds no equation (decision 094).
  const victimsFollowed = new Set<string>();
  const victimsImplied = new Set<string>();
  for (const [id, copies] of copiesOf(input.grids.victims)) {
    if (!victimsPublished(victimsById.get(id)!)) continue;
    if (copies.some((e) => victimsPublished(victimsById.get(e)!))) victimsImplied.add(id);
    else victimsFollowed.add(id);
  }
  // A pooled victims count (decision 094) is the sum of its waves' parts: no equation when each
  // wave published its part, withdrawn (with every victims row of its cell) when one did not.
  for (const c of input.grids.victims.cells) {
    if (!input.byWavePart?.(c) || !victimsPublished(c)) continue;
    if (wavePartsPublished(input.grids.victims, c, (e) => victimsPublished(victimsById.get(e)!))) victimsImplied.add(c.id);
    else if (!c.id.includes('#')) victimsFollowed.add(c.id);
  }
  const victimsCells = input.grids.victims.cells.filter((c) => victimsPublished(c) && !victimsFollowed.has(c.id) && !victimsImplied.has(c.id));
  // sv_experienced/any first: where it withdraws a victims count, every victims row of that cell
  // goes with it (their n is the victims count).
  // Then grid by grid: a worker thread holds one grid at a time (decision 092). (Stable: within a
  // grid, the questionnaire's order.)
  const gridOrder: Record<GridName, number> = { all: 0, victims: 1, victims_level: 2 };
  plans.sort((a, b) => (a.key === SV_ANY ? 0 : 1) - (b.key === SV_ANY ? 0 : 1) || gridOrder[a.grid] - gridOrder[b.grid]);
  const victimsWithdrawn = new Set<string>(victimsFollowed);
  const checks = releaseChecks(input.grids, input.weights, { decimals: input.decimals, ...(input.checked ? { checked: input.checked } : {}) });
  /** What the check of one indicator needs: its values, published cells and candidates. */
  const jobOf = (plan: IndicatorPlan, index: number): IndicatorJob => {
    const grid = input.grids[plan.grid];
    const result = input.results[plan.grid];
    const threshold = input.thresholds[plan.grid];
    const values = valuesFor(plan, grid, input.layout, input.vectors);
    const published = new Set<string>();
    for (const c of grid.cells) {
      const st = result.byId.get(c.id);
      if (!st || st.suppressed || c.hidden) continue;
      if (cellN(c, values) < threshold) continue; // item non-response below k: withheld
      if (c.id.includes('#') && input.previousWithdrawn.get(plan.key)?.has(c.id)) continue;
      if (plan.base === 'victims' && (victimsWithdrawn.has(c.id) || (c.id.includes('#') && input.previousWithdrawn.get(VICTIMS_COUNT)?.has(c.id)))) continue;
      published.add(c.id);
    }
    // A cell over exactly the counts of a cell an earlier release built (a window's cell over one
    // wave's units) shows what the earlier releases show for this indicator (decision 093): the
    // same equation when one of them published it (then it stays: withdrawing this release's copy
    // would hide nothing; and it is left out of the equations, which hold it already: decision
    // 094), hidden when none did. (Not a cell with a weighted value of its own: that value is a
    // new equation.)
    const followed: string[] = [];
    for (const [id, copies] of copiesOf(grid)) {
      if (!published.has(id) || input.weights?.(byIdOf(grid).get(id)!)) continue;
      published.delete(id);
      if (!copies.some((e) => published.has(e))) followed.push(id);
    }
    // A window's pooled cell weighted by wave part (decision 094) is published only when each of
    // its waves published its part for this indicator: then it is a function of those figures and
    // adds no equation (nor is it a candidate); otherwise it is withdrawn. (An earlier window's
    // such cell was published only so: it is left out of the equations too.)
    // (Its parts are one wave's cells, never pooled ones: the order of the loop does not matter.)
    if (input.byWavePart) {
      for (const c of grid.cells) {
        if (!published.has(c.id) || !input.byWavePart(c)) continue;
        const own = !c.id.includes('#');
        if (wavePartsPublished(grid, c, (e) => published.has(e))) published.delete(c.id);
        else if (own) { published.delete(c.id); followed.push(c.id); }
        // (Not expected: an earlier window published it without its parts; it stays an equation.)
      }
    }
    followedOf.set(index, followed);
    let extra: ExtraSum[] | undefined;
    if (plan.key === SV_ANY && sameAsVictims(values, input.grids.victims)) {
      extra = victimsCells.map((c) => ({ id: `v:${c.id}`, blocks: c.blocks, column: c.column, depth: c.depth ?? 0 }));
    }
    // (In a weighted window its rounded weighted value can pin small cells together with the
    // waves' counts: there it stays a last resort.)
    const rootTotal = new Set(plan.grid === 'all' && !input.weighted ? grid.cells.filter((c) => !c.id.includes('#') && (c.depth ?? 0) === 0 && c.column === 'all').map(sig) : []);
    const fixedVictims = new Set(victimsCells.filter((c) => c.id.includes('#')).map(sig));
    // The organisation's own total (the figure everyone reads first) is never withdrawn.
    const candidates = [...grid.cells.filter((c) => published.has(c.id) && !c.id.includes('#') && !rootTotal.has(sig(c))), ...(extra ?? []).filter((e) => !e.id.includes('#') && !fixedVictims.has(sig(e)))];
    return {
      index, key: plan.key, grid: plan.grid, threshold, values, published, ...(extra ? { extra } : {}),
      candidates: candidates.map((c) => c.id),
      // What a withdrawal costs (decision 048): the organisation's and branches' figures most, a
      // victims count (every victims row of the cell goes with it) ten times a group's, the
      // organisation's own total only when nothing else frees a count.
      costs: candidates.map((c) => withdrawalCost(c, cellN(c as CellSpec, values), (c.depth ?? 0) === 0 && c.column === 'all')),
    };
  };
  /** Per job: own cells hidden because no earlier release published their counts (decision 093). */
  const followedOf = new Map<number, string[]>();
  let unfreeable: Unfreeable | undefined;
  const take = (o: IndicatorOutcome): 'stop' | void => {
    const plan = plans[o.index]!;
    protectMillis += o.protectMs;
    auditMillis += o.auditMs;
    lpSolves += o.protectLps + (o.audit?.lpSolves ?? 0);
    if (o.unfreeable.length > 0) {
      // Refuse fast (decision 049): this indicator's audit cannot pass whatever is withdrawn, so
      // neither can the release; the indicators after it are not worth their LPs.
      const grid = input.grids[plan.grid];
      const published = jobOf(plan, o.index).published;
      unfreeable = { indicator: plan.key, cells: o.unfreeable, earlier: earlierPublishers(grid, published, o.unfreeable.slice(0, 5).map((f) => f.cellId)), skipped: plans.length - 1 - o.index };
      log(`  ${plan.key}: ${o.unfreeable.length} counts stay pinned (or open to an insider) whatever is withdrawn; stopped after ${(o.protectMs / 1000).toFixed(1)} s (${o.protectLps} LPs), ${unfreeable.skipped} indicators not checked`);
      return 'stop';
    }
    const followed = followedOf.get(o.index) ?? [];
    followedOf.delete(o.index);
    const own: string[] = [...followed];
    for (const id of o.withdrawn) {
      if (id.startsWith('v:')) victimsWithdrawn.add(id.slice(2));
      else own.push(id);
    }
    const audit = o.audit!;
    if (own.length > 0) withdrawn.set(plan.key, new Set(own));
    for (const f of audit.failures) failures.push({ ...f, indicator: plan.key });
    if (o.withdrawn.length > 0 || followed.length > 0 || !audit.ok) log(`  ${plan.key}: ${o.withdrawn.length} withdrawn${followed.length ? ` (and ${followed.length} hidden as in earlier releases)` : ''} in ${o.rounds} rounds (${o.remaining} left), audit ${audit.ok ? 'passed' : `FAILED (${audit.failures.length})`} over ${audit.targets} small cells${audit.earlier ? ` (${audit.earlier} settled by earlier releases' value audits)` : ''}; protect ${(o.protectMs / 1000).toFixed(1)} s (${o.protectLps} LPs), audit ${(o.auditMs / 1000).toFixed(1)} s (${audit.lpSolves} LPs)`);
  };
  // sv_experienced/any first, in this thread: its withdrawn victims counts decide which victims
  // rows the other indicators publish. The others are independent of each other (decision 092).
  const first = plans[0]?.key === SV_ANY ? 1 : 0;
  await runIndicatorJobs(checks, first, (i) => jobOf(plans[i]!, i), 1, take);
  let threads = 1;
  if (!unfreeable) {
    threads = Math.max(1, Math.min(input.threads ?? 1, plans.length - first));
    if (threads > 1) log(`indicators: ${plans.length - first} checked on ${threads} threads (VW_VALUE_THREADS)`);
    await runIndicatorJobs(checks, plans.length - first, (i) => jobOf(plans[first + i]!, first + i), threads, take);
  }
  if (unfreeable) return { withdrawn, failures, unfreeable, indicators: plans.length, lpSolves, millis: { protect: protectMillis, audit: auditMillis }, threads };
  if (victimsWithdrawn.size > 0) withdrawn.set(VICTIMS_COUNT, victimsWithdrawn);
  return { withdrawn, failures, indicators: plans.length, lpSolves, millis: { protect: protectMillis, audit: auditMillis }, threads };
}

/** Column and blocks: two cells with the same signature are over the same counts. */
const sig = (c: { readonly column: string; readonly blocks: readonly string[] }) => `${c.column}|${[...c.blocks].sort().join(',')}`;
const copiesCache = new WeakMap<DisclosureGrid, Map<string, string[]>>();
const earlierCache = new WeakMap<DisclosureGrid, Map<string, string[]>>();

/** Visible cells of earlier releases (id with `#`), by signature. */
function earlierBySig(grid: DisclosureGrid): Map<string, string[]> {
  let earlier = earlierCache.get(grid);
  if (earlier) return earlier;
  earlier = new Map();
  for (const c of grid.cells) {
    if (!c.id.includes('#') || c.hidden) continue;
    const k = sig(c);
    const l = earlier.get(k);
    if (l) l.push(c.id); else earlier.set(k, [c.id]);
  }
  earlierCache.set(grid, earlier);
  return earlier;
}

/**
 * Whether every wave's part of a pooled cell (its blocks `unit@wave` of one wave, same column) is
 * a cell of an earlier release (the wave's own, or a window's copy of it) for which `published`
 * holds (decision 094).
 */
export function wavePartsPublished(grid: DisclosureGrid, cell: CellSpec, published: (id: string) => boolean): boolean {
  const parts = new Map<string, string[]>();
  for (const b of cell.blocks) {
    const w = b.slice(b.lastIndexOf('@') + 1);
    const l = parts.get(w);
    if (l) l.push(b); else parts.set(w, [b]);
  }
  const earlier = earlierBySig(grid);
  for (const blocks of parts.values()) {
    const own = earlier.get(sig({ column: cell.column, blocks }))?.filter((e) => e !== cell.id);
    if (!own?.some(published)) return false;
  }
  return true;
}
const byIdCache = new WeakMap<DisclosureGrid, Map<string, CellSpec>>();

function byIdOf(grid: DisclosureGrid): Map<string, CellSpec> {
  let m = byIdCache.get(grid);
  if (!m) { m = new Map(grid.cells.map((c) => [c.id, c])); byIdCache.set(grid, m); }
  return m;
}

/**
 * Own visible cells (no `#`) over exactly the same counts (column and blocks) as visible cells
 * of earlier releases, with those cells' ids (decision 093). Planned and own-staff cells are
 * hidden: never published, so no copy.
 */
function copiesOf(grid: DisclosureGrid): Map<string, string[]> {
  const cached = copiesCache.get(grid);
  if (cached) return cached;
  const earlier = earlierBySig(grid);
  const out = new Map<string, string[]>();
  if (earlier.size > 0) {
    for (const c of grid.cells) {
      if (c.id.includes('#') || c.hidden) continue;
      const copies = earlier.get(sig(c));
      if (copies) out.set(c.id, copies);
    }
  }
  copiesCache.set(grid, out);
  return out;
}

/**
 * The earlier releases (cell id prefix before `#`) whose published cells of the indicator cover a
 * block of one of the given cells, in the grid's order.
 */
function earlierPublishers(grid: DisclosureGrid, published: ReadonlySet<string>, cellIds: readonly string[]): string[] {
  const byId = new Map(grid.cells.map((c) => [c.id, c]));
  const blocks = new Set(cellIds.flatMap((id) => byId.get(id)?.blocks ?? []));
  const out = new Set<string>();
  for (const c of grid.cells) {
    const at = c.id.indexOf('#');
    if (at < 0 || !published.has(c.id) || out.has(c.id.slice(0, at))) continue;
    if (c.blocks.some((b) => blocks.has(b))) out.add(c.id.slice(0, at));
  }
  return [...out];
}

/** Whether an indicator's count equals the victims count in every block and column. */
function sameAsVictims(values: ReadonlyMap<string, BlockValues>, victims: DisclosureGrid): boolean {
  for (const b of victims.blocks) {
    const v = values.get(b.id);
    for (const [col, n] of Object.entries(b.counts)) if ((v?.y[col] ?? 0) !== n) return false;
  }
  return true;
}
