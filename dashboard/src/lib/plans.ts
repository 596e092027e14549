/** Shapes of the API's follow-up answers (api/src/routes/plans) and how the pages write them. */
import type { Lang } from '$lib/i18n';
import { pt, type PlansKey } from '$lib/i18n/plans';
import { formatNumber, formatValue } from '$lib/report/format';

export const ACTION_TYPES = ['team_dialogue', 'training', 'leadership_coaching', 'process_change', 'confidential_adviser', 'other'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface Cell {
  release: string; period: string; suppressed: boolean; reason: string | null;
  n: number | null; count: number | null; value: number | null; ciLow: number | null; ciHigh: number | null;
}

export interface Effect {
  baseline: Cell; followup: Cell | null; diff: number | null; diffCiLow: number | null; diffCiHigh: number | null; p: number | null;
  verdict: 'improved' | 'worse' | 'no_significant_change' | 'not_measurable' | null;
  reason: string | null;
}

export interface PlanView {
  id: number;
  unit: { code: string; name: string; ended: boolean };
  baseline: { release: string; period: string };
  indicator: string; option: string; base: string; direction: string;
  goal: string; targetValue: number | null; writable: boolean; open: boolean;
  actions: { id: number; text: string; type: ActionType; owner: string; due: string; status: ActionStatus; overdue: boolean }[];
  progress: { id: number; on: string; note: string; actionId: number | null; author: string | null }[];
  effect: Effect;
  history?: { action: string; target: string; at: string; by: string | null }[];
}

export interface Proposal {
  indicator: string; option: string; base: string; direction: string; figure: Cell; plan: number | null;
  reasons: { against: string; difference: number; ciLow: number; ciHigh: number; pAdjusted: number }[];
}

export interface TeamSummary {
  unit: { code: string; name: string }; release: string; period: string; publishedAt: string;
  figures: { indicator: string; option: string; base: string; value: number; ciLow: number; ciHigh: number; n: number }[];
  focusAreas: { indicator: string; option: string; base: string; goal: string; value: number | null; actions: { text: string; type: ActionType; due: string; status: ActionStatus }[] }[];
}

const kind = (option: string) => (option === 'mean' ? 'mean' : 'share');

export function valueText(lang: Lang, option: string, value: number | null): string {
  return value === null ? pt(lang, 'plans.suppressed') : formatValue(lang, value, kind(option));
}

/** A difference in percentage points (shares) or scale points (means), signed. */
export function diffText(lang: Lang, option: string, diff: number): string {
  const v = kind(option) === 'share' ? diff * 100 : diff;
  const s = formatNumber(lang, v, 1);
  const unit = kind(option) === 'share' ? (lang === 'nl' ? ' procentpunt' : ' percentage points') : '';
  return `${v > 0 ? '+' : ''}${s}${unit}`;
}

/** The effect in one sentence, or why it cannot be measured. */
export function effectText(lang: Lang, p: PlanView): { verdict: string | null; line: string } {
  const e = p.effect;
  if (e.verdict === null) return { verdict: null, line: pt(lang, 'plans.effectPending') };
  const verdict = pt(lang, `plans.verdict.${e.verdict}` as PlansKey);
  if (e.verdict === 'not_measurable' || e.diff === null || e.followup === null) {
    return { verdict, line: e.reason ? pt(lang, `plans.reason.${e.reason}` as PlansKey) : '' };
  }
  return {
    verdict,
    line: pt(lang, 'plans.effectLine', {
      before: valueText(lang, p.option, e.baseline.value), periodBefore: e.baseline.period,
      after: valueText(lang, p.option, e.followup.value), periodAfter: e.followup.period,
      diff: diffText(lang, p.option, e.diff), low: diffText(lang, p.option, e.diffCiLow!), high: diffText(lang, p.option, e.diffCiHigh!),
      p: e.p! < 0.001 ? '< 0,001'.replace(',', lang === 'nl' ? ',' : '.') : formatNumber(lang, e.p!, 3),
    }),
  };
}

export interface Oversight {
  unit: { code: string; name: string };
  latest: { release: string; period: string } | null;
  withoutPlan: { code: string; name: string; findings: { indicator: string; option: string; base: string; against: string[] }[] }[];
  overdue: { unit: string; plan: number; action: string; due: string; owner: string }[];
  statuses: Record<ActionStatus, number>;
  focusAreas: { indicator: string; option: string; base: string; plans: number }[];
  actionTypes: { type: ActionType; actions: number }[];
  plans: number;
  measured: number;
  improved: number;
  worse: number;
}
