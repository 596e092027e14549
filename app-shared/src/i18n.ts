/**
 * The i18n runtime of both apps (browser and server): the languages, how a request's language is
 * picked, and `{name}` placeholders. Each app keeps its own message tables (one per language) and
 * binds them with `createMessages`; `messageTableProblems` is the check both apps' tests run over
 * their tables. No library: two languages, flat keys and one placeholder syntax are all the apps
 * use, and a typed key per message (a missing key fails typecheck) is what matters (decision 080).
 */

export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'nl';
/** Cookie that remembers an explicit choice made with `?lang=`. */
export const LANG_COOKIE = 'lang';

export type MessageParams = Record<string, string | number>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language for a request: an explicit `?lang=` wins, then the cookie, then Dutch.
 * Unknown values are ignored rather than rejected, so a bad link still shows a page.
 *
 * @example pickLang('en', undefined) // 'en'
 * @example pickLang(null, 'fr') // 'nl'
 */
export function pickLang(query: string | null, cookie: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(cookie)) return cookie;
  return DEFAULT_LANG;
}

/**
 * `template` with `{name}` placeholders filled from `params`. A placeholder without a value is an
 * error in the calling code, so it throws (naming the message).
 */
export function fillPlaceholders(template: string, params: MessageParams, name: string): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Missing value for {${key}} in message "${name}"`);
    return String(value);
  });
}

export interface Messages<K extends string> {
  messages: Record<Lang, Record<K, string>>;
  /** The text for `key` in `lang`, placeholders filled. */
  t(lang: Lang, key: K, params?: MessageParams): string;
  /** `t` bound to one language, for components: `const m = $derived(translator(data.lang))`. */
  translator(lang: Lang): (key: K, params?: MessageParams) => string;
}

/** Binds an app's message tables (the first language's keys are the reference type). */
export function createMessages<K extends string>(messages: Record<Lang, Record<K, string>>): Messages<K> {
  const t = (lang: Lang, key: K, params: MessageParams = {}): string => fillPlaceholders(messages[lang][key], params, key);
  return { messages, t, translator: (lang) => (key, params) => t(lang, key, params) };
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

/**
 * What is wrong with a set of message tables: keys missing or extra against the first language,
 * empty texts, placeholders that differ between languages. Empty when the tables agree.
 */
export function messageTableProblems(tables: Record<Lang, Record<string, string>>): string[] {
  const [first, ...others] = LANGS;
  const reference = tables[first];
  const problems: string[] = [];
  for (const lang of LANGS) {
    for (const [key, text] of Object.entries(tables[lang])) if (text.trim() === '') problems.push(`${lang} ${key}: empty`);
  }
  for (const lang of others) {
    const table = tables[lang];
    for (const key of Object.keys(reference)) {
      if (!(key in table)) { problems.push(`${lang} ${key}: missing`); continue; }
      const want = placeholders(reference[key] ?? '').join(',');
      const got = placeholders(table[key] ?? '').join(',');
      if (want !== got) problems.push(`${lang} ${key}: placeholders {${got}} instead of {${want}}`);
    }
    for (const key of Object.keys(table)) if (!(key in reference)) problems.push(`${lang} ${key}: not in ${first}`);
  }
  return problems;
}

/** The cookie store calls `requestLang` makes (SvelteKit's `event.cookies` fits). */
export interface LangCookies {
  get(name: string): string | undefined;
  set(name: string, value: string, opts: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean; maxAge: number }): void;
}

const ONE_YEAR_IN_SECONDS = 60 * 60 * 24 * 365;

/**
 * The language of a request (`pickLang`); an explicit, valid `?lang=` is remembered for a year in
 * an HttpOnly cookie (Secure when the browser sees HTTPS).
 */
export function requestLang(url: URL, cookies: LangCookies, secure: boolean): Lang {
  const query = url.searchParams.get('lang');
  const lang = pickLang(query, cookies.get(LANG_COOKIE));
  if (query === lang) cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: ONE_YEAR_IN_SECONDS });
  return lang;
}
