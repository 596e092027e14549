/**
 * /auth: password sign-in, sign-out, the current user, and OpenID Connect single sign-on.
 */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { z } from '@hono/zod-openapi';
import { AuthError } from '../../auth/errors.js';
import { clearSessionCookie, isSecureRequest, setSessionCookie, type AuthEnv } from '../../auth/middleware.js';
import { OIDC_COOKIE, OIDC_FLOW_MINUTES, decodeFlow, encodeFlow, finishOidc, isLoopback, listSsoOrganisations, startOidc } from '../../auth/oidc.js';
import { verifyCredentials } from '../../auth/password.js';
import { createSession, csrfTokenFor, deleteSession } from '../../auth/session.js';
import { clientAddress } from '../../http/client-address.js';
import { declare, json, jsonBody, router } from '../../http/openapi.js';

export const SignInSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1000),
});
export type SignIn = z.infer<typeof SignInSchema>;

export const RoleSchema = z.enum(['admin', 'researcher', 'commander']);
export const SessionUserSchema = z.object({
  id: z.int(), email: z.string(), role: RoleSchema, organisationId: z.int().nullable(), scopeUnitId: z.int().nullable(),
}).openapi('SessionUser');
const SignedInSchema = z.object({ user: SessionUserSchema, csrfToken: z.string() });

/** A non-JSON request is refused before anything reads it (cross-site forms cannot send JSON). */
const jsonOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
    throw new AuthError(403, 'csrf', 'this request must be sent as application/json');
  }
  await next();
};

const loginRoute = declare('public', {
  method: 'post', path: '/login', tags: ['auth'], summary: 'Signs in with e-mail address and password; sets the session cookie',
  middleware: jsonOnly,
  request: { body: jsonBody(SignInSchema) },
  responses: { 200: json(SignedInSchema, 'Signed in; `csrfToken` goes in `x-csrf-token` on every state-changing request') },
}, [401, 403]);
const logoutRoute = declare('signed-in', {
  method: 'post', path: '/logout', tags: ['auth'], summary: 'Signs out (ends the session)',
  responses: { 200: json(z.object({ ok: z.literal(true) }), 'Signed out') },
});
const meRoute = declare('signed-in', {
  method: 'get', path: '/me', tags: ['auth'], summary: 'The signed-in user and the session\'s CSRF token',
  responses: { 200: json(SignedInSchema, 'The user') },
});
const oidcListRoute = declare('public', {
  method: 'get', path: '/oidc', tags: ['auth'], summary: 'Organisations offering single sign-on (for the sign-in page)',
  responses: { 200: json(z.object({ organisations: z.array(z.object({ code: z.string(), name: z.string() })) }), 'The organisations') },
});
const OrgParam = z.object({ org: z.string().min(1).max(100) });
const oidcStartRoute = declare('public', {
  method: 'get', path: '/oidc/{org}/start', tags: ['auth'], summary: 'Starts single sign-on: redirects to the organisation\'s provider',
  request: { params: OrgParam, query: z.object({ redirect_uri: z.string().max(2000).optional() }) },
  responses: { 302: { description: 'To the provider' } },
}, [403, 404]);
const oidcCallbackRoute = declare('public', {
  method: 'get', path: '/oidc/{org}/callback', tags: ['auth'], summary: 'Finishes single sign-on: sets the session cookie and redirects to /',
  request: { params: OrgParam },
  responses: { 302: { description: 'Signed in' } },
}, [401, 403, 404]);

export const authRoutes = router()
  .openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json');
    const db = c.get('db');
    const user = await verifyCredentials(db, email, password, clientAddress(c, c.get('config').trustProxy));
    const { token } = await createSession(db, user.id);
    setSessionCookie(c, token);
    return c.json({ user, csrfToken: csrfTokenFor(token) }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    await deleteSession(c.get('db'), c.get('sessionToken'));
    clearSessionCookie(c);
    return c.json({ ok: true } as const, 200);
  })
  .openapi(meRoute, (c) => c.json({ user: c.get('user'), csrfToken: csrfTokenFor(c.get('sessionToken')) }, 200))
  .openapi(oidcListRoute, async (c) => c.json({ organisations: await listSsoOrganisations(c.get('db')) }, 200))
  .openapi(oidcStartRoute, async (c) => {
    const { org } = c.req.valid('param');
    const redirectUri = callbackUri(c.req.url, org, c.req.valid('query').redirect_uri);
    const { url, flow } = await startOidc(c.get('db'), org, redirectUri);
    setCookie(c, OIDC_COOKIE, encodeFlow(flow), {
      httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), path: '/', maxAge: OIDC_FLOW_MINUTES * 60,
    });
    return c.redirect(url.toString(), 302);
  })
  .openapi(oidcCallbackRoute, async (c) => {
    const { org } = c.req.valid('param');
    const flow = decodeFlow(getCookie(c, OIDC_COOKIE));
    deleteCookie(c, OIDC_COOKIE, { path: '/' });
    const user = await finishOidc(c.get('db'), org, flow, new URL(c.req.url).searchParams);
    const { token } = await createSession(c.get('db'), user.id);
    setSessionCookie(c, token);
    return c.redirect('/', 302);
  });

/**
 * The redirect URI for a sign-in: by default this API's own callback; a front end (the dashboard)
 * may name its own callback, which must end in `/auth/oidc/<org>/callback` and be HTTPS (or
 * loopback). The provider checks it against the URIs registered for the client as well.
 */
function callbackUri(requestUrl: string, org: string, requested: string | undefined): string {
  const path = `/auth/oidc/${encodeURIComponent(org)}/callback`;
  if (!requested) return new URL(path, requestUrl).toString();
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    throw new AuthError(403, 'forbidden', 'redirect_uri is not a URL');
  }
  const okScheme = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
  if (!okScheme || !url.pathname.endsWith(path) || url.search || url.hash) {
    throw new AuthError(403, 'forbidden', 'redirect_uri is not an allowed callback');
  }
  return url.toString();
}
