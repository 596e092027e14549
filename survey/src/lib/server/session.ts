/**
 * The respondent's session: the invitation token lives in an HttpOnly cookie, swapped for the link
 * on first load, so the address bar, the history and any Referer hold a token-free URL.
 */
import { randomBytes } from 'node:crypto';
import { error, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import type { SurveySession } from '@vw/api/survey';
import { LANG_COOKIE, t, type Lang, type MessageKey } from '$lib/i18n';
import { ApiError, api } from './api';
import { isSecure, startPath } from './headers';

/** Not `vw_session`: that is the dashboard's sign-in cookie, and both apps can share one origin. */
export const TOKEN_COOKIE = 'vw_respondent';
export const KEY_COOKIE = 'vw_submit_key';
/** Set while a session was started from an open link: the access code's short fingerprint. */
export const OPEN_COOKIE = 'vw_open';
/** Fingerprints of open links this device has completed (open-link mode: one response per device). */
export const DONE_COOKIE = 'vw_open_done';

function cookieOptions(event: Pick<RequestEvent, 'url'>, maxAge?: number) {
  return {
    // Secure behind TLS (the request URL is https, or SECURE_COOKIES=true): the cookie holds the token.
    path: '/', httpOnly: true, sameSite: 'lax' as const, secure: isSecure(event.url),
    ...(maxAge === undefined ? {} : { maxAge }),
  };
}

const ONE_YEAR_IN_SECONDS = 60 * 60 * 24 * 365;

/** Keeps the respondent's language on this device for a year (not personal: nl or en). */
export function setLangCookie(event: Pick<RequestEvent, 'url' | 'cookies'>, lang: Lang): void {
  event.cookies.set(LANG_COOKIE, lang, cookieOptions(event, ONE_YEAR_IN_SECONDS));
}

export function setToken(event: Pick<RequestEvent, 'url' | 'cookies'>, token: string): void {
  // A browser-session cookie: gone when the browser closes; the link brings it back.
  event.cookies.set(TOKEN_COOKIE, token, cookieOptions(event));
}

export function endSession(cookies: Cookies): void {
  for (const name of [TOKEN_COOKIE, KEY_COOKIE, OPEN_COOKIE]) cookies.delete(name, { path: '/' });
}

/** The random key that makes a resent submission a retry (API decision 010). */
export function submitKey(event: Pick<RequestEvent, 'url' | 'cookies'>): string {
  const existing = event.cookies.get(KEY_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{22,128}$/.test(existing)) return existing;
  const key = randomBytes(24).toString('base64url');
  event.cookies.set(KEY_COOKIE, key, cookieOptions(event));
  return key;
}

/** The message shown for an API failure. */
export function problemKey(e: unknown): MessageKey {
  if (!(e instanceof ApiError)) return 'problem.unavailable';
  switch (e.code) {
    case 'invalid_token': return 'problem.invalid';
    case 'already_submitted': return 'problem.used';
    case 'wave_closed': return 'problem.closed';
    case 'wave_not_open': return 'problem.notOpen';
    case 'rate_limited': return 'problem.rateLimited';
    default: return 'problem.unavailable';
  }
}

/**
 * Ends the request with the error page for an API failure: a heading that says what happened (a
 * used link says so plainly, nothing about the answers) and the message, in the page's language.
 */
export function problemError(lang: Lang, e: unknown): never {
  const key = problemKey(e);
  error(problemStatus(e), { message: t(lang, key), title: t(lang, key === 'problem.used' ? 'problem.usedTitle' : 'problem.title') });
}

export function problemStatus(e: unknown): number {
  return e instanceof ApiError && e.status >= 400 && e.status < 500 ? e.status : 503;
}

export interface ActiveSession {
  token: string;
  session: SurveySession;
}

/** The session behind the cookie; without one, back to the start page; a dead one, an error page. */
export async function requireSession(event: RequestEvent): Promise<ActiveSession> {
  const token = event.cookies.get(TOKEN_COOKIE);
  if (!token) redirect(303, startPath());
  try {
    return { token, session: await api.session({ token }, event.getClientAddress()) };
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'invalid_token' || e.code === 'already_submitted' || e.code === 'wave_closed')) endSession(event.cookies);
    problemError(event.locals.lang as Lang, e);
  }
}
