/**
 * The production set-up of docs/production.md, started for real and used over HTTPS: PostgreSQL,
 * two API processes, two survey and two dashboard processes, and Caddy (Debian's package) in
 * front with `tls internal` and deploy/Caddyfile — the file a real installation uses. A smoke
 * test through the proxy: the headers of both apps, a survey submission, a dashboard sign-in and
 * a report, an admin action. PostgreSQL only (embedded PGlite is one process).
 *
 * Needs `caddy` on the PATH (`apt-get install caddy`; .ci/run installs it). Without it the test
 * is skipped with that message — except under CI=true, where it fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows, sql } from '../../src/db/client.js';
import { env, repoRoot } from '../../src/env.js';
import { DEMO_USERS, loadDemo } from '../../src/services/load-demo.js';
import { buildRelease } from '../../src/services/releases.js';
import { ensureAppBuild } from '../helpers/build.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { completeAnswers, createOpenWave, createOrganisation, tokens } from '../survey/factories.js';
import { freePort } from '../helpers/net.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

const onPostgres = Boolean(env().DATABASE_URL);
const hasCaddy = spawnSync('caddy', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasCaddy && process.env['CI'] === 'true') throw new Error('caddy is not installed: apt-get install caddy (the production test must run in CI)');
const run = onPostgres && hasCaddy;

let database: TestDatabase;
const children: ChildProcess[] = [];
let caddyHome = '';
let publicUrl = '';
let rootCa = '';
let browser: Browser;
let context: BrowserContext;
const copies: string[] = [];
const cspViolations: string[] = [];

function start(name: string, args: string[], extraEnv: Record<string, string>, cwd = repoRoot): ChildProcess {
  const child = spawn(args[0]!, args.slice(1), { cwd, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => { tail = (tail + d.toString()).slice(-4000); });
  child.once('exit', (code, signal) => { if (code !== 0 && signal === null) console.error(`${name} exited ${code}: ${tail}`); });
  children.push(child);
  return child;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up`);
}

/** An HTTPS request through the proxy that verifies the certificate against Caddy's own root. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${publicUrl}${path}`, { ca: rootCa, headers, servername: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  if (!run) return;
  const survey = await ensureAppBuild('survey', `.build-prod-${process.pid}`);
  const dashboard = await ensureAppBuild('dashboard', `.build-prod-${process.pid}`);
  copies.push(survey, dashboard);

  database = await createTestDatabase();
  await loadDemo(database.db, { size: 'small' });
  const [wave] = await queryRows<{ code: string }>(database.db, sql`select code from waves order by closes_at desc limit 1`);
  await buildRelease(database.db, wave!.code);
  await createOrganisation(database.db);
  await createOpenWave(database.db);
  const dbName = (database.db as unknown as { $client: { options: { database: string } } }).$client.options.database;
  const dbUrl = new URL(env().DATABASE_URL!);
  dbUrl.pathname = `/${dbName}`;

  const [publicPort, httpPort, apiInternal, ...ports] = await Promise.all(Array.from({ length: 9 }, freePort));
  const [api1, api2, s1, s2, d1, d2] = ports as [number, number, number, number, number, number];
  publicUrl = `https://localhost:${publicPort}`;
  const common = { LOG_LEVEL: 'warn', SECURE_COOKIES: 'true', HOST: '127.0.0.1' };
  for (const port of [api1, api2]) {
    start(`api:${port}`, [process.execPath, '--import', 'tsx', join(repoRoot, 'api/src/server.ts')], {
      ...common, DATABASE_URL: dbUrl.toString(), API_PORT: String(port), TRUST_PROXY: 'loopback', SURVEY_PUBLIC_URL: publicUrl,
      FAILURE_LIMIT_PER_ADDRESS: '5/0.01',
    });
  }
  const appEnv = { ...common, API_URL: `http://127.0.0.1:${apiInternal}`, ORIGIN: publicUrl, ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' };
  for (const port of [s1, s2]) start(`survey:${port}`, [process.execPath, join(survey, 'index.js')], { ...appEnv, PORT: String(port), SURVEY_START_PATH: '/code' });
  for (const port of [d1, d2]) start(`dashboard:${port}`, [process.execPath, join(dashboard, 'index.js')], { ...appEnv, PORT: String(port) }, join(repoRoot, 'dashboard'));

  caddyHome = mkdtempSync(join(tmpdir(), 'vw-caddy-'));
  start('caddy', ['caddy', 'run', '--config', join(repoRoot, 'deploy/Caddyfile'), '--adapter', 'caddyfile'], {
    HOME: caddyHome, XDG_DATA_HOME: join(caddyHome, 'data'), XDG_CONFIG_HOME: join(caddyHome, 'config'),
    PUBLIC_SITE: publicUrl, TLS: 'internal', HTTP_PORT: String(httpPort),
    SURVEY_UPSTREAMS: `127.0.0.1:${s1} 127.0.0.1:${s2}`, DASHBOARD_UPSTREAMS: `127.0.0.1:${d1} 127.0.0.1:${d2}`,
    API_INTERNAL: `127.0.0.1:${apiInternal}`, API_UPSTREAMS: `127.0.0.1:${api1} 127.0.0.1:${api2}`,
  });
  const rootPath = join(caddyHome, 'data/caddy/pki/authorities/local/root.crt');
  await until('Caddy', async () => existsSync(rootPath));
  rootCa = readFileSync(rootPath, 'utf8');
  for (const port of [api1, api2]) await until(`API ${port}`, async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok);
  await until('the API behind the proxy', async () => (await fetch(`http://127.0.0.1:${apiInternal}/ready`)).ok);
  await until('the survey behind the proxy', async () => (await get('/code')).status === 200);
  await until('the dashboard behind the proxy', async () => (await get('/login')).status === 200);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Chromium does not know Caddy's private root; the certificate itself is checked by get().
  context = await browser.newContext({ ignoreHTTPSErrors: true });
  // Any page that trips its own Content-Security-Policy says so on the console.
  context.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${m.location().url}: ${m.text().slice(0, 200)}`); });
}, 600_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  if (caddyHome) rmSync(caddyHome, { recursive: true, force: true });
  await database?.destroy();
});

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v ?? '');

async function fillSurvey(page: Page): Promise<void> {
  const answers = completeAnswers(false);
  for (let guard = 0; guard < 30 && !page.url().endsWith('/survey/review'); guard += 1) {
    await page.locator('button[value="next"]').waitFor();
    const names = await page.$$eval('form input[name]', (els) => els.map((e) => (e as unknown as { name: string }).name));
    for (const name of new Set(names)) {
      const v = answers[name];
      if (v === undefined) continue;
      for (const value of Array.isArray(v) ? v : [String(v)]) await page.check(`input[name="${name}"][value="${value}"]`);
    }
    const before = page.url();
    await page.click('button[value="next"]');
    await page.waitForURL((u) => u.toString() !== before);
  }
}

describe.skipIf(!run)('production set-up behind Caddy (HTTPS)', () => {
  it('serves both apps on one origin with a valid certificate and the security headers', async () => {
    for (const path of ['/code', '/login']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const h = res.headers;
      expect(one(h['strict-transport-security'])).toContain('max-age=31536000');
      const csp = one(h['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self' 'nonce-/);
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(one(h['x-frame-options'])).toBe('DENY');
      expect(one(h['permissions-policy'])).toContain('camera=()');
      expect(one(h['referrer-policy'])).toMatch(/no-referrer|same-origin/);
      expect(one(h['x-request-id'])).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(h['server']).toBeUndefined();
    }
    // Neither app allows any inline style (only SvelteKit's announcer attribute, by hash: decision 063).
    for (const path of ['/code', '/login']) expect(one((await get(path)).headers['content-security-policy']), path).not.toContain('unsafe-inline');
    // The API is not on the public origin.
    expect((await get('/ready')).status).not.toBe(200);
  });

  it('bad guesses from one address, even with forged X-Forwarded-For, are limited; a valid link from there still opens', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await get(`/t/${'x'.repeat(20)}${i}abcdef`, { 'x-forwarded-for': `192.0.2.${i}` })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const [token] = (await tokens(database.db, 'TST-W1', 'TST-B', 1)) as [string];
    const valid = await get(`/t/${token}`);
    expect(valid.status).toBe(303);
    expect(valid.headers['location']).toBe('/survey');
  });

  it('a respondent opens an invitation link and submits; the token cookie is Secure', async () => {
    const [token] = (await tokens(database.db, 'TST-W1', 'TST-A', 1)) as [string];
    const before = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from responses`);
    const page = await context.newPage();
    await page.goto(`${publicUrl}/t/${token}`);
    expect(page.url()).toBe(`${publicUrl}/survey`);
    const cookie = (await context.cookies(publicUrl)).find((c) => c.name === 'vw_respondent');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    await page.click('a.button');
    await fillSurvey(page);
    await Promise.all([page.waitForURL(/\/thanks$/), page.click('form button[type="submit"]')]);
    const after = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from responses`);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    await page.close();
  });

  it('a commander signs in and reads their unit report; an admin creates a user', async () => {
    const page = await context.newPage();
    const signIn = async (email: string, password: string) => {
      await page.goto(`${publicUrl}/login`);
      await page.getByLabel(/E-mailadres|E-mail address/).fill(email);
      await page.getByLabel(/Wachtwoord|Password/).fill(password);
      await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 60_000 }), page.getByRole('button', { name: /Inloggen|Sign in/ }).click()]);
    };
    const commander = DEMO_USERS.find((u) => u.role === 'commander')!;
    await signIn(commander.email, commander.password);
    const session = (await context.cookies(publicUrl)).find((c) => c.name === 'vw_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true });
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn eenheid' }).click();
    await page.waitForURL(/\/unit\/[^/]+$/);
    expect(await page.textContent('main')).toContain('Deelnemers');
    await page.getByRole('button', { name: /Uitloggen|Sign out/ }).click();
    await page.waitForURL(/\/login$/);

    const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
    await signIn(admin.email, admin.password);
    await page.goto(`${publicUrl}/admin/users`);
    const form = page.locator('form[action="?/create"]');
    await form.getByLabel('E-mailadres').fill('via-proxy@demo.example');
    await form.getByLabel('Eerste wachtwoord').fill('een lang genoeg wachtwoord');
    await form.getByLabel('Rol').selectOption('researcher');
    const [org] = await queryRows<{ code: string }>(database.db, sql`select code from organisations where code <> 'TST' order by id limit 1`);
    await form.getByLabel('Organisatie', { exact: true }).selectOption(org!.code);
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/users\/\d+\?created=1$/);
    const created = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from users where email = 'via-proxy@demo.example'`);
    expect(created[0]!.n).toBe(1);
    await page.close();
  });
});

describe.skipIf(!run)('production set-up behind Caddy: afterwards', () => {
  it('no page of the smoke test broke its own Content-Security-Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});

describe.skipIf(run)('production set-up behind Caddy', () => {
  it(onPostgres ? 'is skipped: caddy is not installed (apt-get install caddy)' : 'is skipped on PGlite: run with DATABASE_URL (PostgreSQL)', () => {
    expect(run).toBe(false);
  });
});
