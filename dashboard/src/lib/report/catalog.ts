/**
 * What the report pages show, in which order, and what each code is called. The codes are the
 * release table's (docs/instrument.md, "Indicators"); the pages never compute figures, they only pick
 * rows of a frozen release.
 */
import {
  HEADLINE_FIGURES, HEADLINE_INDICATORS, REPORTING_DIMENSIONS, dimensionLabelKey, groupLabelKey, reportingDimensionGroups, werkbeleving,
  type HeadlineFigure, type ReportingDimension,
} from '@vw/questionnaire';
import type { Lang } from '$lib/i18n';

/** A headline figure (declared once in @vw/questionnaire). */
export type HeadlineSpec = HeadlineFigure;

/** Headline figures of a unit, in the order of the issue. */
export const HEADLINE: readonly HeadlineSpec[] = HEADLINE_FIGURES;

/** The indicator codes of the headline figures, for `?indicator=` on overview reads. */
export { HEADLINE_INDICATORS };

export const headlineKey = (h: { indicator: string; option: string }) => `${h.indicator}|${h.option}`;
const HEADLINE_KEYS = new Set(HEADLINE.map(headlineKey));
export const isHeadline = (r: { indicator: string; option: string }) => HEADLINE_KEYS.has(headlineKey(r));

export interface ChartSpec {
  id: string;
  indicator: string;
  base: 'victims' | 'all';
}

/** Multi-option questions shown as bar charts with interval whiskers (dimension `all`). */
export const CHARTS: readonly ChartSpec[] = [
  { id: 'forms-victims', indicator: 'sv_form', base: 'victims' },
  { id: 'forms-all', indicator: 'sv_form', base: 'all' },
  { id: 'perpetrators', indicator: 'sv_perpetrator', base: 'victims' },
  { id: 'discussed', indicator: 'sv_discussed', base: 'victims' },
  { id: 'reported', indicator: 'sv_reported', base: 'victims' },
  { id: 'not-reported', indicator: 'sv_not_reported', base: 'victims' },
  { id: 'grounds', indicator: 'sv_discr_ground', base: 'victims' },
  { id: 'channel', indicator: 'sv_channel', base: 'all' },
];

/** The reporting dimensions (declared once in @vw/questionnaire), in the order the pages show them. */
export const DIMENSIONS = REPORTING_DIMENSIONS;
export type Dimension = ReportingDimension;

/** Group order per dimension, as the instrument defines it; `onbekend` (not disclosed) is always last and always shown. */
export const GROUP_ORDER: Record<Dimension, readonly string[]> = reportingDimensionGroups(werkbeleving);

/**
 * Whether a row of the unit itself appears on the unit page: every `all` row (headline figures,
 * charts, response rate) and the headline figures by group. The figures download (CSV/XLSX) is
 * exactly these rows plus the benchmark and trend rows the page shows.
 */
export function isOnUnitPage(r: { dimension: string; indicator: string; option: string }): boolean {
  if (r.dimension === 'all') return true;
  return (DIMENSIONS as readonly string[]).includes(r.dimension) && isHeadline(r);
}

type Names = Record<string, readonly [nl: string, en: string]>;

const INDICATORS: Names = {
  'sv_experienced|any': ['Zelf ongewenst gedrag meegemaakt', 'Experienced unwanted behaviour'],
  'sv_experienced|often': ['Zelf vaak of altijd ongewenst gedrag meegemaakt', 'Experienced unwanted behaviour often or always'],
  'sv_team_observed|any': ['Ongewenst gedrag in het team gezien', 'Saw unwanted behaviour in the team'],
  'sv_team_observed|often': ['Vaak of altijd ongewenst gedrag in het team gezien', 'Saw unwanted behaviour in the team often or always'],
  'sv_unsafe|yes': ['Voelt zich niet sociaal veilig', 'Does not feel socially safe'],
  'sv_aware_where|ja': ['Weet waar ongewenst gedrag te melden', 'Knows where to report unwanted behaviour'],
  'sv_aware_complaints|ja': ['Kent de klachtenprocedure', 'Knows the complaints procedure'],
  'sv_aware_vp|ja': ['Kent de vertrouwenspersoon', 'Knows the confidential adviser'],
  'sv_aware_code|ja': ['Kent de gedragscode', 'Knows the code of conduct'],
  'sv_willing|agree': ['Bereid om ongewenst gedrag te melden', 'Willing to report unwanted behaviour'],
  'sv_trust|agree': ['Vertrouwt op een goede afhandeling', 'Trusts that reports are handled well'],
  'sv_fear|agree': ['Bang voor negatieve gevolgen van melden', 'Fears negative consequences of reporting'],
  'werkdruk|mean': ['Werkdruk (1–5)', 'Workload (1–5)'],
  'leiding|mean': ['Leidinggevende (1–5)', 'Supervisor (1–5)'],
  'team|mean': ['Team (1–5)', 'Team (1–5)'],
  'betrokkenheid|mean': ['Betrokkenheid (1–5)', 'Engagement (1–5)'],
  'psy_veiligheid|mean': ['Psychologische veiligheid (1–5)', 'Psychological safety (1–5)'],
  // A straight apostrophe: the curly one breaks apart in vertical (rotated) column headers.
  'vier_v|mean': ["Vier V's (1–5)", "Four V's (1–5)"],
  'sat|mean': ['Rapportcijfer werk (1–10)', 'Mark for the job (1–10)'],
  'response_rate|all': ['Respons', 'Response rate'],
};

