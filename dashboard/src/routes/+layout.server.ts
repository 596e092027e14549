import { languageHref } from '$lib/language-href';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
  lang: locals.lang,
  user: locals.user,
  csrf: locals.csrf,
  path: url.pathname,
  languageHref: languageHref(url, locals.lang === 'nl' ? 'en' : 'nl'),
});
