/**
 * plans.csv (docs/interchange.md): import (all or nothing, every bad row with line and column)
 * and export with the baseline, follow-up and effect columns; also the RI&E PSA plan of action
 * (the same rows as XLSX). Decision 090.
 */
import { xlsx, type Cell } from '@vw/app-shared/xlsx';
import { readableUnitIds } from '../auth/access.js';
import { AuthError } from '../auth/errors.js';
import type { SessionUser } from '../auth/session.js';
import { formatCsv } from '../csv/parse.js';
import { isIsoDate, readTable } from '../csv/table.js';
import type { Db } from '../db/client.js';
import { PLAN_ACTION_STATUSES, PLAN_ACTION_TYPES } from '../db/schema.js';
import { ImportError, NotFoundError, type RowIssue } from '../errors.js';
import * as repo from '../repositories/plans.js';
import { getOrganisationByCode } from '../repositories/units.js';
import { checkFocus, viewPlans, type ActionStatus, type ActionType } from './plans.js';

export const PLAN_IMPORT_COLUMNS = ['unit', 'indicator', 'option', 'base', 'baseline_period', 'goal', 'action', 'action_type', 'owner', 'due', 'status'] as const;
export const PLAN_EXPORT_COLUMNS = [
  'baseline_value', 'baseline_ci_low', 'baseline_ci_high', 'followup_period', 'followup_value', 'followup_ci_low', 'followup_ci_high',
  'diff', 'diff_ci_low', 'diff_ci_high', 'p', 'verdict',
] as const;

const ACTION_COLUMNS = ['action', 'action_type', 'owner', 'due', 'status'] as const;

/** Numbers as the release CSV writes them (interchange.md): integers plain, others with 6 decimals. */
const num = (v: number | null, digits = 6) => (v === null ? '' : Number.isInteger(v) ? String(v) : v.toFixed(digits));

export type PlanExportRow = Record<(typeof PLAN_IMPORT_COLUMNS)[number] | (typeof PLAN_EXPORT_COLUMNS)[number], string>;

/**
 * Every plan of a unit and the units below it (or of a whole organisation), one row per action
 * (a plan without actions: one row with the action columns empty). Audited as an export.
 */
export async function exportPlans(db: Db, options: { org?: string | undefined; unit?: string | undefined; user?: SessionUser }): Promise<PlanExportRow[]> {
  let planRows: repo.PlanRow[];
  if (options.unit !== undefined) {
    const unit = await repo.getUnitByCode(db, options.unit);
    if (options.user) {
      const readable = await readableUnitIds(db, options.user);
      if (!unit || (readable !== 'all' && !readable.includes(unit.id))) throw new AuthError(403, 'forbidden', 'you may not read this unit');
    }
    if (!unit) throw new NotFoundError(`no unit ${options.unit}`);
    if (options.org !== undefined) {
      const org = await getOrganisationByCode(db, options.org);
      if (!org || org.id !== unit.organisationId) throw new NotFoundError(`unit ${options.unit} is not in organisation ${options.org}`);
    }
    planRows = await repo.listPlansOfUnits(db, await repo.subtreeIds(db, unit.id));
  } else {
    const org = options.org === undefined ? undefined : await getOrganisationByCode(db, options.org);
    if (!org) throw new NotFoundError(`no organisation ${options.org ?? ''}`);
    planRows = await repo.listPlansOfOrganisation(db, org.id);
  }
  const views = await viewPlans(db, options.user ?? null, planRows);
  await repo.audit(db, options.user?.id ?? null, 'plans.export', options.unit ?? options.org ?? '');
  const out: PlanExportRow[] = [];
  for (const v of views) {
    const e = v.effect;
    const common = {
      unit: v.unit.code, indicator: v.indicator, option: v.option, base: v.base, baseline_period: v.baseline.period, goal: v.goal,
      baseline_value: num(e.baseline.value), baseline_ci_low: num(e.baseline.ciLow), baseline_ci_high: num(e.baseline.ciHigh),
      followup_period: e.followup?.period ?? '', followup_value: num(e.followup?.value ?? null), followup_ci_low: num(e.followup?.ciLow ?? null), followup_ci_high: num(e.followup?.ciHigh ?? null),
      diff: num(e.diff), diff_ci_low: num(e.diffCiLow), diff_ci_high: num(e.diffCiHigh), p: num(e.p), verdict: e.verdict ?? '',
    };
    const actions = v.actions.length ? v.actions : [null];
    for (const a of actions) {
      out.push({ ...common, action: a?.text ?? '', action_type: a?.type ?? '', owner: a?.owner ?? '', due: a?.due ?? '', status: a?.status ?? '' });
    }
  }
  return out;
}

const ALL_COLUMNS = [...PLAN_IMPORT_COLUMNS, ...PLAN_EXPORT_COLUMNS];

export function plansCsv(rows: PlanExportRow[]): string {
  return formatCsv([ALL_COLUMNS, ...rows.map((r) => ALL_COLUMNS.map((c) => r[c]))]);
}

/** The RI&E PSA plan of action: risk (the focus), its figure with release and interval, measure, owner, deadline, status, effect. */
export function plansXlsx(rows: PlanExportRow[]): Buffer {
  const number = (s: string): Cell => (s === '' ? null : Number(s));
  return xlsx('RI&E PSA', [
    ALL_COLUMNS,
    ...rows.map((r) => ALL_COLUMNS.map((c): Cell => (/(_value|_ci_low|_ci_high|^diff|^p$)/.test(c) ? number(r[c]) : r[c]))),
  ]);
}

interface ParsedRow {
  line: number;
  unit: repo.UnitRow;
  period: string;
  focus: repo.Focus;
  goal: string;
  action: { text: string; type: ActionType; owner: string; due: string; status: ActionStatus } | null;
}

