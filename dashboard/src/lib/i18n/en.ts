import type { MessageKey } from './nl';

/** English texts; every Dutch key must be here (checked by the compiler and `i18n.test.ts`). */
export const en: Record<MessageKey, string> = {
  'app.name': 'Veilig Werk — dashboard',
  'nav.skipToContent': 'Skip to content',
  'nav.main': 'Main menu',
  'nav.home': 'Home',
  'nav.demoChart': 'Example chart',
  'nav.language': 'Language',
  'nav.switchLanguage': 'Nederlands',
  'home.title': 'Sign in',
  'home.intro':
    'This dashboard shows the results of the social safety survey. Signing in is not available yet; below you can read who will be able to see what.',
  'home.rolesTitle': 'Roles',
  'home.roleCommander':
    'Commander: views the reports of their own unit, only for groups of at least {minGroupSize} respondents.',
  'home.roleResearcher': 'Researcher: compares units and survey waves, with the same protection of small groups.',
  'home.roleAdmin':
    'Administrator: manages organisations, units, survey waves, invitations and accounts, but sees no individual answers.',
  'home.anonymity': 'Nobody, in any role, can see what one person answered.',
  'demo.title': 'Example chart',
  'demo.intro': 'A chart with made-up figures, to show what reports will look like.',
  'demo.chartLabel': 'Bar chart, percentage of respondents who experienced this in the past year: {summary}.',
  'demo.tableCaption': 'Data behind the chart (made up)',
  'demo.columnTopic': 'Topic',
  'demo.columnShare': 'Share of respondents',
  'demo.bullying': 'Bullying',
  'demo.sexualHarassment': 'Sexual harassment',
  'demo.discrimination': 'Discrimination',
  'demo.aggression': 'Aggression and violence',
  'error.title': 'Something went wrong',
  'error.notFound': 'This page does not exist.',
  'error.generic': 'An unexpected error occurred. Please try again later.',
  'error.backHome': 'Back to the home page',
};
