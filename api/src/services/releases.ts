/**
 * Releases: build the table of a period, suppress over the whole release at once (respecting
 * every earlier frozen release of the organisation), audit independently, and freeze. Readers
 * only ever see frozen rows; suppressed rows carry no numbers.
 */
import {
  auditRelease, buildGrid, cellId, FixedCellConflictError, planWindows, releaseComparisons, suppress, withPrevious,
  type CellSpec, type CellStatus, type ComparisonRow, type DisclosureGrid, type PublishedRow, type SuppressionResult,
} from '@vw/analysis';
import type { Db } from '../db/client.js';
import {
  countReleasesOfPeriod, eachEarlierReleaseGrid, insertComparisons, insertRelease, insertReleaseGrid, insertReleaseRows, lockOrganisationReleases, previousWavePublishedAllRows,
  releaseIdsOfOrganisation, releasesOfPeriod, releasesValueCheckedUnder, releasesWithoutValueCheck, type ReleaseRowSource,
} from '../repositories/releases.js';
import { getWaveById } from '../repositories/waves.js';
import { env } from '../env.js';
import { valueThreads } from './value-pool.js';
import { ConflictError, NotFoundError, ReleaseRefusedError, UsageError } from '../errors.js';
import { buildPeriodTable, byWavePart, type InnerCounts, type PeriodTable, type TableRow } from '../tables/build.js';
import { CompactRows } from '../tables/rows.js';
import { planPeriod, type PeriodPlan } from '../tables/periods.js';
import type { UnitCounts } from '../tables/counts.js';

export { getReleaseComparisons, getReleaseRows, type ReleaseRow } from '../repositories/releases.js';

import { blockVectors, indicatorKey, indicatorPlans, LEVEL_RULE_INDICATORS, protectIndicators, VICTIMS_COUNT, type GridName, type ProtectionResult, type Unfreeable } from './release-values.js';

type Failure = { grid: string; cellId: string; check: string; detail: string };
const failureLines = (failures: readonly Failure[]) => failures.slice(0, 20).map((f) => `  ${f.grid} ${f.cellId}: ${f.check} — ${f.detail}`).join('\n');

/** What a refusal may say outside the server: how many cells, which checks, no number about them. */
const publicRefusal = (failures: readonly Failure[], what: string) => {
  const checks = [...new Set(failures.map((f) => f.check))].sort().join(', ');
  return `the release failed its disclosure audit and was not frozen: ${what} (${failures.length} cell${failures.length === 1 ? '' : 's'}; checks: ${checks}). The cells are named in the server's log and by \`release build\` on the server`;
};

export class AuditFailedError extends ReleaseRefusedError {
  override name = 'AuditFailedError';
  constructor(readonly failures: Failure[], message = `the release failed its audit; it was not frozen:\n${failureLines(failures)}`, what = 'a suppressed figure could be computed from published ones') {
    super(message, publicRefusal(failures, what), failures.map((f) => `${f.grid} ${f.cellId}: ${f.check}`));
  }
}

/**
 * The value check stopped at an indicator whose pinned counts no withdrawal frees (decision 049):
 * the audit cannot pass, so the build refuses before checking the other indicators.
 */
export class UnfreeableCountsError extends AuditFailedError {
  override name = 'UnfreeableCountsError';
  constructor(period: string, u: Unfreeable, unchecked: ReadonlySet<string>) {
    const failures = u.cells.map((f) => ({
      grid: u.indicator, cellId: f.cellId, check: `value:${f.check}`,
      detail: `count ${f.check === 'insider' ? 'open to an insider' : 'pinned'} even with every cell this release may withdraw withdrawn: attacker interval within [${f.lo}, ${f.hi}] (n ${f.n})`,
    }));
    const earlier = u.earlier.map((id) => (unchecked.has(id) ? `${id} (built without the value check)` : id));
    super(failures, [
      `the release failed its audit; it was not frozen: the value check cannot protect ${u.indicator} of ${period}: ${u.cells.length} of its counts stay pinned whatever this release withdraws${u.skipped > 0 ? ` (stopped there; ${u.skipped} more indicators not checked)` : ''}`,
      failureLines(failures),
      `  why: counts that earlier releases published pin them${earlier.length > 0 ? ` (releases that published this indicator over the same respondents: ${earlier.join(', ')})` : ''}, and frozen releases stay in force`,
      '  what to do: build this release without the check (--no-value-protection), or use the check from the organisation\'s first release on (decision 041)',
    ].join('\n'), `earlier releases pin counts of ${u.indicator} that no withdrawal frees; build it without the value check, or use the check from the organisation's first release on`);
  }
}

interface StoredPattern {
  grid: DisclosureGrid;
  statuses: [string, boolean][];
  /** Per indicator key (`indicator|option|base`): cells withdrawn for that indicator only. */
  extra?: Record<string, string[]>;
  /** Weighted releases: the weight of each own block (published values are weighted with it). */
  weights?: Record<string, number>;
  /**
   * Only cells that pool several waves were published weighted; a cell over one census wave's
   * units carries that wave's unweighted figures (decision 003, session 11). Absent in releases
   * built before: every cell of theirs was weighted.
   */
  weightedPooledOnly?: boolean;
  /**
   * Census windows since decision 094: pooled cells were weighted by wave part, one weight per
   * `scopeCode|waveCode` (not by block).
   */
  partWeights?: Record<string, number>;
}


/** Whether a grid cell's blocks (`unit@wave`) come from more than one wave. */
function pooledCell(c: { readonly blocks: readonly string[] }): boolean {
  const first = c.blocks[0];
  if (first === undefined) return false;
  const wave = first.slice(first.lastIndexOf('@'));
  return c.blocks.some((b) => b.slice(b.lastIndexOf('@')) !== wave);
}

export interface ReleaseSummary {
  id: string;
  period: string;
  rows: number;
  suppressed: number;
  cells: Record<GridName, { cells: number; primary: number; complementary: number; published: number }>;
  suppressedShareByDepth: Record<string, number>;
  comparisons: number;
  millis: { table: number; suppress: number; audit: number; store: number };
  /** For researchers and admins: the rules in force, why rows are hidden, the audit (decision 040). */
  disclosure: DisclosureSummary;
}

export interface DisclosureSummary {
  rules: { k: number; kVictims: number; perpetratorMaxDepth: number; decimals: number };
  /** Suppressed rows by internal reason (readers only see one label). */
  rowsByReason: Record<string, number>;
  /** Cells withdrawn for single indicators: total, per grid and per tree depth. */
  perIndicator: { enabled: boolean; indicators: number; cells: number; byGrid: Record<string, number>; byDepth: Record<string, number> };
  audit: { passed: boolean; checks: string[]; lpSolves: number; seconds: number; at: string };
}

function resultFromStored(cells: CellStatus[]): SuppressionResult {
  return { cells, byId: new Map(cells.map((c) => [c.id, c])), stats: { cells: cells.length, primary: 0, complementary: 0, published: 0, watched: 0, basisRank: 0, millis: 0 } };
}

