/**
 * The API answers errors in English (a code, a message and per-field or per-row reasons); the
 * admin pages show them in the page's language. Each known message or reason is a pattern with
 * a Dutch template (`$1`… are the pattern's groups: codes, line numbers, values from the file);
 * English pages show the API's text as is. A text no pattern knows is never shown in English on
 * a Dutch page: it becomes a general Dutch sentence (the field or line stays marked), and a test
 * (api-errors.test.ts) pins that every reason the admin services can give has a pattern.
 */
import type { Lang } from './index';

type Rule = readonly [RegExp, string | ((m: RegExpExecArray) => string)];

/** Names of the parts of an instrument definition, as the questionnaire checker names them. */
const PART: Record<string, string> = {
  item: 'vraag', module: 'module', scale: 'schaal', base: 'basis', collapse: 'samenvoeging', dimension: 'indeling', option: 'antwoordoptie',
  'derived dimension': 'afgeleide indeling', 'or reserved base': 'of gereserveerde basis', 'scale code': 'schaalcode', 'item code': 'vraagcode',
};
const part = (word: string) => PART[word] ?? word;

/** Per-field and per-row reasons (import-units, import-population, parseCsv, zod, settings, users). */
const REASONS: readonly Rule[] = [
  // Instrument definitions (questionnaire checker): the common shapes; the rest falls back.
  [/^not valid JSON: .*$/, 'geen geldige JSON'],
  [/^unknown (item|module|scale|base|collapse|dimension) "([^"]*)"(?: \(.*\))?$/, (m) => `onbekende ${part(m[1]!)} "${m[2]}"`],
  [/^duplicate (item|module|scale|option|collapse|derived dimension|dimension|or reserved base)(?: code)? "([^"]*)"(?: in item "([^"]*)")?$/, (m) => `${part(m[1]!)} "${m[2]}" komt twee keer voor${m[3] ? ` (vraag "${m[3]}")` : ''}`],
  [/^module "([^"]*)" has no items$/, 'module "$1" heeft geen vragen'],
  [/^item "([^"]*)" appears twice$/, 'vraag "$1" staat er twee keer in'],
  [/^condition refers to later item "([^"]*)".*$/, 'de voorwaarde verwijst naar de latere vraag "$1"; alleen eerdere vragen mogen'],
  [/^condition refers to its own item "([^"]*)".*$/, 'de voorwaarde verwijst naar haar eigen vraag "$1"'],
  [/^conditions form a cycle: (.*)$/, 'de voorwaarden vormen een kring: $1'],
  [/^unknown placeholder \{(\w+)\}; known: (.*)$/, 'onbekende invulplek {$1}; bekend: $2'],
  [/^"([^"]*)" has no option "([^"]*)"$/, '"$1" heeft geen antwoordoptie "$2"'],
  // Files and CSV syntax
  [/^this is not a CSV file.*$/i, 'dit is geen CSV-bestand (sla het bestand op als CSV, gescheiden door ; of ,)'],
  [/^the file is empty; expected a header row$/, 'het bestand is leeg; de eerste regel moet de kolomnamen bevatten'],
  [/^the file has no rows$/, 'het bestand heeft geen regels'],
  [/^the file has no units$/, 'het bestand bevat geen eenheden'],
  [/^the file has no responses$/, 'het bestand bevat geen antwoorden'],
  [/^duplicate column$/, 'kolom komt twee keer voor'],
  [/^unknown column$/, 'onbekende kolom'],
  [/^required column is missing$/, 'verplichte kolom ontbreekt'],
  [/^expected (\d+) fields, found (\d+)$/, '$1 velden verwacht, $2 gevonden'],
  [/^unexpected character after a closing quote$/, 'onverwacht teken na een sluitend aanhalingsteken'],
  [/^a quote inside an unquoted field$/, 'een aanhalingsteken midden in een veld zonder aanhalingstekens'],
  [/^a quoted field is not closed$/, 'een veld tussen aanhalingstekens wordt niet afgesloten'],
  [/^(?:the field name )?contains a control character.*$/, 'bevat een stuurteken (onzichtbaar teken); verwijder het'],
  [/^a parameter name contains a control character.*$/, 'een parameternaam bevat een stuurteken'],
  [/^malformed percent-encoding$/, 'ongeldige %-codering'],
  // Units file
  [/^a unit code is required$/, 'een eenheidscode is verplicht'],
  [/^"(.*)" is not a valid code \(letters, digits, - _ \. only\)$/, '"$1" is geen geldige code (alleen letters, cijfers, - _ .)'],
  [/^duplicate code "(.*)" \(first on line (\d+)\)$/, 'code "$1" komt al voor (eerst op regel $2)'],
  [/^a unit cannot be its own parent$/, 'een eenheid kan niet haar eigen bovenliggende eenheid zijn'],
  [/^a name is required$/, 'een naam is verplicht'],
  [/^a level is required$/, 'een niveau is verplicht'],
  [/^"(.*)" is not true or false$/, '"$1" is niet true of false'],
  [/^"(.*)" is not a date \(YYYY-MM-DD\)$/, '"$1" is geen datum (JJJJ-MM-DD)'],
  [/^"(.*)" is not a date \(YYYY-MM-DD or YYYY-MM\)$/, '"$1" is geen datum (JJJJ-MM-DD of JJJJ-MM)'],
  [/^ends \((.*)\) before it starts \((.*)\)$/, 'eindigt ($1) voordat hij begint ($2)'],
  [/^unknown parent unit "(.*)"$/, 'onbekende bovenliggende eenheid "$1"'],
  [/^the parent chain of "(.*)" forms a cycle$/, 'de bovenliggende eenheden van "$1" vormen een kring'],
  [/^unit "(.*)" cannot move to another organisation$/, 'eenheid "$1" kan niet naar een andere organisatie'],
  // Headcounts file
  [/^unknown unit "(.*)"$/, 'onbekende eenheid "$1"'],
  [/^"(.*)" is not a valid period code$/, '"$1" is geen geldige periodecode'],
  [/^a period is required$/, 'een periode is verplicht'],
  [/^dimension "all" needs group "all", not "(.*)"$/, 'bij indeling "all" hoort groep "all", niet "$1"'],
  [/^unknown dimension "(.*)" \(expected (.*)\)$/, 'onbekende indeling "$1" (verwacht: $2)'],
  [/^unknown group "(.*)" for (.*) \(expected (.*)\)$/, 'onbekende groep "$1" bij $2 (verwacht: $3)'],
  [/^"(.*)" is not a whole number ≥ 0$/, '"$1" is geen geheel getal ≥ 0'],
  [/^(\d+) is larger than any unit \(at most (\d+)\)$/, '$1 is groter dan welke eenheid ook (hoogstens $2)'],
  [/^duplicate of line (\d+)$/, 'dubbel: staat al op regel $1'],
  // Users
  [/^at least (\d+) characters$/, 'minstens $1 tekens'],
  [/^a user with this e-mail address exists$/, 'er bestaat al een gebruiker met dit e-mailadres'],
  [/^unknown organisation "(.*)"$/, 'onbekende organisatie "$1"'],
  [/^a commander needs a unit$/, 'een commandant heeft een eenheid nodig'],
  [/^the unit belongs to another organisation$/, 'de eenheid hoort bij een andere organisatie'],
  [/^only commanders have a unit scope$/, 'alleen commandanten hebben een eenheid'],
  [/^a researcher belongs to an organisation$/, 'een onderzoeker hoort bij een organisatie'],
  // Organisation settings
  [/^at least (\d+)$/, 'minstens $1'],
  [/^at most (\d+)$/, 'hoogstens $1'],
  [/^a claim name such as email or upn$/, 'een claimnaam zoals email of upn'],
  [/^single sign-on needs the issuer, the client id and the client secret$/, 'eenmalig inloggen (SSO) heeft de issuer, de client-id en het client-secret nodig'],
  [/^at least the survey cycle \((\d+) years\).*$/, 'minstens de meetcyclus ($1 jaar): gepoolde perioden hebben de antwoorden van elke meting daarin nodig'],
  [/^must be an https:\/\/ address with a host name$/, 'moet een https://-adres met een hostnaam zijn'],
  [/^must not contain a user name or password$/, 'mag geen gebruikersnaam of wachtwoord bevatten'],
  [/^must be an https:\/\/ address$/, 'moet een https://-adres zijn'],
  // zod's own messages (v4)
  [/^Invalid email address$/, 'geen geldig e-mailadres'],
  [/^Too small: expected string to have >=(\d+) characters?$/, 'minstens $1 teken(s)'],
  [/^Too big: expected string to have <=(\d+) characters?$/, 'hoogstens $1 tekens'],
  [/^Too small: expected (?:number|int) to be >=?(\S+)$/, 'minstens $1'],
  [/^Too big: expected (?:number|int) to be <=?(\S+)$/, 'hoogstens $1'],
  [/^Invalid input: expected (?:number|int), received .*$/, 'een getal verwacht'],
  [/^Invalid input: expected string, received .*$/, 'tekst verwacht'],
  [/^Invalid input: expected boolean, received .*$/, 'ja of nee verwacht'],
  [/^Invalid input: expected .*$/, 'ongeldige invoer'],
  [/^Invalid option: expected one of (.*)$/, 'kies een van: $1'],
  [/^Unrecognized keys?: (.*)$/, 'onbekend veld: $1'],
  [/^Invalid string: must match pattern .*$/, 'ongeldige vorm'],
];

