import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { MAX_FAILED_LOGINS } from '../../src/auth/password.js';
import { sessions, users, units } from '../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { EMAIL, PASSWORD, as, createFixture, signIn, type Fixture } from './fixture.js';

let database: TestDatabase;
let f: Fixture;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.db);
}, 120_000);
afterAll(async () => database.destroy());

const login = (email: string, password: string, headers: Record<string, string> = { 'content-type': 'application/json' }, app = f.app) =>
  app.request('/auth/login', { method: 'POST', headers, body: JSON.stringify({ email, password }) });

describe('password sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and returns the user and a CSRF token', async () => {
    const res = await login(EMAIL.commander, PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^vw_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const body = (await res.json()) as { user: { email: string; role: string; scopeUnitId: number }; csrfToken: string };
    expect(body.user).toMatchObject({ email: EMAIL.commander, role: 'commander', scopeUnitId: f.units.get('COMP-A')!.id });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('stores only a hash of the token', async () => {
    const res = await login(EMAIL.researcher, PASSWORD);
    const token = /vw_session=([^;]+)/.exec(res.headers.get('set-cookie')!)![1]!;
    const rows = await database.db.select().from(sessions);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.id).toHaveLength(32);
      expect(Buffer.from(r.id).toString('base64url')).not.toBe(token);
    }
  });

  it('marks the cookie Secure over HTTPS and when SECURE_COOKIES is on', async () => {
    const https = await f.app.request('https://dashboard.example/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL.admin, password: PASSWORD }) });
    expect(https.headers.get('set-cookie')).toContain('Secure');
    const proxied = await login(EMAIL.admin, PASSWORD, { 'content-type': 'application/json', 'x-forwarded-proto': 'https' });
    expect(proxied.headers.get('set-cookie')).toContain('Secure');
    const { createApp } = await import('../../src/app.js');
    const secureApp = createApp({ db: database.db, auth: { secureCookies: true } });
    expect((await login(EMAIL.admin, PASSWORD, undefined, secureApp)).headers.get('set-cookie')).toContain('Secure');
  });

  it('gives the same answer for an unknown address and a wrong password', async () => {
    const unknown = await login('nobody@test.example', PASSWORD);
    const wrong = await login(EMAIL.researcher, 'wrong password!');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a sign-in that is not JSON (a cross-site form cannot send JSON)', async () => {
    const res = await f.app.request('/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${EMAIL.admin}&password=${PASSWORD}`,
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
  });

  it('validates the body', async () => {
    const res = await login('', '');
    expect(res.status).toBe(422);
  });

  it('/auth/me answers the signed-in user and 401 without a session', async () => {
    const s = await signIn(f.app, EMAIL.admin);
    const me = await f.app.request('/auth/me', { headers: as(s) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email: EMAIL.admin, role: 'admin' }, csrfToken: s.csrf });
    expect((await f.app.request('/auth/me')).status).toBe(401);
    expect((await f.app.request('/auth/me', { headers: { cookie: 'vw_session=forged' } })).status).toBe(401);
  });

  it('signs out: the session stops working and the cookie is cleared', async () => {
    const s = await signIn(f.app, EMAIL.researcher);
    const out = await f.app.request('/auth/logout', { method: 'POST', headers: as(s) });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/vw_session=;.*Max-Age=0/);
    expect((await f.app.request('/auth/me', { headers: as(s) })).status).toBe(401);
  });

  it('ends sessions after their lifetime', async () => {
    const s = await signIn(f.app, EMAIL.researcher);
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await f.app.request('/auth/me', { headers: as(s) })).status).toBe(401);
  });

  it('refuses a deactivated user, even with a live session', async () => {
    const s = await signIn(f.app, EMAIL.otherCommander);
    await database.db.update(users).set({ active: false }).where(eq(users.id, f.ids.otherCommander));
    expect((await f.app.request('/auth/me', { headers: as(s) })).status).toBe(401);
    expect((await login(EMAIL.otherCommander, PASSWORD)).status).toBe(401);
    await database.db.update(users).set({ active: true }).where(eq(users.id, f.ids.otherCommander));
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, with a wrong one, or with another session\'s', async () => {
    const s = await signIn(f.app, EMAIL.admin);
    const other = await signIn(f.app, EMAIL.researcher);
    const csv = 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to\nNEW-CSRF,ORG,New,compagnie,,,';
    for (const headers of [as(s, {}, false), { ...as(s), 'x-csrf-token': 'x'.repeat(43) }, { ...as(s), 'x-csrf-token': other.csrf }]) {
      const res = await f.app.request('/admin/units', { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
    }
    const out = await f.app.request('/auth/logout', { method: 'POST', headers: as(s, {}, false) });
    expect(out.status).toBe(403);
    expect((await database.db.select().from(units).where(eq(units.code, 'NEW-CSRF'))).length).toBe(0);
    // With the token the same request goes through.
    const ok = await f.app.request('/admin/units', { method: 'POST', headers: { ...as(s), 'content-type': 'text/csv' }, body: csv });
    expect(ok.status).toBe(200);
  });

  it('does not need the token for reads', async () => {
    const s = await signIn(f.app, EMAIL.admin);
    expect((await f.app.request('/admin/users', { headers: as(s, {}, false) })).status).toBe(200);
  });
});

describe('sign-in slow-down (per account and address, never per account alone)', () => {
  const from = (address: string) => ({ 'content-type': 'application/json', 'x-forwarded-for': address });

  it(`refuses an address after ${MAX_FAILED_LOGINS} wrong passwords for an account, while the owner elsewhere signs in`, async () => {
    const attacker = '203.0.113.66';
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await login(EMAIL.commander, `wrong ${i}`, from(attacker))).status).toBe(401);
    // Four failures: the right password still works from there and forgives them.
    expect((await login(EMAIL.commander, PASSWORD, from(attacker))).status).toBe(200);
    for (let i = 0; i < MAX_FAILED_LOGINS + 3; i++) expect((await login(EMAIL.commander, `wrong ${i}`, from(attacker))).status).toBe(401);
    // Slowed down from that address: even the right password is refused, with the very same answer.
    const slowed = await login(EMAIL.commander, PASSWORD, from(attacker));
    const unknown = await login('nobody@test.example', PASSWORD, from('203.0.113.67'));
    expect(slowed.status).toBe(401);
    expect(await slowed.json()).toEqual(await unknown.json());
    // The owner, from their own address, is not affected: an outsider cannot lock them out.
    expect((await login(EMAIL.commander, PASSWORD, from('198.51.100.10'))).status).toBe(200);
    // Other accounts from the attacker's address are not affected either (high per-address limit).
    expect((await login(EMAIL.researcher, PASSWORD, from(attacker))).status).toBe(200);
    // Nothing is written to the account: no lock an admin would have to lift.
    const [row] = await database.db.select().from(users).where(eq(users.id, f.ids.commander));
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('rotating X-Forwarded-For does not escape the limit (right-most untrusted entry counts)', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect((await login(EMAIL.researcher, `wrong ${i}`, from(`10.9.9.${i}, 203.0.113.80`))).status).toBe(401);
    }
    expect((await login(EMAIL.researcher, PASSWORD, from('1.2.3.4, 203.0.113.80'))).status).toBe(401);
    expect((await login(EMAIL.researcher, PASSWORD, from('203.0.113.81'))).status).toBe(200);
  });

  it('verifies a password hash even for unknown addresses (no fast path)', async () => {
    // Timing is noisy; this asserts the order of magnitude: an unknown address is not answered
    // an order of magnitude faster than a known one.
    const time = async (email: string) => { const t = performance.now(); await login(email, 'wrong password'); return performance.now() - t; };
    await time('warmup@test.example');
    const unknown = Math.min(await time('a@test.example'), await time('b@test.example'));
    const known = Math.min(await time(EMAIL.researcher), await time(EMAIL.researcher));
    expect(unknown).toBeGreaterThan(known / 5);
  });
});