/**
 * An earlier release's stored pattern of one grid as the build reads it: cell ids prefixed with
 * the release id (`<release>#<cell>`), so a rebuild of the same period (same cell ids) keeps the
 * old cells as separate fixed constraints; strings and block lists shared (interned).
 */
interface EarlierPattern {
  grid: DisclosureGrid;
  /** Prefixed cell id → whether the release suppressed it (a cell without a status counts as suppressed). */
  suppressed: Map<string, boolean>;
  /** Per indicator key: prefixed cells withdrawn for that indicator only. */
  extra: [string, string[]][];
}

/**
 * One string object per distinct value, and one array per distinct list of block ids: a history's
 * patterns repeat the same block ids in every cell of a scope, in every grid and every release.
 */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  str(x: string): string {
    const seen = this.strings.get(x);
    if (seen !== undefined) return seen;
    this.strings.set(x, x);
    return x;
  }
  list(xs: readonly string[]): readonly string[] {
    const key = xs.join('\u0000');
    const seen = this.lists.get(key);
    if (seen !== undefined) return seen;
    const list = xs.map((x) => this.str(x));
    this.lists.set(key, list);
    return list;
  }
}

/** A stored pattern as parsed, made compact and prefixed with its release id (see EarlierPattern). */
function earlierPattern(releaseId: string, p: StoredPattern, intern: Interner): EarlierPattern {
  const prefix = `${releaseId}#`;
  const cells = p.grid.cells.map((c) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c)) {
      out[k] = k === 'id' ? `${prefix}${c.id}` : typeof v === 'string' ? intern.str(v) : k === 'blocks' ? intern.list(v as string[]) : v;
    }
    return out as unknown as CellSpec;
  });
  const suppressed = new Map<string, boolean>();
  for (const [id, sup] of p.statuses) suppressed.set(`${prefix}${id}`, sup);
  const blocks = p.grid.blocks.map((b) => ({ ...b, id: intern.str(b.id) }));
  const extra = Object.entries(p.extra ?? {}).map(([key, ids]): [string, string[]] => [intern.str(key), ids.map((id) => `${prefix}${id}`)]);
  return { grid: { dimensions: p.grid.dimensions, blocks, cells }, suppressed, extra };
}

/**
 * Earlier releases' cells that share inner blocks with this grid, transitively (a chain of
 * earlier cells through blocks outside this release can still constrain it).
 */
function relevantPrevious(grid: DisclosureGrid, stored: readonly EarlierPattern[], withdrawn?: Map<string, Set<string>>) {
  const blocks = new Set(grid.blocks.map((b) => b.id));
  const chosen = stored.map(() => new Set<number>());
  let grew = true;
  while (grew) {
    grew = false;
    stored.forEach((p, i) => {
      p.grid.cells.forEach((c, j) => {
        if (chosen[i]!.has(j) || !c.blocks.some((b) => blocks.has(b))) return;
        chosen[i]!.add(j);
        for (const b of c.blocks) if (!blocks.has(b)) { blocks.add(b); grew = true; }
      });
    });
  }
  return stored.map((p, i) => {
    const keep = [...chosen[i]!].map((j) => p.grid.cells[j]!);
    if (withdrawn) {
      for (const [key, ids] of p.extra) {
        const set = withdrawn.get(key) ?? new Set<string>();
        for (const cid of ids) set.add(cid);
        withdrawn.set(key, set);
      }
    }
    const grid: DisclosureGrid = {
      dimensions: p.grid.dimensions,
      blocks: p.grid.blocks.filter((b) => blocks.has(b.id)),
      cells: keep,
    };
    const result = resultFromStored(keep.map((c) => {
      const suppressed = p.suppressed.get(c.id) ?? true;
      return { id: c.id, n: 0, suppressed, reason: suppressed ? 'previous' : null, protected: false };
    }));
    return { grid, result };
  }).filter((x) => x.grid.cells.length > 0);
}

const GRID_NAMES: readonly GridName[] = ['all', 'victims', 'victims_level'];

type Rules = { k: number; kVictims: number };
type Log = (line: string) => void;
type AuditFailure = { grid: string; cellId: string; check: string; detail: string };

/**
 * What `buildGrid` needs of a period's table: its units with their reporting parent, wave codes,
 * counts per inner row. Surveyed units nobody answered in are units of the grids too, with a block
 * of zeros (decision 046): in the `all` grid it is `nobodyAnswered` (unknown to the attacker,
 * protected like 1 to k − 1 respondents, never a shield); in the victims grids it is a block with
 * no victims, like a unit whose respondents reported none.
 */
function gridInputs(plan: PeriodPlan, table: PeriodTable) {
  const code = (id: number) => plan.tree.get(id)!.code;
  const ids = [...table.scopes, ...table.emptyScopes];
  const scopeSet = new Set(ids);
  const units = ids.map((id) => {
    const u = plan.tree.get(id)!;
    return { code: u.code, parent: !u.excludedFromPooling && u.parentId !== null && scopeSet.has(u.parentId) ? code(u.parentId) : null };
  });
  const waveCode = new Map([...plan.inner, ...plan.empty].map((r) => [r.waveId, r.waveCode]));
  const waves = [...new Set([...plan.inner, ...plan.empty].map((r) => r.waveCode))].sort();
  const counts = (which: 'all' | 'victims') => [
    ...table.inner.map((r) => ({
      unit: code(r.unitId), wave: waveCode.get(r.waveId)!, counts: Object.fromEntries(table.layout.columns.map((c, i) => [c, r[which][i]!])),
    })),
    ...plan.empty.filter((e) => scopeSet.has(e.unitId)).map((e) => ({
      unit: code(e.unitId), wave: e.waveCode, counts: {}, ...(which === 'all' ? { nobodyAnswered: true } : {}),
    })),
  ];
  /** The grid's block id of an inner row. */
  const blockId = (r: InnerCounts) => `${code(r.unitId)}@${waveCode.get(r.waveId)!}`;
  return { period: plan.code, units, dimensions: table.layout.dimensions, waves, counts, blockId };
}

/**
 * The disclosure grids of the window that ends with this wave, if there is one: `victims_level`
 * with the level rule of each unit's depth, as the window's own release will have it.
 */
async function pendingWindowGrids(db: Db, wavePlan: PeriodPlan, countsCache: Map<number, UnitCounts>, org: string): Promise<{ period: string; grids: Record<GridName, DisclosureGrid> } | null> {
  const year = Number(wavePlan.asOf.slice(0, 4));
  const span = Math.max(4, wavePlan.organisation.surveyCycleYears);
  let plan: PeriodPlan;
  try {
    plan = await planPeriod(db, `${year - span + 1}-${year}`, { org });
  } catch {
    return null;
  }
  if (!plan.waveIds.some((id) => wavePlan.waveIds.includes(id)) || plan.inner.length === 0) return null;
  const table = await buildPeriodTable(db, plan, () => {}, { countsCache });
  return { period: plan.code, grids: plannedGrids(plan, table, wavePlan.organisation.perpetratorMaxDepth) };
}

