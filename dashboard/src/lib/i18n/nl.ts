/**
 * Dutch texts, the default language. This object is the source of truth for the message keys:
 * `en.ts` must provide every key, which the compiler and `i18n.test.ts` both check.
 * `{name}` marks a value filled in by `t()`.
 */
export const nl = {
  'app.name': 'Veilig Werk — dashboard',
  'nav.skipToContent': 'Ga naar de inhoud',
  'nav.main': 'Hoofdmenu',
  'nav.home': 'Start',
  'nav.demoChart': 'Voorbeeldgrafiek',
  'nav.language': 'Taal',
  'nav.switchLanguage': 'English',
  'home.title': 'Inloggen',
  'home.intro':
    'Dit dashboard toont de uitkomsten van de vragenlijst over sociale veiligheid. Inloggen is nog niet beschikbaar; hieronder leest u wie straks wat kan zien.',
  'home.rolesTitle': 'Rollen',
  'home.roleCommander':
    'Commandant: bekijkt de rapporten van de eigen eenheid, alleen voor groepen van minstens {minGroupSize} deelnemers.',
  'home.roleResearcher':
    'Onderzoeker: vergelijkt eenheden en metingen, met dezelfde bescherming van kleine groepen.',
  'home.roleAdmin':
    'Beheerder: beheert organisaties, eenheden, metingen, uitnodigingen en accounts, maar ziet geen individuele antwoorden.',
  'home.anonymity': 'Niemand, in welke rol ook, kan zien wat één persoon heeft geantwoord.',
  'demo.title': 'Voorbeeldgrafiek',
  'demo.intro': 'Een grafiek met verzonnen cijfers, om te laten zien hoe rapporten eruit komen te zien.',
  'demo.chartLabel': 'Staafdiagram, percentage deelnemers dat dit het afgelopen jaar meemaakte: {summary}.',
  'demo.tableCaption': 'Gegevens bij de grafiek (verzonnen)',
  'demo.columnTopic': 'Onderwerp',
  'demo.columnShare': 'Percentage deelnemers',
  'demo.bullying': 'Pesten',
  'demo.sexualHarassment': 'Seksuele intimidatie',
  'demo.discrimination': 'Discriminatie',
  'demo.aggression': 'Agressie en geweld',
  'error.title': 'Er ging iets mis',
  'error.notFound': 'Deze pagina bestaat niet.',
  'error.generic': 'Er is een onverwachte fout opgetreden. Probeer het later opnieuw.',
  'error.backHome': 'Terug naar de startpagina',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof nl;
