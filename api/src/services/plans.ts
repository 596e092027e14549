/**
 * Follow-up plans (issue 14, docs/decisions/090-follow-up-plans.md): focus areas of a frozen wave
 * release, plans with actions and a dated progress log, who may write and read them, and the
 * effect at the next wave (before → after with a 95% interval, p and a verdict that follows the
 * indicator's direction). SQL is in repositories/plans.ts; routes in routes/plans/.
 *
 * Plans belong to a unit. Only the commander whose scope is that unit writes; commanders of units
 * above read; researchers and admins of the organisation read. Every change is in the audit log.
 */
import { comparePublishedRows, type PublishedRow } from '@vw/analysis';
import { indicatorDirection, type IndicatorDirection } from '@vw/questionnaire';
import { canReadUnit } from '../auth/access.js';
import { AuthError } from '../auth/errors.js';
import { ValidationError } from '../errors.js';
import type { SessionUser } from '../auth/session.js';
import type { Db } from '../db/client.js';
import type { PLAN_ACTION_STATUSES, PLAN_ACTION_TYPES } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import * as repo from '../repositories/plans.js';
import type { Focus, PlanActionRow, PlanRow, ReleaseRowRecord, UnitRow, WaveRelease } from '../repositories/plans.js';

/** The action types and statuses a plan may hold (the database's enums), for the routes' schemas. */
export { PLAN_ACTION_STATUSES, PLAN_ACTION_TYPES } from '../db/schema.js';

export type ActionType = (typeof PLAN_ACTION_TYPES)[number];
export type ActionStatus = (typeof PLAN_ACTION_STATUSES)[number];
export type Verdict = 'improved' | 'worse' | 'no_significant_change' | 'not_measurable';
export type EffectReason =
  | 'no_followup_yet' | 'baseline_suppressed' | 'followup_suppressed' | 'not_surveyed' | 'different_subunits' | 'cell_missing' | 'not_comparable';

/** Significance level of the effect test (one pre-declared comparison per plan, decision 090). */
export const EFFECT_ALPHA = 0.05;

