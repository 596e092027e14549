import { en } from './en';
import { nl, type MessageKey } from './nl';

export type { MessageKey } from './nl';

export const LANGS = ['nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'nl';
/** Cookie that remembers an explicit choice made with `?lang=`. */
export const LANG_COOKIE = 'lang';

export const messages: Record<Lang, Record<MessageKey, string>> = { nl, en };

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

export type MessageParams = Record<string, string | number>;

/**
 * The text for `key` in `lang`, with `{name}` placeholders filled from `params`.
 * A placeholder without a value is an error in the calling code, so it throws.
 *
 * @example t('en', 'home.minGroupSize', { minGroupSize: 10 })
 */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing value for {${name}} in message "${key}"`);
    return String(value);
  });
}

/** `t` bound to one language, for use in components: `const m = $derived(translator(data.lang))`. */
export function translator(lang: Lang): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => t(lang, key, params);
}

const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * A percentage (0–100) written the way readers of `lang` expect.
 *
 * @example formatPercent('nl', 12.5) // '12,5%'
 */
export function formatPercent(lang: Lang, value: number): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** Message key of each role's name. */
export const ROLE_KEYS = { admin: 'role.admin', researcher: 'role.researcher', commander: 'role.commander' } as const satisfies Record<
  'admin' | 'researcher' | 'commander',
  MessageKey
>;