/** The three grids of a window planned by another release: `victims_level` with the level rule of each unit's depth. */
function plannedGrids(plan: PeriodPlan, table: PeriodTable, maxDepth: number): Record<GridName, DisclosureGrid> {
  const { counts, blockId: _blockId, ...g } = gridInputs(plan, table);
  const parent = new Map(g.units.map((u) => [u.code, u.parent]));
  const depth = (code: string) => { let d = 0; for (let p = parent.get(code); p; p = parent.get(p)) d++; return d; };
  return {
    all: buildGrid({ ...g, counts: counts('all') }),
    victims: buildGrid({ ...g, counts: counts('victims') }),
    victims_level: buildGrid({ ...g, counts: counts('victims'), units: g.units.map((u) => ({ ...u, levelAllowed: depth(u.code) <= maxDepth })) }),
  };
}

/**
 * The cells of the next window that this window already determines (decision 082, addendum
 * session 11): under the organisation's survey cycle C, the window `(a+1)-(b+1)` keeps every unit
 * whose latest wave here is in the last C − 1 years (it is not surveyed again in b + 1) and
 * replaces the others. Where wave b + 1 adds nobody to a cell, that cell of the next window is a
 * sum of this window's blocks: this window and the waves before it could give it away, and the
 * next window could then never be published. These grids hold those sums (ids `(a+1)-(b+1)-carried`),
 * protected now as hidden planned cells. Null when the cycle carries nothing over, or everything.
 */
async function carriedWindowGrids(db: Db, plan: PeriodPlan, table: PeriodTable): Promise<{ period: string; grids: Record<GridName, DisclosureGrid> } | null> {
  const [from, to] = plan.code.split('-').map(Number) as [number, number];
  const cycle = plan.organisation.surveyCycleYears;
  if (cycle < 2 || !Number.isFinite(from) || !Number.isFinite(to)) return null;
  const yearOf = new Map<number, number>();
  for (const id of plan.waveIds) { const w = await getWaveById(db, id); if (w) yearOf.set(id, w.closesAt.getUTCFullYear()); }
  const carried = (waveId: number) => (yearOf.get(waveId) ?? 0) >= to - cycle + 2;
  const inner = table.inner.filter((r) => carried(r.waveId));
  const empty = plan.empty.filter((r) => carried(r.waveId));
  if (inner.length === 0 || (inner.length === table.inner.length && empty.length === plan.empty.length)) return null;
  // Scopes with a carried block in their subtree, ancestors included.
  const keep = new Set<number>();
  for (const r of [...inner, ...empty]) for (let u = plan.tree.get(r.unitId); u && !keep.has(u.id); u = u.parentId === null ? undefined : plan.tree.get(u.parentId)) keep.add(u.id);
  const period = `${from + 1}-${to + 1}-carried`;
  const carriedPlan: PeriodPlan = { ...plan, code: period, inner: plan.inner.filter((r) => carried(r.waveId)), empty };
  const carriedTable: PeriodTable = { ...table, plan: carriedPlan, inner, scopes: table.scopes.filter((id) => keep.has(id)), emptyScopes: table.emptyScopes.filter((id) => keep.has(id)) };
  return { period, grids: plannedGrids(carriedPlan, carriedTable, plan.organisation.perpetratorMaxDepth) };
}

/** Step 2, table: the unprotected rows of the period (kept in memory, compact, until they are stored). */
async function releaseTable(db: Db, plan: PeriodPlan, log: Log): Promise<{ rows: CompactRows; table: PeriodTable; countsCache: Map<number, UnitCounts> }> {
  const rows = new CompactRows();
  const countsCache = new Map<number, UnitCounts>();
  const table = await buildPeriodTable(db, plan, (batch) => { for (const r of batch) rows.push(r); }, { countsCache });
  log(`table: ${rows.length} rows over ${table.scopes.length} scopes`);
  return { rows, table, countsCache };
}

/** The grids of a release, with each scope's tree depth and reporting parent. */
interface ReleaseGrids {
  /** Own grids plus, for a wave, the pending window's cells as hidden cells. */
  grids: Record<GridName, DisclosureGrid>;
  /** Scope code → tree depth (0 for the organisation). */
  depthOf: Map<string, number>;
  parentOf: Map<string, string | null>;
  blockId: (r: InnerCounts) => string;
}

/**
 * Step 3, grids: per base from the respondent counts of the inner rows (`victims_level` with the
 * level rule). A wave completes the pooled window that ends with it. That window's small cells are
 * sums of blocks that this and earlier releases publish around ("window minus waves"), so they are
 * protected now, as hidden cells, before any window release exists (decision 005). A window
 * plans the part of the next window it already determines (`carriedWindowGrids`).
 */
async function releaseGridsOf(db: Db, plan: PeriodPlan, table: PeriodTable, countsCache: Map<number, UnitCounts>, planWindow = true): Promise<ReleaseGrids> {
  const org = plan.organisation;
  const depthOf = new Map<string, number>();
  for (const id of [...table.scopes, ...table.emptyScopes]) {
    let d = 0;
    for (let u = plan.tree.get(id); u && u.parentId !== null; u = plan.tree.get(u.parentId)) d++;
    depthOf.set(plan.tree.get(id)!.code, d);
  }
  const { counts, blockId, ...g } = gridInputs(plan, table);
  const ownGrids: Record<GridName, DisclosureGrid> = {
    all: buildGrid({ ...g, counts: counts('all') }),
    victims: buildGrid({ ...g, counts: counts('victims') }),
    victims_level: buildGrid({
      ...g, counts: counts('victims'),
      units: g.units.map((u) => ({ ...u, levelAllowed: depthOf.get(u.code)! <= org.perpetratorMaxDepth })),
    }),
  };
  const pending = !planWindow ? null
    : plan.kind === 'wave' ? await pendingWindowGrids(db, plan, countsCache, org.code) : await carriedWindowGrids(db, plan, table);
  const grids = {} as Record<GridName, DisclosureGrid>;
  // The window's cells as hidden, planned cells (decision 082): protected as the window will be.
  for (const name of GRID_NAMES) grids[name] = pending ? planWindows(ownGrids[name], [{ period: pending.period, grid: pending.grids[name] }]) : ownGrids[name];
  return { grids, depthOf, parentOf: new Map(g.units.map((u) => [u.code, u.parent])), blockId };
}

/** The stored patterns of the organisation's earlier frozen releases, per grid, and their block weights. */
interface EarlierReleases {
  /** Every release of the organisation when the build read them: the store refuses if more exist by then. */
  known: ReadonlySet<string>;
  /** Per grid, oldest release first; emptied once the grids are suppressed and audited. */
  byGrid: Map<string, EarlierPattern[]>;
  /** Weighted releases: release id → block id → weight. */
  weights: Map<string, Map<string, number>>;
  /** Of those, the releases that weighted only cells pooling several waves. */
  weightedPooledOnly: Set<string>;
  /** Windows whose pooled cells were weighted by wave part (decision 094): `scopeCode|waveCode` → weight. */
  partWeights: Map<string, Map<string, number>>;
}

