/**
 * Authentication and authorization for every route that needs a signed-in user.
 *
 * `provideAuth` (mounted once in app.ts) puts the database and cookie settings on the context;
 * `requireUser(roles?)` then resolves the session cookie, checks the role, and for state-changing
 * methods checks the CSRF token. Routes never rely on the dashboard hiding a link.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/client.js';
import { env } from '../env.js';
import type { Role } from '../services/users.js';
import { AuthError } from './errors.js';
import { SESSION_COOKIE, SESSION_HOURS, csrfTokenMatches, getSessionUser, type SessionUser } from './session.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  /** Secure cookies even over plain HTTP (behind a TLS proxy); default: the SECURE_COOKIES env. */
  secureCookies?: boolean;
}

export interface AuthVariables {
  db: Db;
  secureCookies: boolean;
  /** Set by requireUser. */
  user: SessionUser;
  /** The raw session token, set by requireUser (for sign-out). */
  sessionToken: string;
}

/** The Hono environment of routes behind `requireUser`. */
export interface AuthEnv {
  Variables: AuthVariables;
}

/** Mounted once on the app; typed loosely so any app (whatever its Env) can mount it. */
export function provideAuth(db: Db, options: AuthOptions = {}): MiddlewareHandler {
  const secureCookies = options.secureCookies ?? env().SECURE_COOKIES;
  return async (ctx, next) => {
    const c = ctx as unknown as Context<AuthEnv>;
    c.set('db', db);
    c.set('secureCookies', secureCookies);
    await next();
  };
}

/** Whether cookies set on this response must be Secure: HTTPS request, or configured so. */
export function isSecureRequest<E extends AuthEnv>(c: Context<E>): boolean {
  if (c.get('secureCookies')) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export function setSessionCookie<E extends AuthEnv>(c: Context<E>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), path: '/', maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie<E extends AuthEnv>(c: Context<E>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c) });
}

/**
 * Requires a signed-in user, optionally with one of `roles`: 401 without a valid session, 403 for
 * another role. Every POST/PUT/PATCH/DELETE must also carry the session's CSRF token in the
 * `x-csrf-token` header (403 `csrf` otherwise).
 *
 * @example app.get('/admin/users', requireUser(['admin']), (c) => c.json(c.get('user')))
 */
export function requireUser(roles?: readonly Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const db = c.get('db');
    if (!db) throw new Error('requireUser needs provideAuth() mounted on the app');
    const token = getCookie(c, SESSION_COOKIE);
    const user = await getSessionUser(db, token);
    if (!user || !token) throw new AuthError(401, 'unauthenticated', 'sign in first');
    if (!SAFE_METHODS.has(c.req.method) && !csrfTokenMatches(token, c.req.header(CSRF_HEADER))) {
      throw new AuthError(403, 'csrf', 'missing or wrong CSRF token');
    }
    if (roles && !roles.includes(user.role)) throw new AuthError(403, 'forbidden', 'your role may not do this');
    c.set('user', user);
    c.set('sessionToken', token);
    await next();
  };
}
