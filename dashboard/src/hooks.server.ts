import { randomBytes } from 'node:crypto';
import type { Handle, HandleServerError } from '@sveltejs/kit';
import { isSecure, setSecurityHeaders } from '$lib/server/headers';
import { logError } from '$lib/server/log';
import { refuseUnusable } from '@vw/app-shared';
import { DEFAULT_LANG, isLang, t } from '$lib/i18n';
import { requestLang } from '@vw/app-shared/i18n';
import { SESSION_COOKIE, api, clearSession } from '$lib/server/api';

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.requestId = randomBytes(12).toString('base64url');
  const response = await respond({ event, resolve });
  setSecurityHeaders(response.headers, event.url, 'same-origin');
  response.headers.set('x-request-id', event.locals.requestId);
  return response;
};

const respond: Handle = async ({ event, resolve }) => {
  const refused = await refuseUnusable(event.request, event.url);
  if (refused) return refused;
  const lang = requestLang(event.url, event.cookies, isSecure(event.url));
  event.locals.lang = lang;
  event.locals.user = null;
  event.locals.csrf = null;
  if (event.cookies.get(SESSION_COOKIE)) {
    // The API is the authority on sessions: ask it who this is on every request.
    const me = await api(event.cookies, '/auth/me');
    if (me.ok) {
      event.locals.user = me.body.user;
      event.locals.csrf = me.body.csrfToken;
    } else if (me.status === 401) {
      clearSession(event.cookies, event.url);
    }
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang),
  });
  // Pages show personal and organisational data: never store them in shared caches.
  if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
  return response;
};

export const handleError: HandleServerError = ({ event, status, error }) => {
  // The request can hold report data or session details: only the route pattern and the error
  // (stack included, token-like strings cut out) are logged.
  if (status >= 500) logError({ requestId: event.locals.requestId, route: event.route?.id ?? null, status, error });
  const lang = isLang(event.locals.lang) ? event.locals.lang : DEFAULT_LANG;
  return { message: t(lang, status === 404 ? 'error.notFound' : 'error.generic') };
};