/** Earlier frozen releases of this organisation: fixed constraints for this one. */
async function earlierReleases(db: Db, organisationId: number): Promise<EarlierReleases> {
  const known = new Set(await releaseIdsOfOrganisation(db, organisationId));
  const byGrid = new Map<string, EarlierPattern[]>();
  const weights = new Map<string, Map<string, number>>();
  const weightedPooledOnly = new Set<string>();
  const partWeights = new Map<string, Map<string, number>>();
  const intern = new Interner();
  await eachEarlierReleaseGrid(db, organisationId, (g) => {
    const pattern = g.pattern as StoredPattern;
    const list = byGrid.get(g.grid) ?? [];
    list.push(earlierPattern(g.releaseId, pattern, intern));
    byGrid.set(g.grid, list);
    if (g.grid === 'all' && pattern.weights) weights.set(g.releaseId, new Map(Object.entries(pattern.weights)));
    if (g.grid === 'all' && pattern.weightedPooledOnly) weightedPooledOnly.add(g.releaseId);
    if (g.grid === 'all' && pattern.partWeights) partWeights.set(g.releaseId, new Map(Object.entries(pattern.partWeights)));
  });
  return { known, byGrid, weights, weightedPooledOnly, partWeights };
}

/** The suppression pattern of every grid, with the grids as suppressed (earlier releases' cells included). */
interface Suppressed {
  results: Record<GridName, SuppressionResult>;
  fullGrids: Record<GridName, DisclosureGrid>;
  /** Cells earlier releases withdrew per indicator key (prefixed with their release id). */
  previousWithdrawn: Map<string, Set<string>>;
  auditMillis: number;
}

/**
 * Steps 4 and 5, suppress and audit: each grid is suppressed with the earlier releases' relevant
 * cells fixed, then audited independently (rule, rank, insider, LP). A conflict with an earlier
 * release or any failed audit stops the build: nothing is stored.
 */
async function suppressAndAudit(period: string, grids: Record<GridName, DisclosureGrid>, earlier: EarlierReleases, rules: Rules, log: Log): Promise<Suppressed> {
  const results = {} as Record<GridName, SuppressionResult>;
  const fullGrids = {} as Record<GridName, DisclosureGrid>;
  const failures: AuditFailure[] = [];
  const previousWithdrawn = new Map<string, Set<string>>();
  let auditMillis = 0;
  for (const name of GRID_NAMES) {
    const previous = relevantPrevious(grids[name], earlier.byGrid.get(name) ?? [], previousWithdrawn);
    const grid = previous.length > 0 ? withPrevious(grids[name], previous) : grids[name];
    const base = name === 'all' ? 'all' : 'victims';
    results[name] = suppressGrid(period, name, grid, { base, ...rules });
    fullGrids[name] = grid;
    // The earlier patterns of this grid are in `grid` now as far as they matter: let the rest go.
    earlier.byGrid.delete(name);
    const ta = performance.now();
    const report = await auditRelease(grid, results[name], { base, ...rules });
    auditMillis += performance.now() - ta;
    for (const f of report.failures) failures.push({ grid: name, ...f });
    const own = results[name].cells.filter((c) => !c.id.includes('#'));
    log(`${name}: ${own.length} cells, ${own.filter((c) => c.suppressed).length} suppressed (${own.filter((c) => c.reason === 'complementary').length} complementary), ${previous.length ? 'respecting earlier releases; ' : ''}audit ${report.ok ? 'passed' : 'FAILED'} in ${Math.round(report.millis.rank + report.millis.lp)} ms`);
  }
  if (failures.length > 0) throw new AuditFailedError(failures);
  return { results, fullGrids, previousWithdrawn, auditMillis };
}

/**
 * Earlier releases already reveal planned cells of the window this wave plans (decision 082), and
 * only those: the wave's own cells are not at stake. `protectedPattern` then builds the wave
 * without planning the window (which will be refused when it is built, rightly).
 */
class PlannedWindowRevealedError extends ConflictError {
  constructor(message: string, readonly windows: readonly string[]) {
    super(message);
  }
}

/** Suppresses one grid; a conflict with an earlier release becomes a ConflictError naming the cells. */
function suppressGrid(period: string, name: GridName, grid: DisclosureGrid, rules: Parameters<typeof suppress>[1]): SuppressionResult {
  try {
    return suppress(grid, rules);
  } catch (e) {
    if (e instanceof FixedCellConflictError) {
      const only = e.plannedOnly();
      if (only) {
        throw new PlannedWindowRevealedError(`earlier releases already reveal cells of the window ${only.join(', ')} that ${period} plans for (${name}): `
          + e.conflicts.slice(0, 3).map((c) => `${c.cellId} exposes ${c.reveals.join(', ')}`).join('; '), only);
      }
      const windows = [...new Set(e.conflicts.flatMap((c) => c.plannedWindows ?? []))].sort();
      throw new ConflictError(`earlier releases already reveal cells of ${period} (${name}): ${e.conflicts.slice(0, 5).map((c) => `${c.cellId} exposes ${c.reveals.join(', ')}`).join('; ')}`
        + `; no pattern of this release can hide them: the earlier releases that published those cells were not built with them planned (decision 082)`
        + (windows.length > 0 ? `; they include cells of the window ${windows.join(', ')} this wave plans for` : ''));
    }
    throw e;
  }
}

/** Count vectors of this release's own blocks, and their weights when the period is weighted. */
function ownBlocks(plan: PeriodPlan, table: PeriodTable, blockId: (r: InnerCounts) => string) {
  const vectors = new Map<string, Float64Array>();
  const ownWeights = plan.weighted ? new Map<string, number>() : undefined;
  for (const r of table.inner) {
    const id = blockId(r);
    vectors.set(id, r.vector);
    ownWeights?.set(id, r.weight);
  }
  return { vectors, ownWeights };
}

/** What the value check reads besides the suppression. */
interface ValueCheckInput {
  db: Db;
  plan: PeriodPlan;
  table: PeriodTable;
  countsCache: Map<number, UnitCounts>;
  blockId: (r: InnerCounts) => string;
  earlier: EarlierReleases;
  rules: Rules;
}

/**
 * Step 6, value check: every published indicator count, checked with its values (decision 040):
 * where a small cell's count would be pinned by bounds, cells are withdrawn for that indicator
 * only; then the value audit runs from scratch over this and every earlier release. A failure
 * stops the build.
 */
