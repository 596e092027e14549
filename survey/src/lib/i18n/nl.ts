/**
 * Dutch texts, the default language. This object is the source of truth for the message keys:
 * `en.ts` must provide every key, which the compiler and `i18n.test.ts` both check.
 * `{name}` marks a value filled in by `t()`.
 */
export const nl = {
  'app.name': 'Veilig Werk',
  'app.tagline': 'Anonieme vragenlijst over sociale veiligheid op het werk',
  'nav.skipToContent': 'Ga naar de inhoud',
  'nav.language': 'Taal',
  'nav.switchLanguage': 'English',
  'home.title': 'Welkom bij de vragenlijst over sociale veiligheid',
  'home.intro':
    'Met deze vragenlijst vertelt u hoe veilig u zich voelt op uw werk: hoe collega’s en leidinggevenden met elkaar omgaan en of u ongewenst gedrag meemaakt of ziet.',
  'home.anonymous':
    'De vragenlijst is anoniem. Uw naam en e-mailadres worden niet aan uw antwoorden gekoppeld, en niemand in uw organisatie kan zien wat u hebt ingevuld.',
  'home.invitation':
    'U opent de vragenlijst met de persoonlijke uitnodigingslink die u hebt ontvangen. Met die link kunt u later verdergaan waar u was gebleven.',
  'home.minGroupSize':
    'Uitkomsten worden alleen getoond voor groepen die groot genoeg zijn: standaard minstens {minGroupSize} deelnemers. Zo zijn antwoorden niet tot één persoon te herleiden.',
  'home.noLink': 'Geen uitnodiging ontvangen? Vraag de contactpersoon van het onderzoek in uw organisatie.',
  'error.title': 'Er ging iets mis',
  'error.notFound': 'Deze pagina bestaat niet.',
  'error.generic': 'Er is een onverwachte fout opgetreden. Probeer het later opnieuw.',
  'error.backHome': 'Terug naar de startpagina',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof nl;
