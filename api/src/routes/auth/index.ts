/**
 * /auth: password sign-in, sign-out, the current user, and OpenID Connect single sign-on.
 */
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AuthError } from '../../auth/errors.js';
import { clearSessionCookie, isSecureRequest, requireUser, setSessionCookie, type AuthEnv } from '../../auth/middleware.js';
import { OIDC_COOKIE, OIDC_FLOW_MINUTES, decodeFlow, encodeFlow, finishOidc, isLoopback, listSsoOrganisations, startOidc } from '../../auth/oidc.js';
import { verifyCredentials } from '../../auth/password.js';
import { createSession, csrfTokenFor, deleteSession } from '../../auth/session.js';
import { parseBody } from '../../auth/validate.js';
import { clientAddress, trustedProxiesFromEnv } from '../../http/client-address.js';

export const SignInSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1000),
});
export type SignIn = z.infer<typeof SignInSchema>;

/** Reads a JSON body; a non-JSON request is refused (cross-site forms cannot send JSON). */
async function jsonBody(c: { req: { header(name: string): string | undefined; json(): Promise<unknown> } }): Promise<unknown> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
    throw new AuthError(403, 'csrf', 'this request must be sent as application/json');
  }
  return c.req.json().catch(() => null);
}

export const authRoutes = new Hono<AuthEnv>()
  .post('/login', async (c) => {
    const { email, password } = parseBody(SignInSchema, await jsonBody(c));
    const db = c.get('db');
    const user = await verifyCredentials(db, email, password, clientAddress(c, trustedProxiesFromEnv()));
    const { token } = await createSession(db, user.id);
    setSessionCookie(c, token);
    return c.json({ user, csrfToken: csrfTokenFor(token) });
  })
  .post('/logout', requireUser(), async (c) => {
    await deleteSession(c.get('db'), c.get('sessionToken'));
    clearSessionCookie(c);
    return c.json({ ok: true });
  })
  .get('/me', requireUser(), (c) => c.json({ user: c.get('user'), csrfToken: csrfTokenFor(c.get('sessionToken')) }))
  /** Organisations offering single sign-on, for the sign-in page; public. */
  .get('/oidc', async (c) => c.json({ organisations: await listSsoOrganisations(c.get('db')) }))
  .get('/oidc/:org/start', async (c) => {
    const org = c.req.param('org');
    const redirectUri = callbackUri(c.req.url, org, c.req.query('redirect_uri'));
    const { url, flow } = await startOidc(c.get('db'), org, redirectUri);
    setCookie(c, OIDC_COOKIE, encodeFlow(flow), {
      httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), path: '/', maxAge: OIDC_FLOW_MINUTES * 60,
    });
    return c.redirect(url.toString(), 302);
  })
  .get('/oidc/:org/callback', async (c) => {
    const org = c.req.param('org');
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
