/**
 * Server-side calls to the API (API_URL). The browser never talks to the API: the dashboard
 * forwards the session cookie and, for state-changing calls, the CSRF token from the form.
 */
import { env } from '$env/dynamic/private';
import type { Cookies } from '@sveltejs/kit';
import { currentRequestId, isSecure } from './headers';

export const SESSION_COOKIE = 'vw_session';
export const SESSION_MAX_AGE = 12 * 3600;

export function apiUrl(path: string): string {
  const base = env['API_URL'] ?? 'http://127.0.0.1:3000';
  return new URL(path, base).toString();
}

export interface ApiResult<T> {
  status: number;
  ok: boolean;
  body: T;
  headers: Headers;
}

export interface ApiCall {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** JSON body. */
  json?: unknown;
  /** Raw text body with its content type (CSV uploads). */
  text?: { body: string; type: string };
  /** The CSRF token of the signed-in user (required by the API for non-GET calls). */
  csrf?: string | null;
  /** Extra cookies to send (the OIDC flow cookie). */
  cookies?: Record<string, string>;
  /** The browser's address, for the API's sign-in limits (never logged). */
  clientAddress?: string;
}

/** Calls the API as the user of `cookies`; never throws for an HTTP error status. */
export async function api<T = unknown>(cookies: Cookies, path: string, call: ApiCall = {}): Promise<ApiResult<T>> {
  const headers = new Headers();
  const jar: Record<string, string> = { ...call.cookies };
  const session = cookies.get(SESSION_COOKIE);
  if (session) jar[SESSION_COOKIE] = session;
  const cookieHeader = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  if (cookieHeader) headers.set('cookie', cookieHeader);
  if (call.csrf) headers.set('x-csrf-token', call.csrf);
  if (call.clientAddress) headers.set('x-forwarded-for', call.clientAddress);
  const requestId = currentRequestId();
  if (requestId) headers.set('x-request-id', requestId);
  let body: string | undefined;
  if (call.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(call.json);
  } else if (call.text) {
    headers.set('content-type', call.text.type);
    body = call.text.body;
  }
  const res = await fetch(apiUrl(path), { method: call.method ?? 'GET', headers, body, redirect: 'manual' });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('application/json') ? await res.json() : await res.text();
  return { status: res.status, ok: res.ok, body: parsed as T, headers: res.headers };
}

/** A cookie the API set on its response (the session after sign-in, the OIDC flow cookie). */
export function cookieFromApi(headers: Headers, name: string): string | null {
  for (const line of headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (m) return m[1] ?? null;
  }
  return null;
}

/** Session cookie on the dashboard's own origin: HttpOnly, SameSite=Lax, Secure over HTTPS. */
export function setSession(cookies: Cookies, url: URL, token: string): void {
  cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url), maxAge: SESSION_MAX_AGE });
}

export function clearSession(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url) });
}

export { isSecure } from './headers';
