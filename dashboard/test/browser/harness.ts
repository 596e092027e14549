/**
 * Browser-test harness: a test database with the small demo, the API in-process on a free port,
 * the built dashboard (`node build`) pointed at it, and Debian's Chromium driven by
 * playwright-core (never a downloaded browser). axe-core is injected into each page.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect } from 'vitest';
import { createApp } from '../../../api/src/app';
import { loadDemo } from '../../../api/src/services/load-demo';
import { buildRelease } from '../../../api/src/services/releases';
import { createTestDatabase, type TestDatabase } from '../../../api/test/helpers/db';

export const dashboardDir = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = resolve(dashboardDir, '../test-results/screenshots');
const CHROMIUM = '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds the dashboard when there is no build or the sources are newer than it. */
export function ensureBuild(): void {
  const entry = join(dashboardDir, 'build/index.js');
  const sources = ['src', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) => join(dashboardDir, p));
  if (existsSync(entry) && statSync(entry).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  const vite = join(dashboardDir, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: dashboardDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the dashboard failed');
}

async function waitFor(url: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export interface Harness {
  database: TestDatabase;
  dashboardUrl: string;
  context: BrowserContext;
  page: Page;
  /** GETs a CSV from the API as the holder of `session`; rows split on commas. */
  apiCsv(session: string, path: string): Promise<string[][]>;
  close(): Promise<void>;
}

/**
 * `releases`: periods to build (in this order) after loading the demo; `prepare`: changes to the
 * demo's data before they are built (e.g. a unit where nobody answered); `valueProtection`: the
 * builds' value check (default: the platform's default, on; `false` only for a test whose subject
 * is not the release, decision 047 session 8 addendum); `dashboardEnv`: more environment for the
 * dashboard's process.
 */
export async function startHarness(opts: { releases?: string[]; prepare?: (db: TestDatabase['db']) => Promise<void>; valueProtection?: boolean; dashboardEnv?: Record<string, string> } = {}): Promise<Harness> {
  ensureBuild();
  const database = await createTestDatabase();
  await loadDemo(database.db, { size: 'small' });
  await opts.prepare?.(database.db);
  for (const period of opts.releases ?? []) await buildRelease(database.db, period, opts.valueProtection === undefined ? {} : { valueProtection: opts.valueProtection });
  const apiPort = await freePort();
  const api: ServerType = serve({ fetch: createApp({ db: database.db, auth: { secureCookies: false } }).fetch, port: apiPort, hostname: '127.0.0.1' });
  const port = await freePort();
  const dashboardUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(dashboardDir, 'build/index.js')], {
    cwd: dashboardDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: dashboardUrl, API_URL: `http://127.0.0.1:${apiPort}`, ...opts.dashboardEnv },
  });
  await waitFor(`${dashboardUrl}/login`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'vw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(screenshotDir, { recursive: true });
  return {
    database, dashboardUrl, context, page,
    apiCsv: async (session, path) => {
      const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, { headers: { cookie: `vw_session=${session}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return (await res.text()).trim().split('\n').map((line) => line.split(','));
    },
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
      child.kill('SIGTERM');
      await new Promise<void>((r) => api.close(() => r()));
      await database.destroy();
    },
  };
}

const AXE_SOURCE = readFileSync(join(dashboardDir, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) in the page; returns the violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the dashboard's CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}

/** Asserts zero axe violations on the page and keeps a full-page screenshot named `name`. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const violations = await axe(page);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  expect(violations, describeViolations(violations)).toEqual([]);
}

/** Signs in on the dashboard's login page and waits for the page the sign-in leads to. */
export async function signIn(page: Page, dashboardUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${dashboardUrl}/login`);
  await page.getByLabel(/E-mailadres|E-mail address/).fill(email);
  await page.getByLabel(/Wachtwoord|Password/).fill(password);
  // Wait for the navigation the sign-in causes, not for the load state of the login page itself
  // (which is already reached, so that wait returned before the redirect had happened).
  await Promise.all([
    page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 60_000 }).catch(async () => {
      throw new Error(`sign-in of ${email} did not leave /login: ${(await page.textContent('main'))?.slice(0, 300)}`);
    }),
    page.getByRole('button', { name: /Inloggen|Sign in/ }).click(),
  ]);
  await page.waitForLoadState('load');
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Uitloggen|Sign out/ }).click();
  await page.waitForURL(/\/login$/);
}

/** The text of each page of a PDF (pdf.js), whitespace squashed. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}
