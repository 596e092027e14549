/** Helpers for form actions: CSRF check, API issues turned into per-field messages. */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { ApiErrorBody, FieldIssue, RowIssue } from '$lib/types';

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

/** Field path → first reason, from a 422 answer of the API. */
export function fieldErrors(body: unknown): Record<string, string> {
  const issues = (body as ApiErrorBody | undefined)?.error?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const path = 'path' in i ? (i as FieldIssue).path : (i as RowIssue).column;
    out[path] ??= i.reason;
  }
  return out;
}

export function apiMessage(body: unknown): string {
  return (body as ApiErrorBody | undefined)?.error?.message ?? 'unexpected answer from the API';
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
