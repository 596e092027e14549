import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../../src/auth/password.js';
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

describe('lockout', () => {
  it(`locks an account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_LOGINS} failures in a row`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await login(EMAIL.commander, `wrong ${i}`)).status).toBe(401);
    // Still open after four: the right password works and resets the count.
    expect((await login(EMAIL.commander, PASSWORD)).status).toBe(200);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await login(EMAIL.commander, `wrong ${i}`)).status).toBe(401);
    const [row] = await database.db.select().from(users).where(eq(users.id, f.ids.commander));
    const minutes = (row!.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(LOCKOUT_MINUTES - 1);
    expect(minutes).toBeLessThanOrEqual(LOCKOUT_MINUTES);
    // Locked: the right password is refused with the very same answer.
    const locked = await login(EMAIL.commander, PASSWORD);
    const wrong = await login('nobody@test.example', PASSWORD);
    expect(locked.status).toBe(401);
    expect(await locked.json()).toEqual(await wrong.json());
    // Other accounts are not affected (counted per account).
    expect((await login(EMAIL.researcher, PASSWORD)).status).toBe(200);
    // When the lock has run out, the right password works again.
    await database.db.update(users).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, f.ids.commander));
    expect((await login(EMAIL.commander, PASSWORD)).status).toBe(200);
    const [after] = await database.db.select().from(users).where(eq(users.id, f.ids.commander));
    expect(after).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('verifies a password hash even for unknown addresses (no fast path)', async () => {
    // Timing is noisy; this asserts the order of magnitude: an unknown address is not answered
    // an order of magnitude faster than a known one.
    const time = async (email: string) => { const t = performance.now(); await login(email, 'wrong password'); return performance.now() - t; };
    await time('warmup@test.example');
    const unknown = Math.min(await time('a@test.example'), await time('b@test.example'));
    const known = Math.min(await time(EMAIL.researcher), await time(EMAIL.researcher));
    expect(unknown).toBeGreaterThan(known / 5);
    await database.db.update(users).set({ failedLogins: 0 }).where(eq(users.id, f.ids.researcher));
  });
});
