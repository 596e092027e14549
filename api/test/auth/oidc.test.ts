/**
 * OpenID Connect sign-in against a real (local, in-process) provider: discovery over HTTP, PKCE,
 * state, nonce, and the ID token's signature checked against the provider's JWKS.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { organisations } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { EMAIL, createFixture, type Fixture } from './fixture.js';
import { startFakeProvider, type FakeProvider } from './fake-provider.js';

let database: TestDatabase;
let f: Fixture;
let idp: FakeProvider;
const REDIRECT = 'http://127.0.0.1:5999/auth/oidc/ORG/callback';

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.db);
  idp = await startFakeProvider();
  await database.db.update(organisations).set({ oidcIssuer: idp.issuer, oidcClientId: idp.clientId, oidcClientSecret: idp.clientSecret })
    .where(eq(organisations.code, 'ORG'));
}, 120_000);
afterAll(async () => {
  await idp.close();
  await database.destroy();
});
beforeEach(() => {
  idp.signWithForeignKey = false;
  idp.person = { sub: 'person-1', email: EMAIL.commander.toUpperCase(), email_verified: true };
});

/** Runs the whole flow as a browser would; returns the API's answer to the callback. */
async function flow(org = 'ORG', tamper?: (callback: URL) => void): Promise<Response> {
  const start = await f.app.request(`/auth/oidc/${org}/start?redirect_uri=${encodeURIComponent(REDIRECT.replace('ORG', org))}`);
  expect(start.status).toBe(302);
  const flowCookie = /vw_oidc=[^;]+/.exec(start.headers.get('set-cookie') ?? '')?.[0];
  expect(start.headers.get('set-cookie')).toContain('HttpOnly');
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(idp.issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const atIdp = await fetch(authorize, { redirect: 'manual' });
  expect(atIdp.status).toBe(302);
  const callback = new URL(atIdp.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT.replace('ORG', org));
  tamper?.(callback);
  return f.app.request(`/auth/oidc/${org}/callback${callback.search}`, { headers: flowCookie ? { cookie: flowCookie } : {} });
}

describe('OpenID Connect sign-in', () => {
  it('signs in the existing user named by the verified e-mail address', async () => {
    const res = await flow();
    expect(res.status, await res.clone().text()).toBe(302);
    const session = /vw_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    expect(session).toBeDefined();
    const me = await f.app.request('/auth/me', { headers: { cookie: session! } });
    expect(((await me.json()) as { user: { email: string; role: string } }).user).toMatchObject({ email: EMAIL.commander, role: 'commander' });
  });

  it('rejects an ID token signed with a key the provider does not publish', async () => {
    idp.signWithForeignKey = true;
    const res = await flow();
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('sso_failed');
    expect(res.headers.get('set-cookie') ?? '').not.toContain('vw_session=');
  });

  it('rejects an unverified e-mail address and an address without an account', async () => {
    idp.person = { sub: 'p2', email: EMAIL.commander, email_verified: false };
    expect((await flow()).status).toBe(401);
    idp.person = { sub: 'p3', email: 'stranger@test.example', email_verified: true };
    expect((await flow()).status).toBe(401);
  });

  it('does not sign in a user of another organisation', async () => {
    // The admin of the fixture has no organisation; SSO of ORG cannot name them.
    idp.person = { sub: 'p4', email: EMAIL.admin, email_verified: true };
    expect((await flow()).status).toBe(401);
  });

  it('rejects a callback with a changed state, or without the flow cookie', async () => {
    expect((await flow('ORG', (u) => u.searchParams.set('state', 'forged'))).status).toBe(401);
    const start = await f.app.request(`/auth/oidc/ORG/start?redirect_uri=${encodeURIComponent(REDIRECT)}`);
    const atIdp = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(atIdp.headers.get('location')!);
    expect((await f.app.request(`/auth/oidc/ORG/callback${callback.search}`)).status).toBe(401);
  });

  it('refuses a redirect URI that is not a callback, and organisations without SSO', async () => {
    expect((await f.app.request(`/auth/oidc/ORG/start?redirect_uri=${encodeURIComponent('https://evil.example/steal')}`)).status).toBe(403);
    expect((await f.app.request(`/auth/oidc/ORG/start?redirect_uri=${encodeURIComponent('http://evil.example/auth/oidc/ORG/callback')}`)).status).toBe(403);
    expect((await f.app.request('/auth/oidc/OTHER/start')).status).toBe(404);
  });

  it('lists the organisations that offer SSO', async () => {
    expect(await (await f.app.request('/auth/oidc')).json()).toEqual({ organisations: [{ code: 'ORG', name: 'Test organisation' }] });
  });
});