async function valueCheck(input: ValueCheckInput, suppressed: Suppressed, valueProtection: boolean, valueThreadsSetting: number | 'auto', log: Log): Promise<{ protection: ProtectionResult; ownWeights: Map<string, number> | undefined }> {
  const { db, plan, table, countsCache, earlier, rules } = input;
  const { fullGrids, results, previousWithdrawn } = suppressed;
  const org = plan.organisation;
  const layout = table.layout;
  const allBlocks = new Set<string>();
  for (const name of GRID_NAMES) for (const b of fullGrids[name].blocks) allBlocks.add(b.id);
  const { vectors, ownWeights } = ownBlocks(plan, table, input.blockId);
  const previousWeights = earlier.weights;
  const byPart = byWavePartWeights(plan, table, earlier, allBlocks);
  const cellDepth = (c: { scope?: string; depth?: number }) => c.depth ?? 0;
  let protection: ProtectionResult = { indicators: 0, withdrawn: new Map(), failures: [], lpSolves: 0, millis: { protect: 0, audit: 0 } };
  if (valueProtection) {
    // Earlier releases whose value audit passed under these rules: their cells that no row of this
    // release reaches keep the interval that audit proved (decision 084).
    const checked = new Set(await releasesValueCheckedUnder(db, org.id, { k: rules.k, kVictims: rules.kVictims, decimals: PUBLISHED_DECIMALS }));
    const missing = [...allBlocks].filter((b) => !vectors.has(b));
    if (missing.length > 0) for (const [id, v] of await blockVectors(db, layout, org.id, countsCache, missing)) vectors.set(id, v);
    protection = await protectIndicators({
      layout, grids: fullGrids, results, vectors, previousWithdrawn,
      thresholds: { all: rules.k, victims: rules.kVictims, victims_level: rules.kVictims },
      // The weights each published value was computed with: none for a cell over one census
      // wave's units in a window that weights only pooled cells (as the table did).
      weights: (c) => {
        const at = c.id.indexOf('#');
        if (byPart.has(c)) return byPart.weights(c);
        if (at < 0) return c.hidden || (byWavePart(plan) && !pooledCell(c)) ? undefined : ownWeights;
        const release = c.id.slice(0, at);
        return earlier.weightedPooledOnly.has(release) && !pooledCell(c) ? undefined : previousWeights.get(release);
      },
      decimals: PUBLISHED_DECIMALS, weighted: plan.weighted, depthOf: cellDepth, checked, byWavePart: byPart.has,
      threads: valueThreads(valueThreadsSetting, plan.weighted, fullGrids.all.cells.length),
    }, log);
  } else {
    log('indicators: value check per indicator not run (decisions 040/043: turn it on with --value-protection or VW_VALUE_PROTECTION=1)');
  }
  if (protection.unfreeable) {
    throw new UnfreeableCountsError(plan.code, protection.unfreeable, new Set(await releasesWithoutValueCheck(db, org.id)));
  }
  suppressed.auditMillis += protection.millis.audit;
  const withdrawnCells = withdrawnCount(protection);
  if (valueProtection) log(`indicators: ${protection.indicators} checked, ${withdrawnCells} cells withdrawn per indicator, value audit ${protection.failures.length === 0 ? 'passed' : 'FAILED'} (${protection.lpSolves} LP solves; protect ${(protection.millis.protect / 1000).toFixed(1)} s, audit ${(protection.millis.audit / 1000).toFixed(1)} s${(protection.threads ?? 1) > 1 ? `, summed over ${protection.threads} threads` : ''})`);
  if (protection.failures.length > 0) {
    throw new AuditFailedError(protection.failures.map((f) => ({
      grid: f.indicator, cellId: f.cellId, check: `value:${f.check}`,
      detail: `count ${f.check === 'insider' ? 'open to an insider' : 'pinned'}: attacker interval [${f.lo}, ${f.hi}] (n ${f.n})`,
    })));
  }
  return { protection, ownWeights };
}

/**
 * The pooled cells of this and earlier census windows weighted by wave part (decision 094), and
 * their block weights: each block carries its wave part's weight in the cell's scope.
 */
function byWavePartWeights(plan: PeriodPlan, table: PeriodTable, earlier: EarlierReleases, blocks: ReadonlySet<string>) {
  const partsOf = (c: CellSpec): { release: string; parts: ReadonlyMap<string, number> } | undefined => {
    if (c.hidden || !pooledCell(c)) return undefined;
    const at = c.id.indexOf('#');
    if (at < 0) return table.partWeights ? { release: '', parts: table.partWeights } : undefined;
    const release = c.id.slice(0, at);
    const parts = earlier.partWeights.get(release);
    return parts ? { release, parts } : undefined;
  };
  // One map per release and scope (the worker threads receive each distinct map once).
  const maps = new Map<string, Map<string, number>>();
  const weights = (c: CellSpec): ReadonlyMap<string, number> | undefined => {
    const p = partsOf(c);
    if (!p) return undefined;
    const scope = c.id.slice(c.id.indexOf('#') + 1).split('|')[1]!;
    const key = `${p.release}#${scope}`;
    let m = maps.get(key);
    if (!m) {
      m = new Map();
      for (const b of blocks) {
        const w = p.parts.get(`${scope}|${b.slice(b.lastIndexOf('@') + 1)}`);
        if (w !== undefined) m.set(b, w);
      }
      maps.set(key, m);
    }
    return m;
  };
  return { has: (c: CellSpec) => partsOf(c) !== undefined, weights };
}

/** Cells withdrawn per indicator, over every indicator. */
function withdrawnCount(protection: ProtectionResult): number {
  return [...protection.withdrawn.values()].reduce((s, x) => s + x.size, 0);
}

/** How the grids' patterns and the withdrawals decide a row. */
interface RowPattern {
  /** The row's base cell in its grid. */
  statusOf: (row: TableRow) => CellStatus | undefined;
  /** Whether the row is withheld on its own account (not counting `followsVictims`). */
  isSuppressed: (row: TableRow, st: CellStatus | undefined) => boolean;
  /** Whether the value check withdrew the row's cell for its indicator. */
  withdrawnFor: (row: TableRow) => boolean;
}

/** A row's grid column: `all` or `dimension:group`. */
function columnOf(row: TableRow): string {
  return row.dimension === 'all' ? 'all' : `${row.dimension}:${row.group}`;
}

/** Each indicator row follows its base's respondent-count cell, the item's own n and its withdrawals. */
function rowPattern(period: string, results: Record<GridName, SuppressionResult>, protection: ProtectionResult, rules: Rules): RowPattern {
  const withdrawnKey = (key: string, id: string) => (protection.withdrawn.get(key)?.has(id) ?? false)
    || (key.endsWith('|victims') && (protection.withdrawn.get(VICTIMS_COUNT)?.has(id) ?? false));
  const withdrawnFor = (r: TableRow) => withdrawnKey(indicatorKey(r.indicator, r.option, r.base), cellId(period, r.scope, columnOf(r)));
  const statusOf = (row: TableRow): CellStatus | undefined => {
    const grid: GridName = row.base !== 'victims' ? 'all' : LEVEL_RULE_INDICATORS.has(row.indicator) ? 'victims_level' : 'victims';
    return results[grid].byId.get(cellId(period, row.scope, columnOf(row)));
  };
  const isSuppressed = (r: TableRow, st: CellStatus | undefined) => {
    // Item non-response can leave a row of a publishable group with fewer than k answers: such a
    // row is a figure about fewer than k people and is withheld on its own (see decision 004).
    const threshold = r.base === 'victims' ? rules.kVictims : rules.k;
    const itemSmall = r.base !== 'headcount' && r.n < threshold;
    return st === undefined || st.suppressed || itemSmall || r.withheld === true || withdrawnFor(r);
  };
  return { statusOf, isSuppressed, withdrawnFor };
}

