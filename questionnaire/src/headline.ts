/**
 * The headline figures of a unit's report, in the order the pages show them: one declaration for
 * the API (which rows a unit report benchmarks and a team summary holds), the dashboard (tables,
 * heatmap, funnel, trends) and the CLI. Codes are the release table's (docs/instrument.md,
 * "Indicators"); their names in both languages are `HEADLINE_LABELS`.
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

/**
 * What the pages call the headline figures and the response rate (`indicator|option`), one table
 * per language: the dashboard's report pages and the survey's team summary read the same names.
 */
export const HEADLINE_LABELS: Readonly<Record<'nl' | 'en', Readonly<Record<string, string>>>> = {
  nl: {
    'sv_experienced|any': 'Zelf ongewenst gedrag meegemaakt',
    'sv_experienced|often': 'Zelf vaak of altijd ongewenst gedrag meegemaakt',
    'sv_team_observed|any': 'Ongewenst gedrag in het team gezien',
    'sv_team_observed|often': 'Vaak of altijd ongewenst gedrag in het team gezien',
    'sv_unsafe|yes': 'Voelt zich niet sociaal veilig',
    'sv_aware_where|ja': 'Weet waar ongewenst gedrag te melden',
    'sv_aware_complaints|ja': 'Kent de klachtenprocedure',
    'sv_aware_vp|ja': 'Kent de vertrouwenspersoon',
    'sv_aware_code|ja': 'Kent de gedragscode',
    'sv_willing|agree': 'Bereid om ongewenst gedrag te melden',
    'sv_trust|agree': 'Vertrouwt op een goede afhandeling',
    'sv_fear|agree': 'Bang voor negatieve gevolgen van melden',
    'werkdruk|mean': 'Werkdruk (1–5)',
    'leiding|mean': 'Leidinggevende (1–5)',
    'team|mean': 'Team (1–5)',
    'betrokkenheid|mean': 'Betrokkenheid (1–5)',
    'psy_veiligheid|mean': 'Psychologische veiligheid (1–5)',
    // A straight apostrophe: the curly one breaks apart in vertical (rotated) column headers.
    'vier_v|mean': "Vier V's (1–5)",
    'sat|mean': 'Rapportcijfer werk (1–10)',
    'response_rate|all': 'Respons',
  },
  en: {
    'sv_experienced|any': 'Experienced unwanted behaviour',
    'sv_experienced|often': 'Experienced unwanted behaviour often or always',
    'sv_team_observed|any': 'Saw unwanted behaviour in the team',
    'sv_team_observed|often': 'Saw unwanted behaviour in the team often or always',
    'sv_unsafe|yes': 'Does not feel socially safe',
    'sv_aware_where|ja': 'Knows where to report unwanted behaviour',
    'sv_aware_complaints|ja': 'Knows the complaints procedure',
    'sv_aware_vp|ja': 'Knows the confidential adviser',
    'sv_aware_code|ja': 'Knows the code of conduct',
    'sv_willing|agree': 'Willing to report unwanted behaviour',
    'sv_trust|agree': 'Trusts that reports are handled well',
    'sv_fear|agree': 'Fears negative consequences of reporting',
    'werkdruk|mean': 'Workload (1–5)',
    'leiding|mean': 'Supervisor (1–5)',
    'team|mean': 'Team (1–5)',
    'betrokkenheid|mean': 'Engagement (1–5)',
    'psy_veiligheid|mean': 'Psychological safety (1–5)',
    // A straight apostrophe: the curly one breaks apart in vertical (rotated) column headers.
    'vier_v|mean': "Four V's (1–5)",
    'sat|mean': 'Mark for the job (1–10)',
    'response_rate|all': 'Response rate',
  },
};

/** The name of a headline figure or of the response rate; undefined for any other row. */
export function headlineLabel(lang: 'nl' | 'en', indicator: string, option: string): string | undefined {
  return HEADLINE_LABELS[lang][`${indicator}|${option}`];
}
