/** Helpers for form actions: CSRF check, API issues turned into per-field messages. */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
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

/** Whether a failed answer's body is the API's error (`{ error: { code, message, issues? } }`). */
export function isApiError(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const e = body.error;
  return typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string';
}

/** Field path (or CSV column) → first reason, from a 422 answer of the API. */
export function fieldErrors(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of isApiError(body) ? body.error.issues ?? [] : []) {
    const path = typeof i['path'] === 'string' ? i['path'] : typeof i['column'] === 'string' ? i['column'] : '';
    if (typeof i['reason'] === 'string') out[path] ??= i['reason'];
  }
  return out;
}

export function apiMessage(body: unknown): string {
  return isApiError(body) ? body.error.message : 'unexpected answer from the API';
}

/** An API failure as an action failure the page can show next to the form. */
export function apiFailure<E extends Record<string, unknown>>(status: number, body: unknown, extra: E) {
  if (status === 401) error(401, 'sign in first');
  if (status === 403) error(403, apiMessage(body));
  return fail(status === 422 ? 422 : 400, { message: apiMessage(body), errors: fieldErrors(body), ...extra });
}

export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
}