/** The rows as published, with what the summary counts about the suppressed ones. */
interface AppliedPattern {
  /** The rows as stored, one by one (the table's rows with the pattern applied). */
  stored: ReleaseRowSource;
  published: PublishedRow[];
  /** Suppressed rows by internal reason (readers only see one label). */
  rowsByReason: Record<string, number>;
  /** Tree depth → [suppressed rows, rows]. */
  suppressedByDepth: Map<number, [number, number]>;
}

/**
 * Scopes nobody answered in and the tier rule. Since decision 046 they are in the grids, so their
 * rows follow their cells like any other; this stays as the rule for a row without a grid cell.
 */
interface EmptyScopes {
  codes: ReadonlySet<string>;
  perpetratorMaxDepth: number;
}

/**
 * Step 7, apply: the pattern decides every row; an all-base row of an item follows its
 * victims-base row (one measure, two bases); published values are rounded.
 */
function applyPattern(rows: CompactRows, pattern: RowPattern, followsVictims: ReadonlySet<string>, depthOf: Map<string, number>, rules: Rules, empty: EmptyScopes): AppliedPattern {
  const { statusOf, isSuppressed } = pattern;
  const victimsSuppressed = new Set<string>();
  const rowKey = (r: TableRow) => `${r.scope}|${r.dimension}|${r.group}|${r.indicator}|${r.option}`;
  for (let i = 0; i < rows.length; i++) {
    const r = rows.get(i);
    if (r.base === 'victims' && followsVictims.has(indicatorKey(r.indicator, r.option, 'all')) && isSuppressed(r, statusOf(r))) victimsSuppressed.add(rowKey(r));
  }
  /** Per row: 0 published, 1 suppressed, 2 suppressed by the level rule. */
  const status = new Uint8Array(rows.length);
  const applied: Omit<AppliedPattern, 'stored'> = { published: [], rowsByReason: {}, suppressedByDepth: new Map() };
  for (let i = 0; i < rows.length; i++) {
    const r = rows.get(i);
    const st = statusOf(r);
    const suppressed = isSuppressed(r, st) || (followsVictims.has(indicatorKey(r.indicator, r.option, r.base)) && victimsSuppressed.has(rowKey(r)));
    if (!suppressed) {
      roundRow(r);
      rows.setEstimate(i, r.value, r.ciLow, r.ciHigh);
    }
    const d = depthOf.get(r.scope) ?? 0;
    const acc = applied.suppressedByDepth.get(d) ?? [0, 0];
    acc[0] += suppressed ? 1 : 0; acc[1] += 1;
    applied.suppressedByDepth.set(d, acc);
    // One label for every suppressed cell: which rule hid it (min_n or complementary) would tell
    // n < k or n >= k. Only the level rule, which depends on the unit's tier alone, is named.
    // A row without a grid cell (none since decision 046) still gets the tier rule of its depth.
    const levelRule = st ? st.suppressed && st.reason === 'level'
      : empty.codes.has(r.scope) && r.base === 'victims' && LEVEL_RULE_INDICATORS.has(r.indicator) && d > empty.perpetratorMaxDepth;
    status[i] = suppressed ? (levelRule ? 2 : 1) : 0;
    if (suppressed) {
      const why = suppressionReason(r, st, pattern, rules, levelRule ? 'level' : empty.codes.has(r.scope) ? 'min_n' : 'other');
      applied.rowsByReason[why] = (applied.rowsByReason[why] ?? 0) + 1;
    } else applied.published.push(r);
  }
  const stored: ReleaseRowSource = {
    length: rows.length,
    row: (i) => {
      const r = rows.get(i);
      const s = status[i]!;
      const sup = s !== 0;
      return [r.scope, r.dimension, r.group, r.indicator, r.option, r.base, sup ? null : r.n, sup ? null : r.count, sup ? null : r.value,
        sup ? null : r.ciLow, sup ? null : r.ciHigh, sup, sup ? (s === 2 ? 'level' : 'suppressed') : null];
    },
  };
  return { ...applied, stored };
}

/** Why a suppressed row is suppressed, for the researchers' summary only. */
function suppressionReason(r: TableRow, st: CellStatus | undefined, pattern: RowPattern, rules: Rules, outsideGrids: string): string {
  // A row without a grid cell (none since decision 046): counted as the small cell it would be.
  if (st === undefined) return outsideGrids;
  if (st.suppressed) return st.reason ?? 'other';
  if (r.withheld) return 'headcount_below_respondents';
  if (pattern.withdrawnFor(r)) return 'indicator';
  return r.n < (r.base === 'victims' ? rules.kVictims : rules.k) ? 'item_n' : 'same_item_victims';
}

/** Step 8, compare: comparisons from published rows only (and, for a wave, the previous wave's published rows). */
async function comparisonsOf(db: Db, plan: PeriodPlan, parentOf: Map<string, string | null>, published: PublishedRow[]): Promise<ComparisonRow[]> {
  const previous = plan.kind === 'wave' ? await previousWaveRows(db, plan.organisation.id, plan.waveIds[0]!) : undefined;
  return releaseComparisons({ rows: published, parentOf, ...(previous ? { previous } : {}), compareMeans: !plan.weighted });
}

/** The next release id of the period: `<wave>-r<n>` or `<org>-<window>-r<n>`. */
async function nextReleaseId(db: Db, plan: PeriodPlan): Promise<string> {
  const org = plan.organisation;
  const seq = (await countReleasesOfPeriod(db, org.id, plan.code)) + 1;
  return plan.kind === 'wave' ? `${plan.code}-r${seq}` : `${org.code}-${plan.code}-r${seq}`;
}

/** Own cells per grid: all, primary, complementary, published. */
function gridSummary(result: SuppressionResult): ReleaseSummary['cells'][GridName] {
  const own = result.cells.filter((c) => !c.id.includes('#'));
  return {
    cells: own.length,
    primary: own.filter((c) => c.suppressed && c.reason !== 'complementary' && c.reason !== 'hidden').length,
    complementary: own.filter((c) => c.reason === 'complementary').length,
    published: own.filter((c) => !c.suppressed).length,
  };
}