/** Whole-request messages (ApiErrorBody.error.message), for answers without field issues. */
const MESSAGES: readonly Rule[] = [
  [/^(\w+): (\d+) errors?; nothing was imported$/, '$2 fout(en) in het bestand; er is niets ingelezen'],
  [/^the instrument definition is not valid$/, 'de vragenlijstdefinitie is niet geldig'],
  [/^(.+@\d+) is already published; published versions never change, publish a new version number$/, '$1 is al gepubliceerd; een gepubliceerde versie verandert nooit: publiceer een nieuw versienummer'],
  [/^you cannot remove your own admin role or deactivate yourself$/, 'u kunt uw eigen beheerdersrol niet weghalen en uzelf niet uitschakelen'],
  [/^unknown instrument version (.*)$/, 'onbekende vragenlijstversie $1'],
  [/^no user (.*)$/, 'gebruiker $1 bestaat niet'],
  [/^unknown organisation "(.*)"$/, 'onbekende organisatie "$1"'],
  [/^unknown wave "(.*)"$/, 'onbekende meting $1'],
  [/^wave (\S+) is closed$/, 'meting $1 is gesloten'],
  [/^wave (\S+) exists already$/, 'meting $1 bestaat al'],
  [/^the wave must open before it closes$/, 'een meting moet openen voordat hij sluit'],
  [/^unknown unit\(s\) in organisation (\S+): (.*)$/, 'onbekende eenheid/eenheden in organisatie $1: $2'],
  [/^organisation (\S+) has no units$/, 'organisatie $1 heeft geen eenheden'],
  [/^unit "(.*)" is not part of wave (\S+)$/, 'eenheid "$1" hoort niet bij meting $2'],
  [/^count must be a whole number from 1 to (\d+)$/, 'het aantal moet een geheel getal van 1 tot en met $1 zijn'],
  [/^no headcount for period (\S+) for unit\(s\) (.*?);.*$/, 'geen personeelsaantal voor periode $1 bij eenheid/eenheden $2; lees eerst personeelsaantallen in'],
  [/^this would create (\d+) invitations; at most (\d+) at once.*$/, 'dat zouden $1 uitnodigingen zijn; hoogstens $2 tegelijk: nodig per eenheid uit'],
  [/^wave (\S+) has (\d+) invitations; (\d+) more would pass the limit of (\d+) per wave$/, 'meting $1 heeft $2 uitnodigingen; $3 meer gaat over de grens van $4 per meting'],
  [/^earlier releases already reveal cells of (\S+) .*$/, 'eerdere releases maken al cellen van $1 zichtbaar; deze release zou verborgen cijfers te berekenen maken en is niet gebouwd'],
  [/^the release failed its disclosure audit and was not frozen: .*\((\d+) cells?; checks: (.*)\)\..*$/, 'de release is niet door de onthullingscontrole gekomen en is niet bevroren ($1 cel(len); controles: $2); de cellen staan in het logboek van de server en in de uitvoer van `release build` op de server'],
  [/^the request is not valid$/, 'het verzoek is niet geldig'],
  [/^a query parameter is not valid$/, 'een parameter in het adres is niet geldig'],
  [/^invalid input$/i, 'ongeldige invoer'],
];

function translate(rules: readonly Rule[], text: string): string | null {
  for (const [pattern, nl] of rules) {
    const m = pattern.exec(text);
    if (m) return typeof nl === 'function' ? nl(m) : nl.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
  }
  return null;
}

/** A field or row reason from the API in the page's language. */
export function apiReason(lang: Lang, reason: string): string {
  if (lang === 'en') return reason;
  return translate(REASONS, reason) ?? 'ongeldige waarde';
}

/** A whole-request error message from the API in the page's language. */
export function apiErrorMessage(lang: Lang, message: string | undefined, status?: number): string {
  if (lang === 'en') return message ?? 'unexpected answer from the API';
  const known = message ? translate(MESSAGES, message) ?? translate(REASONS, message) : null;
  if (known) return known;
  if (status === 404) return 'niet gevonden';
  if (status === 409) return 'dit botst met wat al is opgeslagen; er is niets gewijzigd';
  return 'het verzoek is geweigerd; er is niets gewijzigd';
}

/** For tests: whether a reason has a Dutch text of its own (not the general fallback). */
export function knownReason(reason: string): boolean {
  return translate(REASONS, reason) !== null;
}
