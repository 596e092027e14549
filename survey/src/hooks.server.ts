import type { Handle, HandleServerError } from '@sveltejs/kit';
import { isCrossSite } from '$lib/server/csrf';
import { DEFAULT_LANG, LANG_COOKIE, isLang, pickLang, t } from '$lib/i18n';

const ONE_YEAR_IN_SECONDS = 60 * 60 * 24 * 365;

export const handle: Handle = async ({ event, resolve }) => {
  if (isCrossSite(event.request, event.url)) {
    return new Response('Cross-site form submissions are not allowed.', { status: 403, headers: { 'content-type': 'text/plain' } });
  }
  const query = event.url.searchParams.get('lang');
  const lang = pickLang(query, event.cookies.get(LANG_COOKIE));
  if (query === lang) {
    event.cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_IN_SECONDS });
  }
  event.locals.lang = lang;

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang),
  });
  // Invitation links carry a personal token: never leak the URL to another site, and never let a
  // shared computer or proxy keep a copy of a page with answers on it.
  response.headers.set('referrer-policy', 'no-referrer');
  response.headers.set('cache-control', 'no-store');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
};

export const handleError: HandleServerError = ({ event, status }) => {
  // The error and the request can hold an invitation token or answers, so neither is logged.
  if (status >= 500) console.error(`[survey] unexpected server error (status ${status})`);
  const lang = isLang(event.locals.lang) ? event.locals.lang : DEFAULT_LANG;
  return { message: t(lang, status === 404 ? 'error.notFound' : 'error.generic') };
};