const OPTIONS: Names = {
  'sv_form.agressie_fysiek': ['Fysieke agressie', 'Physical aggression'],
  'sv_form.agressie_verbaal': ['Verbale agressie', 'Verbal aggression'],
  'sv_form.discriminatie': ['Discriminatie', 'Discrimination'],
  'sv_form.intimidatie': ['Intimidatie', 'Intimidation'],
  'sv_form.kwaadspreken': ['Kwaadspreken, roddelen', 'Gossip, slander'],
  'sv_form.pesten': ['Pesten', 'Bullying'],
  'sv_form.seksuele_intimidatie': ['Seksuele intimidatie', 'Sexual harassment'],
  'sv_form.stalking': ['Stalking', 'Stalking'],
  'sv_form.uitsluiting': ['Uitsluiting', 'Exclusion'],
  'sv_perpetrator.collega': ['Directe collega', 'Direct colleague'],
  'sv_perpetrator.leidinggevende': ['Directe leidinggevende', 'Direct supervisor'],
  'sv_perpetrator.hoger_leidinggevende': ['Hogere leidinggevende', 'Senior manager'],
  'sv_perpetrator.ondergeschikte': ['Ondergeschikte', 'Subordinate'],
  'sv_perpetrator.intern_anders': ['Iemand anders binnen de organisatie', 'Someone else in the organisation'],
  'sv_perpetrator.extern': ['Iemand van buiten de organisatie', 'Someone outside the organisation'],
  'sv_perpetrator.zeg_niet': ['Zeg ik liever niet', 'Prefer not to say'],
  'sv_discussed.pleger': ['De pleger', 'The perpetrator'],
  'sv_discussed.collega': ['Een collega', 'A colleague'],
  'sv_discussed.leidinggevende': ['Leidinggevende', 'Supervisor'],
  'sv_discussed.hoger_leidinggevende': ['Hogere leidinggevende', 'Senior manager'],
  'sv_discussed.vertrouwenspersoon': ['Vertrouwenspersoon', 'Confidential adviser'],
  'sv_discussed.integriteitsadviseur': ['Integriteitsadviseur', 'Integrity adviser'],
  'sv_discussed.maatschappelijk_werk': ['Maatschappelijk werk', 'Social work'],
  'sv_discussed.geestelijk_verzorger': ['Geestelijk verzorger', 'Chaplain'],
  'sv_discussed.zorg': ['Arts of psycholoog', 'Doctor or psychologist'],
  'sv_discussed.prive': ['Familie of vrienden', 'Family or friends'],
  'sv_discussed.niemand': ['Met niemand', 'No one'],
  'sv_reported.nee': ['Niet gemeld', 'Did not report'],
  'sv_reported.leidinggevende': ['Bij de leidinggevende', 'To the supervisor'],
  'sv_reported.meldpunt': ['Bij het meldpunt', 'To the reporting point'],
  'sv_reported.klacht': ['Formele klacht', 'Formal complaint'],
  'sv_not_reported.niet_ernstig': ['Niet ernstig genoeg', 'Not serious enough'],
  'sv_not_reported.zelf_opgelost': ['Zelf opgelost', 'Solved it myself'],
  'sv_not_reported.geen_effect': ['Melden heeft geen zin', 'Reporting makes no difference'],
  'sv_not_reported.gevolgen': ['Bang voor de gevolgen', 'Afraid of the consequences'],
  'sv_not_reported.weet_niet_waar': ['Wist niet waar', 'Did not know where'],
  'sv_discr_ground.afkomst': ['Afkomst', 'Origin'],
  'sv_discr_ground.arbeidsduur': ['Arbeidsduur', 'Working hours'],
  'sv_discr_ground.burgerlijke_staat': ['Burgerlijke staat', 'Marital status'],
  'sv_discr_ground.genderidentiteit': ['Genderidentiteit', 'Gender identity'],
  'sv_discr_ground.geslacht': ['Geslacht', 'Sex'],
  'sv_discr_ground.handicap': ['Handicap of ziekte', 'Disability or illness'],
  'sv_discr_ground.leeftijd': ['Leeftijd', 'Age'],
  'sv_discr_ground.nationaliteit': ['Nationaliteit', 'Nationality'],
  'sv_discr_ground.politiek': ['Politieke overtuiging', 'Political opinion'],
  'sv_discr_ground.religie': ['Religie', 'Religion'],
  'sv_discr_ground.seksuele_orientatie': ['Seksuele oriëntatie', 'Sexual orientation'],
  'sv_channel.leidinggevende': ['Leidinggevende', 'Supervisor'],
  'sv_channel.vertrouwenspersoon': ['Vertrouwenspersoon', 'Confidential adviser'],
  'sv_channel.meldpunt': ['Meldpunt', 'Reporting point'],
  'sv_channel.klachtencommissie': ['Klachtencommissie', 'Complaints committee'],
  'sv_channel.weet_niet': ['Weet niet', 'Do not know'],
};