/** One frozen cell as the release holds it: numbers only when published. */
export interface CellFigure {
  release: string;
  period: string;
  suppressed: boolean;
  reason: string | null;
  n: number | null;
  count: number | null;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface Effect {
  baseline: CellFigure;
  followup: CellFigure | null;
  diff: number | null;
  diffCiLow: number | null;
  diffCiHigh: number | null;
  p: number | null;
  /** Null while no later wave release exists. */
  verdict: Verdict | null;
  reason: EffectReason | null;
}

function figure(row: ReleaseRowRecord, period: string): CellFigure {
  const pub = !row.suppressed;
  return {
    release: row.releaseId, period, suppressed: row.suppressed, reason: row.reason,
    n: pub ? row.n : null, count: pub ? row.count : null, value: pub ? row.value : null, ciLow: pub ? row.ciLow : null, ciHigh: pub ? row.ciHigh : null,
  };
}

function published(row: ReleaseRowRecord): PublishedRow {
  return {
    scope: row.scope, dimension: row.dimension, group: row.group, indicator: row.indicator, option: row.option, base: row.base,
    n: row.n!, count: row.count, value: row.value!, ciLow: row.ciLow!, ciHigh: row.ciHigh!,
  };
}

/**
 * Which way a significant difference `diff` (after − before) points for an indicator's direction.
 *
 * @example verdictOf(-0.1, 0.01, 'lower') // 'improved'
 */
export function verdictOf(diff: number, p: number, direction: IndicatorDirection): Verdict {
  if (!(p <= EFFECT_ALPHA) || diff === 0) return 'no_significant_change';
  if (direction === 'neutral') return 'not_measurable';
  return (diff > 0) === (direction === 'higher') ? 'improved' : 'worse';
}

/** Codes of the scopes below (and including) a unit that have rows in a release: who was surveyed. */
async function coverage(db: Db, releaseId: string, subtree: UnitRow[]): Promise<string[]> {
  const present = await repo.scopesInRelease(db, releaseId, subtree.map((u) => u.code));
  return [...present].sort();
}

export interface PlanContext {
  unit: UnitRow;
  /** Every unit of the plan's subtree (for the like-with-like rule). */
  subtree: UnitRow[];
  waves: WaveRelease[];
}

async function contextOf(db: Db, unit: UnitRow, cache?: Map<number, PlanContext>): Promise<PlanContext> {
  const hit = cache?.get(unit.id);
  if (hit) return hit;
  const ids = await repo.subtreeIds(db, unit.id);
  const subtree = [...(await repo.getUnitsById(db, ids)).values()];
  const ctx = { unit, subtree, waves: await repo.waveReleases(db, unit.organisationId) };
  cache?.set(unit.id, ctx);
  return ctx;
}

/**
 * The effect of a plan at the next wave. The follow-up is the earliest frozen wave release after
 * the baseline's wave in which the unit (or a unit below it) was surveyed. A unit with units below
 * it is compared only when the same units below it were surveyed in both waves (like with like);
 * otherwise the verdict is `not_measurable` with reason `different_subunits`.
 */
export async function planEffect(db: Db, plan: PlanRow, ctx: PlanContext): Promise<Effect> {
  const focus: Focus = { indicator: plan.indicator, option: plan.option, base: plan.base };
  const code = ctx.unit.code;
  const baseRow = await repo.getCell(db, plan.baselineReleaseId, code, focus);
  const baseline: CellFigure = baseRow ? figure(baseRow, plan.baselinePeriod)
    : { release: plan.baselineReleaseId, period: plan.baselinePeriod, suppressed: true, reason: null, n: null, count: null, value: null, ciLow: null, ciHigh: null };
  const empty = { followup: null, diff: null, diffCiLow: null, diffCiHigh: null, p: null };
  const baseWave = ctx.waves.find((w) => w.period === plan.baselinePeriod);
  const later = baseWave ? ctx.waves.filter((w) => w.closesAt.getTime() > baseWave.closesAt.getTime()) : [];
  if (later.length === 0) return { baseline, ...empty, verdict: null, reason: 'no_followup_yet' };
  const baseCoverage = await coverage(db, plan.baselineReleaseId, ctx.subtree);
  let next: WaveRelease | undefined;
  let nextCoverage: string[] = [];
  for (const w of later) {
    nextCoverage = await coverage(db, w.releaseId, ctx.subtree);
    if (nextCoverage.includes(code)) { next = w; break; }
  }
  if (!next) return { baseline, ...empty, verdict: 'not_measurable', reason: 'not_surveyed' };
  const afterRow = await repo.getCell(db, next.releaseId, code, focus);
  const followup: CellFigure | null = afterRow ? figure(afterRow, next.period) : null;
  const out = (reason: EffectReason): Effect => ({ baseline, ...empty, followup, verdict: 'not_measurable', reason });
  if (!afterRow) return out('cell_missing');
  if (baseline.suppressed || !baseRow) return out('baseline_suppressed');
  if (afterRow.suppressed) return out('followup_suppressed');
  if (baseCoverage.join(',') !== nextCoverage.join(',')) return out('different_subunits');
  // Means can be compared only where the release's sums can be recovered: unweighted (census) waves.
  const compareMeans = baseWave!.census && next.census;
  const c = comparePublishedRows(published(afterRow), published(baseRow), compareMeans);
  if (!c) return out('not_comparable');
  const def = await repo.instrumentDefinition(db, baseWave!.instrumentVersionId);
  return {
    baseline, followup, diff: c.difference, diffCiLow: c.ciLow, diffCiHigh: c.ciHigh, p: c.pValue,
    verdict: verdictOf(c.difference, c.pValue, indicatorDirection(def, plan.indicator)), reason: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Access

/** Whether `user` may change the plans of `unitId`: only the commander whose scope is that unit. */
export function canWritePlans(user: SessionUser, unitId: number): boolean {
  return user.role === 'commander' && user.scopeUnitId === unitId;
}

async function readablePlan(db: Db, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await repo.getPlan(db, id);
  if (!plan) throw new NotFoundError(`no plan ${id}`);
  if (!(await canReadUnit(db, user, plan.unitId))) throw new AuthError(403, 'forbidden', 'you may not read the plans of this unit');
  return plan;
}

async function writablePlan(db: Db, user: SessionUser, id: number): Promise<PlanRow> {
  const plan = await readablePlan(db, user, id);
  if (!canWritePlans(user, plan.unitId)) throw new AuthError(403, 'forbidden', 'only the commander of this unit may change its plans');
  return plan;
}

async function unitFor(db: Db, user: SessionUser, code: string): Promise<UnitRow> {
  const unit = await repo.getUnitByCode(db, code);
  // Unknown and unreadable units look the same (probing codes reveals nothing).
  if (!unit || !(await canReadUnit(db, user, unit.id))) throw new AuthError(403, 'forbidden', 'you may not read this unit');
  return unit;
}

// ---------------------------------------------------------------------------------------------
// Focus areas

export interface FocusCheck {
  release: WaveRelease;
  cell: ReleaseRowRecord;
  direction: IndicatorDirection;
}

/**
 * Checks a focus area of `unit`: the period must be a wave with a frozen release, the cell must
 * exist there for the unit (suppressed allowed), and the indicator must have a direction.
 * Returns field issues (path names the field) instead of throwing, so an import can collect them.
 */
export async function checkFocus(db: Db, unit: UnitRow, period: string, focus: Focus, waves?: WaveRelease[]):
  Promise<{ ok: FocusCheck } | { issues: { path: string; reason: string }[] }> {
  const list = waves ?? await repo.waveReleases(db, unit.organisationId);
  const release = list.find((w) => w.period === period);
  if (!release) return { issues: [{ path: 'baselinePeriod', reason: `"${period}" is not a wave of this organisation with a frozen release` }] };
  const cell = await repo.getCell(db, release.releaseId, unit.code, focus);
  if (!cell) return { issues: [{ path: 'indicator', reason: `release ${release.releaseId} has no figure ${focus.indicator}/${focus.option}/${focus.base} for ${unit.code}` }] };
  const direction = indicatorDirection(await repo.instrumentDefinition(db, release.instrumentVersionId), focus.indicator);
  if (direction === 'neutral') return { issues: [{ path: 'indicator', reason: `${focus.indicator} is descriptive (no better or worse direction); pick an indicator with a direction` }] };
  return { ok: { release, cell, direction } };
}

export interface Proposal extends Focus {
  direction: IndicatorDirection;
  figure: CellFigure;
  /** The significant comparisons in the bad direction that make it a candidate. */
  reasons: { against: string; difference: number; ciLow: number; ciHigh: number; pAdjusted: number }[];
  /** The unit's existing plan for this focus and release, if any. */
  plan: number | null;
}

/**
 * Candidate focus areas of a unit in a wave release (default: the unit's latest wave release with
 * published figures of its own): published cells significantly worse, in the indicator's bad
 * direction, than the rest of the parent, the rest of the organisation or the unit's previous wave.
 */
export async function proposals(db: Db, user: SessionUser, code: string, releaseId?: string): Promise<{ release: string | null; period: string | null; proposals: Proposal[] }> {
  const unit = await unitFor(db, user, code);
  const waves = await repo.waveReleases(db, unit.organisationId);
  let release: WaveRelease | undefined;
  if (releaseId !== undefined) {
    release = waves.find((w) => w.releaseId === releaseId);
    if (!release) throw new ValidationError([{ path: 'release', reason: `${releaseId} is not the latest build of a wave release of this organisation` }]);
  } else {
    for (const w of [...waves].reverse()) {
      const rows = await repo.getAllRows(db, w.releaseId, unit.code);
      if (rows.some((r) => !r.suppressed)) { release = w; break; }
    }
  }
  if (!release) return { release: null, period: null, proposals: [] };
  const def = await repo.instrumentDefinition(db, release.instrumentVersionId);
  const rows = new Map((await repo.getAllRows(db, release.releaseId, unit.code)).map((r) => [`${r.indicator}|${r.option}|${r.base}`, r]));
  const existing = new Map((await repo.listPlansOfUnits(db, [unit.id])).filter((p) => p.baselinePeriod === release.period)
    .map((p) => [`${p.indicator}|${p.option}|${p.base}`, p.id]));
  const out = new Map<string, Proposal>();
  for (const c of await repo.significantComparisons(db, release.releaseId, unit.code)) {
    if (!['parent_rest', 'organisation_rest', 'previous_wave'].includes(c.against) || c.group !== 'all') continue;
    const direction = indicatorDirection(def, c.indicator);
    const bad = (direction === 'higher' && c.difference < 0) || (direction === 'lower' && c.difference > 0);
    const row = rows.get(`${c.indicator}|${c.option}|${c.base}`);
    if (!bad || !row || row.suppressed) continue;
    const key = `${c.indicator}|${c.option}|${c.base}`;
    const p = out.get(key) ?? { indicator: c.indicator, option: c.option, base: c.base, direction, figure: figure(row, release.period), reasons: [], plan: existing.get(key) ?? null };
    p.reasons.push({ against: c.against, difference: c.difference, ciLow: c.ciLow, ciHigh: c.ciHigh, pAdjusted: c.pAdjusted });
    out.set(key, p);
  }
  return { release: release.releaseId, period: release.period, proposals: [...out.values()].sort((a, b) => a.indicator.localeCompare(b.indicator) || a.option.localeCompare(b.option)) };
}

// ---------------------------------------------------------------------------------------------
// Plans

export interface PlanView {
  id: number;
  unit: { code: string; name: string; ended: boolean };
  baseline: { release: string; period: string };
  indicator: string;
  option: string;
  base: string;
  direction: IndicatorDirection;
  goal: string;
  targetValue: number | null;
  createdAt: string;
  updatedAt: string;
  writable: boolean;
  open: boolean;
  actions: { id: number; text: string; type: ActionType; owner: string; due: string; status: ActionStatus; overdue: boolean }[];
  progress: { id: number; on: string; note: string; actionId: number | null; author: string | null }[];
  effect: Effect;
}

const today = () => new Date().toISOString().slice(0, 10);

function ended(unit: UnitRow): boolean {
  return unit.validTo !== null && unit.validTo < today();
}

function isOpen(actions: PlanActionRow[]): boolean {
  return actions.length === 0 || actions.some((a) => a.status === 'planned' || a.status === 'in_progress');
}

/** Full views of plans (actions, progress log, effect). */
export async function viewPlans(db: Db, user: SessionUser | null, list: PlanRow[]): Promise<PlanView[]> {
  const ids = list.map((p) => p.id);
  const actions = await repo.listActions(db, ids);
  const progress = await repo.listProgress(db, ids);
  const unitsById = await repo.getUnitsById(db, [...new Set(list.map((p) => p.unitId))]);
  const cache = new Map<number, PlanContext>();
  const out: PlanView[] = [];
  for (const p of list) {
    const unit = unitsById.get(p.unitId)!;
    const ctx = await contextOf(db, unit, cache);
    const mine = actions.filter((a) => a.planId === p.id);
    const baseWave = ctx.waves.find((w) => w.period === p.baselinePeriod);
    const direction = baseWave ? indicatorDirection(await repo.instrumentDefinition(db, baseWave.instrumentVersionId), p.indicator) : 'neutral';
    out.push({
      id: p.id, unit: { code: unit.code, name: unit.name, ended: ended(unit) },
      baseline: { release: p.baselineReleaseId, period: p.baselinePeriod },
      indicator: p.indicator, option: p.option, base: p.base, direction, goal: p.goal, targetValue: p.targetValue,
      createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
      writable: user !== null && canWritePlans(user, p.unitId), open: isOpen(mine),
      actions: mine.map((a) => ({ id: a.id, text: a.text, type: a.type, owner: a.owner, due: a.due, status: a.status, overdue: a.due < today() && (a.status === 'planned' || a.status === 'in_progress') })),
      progress: progress.filter((x) => x.planId === p.id).map((x) => ({ id: x.id, on: x.on, note: x.note, actionId: x.actionId, author: x.author })),
      effect: await planEffect(db, p, ctx),
    });
  }
  return out;
}

export interface NewPlan extends Focus {
  unit: string;
  baselinePeriod: string;
  goal: string;
  targetValue?: number | null | undefined;
}

export async function createPlan(db: Db, user: SessionUser, input: NewPlan): Promise<PlanView> {
  const unit = await unitFor(db, user, input.unit);
  if (!canWritePlans(user, unit.id)) throw new AuthError(403, 'forbidden', 'only the commander of this unit may make its plans');
  const focus = { indicator: input.indicator, option: input.option, base: input.base };
  const check = await checkFocus(db, unit, input.baselinePeriod, focus);
  if ('issues' in check) throw new ValidationError(check.issues, 'this focus area cannot be chosen');
  const existing = await repo.findPlan(db, unit.id, input.baselinePeriod, focus);
  if (existing) throw new ConflictError(`${unit.code} already has plan ${existing.id} for this focus area and baseline`);
  const plan = await db.transaction(async (tx) => {
    const p = await repo.insertPlan(tx as unknown as Db, {
      organisationId: unit.organisationId, unitId: unit.id, baselineReleaseId: check.ok.release.releaseId, baselinePeriod: input.baselinePeriod,
      ...focus, goal: input.goal, targetValue: input.targetValue ?? null,
    });
    await repo.audit(tx as unknown as Db, user.id, 'plan.create', `plan:${p.id}`);
    return p;
  });
  return (await viewPlans(db, user, [plan]))[0]!;
}

export async function getPlanView(db: Db, user: SessionUser, id: number): Promise<PlanView & { history: { action: string; target: string; at: string; by: string | null }[] }> {
  const plan = await readablePlan(db, user, id);
  const [view] = await viewPlans(db, user, [plan]);
  const history = (await repo.planHistory(db, id)).map((h) => ({ ...h, at: h.at.toISOString() }));
  return { ...view!, history };
}

export async function changePlan(db: Db, user: SessionUser, id: number, input: { goal?: string | undefined; targetValue?: number | null | undefined }): Promise<PlanView> {
  await writablePlan(db, user, id);
  const values: { goal?: string; targetValue?: number | null } = {};
  if (input.goal !== undefined) values.goal = input.goal;
  if (input.targetValue !== undefined) values.targetValue = input.targetValue;
  const plan = await db.transaction(async (tx) => {
    const p = await repo.updatePlan(tx as unknown as Db, id, values);
    await repo.audit(tx as unknown as Db, user.id, 'plan.update', `plan:${id}`);
    return p;
  });
  return (await viewPlans(db, user, [plan]))[0]!;
}

export interface NewAction {
  text: string;
  type: ActionType;
  owner: string;
  due: string;
  status?: ActionStatus | undefined;
}

export async function addAction(db: Db, user: SessionUser, planId: number, input: NewAction): Promise<PlanView> {
  const plan = await writablePlan(db, user, planId);
  await db.transaction(async (tx) => {
    const a = await repo.insertAction(tx as unknown as Db, { planId, text: input.text, type: input.type, owner: input.owner, due: input.due, status: input.status ?? 'planned' });
    await repo.audit(tx as unknown as Db, user.id, 'plan.action.create', `plan:${planId}:action:${a.id}`);
  });
  return (await viewPlans(db, user, [plan]))[0]!;
}

export async function changeAction(db: Db, user: SessionUser, planId: number, actionId: number, input: Partial<NewAction>): Promise<PlanView> {
  const plan = await writablePlan(db, user, planId);
  const action = await repo.getAction(db, planId, actionId);
  if (!action) throw new NotFoundError(`plan ${planId} has no action ${actionId}`);
  const values = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  await db.transaction(async (tx) => {
    await repo.updateAction(tx as unknown as Db, actionId, values);
    const what = Object.keys(values).sort().join(',');
    await repo.audit(tx as unknown as Db, user.id, 'plan.action.update', `plan:${planId}:action:${actionId}:${what}${values.status ? `=${String(values.status)}` : ''}`);
  });
  return (await viewPlans(db, user, [plan]))[0]!;
}

export async function addProgress(db: Db, user: SessionUser, planId: number, input: { on?: string | undefined; note: string; actionId?: number | undefined }): Promise<PlanView> {
  const plan = await writablePlan(db, user, planId);
  if (input.actionId !== undefined && !(await repo.getAction(db, planId, input.actionId))) {
    throw new ValidationError([{ path: 'actionId', reason: `plan ${planId} has no action ${input.actionId}` }]);
  }
  await db.transaction(async (tx) => {
    const p = await repo.insertProgress(tx as unknown as Db, { planId, actionId: input.actionId ?? null, on: input.on ?? today(), note: input.note, userId: user.id });
    await repo.audit(tx as unknown as Db, user.id, 'plan.progress', `plan:${planId}:progress:${p.id}`);
  });
  return (await viewPlans(db, user, [plan]))[0]!;
}

/**
 * The plans a user may read for a unit: the unit's own and (with `subtree`) those of every unit
 * below it, including units that ended in a reorganisation (they stay in the tree).
 */
export async function listPlans(db: Db, user: SessionUser, code: string, subtree: boolean): Promise<PlanView[]> {
  const unit = await unitFor(db, user, code);
  const ids = subtree ? await repo.subtreeIds(db, unit.id) : [unit.id];
  return viewPlans(db, user, await repo.listPlansOfUnits(db, ids));
}

/**
 * Handover for a commander newly scoped to a unit: its open plans with their history and notes,
 * the closed ones, and the plans of units below it that ended in a reorganisation.
 */
export async function handover(db: Db, user: SessionUser, code: string) {
  const unit = await unitFor(db, user, code);
  const own = await viewPlans(db, user, await repo.listPlansOfUnits(db, [unit.id]));
  const below = (await repo.subtreeIds(db, unit.id)).filter((id) => id !== unit.id);
  const unitsBelow = await repo.getUnitsById(db, below);
  const endedIds = [...unitsBelow.values()].filter(ended).map((u) => u.id);
  const fromEnded = await viewPlans(db, user, await repo.listPlansOfUnits(db, endedIds));
  const withHistory = async (v: PlanView) => ({ ...v, history: (await repo.planHistory(db, v.id)).map((h) => ({ ...h, at: h.at.toISOString() })) });
  return {
    unit: { code: unit.code, name: unit.name },
    writable: canWritePlans(user, unit.id),
    open: await Promise.all(own.filter((p) => p.open).map(withHistory)),
    closed: await Promise.all(own.filter((p) => !p.open).map(withHistory)),
    endedUnits: await Promise.all(fromEnded.map(withHistory)),
  };
}
