/**
 * Oversight of follow-up (issue 14, decision 090): for a researcher over the organisation, for a
 * commander read-only over their subtree. Units with a significantly worse finding in the latest
 * wave release and no plan for it, overdue actions, actions per status, the most frequent focus
 * areas and action types, and how many plans have a measured effect and how many improved.
 * Everything is read from plans and frozen releases; nothing about respondents.
 */
import { indicatorDirection } from '@vw/questionnaire';
import { canReadUnit } from '../auth/access.js';
import { AuthError } from '../auth/errors.js';
import type { SessionUser } from '../auth/session.js';
import type { Db } from '../db/client.js';
import type { PLAN_ACTION_TYPES } from '../db/schema.js';
import * as repo from '../repositories/plans.js';
import { viewPlans } from './plans.js';

type PlanActionType = (typeof PLAN_ACTION_TYPES)[number];

export interface Oversight {
  unit: { code: string; name: string };
  latest: { release: string; period: string } | null;
  withoutPlan: { code: string; name: string; findings: { indicator: string; option: string; base: string; against: string[] }[] }[];
  overdue: { unit: string; plan: number; action: string; due: string; owner: string }[];
  statuses: Record<'planned' | 'in_progress' | 'done' | 'dropped', number>;
  focusAreas: { indicator: string; option: string; base: string; plans: number }[];
  actionTypes: { type: PlanActionType; actions: number }[];
  plans: number;
  measured: number;
  improved: number;
  worse: number;
}

export async function oversight(db: Db, user: SessionUser, code: string): Promise<Oversight> {
  const unit = await repo.getUnitByCode(db, code);
  if (!unit || !(await canReadUnit(db, user, unit.id))) throw new AuthError(403, 'forbidden', 'you may not read this unit');
  const ids = await repo.subtreeIds(db, unit.id);
  const byId = await repo.getUnitsById(db, ids);
  const views = await viewPlans(db, user, await repo.listPlansOfUnits(db, ids));
  const statuses = { planned: 0, in_progress: 0, done: 0, dropped: 0 };
  const types = new Map<PlanActionType, number>();
  const focus = new Map<string, { indicator: string; option: string; base: string; plans: number }>();
  const overdue: Oversight['overdue'] = [];
  for (const p of views) {
    const k = `${p.indicator}|${p.option}|${p.base}`;
    const f = focus.get(k) ?? { indicator: p.indicator, option: p.option, base: p.base, plans: 0 };
    f.plans += 1;
    focus.set(k, f);
    for (const a of p.actions) {
      statuses[a.status] += 1;
      types.set(a.type, (types.get(a.type) ?? 0) + 1);
      if (a.overdue) overdue.push({ unit: p.unit.code, plan: p.id, action: a.text, due: a.due, owner: a.owner });
    }
  }
  // The latest wave release: significant findings in the bad direction without a plan.
  const waves = await repo.waveReleases(db, unit.organisationId);
  const latest = waves.at(-1);
  const withoutPlan: Oversight['withoutPlan'] = [];
  if (latest) {
    const def = await repo.instrumentDefinition(db, latest.instrumentVersionId);
    const planned = new Set(views.filter((p) => p.baseline.period === latest.period).map((p) => `${p.unit.code}|${p.indicator}|${p.option}|${p.base}`));
    const findings = await repo.significantFindings(db, latest.releaseId, [...byId.values()].map((u) => u.code));
    const perUnit = new Map<string, Map<string, { indicator: string; option: string; base: string; against: string[] }>>();
    for (const c of findings) {
      const dir = indicatorDirection(def, c.indicator);
      const bad = (dir === 'higher' && c.difference < 0) || (dir === 'lower' && c.difference > 0);
      if (!bad || planned.has(`${c.scope}|${c.indicator}|${c.option}|${c.base}`)) continue;
      const m = perUnit.get(c.scope) ?? new Map();
      const key = `${c.indicator}|${c.option}|${c.base}`;
      const x = m.get(key) ?? { indicator: c.indicator, option: c.option, base: c.base, against: [] };
      x.against.push(c.against);
      m.set(key, x);
      perUnit.set(c.scope, m);
    }
    const unitsPlanned = new Set(views.filter((p) => p.baseline.period === latest.period).map((p) => p.unit.code));
    const nameOf = new Map([...byId.values()].map((u) => [u.code, u.name]));
    for (const [scope, m] of [...perUnit].sort(([a], [b]) => a.localeCompare(b))) {
      // "No plan": the unit made no plan at all in response to the latest release.
      if (unitsPlanned.has(scope)) continue;
      withoutPlan.push({ code: scope, name: nameOf.get(scope) ?? scope, findings: [...m.values()] });
    }
  }
  const measured = views.filter((p) => p.effect.verdict === 'improved' || p.effect.verdict === 'worse' || p.effect.verdict === 'no_significant_change');
  return {
    unit: { code: unit.code, name: unit.name },
    latest: latest ? { release: latest.releaseId, period: latest.period } : null,
    withoutPlan,
    overdue: overdue.sort((a, b) => a.due.localeCompare(b.due)),
    statuses,
    focusAreas: [...focus.values()].sort((a, b) => b.plans - a.plans || a.indicator.localeCompare(b.indicator)).slice(0, 10),
    actionTypes: [...types].map(([type, actions]) => ({ type, actions })).sort((a, b) => b.actions - a.actions || a.type.localeCompare(b.type)),
    plans: views.length,
    measured: measured.length,
    improved: measured.filter((p) => p.effect.verdict === 'improved').length,
    worse: measured.filter((p) => p.effect.verdict === 'worse').length,
  };
}
