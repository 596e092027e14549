/**
 * OpenID Connect single sign-on per organisation, with the standard `openid-client` library:
 * authorization code flow with PKCE, state and nonce, and the ID token's signature verified
 * against the provider's JWKS (`enableNonRepudiationChecks`; by default the library trusts the
 * TLS channel instead). The verified e-mail address names an existing, active user of that
 * organisation; SSO never creates accounts (docs/decisions/021-oidc.md).
 */
import * as client from 'openid-client';
import type { Db } from '../db/client.js';
import { getOrganisationByCode, listSsoSettings } from '../repositories/organisations.js';
import { findActiveUserOfOrganisation } from '../repositories/users.js';
import { AuthError } from './errors.js';
import type { SessionUser } from './session.js';

export const OIDC_COOKIE = 'vw_oidc';
/** Minutes a started sign-in may take at the provider. */
export const OIDC_FLOW_MINUTES = 10;

/** Plain-HTTP issuers are only accepted on the loopback interface (tests, local development). */
export function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export interface OidcSettings {
  organisationId: number;
  code: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  emailClaim: string;
}

/** The organisation's SSO settings, or 404 when it has none. */
export async function getOidcSettings(db: Db, orgCode: string): Promise<OidcSettings> {
  const org = await getOrganisationByCode(db, orgCode);
  if (!org || !org.oidcIssuer || !org.oidcClientId || !org.oidcClientSecret) {
    throw new AuthError(404, 'sso_not_configured', 'this organisation has no single sign-on');
  }
  return { organisationId: org.id, code: org.code, issuer: org.oidcIssuer, clientId: org.oidcClientId, clientSecret: org.oidcClientSecret, emailClaim: org.oidcEmailClaim };
}

/** Organisations that offer single sign-on (for the sign-in page). */
export async function listSsoOrganisations(db: Db): Promise<{ code: string; name: string }[]> {
  const rows = await listSsoSettings(db);
  return rows.filter((r) => r.issuer && r.id && r.secret).map(({ code, name }) => ({ code, name }));
}

async function configure(settings: OidcSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
  try {
    const config = await client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    client.enableNonRepudiationChecks(config);
    return config;
  } catch {
    throw new AuthError(401, 'sso_failed', 'the sign-in provider could not be reached');
  }
}

/** What travels in the short-lived flow cookie between start and callback. */
export interface OidcFlow {
  org: string;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

export function encodeFlow(flow: OidcFlow): string {
  return Buffer.from(JSON.stringify(flow)).toString('base64url');
}

export function decodeFlow(value: string | undefined): OidcFlow | null {
  if (!value) return null;
  try {
    const f = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<OidcFlow>;
    if ([f.org, f.state, f.nonce, f.verifier, f.redirectUri].every((v) => typeof v === 'string')) return f as OidcFlow;
  } catch {
    // fall through
  }
  return null;
}

/** Starts a sign-in: the provider URL to redirect to, and the flow to keep in a cookie. */
export async function startOidc(db: Db, orgCode: string, redirectUri: string): Promise<{ url: URL; flow: OidcFlow }> {
  const settings = await getOidcSettings(db, orgCode);
  const config = await configure(settings);
  const verifier = client.randomPKCECodeVerifier();
  const flow: OidcFlow = { org: settings.code, state: client.randomState(), nonce: client.randomNonce(), verifier, redirectUri };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow };
}

/**
 * Finishes a sign-in: exchanges the code, verifies the ID token (signature, issuer, audience,
 * expiry, nonce) and returns the user its e-mail claim names. Every failure is a 401.
 */
export async function finishOidc(db: Db, orgCode: string, flow: OidcFlow | null, query: URLSearchParams): Promise<SessionUser> {
  if (!flow || flow.org !== orgCode) throw new AuthError(401, 'sso_failed', 'the sign-in was not started here or took too long');
  const settings = await getOidcSettings(db, orgCode);
  const config = await configure(settings);
  const callbackUrl = new URL(flow.redirectUri);
  callbackUrl.search = query.toString();
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch {
    // The library's message may quote tokens; it is not passed on.
    throw new AuthError(401, 'sso_failed', 'the sign-in provider\'s answer could not be verified');
  }
  const email = claims?.[settings.emailClaim];
  // The standard `email` claim counts only when the provider says it verified it; a custom claim
  // (e.g. `upn`) is the organisation's own directory and is taken as is.
  if (typeof email !== 'string' || (settings.emailClaim === 'email' && claims?.['email_verified'] !== true)) {
    throw new AuthError(401, 'sso_failed', 'the sign-in provider did not give a verified e-mail address');
  }
  const user = await findActiveUserOfOrganisation(db, email.trim().toLowerCase(), settings.organisationId);
  if (!user) throw new AuthError(401, 'sso_failed', 'no active account of this organisation has that e-mail address');
  return { id: user.id, email: user.email, role: user.role, organisationId: user.organisationId, scopeUnitId: user.scopeUnitId };
}
