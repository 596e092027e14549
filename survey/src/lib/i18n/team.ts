/**
 * Texts of the team summary in the survey app ("you said, we did"; issue 14, decision 090), kept
 * apart from the main message files. Indicator names are the headline figures' own (`@vw/questionnaire`).
 */
// The light entry: this runs in the browser, and the package's main entry brings zod (whose
// feature check is an eval the survey's CSP refuses).
import { headlineLabel } from '@vw/questionnaire/headline';
import type { Lang } from './index';

const nlTeam = {
  'team.title': 'Wat u zei, wat we doen',
  'team.intro': 'Na de vorige meting heeft de commandant van {unit} de uitkomsten met het team besproken. Dit is de samenvatting.',
  'team.figures': 'Kerncijfers van {period}',
  'team.focus': 'Waar we mee aan de slag gaan',
  'team.none': 'Er is voor deze eenheid nog geen samenvatting gepubliceerd.',
  'team.print': 'U kunt deze pagina afdrukken.',
  'team.pageTitle': 'Terugkoppeling: {unit}',
  'team.toSurvey': 'Naar de vragenlijst',
  'status.planned': 'gepland',
  'status.in_progress': 'bezig',
  'status.done': 'gereed',
  'status.dropped': 'vervallen',
  'type.team_dialogue': 'teamgesprek',
  'type.training': 'training',
  'type.leadership_coaching': 'coaching van leidinggevenden',
  'type.process_change': 'proces- of regelwijziging',
  'type.confidential_adviser': 'vertrouwenspersoon introduceren',
  'type.other': 'anders',
} as const;

export type TeamKey = keyof typeof nlTeam;

const enTeam: Record<TeamKey, string> = {
  'team.title': 'You said, we did',
  'team.intro': 'After the previous survey the commander of {unit} discussed the results with the team. This is the summary.',
  'team.figures': 'Headline figures of {period}',
  'team.focus': 'What we are working on',
  'team.none': 'No summary has been published for this unit yet.',
  'team.print': 'You can print this page.',
  'team.pageTitle': 'Feedback: {unit}',
  'team.toSurvey': 'To the survey',
  'status.planned': 'planned',
  'status.in_progress': 'in progress',
  'status.done': 'done',
  'status.dropped': 'dropped',
  'type.team_dialogue': 'team dialogue',
  'type.training': 'training',
  'type.leadership_coaching': 'leadership coaching',
  'type.process_change': 'process or rule change',
  'type.confidential_adviser': 'introduce the confidential adviser',
  'type.other': 'other',
};

export const teamMessages: Record<Lang, Record<TeamKey, string>> = { nl: nlTeam, en: enTeam };

export function tt(lang: Lang, key: TeamKey, params: Record<string, string | number> = {}): string {
  return teamMessages[lang][key].replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing value for {${name}} in message "${key}"`);
    return String(value);
  });
}


export function indicatorLabel(lang: Lang, indicator: string, option: string): string {
  return headlineLabel(lang, indicator, option) ?? `${indicator} ${option}`.replace(/_/g, ' ');
}

/** A share as a percentage, a mean with one decimal, in the reader's notation. */
export function figureText(lang: Lang, option: string, value: number): string {
  const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
  return option === 'mean'
    ? new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)
    : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}
