import { en } from './en';
import { createMessages } from '@vw/app-shared/i18n';
import { nl, type MessageKey } from './nl';

export type { MessageKey } from './nl';

export { LANGS, DEFAULT_LANG, LANG_COOKIE, isLang, pickLang, type Lang, type MessageParams } from '@vw/app-shared/i18n';

/** This app's message tables, one per language (`nl` is the reference: `MessageKey`). */
export const { messages, t, translator } = createMessages<MessageKey>({ nl, en });
