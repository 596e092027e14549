/**
 * The headline figures of a unit's report, in the order the pages show them: one declaration for
 * the API (which rows a unit report benchmarks and a team summary holds), the dashboard (tables,
 * heatmap, funnel, trends) and the CLI. Codes are the release table's (docs/instrument.md,
 * "Indicators"); labels live with each app's messages.
 */
export interface HeadlineFigure {
  indicator: string;
  option: string;
  /** `share` for proportions (0–1), `mean` for scale scores and marks. */
  kind: 'share' | 'mean';
  /** The top of a mean's scale (5 for scales, 10 for the mark). */
  max?: number;
}

export const HEADLINE_FIGURES: readonly HeadlineFigure[] = [
  { indicator: 'sv_experienced', option: 'any', kind: 'share' },
  { indicator: 'sv_experienced', option: 'often', kind: 'share' },
  { indicator: 'sv_team_observed', option: 'any', kind: 'share' },
  { indicator: 'sv_team_observed', option: 'often', kind: 'share' },
  { indicator: 'sv_unsafe', option: 'yes', kind: 'share' },
  { indicator: 'sv_aware_where', option: 'ja', kind: 'share' },
  { indicator: 'sv_aware_complaints', option: 'ja', kind: 'share' },
  { indicator: 'sv_aware_vp', option: 'ja', kind: 'share' },
  { indicator: 'sv_aware_code', option: 'ja', kind: 'share' },
  { indicator: 'sv_willing', option: 'agree', kind: 'share' },
  { indicator: 'sv_trust', option: 'agree', kind: 'share' },
  { indicator: 'sv_fear', option: 'agree', kind: 'share' },
  { indicator: 'werkdruk', option: 'mean', kind: 'mean', max: 5 },
  { indicator: 'leiding', option: 'mean', kind: 'mean', max: 5 },
  { indicator: 'team', option: 'mean', kind: 'mean', max: 5 },
  { indicator: 'betrokkenheid', option: 'mean', kind: 'mean', max: 5 },
  { indicator: 'psy_veiligheid', option: 'mean', kind: 'mean', max: 5 },
  { indicator: 'vier_v', option: 'mean', kind: 'mean', max: 5 },
  { indicator: 'sat', option: 'mean', kind: 'mean', max: 10 },
];

/** The indicators of the headline figures, each once, in order. */
export const HEADLINE_INDICATORS: readonly string[] = [...new Set(HEADLINE_FIGURES.map((h) => h.indicator))];

/** The headline indicators and the response rate: the rows a unit report benchmarks and a team summary shows. */
export const HEADLINE_WITH_RESPONSE_RATE: readonly string[] = [...HEADLINE_INDICATORS, 'response_rate'];
