import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { api, cookieFromApi, isSecure, SESSION_COOKIE, setSession } from '$lib/server/api';
import { text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * Sign-in has no session yet, so its CSRF protection is a double-submit token: a random value in
 * an HttpOnly cookie that the form must repeat (on top of SvelteKit's Origin check).
 */
const LOGIN_CSRF_COOKIE = 'vw_login_csrf';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  if (locals.user) redirect(303, '/');
  let token = cookies.get(LOGIN_CSRF_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
    token = randomBytes(32).toString('base64url');
    cookies.set(LOGIN_CSRF_COOKIE, token, { path: '/login', httpOnly: true, sameSite: 'lax', secure: isSecure(url), maxAge: 3600 });
  }
  const sso = await api(cookies, '/auth/oidc');
  return { loginCsrf: token, sso: sso.ok ? sso.body.organisations : [], ssoFailed: url.searchParams.get('sso') === 'failed' };
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const email = text(form, 'email');
    const password = form.get('password');
    const expected = cookies.get(LOGIN_CSRF_COOKIE);
    if (!expected || !sameToken(expected, text(form, 'csrf'))) return fail(403, { email, error: 'csrf' as const });
    if (!email || typeof password !== 'string' || !password) return fail(400, { email, error: 'missing' as const });
    const res = await api(cookies, '/auth/login', { method: 'POST', json: { email, password }, clientAddress: getClientAddress() });
    const token = res.ok ? cookieFromApi(res.headers, SESSION_COOKIE) : null;
    if (!token) return fail(res.status === 401 ? 400 : 502, { email, error: res.status === 401 ? ('invalid' as const) : ('unavailable' as const) });
    setSession(cookies, url, token);
    cookies.delete(LOGIN_CSRF_COOKIE, { path: '/login' });
    redirect(303, '/');
  },
};