/** Cells withdrawn per indicator, by grid and by tree depth. */
function withdrawalsBy(protection: ProtectionResult, gridOfKey: Map<string, GridName>, depthOf: Map<string, number>) {
  const byGrid: Record<string, number> = {};
  const byDepth: Record<string, number> = {};
  const scopeOfCell = (cid: string) => cid.split('|')[1]!;
  for (const [key, ids] of protection.withdrawn) {
    const g = gridOfKey.get(key) ?? 'all';
    byGrid[g] = (byGrid[g] ?? 0) + ids.size;
    for (const cid of ids) {
      const d = String(depthOf.get(scopeOfCell(cid)) ?? 0);
      byDepth[d] = (byDepth[d] ?? 0) + 1;
    }
  }
  return { byGrid, byDepth };
}

/** Indicator key → the grid whose cells it is withdrawn from. */
function gridOfKeys(layout: PeriodTable['layout']): Map<string, GridName> {
  const gridOfKey = new Map<string, GridName>(indicatorPlans(layout).map((p) => [p.key, p.grid]));
  gridOfKey.set(VICTIMS_COUNT, 'victims');
  return gridOfKey;
}

/** What the summary is made of. */
interface SummaryInput {
  id: string;
  period: string;
  plan: PeriodPlan;
  rows: number;
  applied: AppliedPattern;
  comparisons: number;
  results: Record<GridName, SuppressionResult>;
  protection: ProtectionResult;
  valueProtection: boolean;
  withdrawals: ReturnType<typeof withdrawalsBy>;
  rules: Rules;
  millis: ReleaseSummary['millis'];
  auditMillis: number;
}

/** Step 9, summary: counts, shares by depth, timings and the disclosure summary (decision 040). */
function releaseSummary(s: SummaryInput): ReleaseSummary {
  const { applied, protection, rules } = s;
  return {
    id: s.id, period: s.period, rows: s.rows, suppressed: s.rows - applied.published.length,
    cells: { all: gridSummary(s.results.all), victims: gridSummary(s.results.victims), victims_level: gridSummary(s.results.victims_level) },
    suppressedShareByDepth: Object.fromEntries([...applied.suppressedByDepth].sort(([a], [b]) => a - b).map(([d, [x, n]]) => [String(d), x / n])),
    comparisons: s.comparisons,
    millis: s.millis,
    disclosure: {
      rules: { k: rules.k, kVictims: rules.kVictims, perpetratorMaxDepth: s.plan.organisation.perpetratorMaxDepth, decimals: PUBLISHED_DECIMALS },
      rowsByReason: applied.rowsByReason,
      perIndicator: { enabled: s.valueProtection, indicators: protection.indicators, cells: withdrawnCount(protection), byGrid: s.withdrawals.byGrid, byDepth: s.withdrawals.byDepth },
      audit: { passed: true, checks: s.valueProtection ? ['rule', 'rank', 'insider', 'lp', 'value'] : ['rule', 'rank', 'insider', 'lp'], lpSolves: protection.lpSolves, seconds: +(s.auditMillis / 1000).toFixed(2), at: new Date().toISOString() },
    },
  };
}

/** What is frozen besides the rows and comparisons: the grids, their statuses and withdrawals. */
interface StoreInput {
  id: string;
  plan: PeriodPlan;
  rules: Rules;
  summary: ReleaseSummary;
  stored: ReleaseRowSource;
  comparisons: readonly ComparisonRow[];
  grids: Record<GridName, DisclosureGrid>;
  results: Record<GridName, SuppressionResult>;
  protection: ProtectionResult;
  gridOfKey: Map<string, GridName>;
  ownWeights: Map<string, number> | undefined;
  partWeights: Map<string, number> | undefined;
  /** The releases the build respected (read before suppressing). */
  known: ReadonlySet<string>;
}

/**
 * Step 10, store: the release, its rows, comparisons and patterns in one transaction. Refused when
 * another release of the organisation was frozen while this one was built (two builds at once):
 * this one's pattern does not respect it, so together they could give away what each hides.
 */
async function storeRelease(db: Db, s: StoreInput): Promise<void> {
  const org = s.plan.organisation;
  await db.transaction(async (tx) => {
    await lockOrganisationReleases(tx, org.id);
    const since = (await releaseIdsOfOrganisation(tx, org.id)).filter((id) => !s.known.has(id)).sort();
    if (since.length > 0) {
      throw new ConflictError(
        `release ${s.id} was not frozen: ${since.join(', ')} of ${org.code} was frozen while it was being built, and every release must respect the ones before it; build the release of ${s.plan.code} again`,
      );
    }
    await insertRelease(tx, { id: s.id, organisationId: org.id, period: s.plan.code, kind: s.plan.kind, rules: { ...s.rules, perpetratorMaxDepth: org.perpetratorMaxDepth }, summary: s.summary });
    await insertReleaseRows(tx, s.id, s.stored);
    await insertComparisons(tx, s.id, s.comparisons);
    for (const name of GRID_NAMES) {
      const own = s.grids[name];
      const extra: Record<string, string[]> = {};
      for (const [key, ids] of s.protection.withdrawn) if (s.gridOfKey.get(key) === name) extra[key] = [...ids];
      const pattern: StoredPattern = {
        grid: own, statuses: own.cells.map((c) => [c.id, s.results[name].byId.get(c.id)?.suppressed ?? true]), extra,
        ...(name === 'all' && s.ownWeights ? { weights: Object.fromEntries(s.ownWeights), ...(byWavePart(s.plan) ? { weightedPooledOnly: true } : {}) } : {}),
        ...(name === 'all' && s.partWeights ? { partWeights: Object.fromEntries(s.partWeights) } : {}),
      };
      await insertReleaseGrid(tx, s.id, name, pattern);
    }
  });
}

/**
 * Steps 2 to 6 (table, grids, suppress and audit, value check): the rows and what decides them.
 * What it returns no longer reaches the count vectors, the earlier releases' patterns or the grids
 * with their cells, so they are freed before the rows are applied and stored (a window's count
 * vectors alone are ~300 MB).
 */
async function protectedPattern(db: Db, period: string, plan: PeriodPlan, rules: Rules, valueProtection: boolean, valueThreadsSetting: number | 'auto', log: Log) {
  const { rows, table, countsCache } = await releaseTable(db, plan, log);
  const tTable = performance.now();
  let { grids, depthOf, parentOf, blockId } = await releaseGridsOf(db, plan, table, countsCache);
  let earlier = await earlierReleases(db, plan.organisation.id);
  let suppressed: Suppressed;
  try {
    suppressed = await suppressAndAudit(period, grids, earlier, rules, log);
  } catch (e) {
    // A wave whose planned window the earlier releases already give away (and nothing of its
    // own): it is built without planning that window, which stays unpublishable (decision 082,
    // session 10). Refusing the wave instead would leave its units without results for ever.
    if (!(e instanceof PlannedWindowRevealedError)) throw e;
    log(plan.kind === 'window'
      ? `${e.message}; ${period} is built without planning what the next window carries over from it, which that window may then be refused for (decision 082)`
      : `${e.message}; ${period} is built without planning ${e.windows.length > 1 ? 'those windows' : 'that window'}, which cannot be published on this history (decision 082)`);
    ({ grids, depthOf, parentOf, blockId } = await releaseGridsOf(db, plan, table, countsCache, false));
    earlier = await earlierReleases(db, plan.organisation.id);
    suppressed = await suppressAndAudit(period, grids, earlier, rules, log);
  }
  const tSuppress = performance.now() - suppressed.auditMillis;
  const { protection, ownWeights } = await valueCheck({ db, plan, table, countsCache, blockId, earlier, rules }, suppressed, valueProtection, valueThreadsSetting, log);
  return {
    rows, tTable, tSuppress, grids, depthOf, parentOf, layout: table.layout, emptyScopes: table.emptyScopes, known: earlier.known,
    results: suppressed.results, auditMillis: suppressed.auditMillis, protection, ownWeights, partWeights: table.partWeights,
  };
}