const GENERIC_OPTIONS: Names = { anders: ['Anders', 'Other'] };

const GROUPS: Names = {
  'all.all': ['Iedereen', 'Everyone'],
  'gender.man': ['Man', 'Man'],
  'gender.vrouw': ['Vrouw', 'Woman'],
  'gender.anders': ['Anders', 'Other'],
  'age_band.tot25': ['Jonger dan 25', 'Under 25'],
  'age_band.25_34': ['25–34', '25–34'],
  'age_band.35_44': ['35–44', '35–44'],
  'age_band.45_54': ['45–54', '45–54'],
  'age_band.55plus': ['55 of ouder', '55 or older'],
  'personnel_type.militair': ['Militair', 'Military'],
  'personnel_type.burger': ['Burger', 'Civilian'],
  'personnel_type.extern': ['Extern', 'Contractor'],
  'rank_group.manschappen': ['Manschappen', 'Other ranks'],
  'rank_group.onderofficieren': ['Onderofficieren', 'Non-commissioned officers'],
  'rank_group.officieren': ['Officieren', 'Officers'],
  'rank_group.schaal_1_6': ['Schaal 1–6', 'Pay scale 1–6'],
  'rank_group.schaal_7_10': ['Schaal 7–10', 'Pay scale 7–10'],
  'rank_group.schaal_11plus': ['Schaal 11 en hoger', 'Pay scale 11 and up'],
};

const DIMENSION_NAMES: Names = {
  all: ['Geen uitsplitsing', 'No breakdown'],
  gender: ['Gender', 'Gender'],
  age_band: ['Leeftijd', 'Age band'],
  personnel_type: ['Personeelscategorie', 'Personnel type'],
  rank_group: ['Rang- of schaalgroep', 'Rank or pay-scale group'],
};

const pick = (names: Names, key: string, lang: Lang): string | undefined => names[key]?.[lang === 'nl' ? 0 : 1];

export function indicatorName(lang: Lang, indicator: string, option: string): string {
  return pick(INDICATORS, `${indicator}|${option}`, lang) ?? `${indicator} ${option}`;
}

export function optionName(lang: Lang, indicator: string, option: string): string {
  return pick(OPTIONS, `${indicator}.${option}`, lang) ?? pick(GENERIC_OPTIONS, option, lang) ?? option.replace(/_/g, ' ');
}

export function groupName(lang: Lang, dimension: string, group: string): string {
  if (group === 'onbekend') return lang === 'nl' ? 'Niet opgegeven' : 'Not disclosed';
  return pick(GROUPS, groupLabelKey(dimension, group), lang) ?? group.replace(/_/g, ' ');
}

export function dimensionName(lang: Lang, dimension: string): string {
  return pick(DIMENSION_NAMES, dimensionLabelKey(dimension), lang) ?? dimension;
}
