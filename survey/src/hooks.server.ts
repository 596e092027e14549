import type { Handle, HandleServerError } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import { isCrossSite } from '$lib/server/csrf';
import { setSecurityHeaders } from '$lib/server/headers';
import { logError } from '$lib/server/log';
import { setLangCookie } from '$lib/server/session';
import { refuseUnusable } from '@vw/app-shared';
import { DEFAULT_LANG, LANG_COOKIE, isLang, pickLang, t } from '$lib/i18n';


export const handle: Handle = async ({ event, resolve }) => {
  event.locals.requestId = randomBytes(12).toString('base64url');
  const response = await respond({ event, resolve });
  setSecurityHeaders(response.headers, event.url, 'no-referrer');
  response.headers.set('x-request-id', event.locals.requestId);
  // Never let a shared computer or proxy keep a copy of a page with answers on it.
  response.headers.set('cache-control', 'no-store');
  return response;
};

const respond: Handle = async ({ event, resolve }) => {
  if (isCrossSite(event.request, event.url)) {
    return new Response('Cross-site form submissions are not allowed.', { status: 403, headers: { 'content-type': 'text/plain' } });
  }
  const refused = await refuseUnusable(event.request, event.url);
  if (refused) return refused;
  const query = event.url.searchParams.get('lang');
  const lang = pickLang(query, event.cookies.get(LANG_COOKIE));
  if (query === lang) {
    setLangCookie(event, lang);
  }
  event.locals.lang = lang;

  // Invitation links carry a personal token: no-referrer (setSecurityHeaders) never leaks the URL.
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang),
  });
};

export const handleError: HandleServerError = ({ event, status, error }) => {
  // The request can hold an invitation token or answers: only the route pattern and the error
  // (stack included, token-like strings cut out) are logged.
  if (status >= 500) logError({ requestId: event.locals.requestId, route: event.route?.id ?? null, status, error });
  const lang = isLang(event.locals.lang) ? event.locals.lang : DEFAULT_LANG;
  return { message: t(lang, status === 404 ? 'error.notFound' : 'error.generic') };
};