/**
 * Builds, suppresses, audits and freezes the release of a period, in named steps:
 * plan → table → grids → suppress and audit → value check → apply → compare → summary → store.
 */
export async function buildRelease(db: Db, period: string, opts: {
  org?: string | undefined; now?: Date; log?: (line: string) => void; valueProtection?: boolean;
  /** Threads of the value check (decision 092); default VW_VALUE_THREADS. */
  valueThreads?: number | 'auto';
  /** Awaited once the release is ready, just before it is stored (tests overlap two builds with it). */
  beforeStore?: () => Promise<void>;
} = {}): Promise<ReleaseSummary> {
  const log = opts.log ?? (() => {});
  const valueProtection = opts.valueProtection ?? valueProtectionDefault();
  const t0 = performance.now();
  const plan = await planPeriod(db, period, { org: opts.org, now: opts.now ?? new Date() });
  const org = plan.organisation;
  const rules = { k: org.minGroupSize, kVictims: org.minVictims };
  const { rows, tTable, tSuppress, grids, depthOf, parentOf, layout, emptyScopes, known, results, auditMillis, protection, ownWeights, partWeights } = await protectedPattern(db, period, plan, rules, valueProtection, opts.valueThreads ?? env().VW_VALUE_THREADS, log);
  const followsVictims = new Set(indicatorPlans(layout).filter((p) => p.followsVictims).map((p) => p.key));
  const empty = { codes: new Set(emptyScopes.map((id) => plan.tree.get(id)!.code)), perpetratorMaxDepth: org.perpetratorMaxDepth };
  const applied = applyPattern(rows, rowPattern(period, results, protection, rules), followsVictims, depthOf, rules, empty);
  const id = await nextReleaseId(db, plan);
  const comparisons = await comparisonsOf(db, plan, parentOf, applied.published);
  const ts = performance.now();
  const gridOfKey = gridOfKeys(layout);
  const withdrawals = withdrawalsBy(protection, gridOfKey, depthOf);
  const summary = releaseSummary({
    id, period, plan, rows: rows.length, applied, comparisons: comparisons.length, results, protection, valueProtection, withdrawals, rules,
    millis: { table: tTable - t0, suppress: tSuppress - tTable, audit: auditMillis, store: 0 }, auditMillis,
  });
  await opts.beforeStore?.();
  await storeRelease(db, { id, plan, rules, summary, stored: applied.stored, comparisons, grids, results, protection, gridOfKey, ownWeights, partWeights, known });
  summary.millis.store = performance.now() - ts;
  const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;
  log(`disclosure: k ${rules.k}, k_victims ${rules.kVictims}, perpetrator breakdowns to depth ${org.perpetratorMaxDepth}; suppressed rows by reason ${JSON.stringify(applied.rowsByReason)}; per-indicator withdrawals ${withdrawnCount(protection)} ${JSON.stringify(withdrawals.byDepth)} by depth; audit passed in ${(auditMillis / 1000).toFixed(1)} s`);
  log(`release ${id}: ${summary.rows} rows, ${summary.suppressed} suppressed, ${summary.comparisons} comparisons; table ${ms(summary.millis.table)}, suppress ${ms(summary.millis.suppress)}, audit ${ms(summary.millis.audit)}, store ${ms(summary.millis.store)}`);
  return summary;
}

/**
 * Whether a release build runs the per-indicator value check and protection (decisions 040, 042)
 * when neither the build (`valueProtection`, CLI `--value-protection` / `--no-value-protection`)
 * nor the environment (`VW_VALUE_PROTECTION=1|0`) says. On since session 8 (decision 047,
 * addendum): a build that does not choose is value-audited; `--no-value-protection` is for emergencies.
 */
export const VALUE_PROTECTION_DEFAULT = true;

/**
 * The value check of a build that does not choose (decision 047): `VW_VALUE_PROTECTION` (1 or 0)
 * when set, else `VALUE_PROTECTION_DEFAULT`. The API's and `npm start`'s builds follow it.
 */
export function valueProtectionDefault(fromEnv: boolean | undefined = env().VW_VALUE_PROTECTION, fallback: boolean = VALUE_PROTECTION_DEFAULT): boolean {
  return fromEnv ?? fallback;
}

/** Decimals of every published value and interval bound (the value audit uses this rounding). */
export const PUBLISHED_DECIMALS = 3;

/** Rounds what a row publishes: a value at full precision would add an equation per cell. */
function roundRow(r: TableRow): void {
  const f = 10 ** PUBLISHED_DECIMALS;
  r.value = Math.round(r.value * f) / f;
  r.ciLow = Math.round(r.ciLow * f) / f;
  r.ciHigh = Math.round(r.ciHigh * f) / f;
}


/** Published `all` rows of each scope's most recent earlier wave release. */
async function previousWaveRows(db: Db, organisationId: number, waveId: number): Promise<Map<string, PublishedRow>> {
  const w = await getWaveById(db, waveId);
  if (!w) return new Map();
  const list = await previousWavePublishedAllRows(db, organisationId, w.closesAt);
  const out = new Map<string, PublishedRow>();
  for (const r of list) {
    const row: PublishedRow = {
      scope: String(r.scope), dimension: 'all', group: 'all', indicator: String(r.indicator), option: String(r.option), base: String(r.base),
      n: Number(r.n), count: r.count === null ? null : Number(r.count), value: Number(r.value), ciLow: Number(r.ci_low), ciHigh: Number(r.ci_high),
    };
    out.set(`${row.scope}|all|all|${row.indicator}|${row.option}|${row.base}`, row);
  }
  return out;
}

/** The latest frozen release of a period. */
export async function getLatestRelease(db: Db, period: string, org?: string) {
  const list = await releasesOfPeriod(db, period);
  const match = org ? list.filter((r) => r.orgCode === org) : list;
  if (!org && new Set(match.map((m) => m.orgCode)).size > 1) throw new UsageError(`period ${period} has releases of several organisations; name one with --org`);
  const first = match[0]?.release;
  if (!first) throw new NotFoundError(`no frozen release for period ${period}${org ? ` of ${org}` : ''}; build one with: pnpm cli release build --period ${period}`);
  return first;
}
