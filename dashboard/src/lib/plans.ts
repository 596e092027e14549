/** Shapes of the API's follow-up answers (api/src/routes/plans) and how the pages write them. */
import type { ApiOutput } from '$lib/server/api';
import type { Lang } from '$lib/i18n';
import { pt, type PlansKey } from '$lib/i18n/plans';
import { formatNumber, formatValue } from '$lib/report/format';

export const ACTION_TYPES = ['team_dialogue', 'training', 'leadership_coaching', 'process_change', 'confidential_adviser', 'other'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** The API's own answer shapes (`@vw/api/contract` via the typed client), never declared again here. */
export type PlanView = ApiOutput<'/plans'>['plans'][number];
/** A plan with its audit history (the handover view). */
export type PlanWithHistory = ApiOutput<'/plans/:id'>;
export type Effect = PlanView['effect'];
export type Cell = Effect['baseline'];
export type Proposal = ApiOutput<'/plans/proposals'>['proposals'][number];
export type TeamSummary = NonNullable<ApiOutput<'/plans/team-summary'>['summary']>;

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

export type Oversight = ApiOutput<'/plans/oversight'>;
