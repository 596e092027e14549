import { en } from './en';
import { createMessages, type Lang } from '@vw/app-shared/i18n';
import { nl, type MessageKey } from './nl';

export type { MessageKey } from './nl';

export { LANGS, DEFAULT_LANG, LANG_COOKIE, isLang, pickLang, type Lang, type MessageParams } from '@vw/app-shared/i18n';

/** This app's message tables, one per language (`nl` is the reference: `MessageKey`). */
export const { messages, t, translator } = createMessages<MessageKey>({ nl, en });

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
