/**
 * Server-side calls to the API (API_URL). The browser never talks to the API: the dashboard
 * forwards the session cookie and, for state-changing calls, the CSRF token from the form.
 */
import { env } from '$env/dynamic/private';
import type { Cookies } from '@sveltejs/kit';
import type { AppType } from '@vw/api/contract';
import type { ExtractSchema } from 'hono/types';
import { currentRequestId, isSecure } from './headers';

export const SESSION_COOKIE = 'vw_session';
export const SESSION_MAX_AGE = 12 * 3600;

export function apiUrl(path: string): string {
  const base = env['API_URL'] ?? 'http://127.0.0.1:3000';
  return new URL(path, base).toString();
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** The API's routes and their answers, as the API declares them (`@vw/api/contract`). */
type Routes = ExtractSchema<AppType>;
type MethodKey<M extends Method> = `$${Lowercase<M>}`;

/** A route of the API that answers `M`, as declared there (`/releases/:id/rows`). */
export type ApiPath<M extends Method = 'GET'> = { [P in keyof Routes]: MethodKey<M> extends keyof Routes[P] ? P : never }[keyof Routes] & string;

/** The JSON a route answers on success (2xx), as the API declares it. */
export type ApiOutput<P extends string, M extends Method = 'GET'> = P extends keyof Routes
  ? MethodKey<M> extends keyof Routes[P]
    ? Extract<Routes[P][MethodKey<M>], { status: 200 | 201; outputFormat: 'json' }> extends { output: infer O } ? O : never
    : never
  : never;

/** The `:name` parameters of a route path. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}` ? Name : never;

/** A success with the route's declared answer, or a failure whose body is the API's error (or not JSON at all). */
export type ApiResult<T> =
  | { ok: true; status: number; body: T; headers: Headers }
  | { ok: false; status: number; body: unknown; headers: Headers };

export interface ApiCall<M extends Method = Method> {
  method?: M;
  /** JSON body. */
  json?: unknown;
  /** Raw text body with its content type (CSV uploads). */
  text?: { body: string; type: string };
  /** Query parameters; undefined ones are left out. */
  query?: Record<string, string | undefined>;
  /** The CSRF token of the signed-in user (required by the API for non-GET calls). */
  csrf?: string | null;
  /** Extra cookies to send (the OIDC flow cookie). */
  cookies?: Record<string, string>;
  /** The browser's address, for the API's sign-in limits (never logged). */
  clientAddress?: string;
}

export type RouteCall<P extends string, M extends Method> = ApiCall<M> & ([PathParams<P>] extends [never] ? { params?: undefined } : { params: Record<PathParams<P>, string> });

/** The URL of a route with its parameters filled in (each percent-encoded) and its query. */
export function routeUrl(path: string, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const qs = q.toString();
  return qs ? `${filled}?${qs}` : filled;
}

async function send(cookies: Cookies, url: string, call: ApiCall): Promise<Response> {
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
  return fetch(apiUrl(url), { method: call.method ?? 'GET', headers, body, redirect: 'manual' });
}

/**
 * Calls a route of the API as the user of `cookies`; never throws for an HTTP error status. The
 * route is named as the API declares it (`/reports/unit/:code`, parameters in `params`), and a
 * success carries the answer type the API declares for it: a changed schema there fails this
 * app's typecheck. A successful answer that is not JSON (a redirect) has an empty body.
 */
export async function api<const P extends ApiPath<M>, M extends Method = 'GET'>(cookies: Cookies, path: P, call?: RouteCall<P, M>): Promise<ApiResult<ApiOutput<P, M>>> {
  const res = await send(cookies, routeUrl(path, call?.params, call?.query), call ?? {});
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  if (res.ok) return { ok: true, status: res.status, body: isJson ? await res.json() : {}, headers: res.headers };
  return { ok: false, status: res.status, body: isJson ? await res.json() : await res.text(), headers: res.headers };
}

/** A typed reader of GET routes that answers the body on success and leaves every refusal to `refuse`. */
export type ApiGet = <const P extends ApiPath>(path: P, call?: RouteCall<P, 'GET'>) => Promise<ApiOutput<P>>;

export function apiGet(cookies: Cookies, refuse: (status: number) => never): ApiGet {
  return async (path, call) => {
    const res = await api(cookies, path, call);
    if (!res.ok) refuse(res.status);
    return res.body;
  };
}

/** Like `api`, for the routes that answer a file (CSV): the body is its text. */
export async function apiText<const P extends ApiPath<M>, M extends Method = 'GET'>(cookies: Cookies, path: P, call?: RouteCall<P, M>): Promise<ApiResult<string>> {
  const res = await send(cookies, routeUrl(path, call?.params, call?.query), call ?? {});
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  if (res.ok) return { ok: true, status: res.status, body: await res.text(), headers: res.headers };
  return { ok: false, status: res.status, body: isJson ? await res.json() : await res.text(), headers: res.headers };
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