/**
 * Imports plans.csv: rows with the same unit, focus and baseline period form one plan. Every row
 * is checked (unit, baseline cell in the frozen release, direction, catalogue values, dates, one
 * goal per plan, no plan that exists already); any issue rejects the whole file.
 */
export async function importPlans(db: Db, text: string, file = 'plans.csv'): Promise<{ plans: number; actions: number }> {
  const issues: RowIssue[] = [];
  const table = readTable(text, PLAN_IMPORT_COLUMNS, issues, (c) => (PLAN_EXPORT_COLUMNS as readonly string[]).includes(c));
  if (issues.length === 0 && table.rows.length === 0) issues.push({ line: 2, column: '', reason: 'the file has no rows' });
  const codes = [...new Set(table.rows.map((r) => r.get('unit')))];
  const unitByCode = new Map<string, repo.UnitRow>();
  for (const code of codes) { const u = code ? await repo.getUnitByCode(db, code) : undefined; if (u) unitByCode.set(code, u); }
  const wavesByOrg = new Map<number, repo.WaveRelease[]>();
  const parsed: ParsedRow[] = [];
  for (const r of table.rows) {
    const bad = (column: string, reason: string) => { issues.push({ line: r.line, column, reason }); };
    const before = issues.length;
    for (const c of ['unit', 'indicator', 'option', 'base', 'baseline_period', 'goal']) if (!r.get(c)) bad(c, 'is required');
    if (r.get('goal').length > 2000) bad('goal', 'is longer than 2000 characters');
    const unit = unitByCode.get(r.get('unit'));
    if (r.get('unit') && !unit) bad('unit', `no unit "${r.get('unit')}"`);
    const filled = ACTION_COLUMNS.filter((c) => r.get(c) !== '');
    let action: ParsedRow['action'] = null;
    if (filled.length > 0) {
      for (const c of ACTION_COLUMNS) if (!r.get(c)) bad(c, 'is required when the row has an action (leave all five action columns empty for a plan without actions)');
      if (r.get('action').length > 2000) bad('action', 'is longer than 2000 characters');
      if (r.get('owner').length > 200) bad('owner', 'is longer than 200 characters');
      if (r.get('action_type') && !(PLAN_ACTION_TYPES as readonly string[]).includes(r.get('action_type'))) bad('action_type', `must be one of ${PLAN_ACTION_TYPES.join(', ')}`);
      if (r.get('status') && !(PLAN_ACTION_STATUSES as readonly string[]).includes(r.get('status'))) bad('status', `must be one of ${PLAN_ACTION_STATUSES.join(', ')}`);
      if (r.get('due') && !isIsoDate(r.get('due'))) bad('due', 'must be a date YYYY-MM-DD');
      action = { text: r.get('action'), type: r.get('action_type') as ActionType, owner: r.get('owner'), due: r.get('due'), status: r.get('status') as ActionStatus };
    }
    if (unit && r.get('baseline_period') && r.get('indicator') && r.get('option') && r.get('base')) {
      let waves = wavesByOrg.get(unit.organisationId);
      if (!waves) { waves = await repo.waveReleases(db, unit.organisationId); wavesByOrg.set(unit.organisationId, waves); }
      const focus = { indicator: r.get('indicator'), option: r.get('option'), base: r.get('base') };
      const check = await checkFocus(db, unit, r.get('baseline_period'), focus, waves);
      if ('issues' in check) for (const i of check.issues) bad(i.path === 'baselinePeriod' ? 'baseline_period' : i.path, i.reason);
    }
    if (issues.length === before) {
      parsed.push({ line: r.line, unit: unit!, period: r.get('baseline_period'), focus: { indicator: r.get('indicator'), option: r.get('option'), base: r.get('base') }, goal: r.get('goal'), action });
    }
  }
  // Group into plans: one goal per plan; no plan that exists already.
  const groups = new Map<string, ParsedRow[]>();
  for (const p of parsed) {
    const key = `${p.unit.id}|${p.period}|${p.focus.indicator}|${p.focus.option}|${p.focus.base}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (const rows of groups.values()) {
    const first = rows[0]!;
    for (const r of rows.slice(1)) if (r.goal !== first.goal) issues.push({ line: r.line, column: 'goal', reason: `differs from the goal on line ${first.line} for the same plan (unit, focus and baseline)` });
    for (const r of rows.slice(1)) if (!r.action || !first.action) issues.push({ line: r.line, column: 'action', reason: `a plan without actions must be a single row (see line ${first.line})` });
    const existing = await repo.findPlan(db, first.unit.id, first.period, first.focus);
    if (existing) issues.push({ line: first.line, column: 'unit', reason: `${first.unit.code} already has plan ${existing.id} for this focus area and baseline; change it in the dashboard` });
  }
  if (issues.length > 0) throw new ImportError(file, issues);
  let actions = 0;
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const waves = (orgId: number) => wavesByOrg.get(orgId)!;
    for (const rows of groups.values()) {
      const first = rows[0]!;
      const release = waves(first.unit.organisationId).find((w) => w.period === first.period)!;
      const plan = await repo.insertPlan(tx, {
        organisationId: first.unit.organisationId, unitId: first.unit.id, baselineReleaseId: release.releaseId, baselinePeriod: first.period, ...first.focus, goal: first.goal,
      });
      await repo.audit(tx, null, 'plan.import', `plan:${plan.id}`);
      for (const r of rows) {
        if (!r.action) continue;
        await repo.insertAction(tx, { planId: plan.id, ...r.action });
        actions++;
      }
    }
  });
  return { plans: groups.size, actions };
}
