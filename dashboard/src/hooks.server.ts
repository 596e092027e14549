import type { Handle, HandleServerError } from '@sveltejs/kit';
import { DEFAULT_LANG, LANG_COOKIE, isLang, pickLang, t } from '$lib/i18n';
import { SESSION_COOKIE, api, clearSession } from '$lib/server/api';
import type { SessionUser } from '$lib/types';

const ONE_YEAR_IN_SECONDS = 60 * 60 * 24 * 365;

export const handle: Handle = async ({ event, resolve }) => {
  const query = event.url.searchParams.get('lang');
  const lang = pickLang(query, event.cookies.get(LANG_COOKIE));
  if (query === lang) {
    event.cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: ONE_YEAR_IN_SECONDS });
  }
  event.locals.lang = lang;
  event.locals.user = null;
  event.locals.csrf = null;
  if (event.cookies.get(SESSION_COOKIE)) {
    // The API is the authority on sessions: ask it who this is on every request.
    const me = await api<{ user: SessionUser; csrfToken: string }>(event.cookies, '/auth/me');
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
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  // Pages show personal and organisational data: never store them in shared caches.
  if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
  return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
  // The route pattern and the error's name and stack frames (file:line), so a 500 can be traced;
  // never the URL, query, cookies or the error's message, which can hold report data or secrets.
  if (status >= 500) console.error(`[dashboard] unexpected server error (status ${status}) on ${event.request?.method ?? ''} ${event.route?.id ?? '(no route)'}: ${describeError(error)}`);
  const lang = isLang(event.locals.lang) ? event.locals.lang : DEFAULT_LANG;
  return { message: t(lang, status === 404 ? 'error.notFound' : 'error.generic') };
};

/** An error's name and stack frames without its message (which may quote data). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).join('\n');
  return `${error.name}\n${frames}`;
}
