/**
 * The headline figures of a unit's report, in the order the pages show them: one declaration for
 * the API (which rows a unit report benchmarks and a team summary holds), the dashboard (tables,
 * heatmap, funnel, trends) and the CLI. Codes are the release table's (docs/instrument.md,
 * "Indicators"); with their names in both languages, one table for the dashboard's pages and the
 * survey's team summary.
 */
export interface HeadlineFigure {
  indicator: string;
  option: string;
  /** `share` for proportions (0–1), `mean` for scale scores and marks. */
  kind: 'share' | 'mean';
  /** The top of a mean's scale (5 for scales, 10 for the mark). */
  max?: number;
  /** What the pages call it, per language. */
  label: Readonly<{ nl: string; en: string }>;
}

export const HEADLINE_FIGURES: readonly HeadlineFigure[] = [
  { indicator: 'sv_experienced', option: 'any', kind: 'share', label: { nl: 'Zelf ongewenst gedrag meegemaakt', en: 'Experienced unwanted behaviour' } },
  { indicator: 'sv_experienced', option: 'often', kind: 'share', label: { nl: 'Zelf vaak of altijd ongewenst gedrag meegemaakt', en: 'Experienced unwanted behaviour often or always' } },
  { indicator: 'sv_team_observed', option: 'any', kind: 'share', label: { nl: 'Ongewenst gedrag in het team gezien', en: 'Saw unwanted behaviour in the team' } },
  { indicator: 'sv_team_observed', option: 'often', kind: 'share', label: { nl: 'Vaak of altijd ongewenst gedrag in het team gezien', en: 'Saw unwanted behaviour in the team often or always' } },
  { indicator: 'sv_unsafe', option: 'yes', kind: 'share', label: { nl: 'Voelt zich niet sociaal veilig', en: 'Does not feel socially safe' } },
  { indicator: 'sv_aware_where', option: 'ja', kind: 'share', label: { nl: 'Weet waar ongewenst gedrag te melden', en: 'Knows where to report unwanted behaviour' } },
  { indicator: 'sv_aware_complaints', option: 'ja', kind: 'share', label: { nl: 'Kent de klachtenprocedure', en: 'Knows the complaints procedure' } },
  { indicator: 'sv_aware_vp', option: 'ja', kind: 'share', label: { nl: 'Kent de vertrouwenspersoon', en: 'Knows the confidential adviser' } },
  { indicator: 'sv_aware_code', option: 'ja', kind: 'share', label: { nl: 'Kent de gedragscode', en: 'Knows the code of conduct' } },
  { indicator: 'sv_willing', option: 'agree', kind: 'share', label: { nl: 'Bereid om ongewenst gedrag te melden', en: 'Willing to report unwanted behaviour' } },
  { indicator: 'sv_trust', option: 'agree', kind: 'share', label: { nl: 'Vertrouwt op een goede afhandeling', en: 'Trusts that reports are handled well' } },
  { indicator: 'sv_fear', option: 'agree', kind: 'share', label: { nl: 'Bang voor negatieve gevolgen van melden', en: 'Fears negative consequences of reporting' } },
  { indicator: 'werkdruk', option: 'mean', kind: 'mean', max: 5, label: { nl: 'Werkdruk (1–5)', en: 'Workload (1–5)' } },
  { indicator: 'leiding', option: 'mean', kind: 'mean', max: 5, label: { nl: 'Leidinggevende (1–5)', en: 'Supervisor (1–5)' } },
  { indicator: 'team', option: 'mean', kind: 'mean', max: 5, label: { nl: 'Team (1–5)', en: 'Team (1–5)' } },
  { indicator: 'betrokkenheid', option: 'mean', kind: 'mean', max: 5, label: { nl: 'Betrokkenheid (1–5)', en: 'Engagement (1–5)' } },
  { indicator: 'psy_veiligheid', option: 'mean', kind: 'mean', max: 5, label: { nl: 'Psychologische veiligheid (1–5)', en: 'Psychological safety (1–5)' } },
  { indicator: 'vier_v', option: 'mean', kind: 'mean', max: 5,
    // A straight apostrophe: the curly one breaks apart in vertical (rotated) column headers.
    label: { nl: "Vier V's (1–5)", en: "Four V's (1–5)" } },
  { indicator: 'sat', option: 'mean', kind: 'mean', max: 10, label: { nl: 'Rapportcijfer werk (1–10)', en: 'Mark for the job (1–10)' } },
];

/** The indicators of the headline figures, each once, in order. */
export const HEADLINE_INDICATORS: readonly string[] = [...new Set(HEADLINE_FIGURES.map((h) => h.indicator))];

/** The headline indicators and the response rate: the rows a unit report benchmarks and a team summary shows. */
export const HEADLINE_WITH_RESPONSE_RATE: readonly string[] = [...HEADLINE_INDICATORS, 'response_rate'];

/** The response rate, shown beside the headline figures (the unit report, the team summary). */
export const RESPONSE_RATE_FIGURE = { indicator: 'response_rate', option: 'all', label: { nl: 'Respons', en: 'Response rate' } } as const;

const LABELS = new Map<string, Readonly<{ nl: string; en: string }>>(
  [...HEADLINE_FIGURES, RESPONSE_RATE_FIGURE].map((h) => [`${h.indicator}|${h.option}`, h.label]),
);

/** The name of a headline figure or of the response rate; undefined for any other row. */
export function headlineLabel(lang: 'nl' | 'en', indicator: string, option: string): string | undefined {
  return LABELS.get(`${indicator}|${option}`)?.[lang];
}
