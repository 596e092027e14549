/** Helpers for form actions: CSRF check, API issues turned into per-field messages. */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { apiErrorMessage, apiReason } from '$lib/i18n/api-errors';
import { DEFAULT_LANG, isLang, type Lang } from '$lib/i18n';
import type { ApiErrorBody } from '$lib/types';

/**
 * The form's CSRF token, checked against the session's. The API checks it again; checking here
 * too keeps a forged post from reaching the API at all.
 */
export function formCsrf(event: RequestEvent, form: FormData): string {
  const token = form.get('csrf');
  if (!event.locals.user) error(401, 'sign in first');
  if (typeof token !== 'string' || token !== event.locals.csrf) error(403, 'invalid form token; reload the page and try again');
  return token;
}

/** The language of the page being answered (API errors are shown in it, never as English free text). */
function pageLang(): Lang {
  try {
    const lang = getRequestEvent().locals.lang;
    return isLang(lang) ? lang : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

/** Whether a failed answer's body is the API's error (`{ error: { code, message, issues? } }`). */
export function isApiError(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = body.error;
  return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string';
}

const issuesOf = (body: unknown): Record<string, unknown>[] => (isApiError(body) ? body.error.issues ?? [] : []);

/** Field path (or CSV column) → first reason, from a 422 answer of the API, in the page's language. */
export function fieldErrors(body: unknown, lang: Lang = pageLang()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issuesOf(body)) {
    const path = typeof i['path'] === 'string' ? i['path'] : typeof i['column'] === 'string' ? i['column'] : '';
    if (typeof i['reason'] === 'string') out[path] ??= apiReason(lang, i['reason']);
  }
  return out;
}

/** The API's error message in the page's language. */
export function apiMessage(body: unknown, status?: number, lang: Lang = pageLang()): string {
  const message = apiErrorMessage(lang, isApiError(body) ? body.error.message : undefined, status);
  // Field issues (a 422 on a form without per-field messages) are named after the message.
  const fields = issuesOf(body)
    .filter((i): i is { path: string; reason: string } => typeof i['path'] === 'string' && typeof i['reason'] === 'string')
    .slice(0, 5);
  return fields.length ? `${message}: ${fields.map((i) => `${i.path}: ${apiReason(lang, i.reason)}`).join('; ')}` : message;
}

/** An API answer's row or field issues with their reasons in the page's language. */
export function apiIssues<I extends { reason: string }>(body: unknown, lang: Lang = pageLang()): I[] {
  return issuesOf(body)
    .filter((i) => typeof i['reason'] === 'string')
    .map((i) => ({ ...(i as unknown as I), reason: apiReason(lang, i['reason'] as string) }));
}

/** An API failure as an action failure the page can show next to the form. */
export function apiFailure<E extends Record<string, unknown>>(status: number, body: unknown, extra: E) {
  if (status === 401) error(401, 'sign in first');
  if (status === 403) error(403, apiMessage(body, status));
  return fail(status === 422 ? 422 : 400, { message: apiMessage(body, status), errors: fieldErrors(body), ...extra });
}

export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
}
