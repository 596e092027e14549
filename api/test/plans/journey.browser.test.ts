/**
 * The follow-up journey in Chromium (playwright-core, the Debian browser): a commander picks a
 * proposed focus area on the dashboard, writes a plan with an action and progress, downloads the
 * RI&E export and publishes the team summary; a respondent of the unit then sees it on the next
 * wave's welcome page and on the unit's survey-link page. axe-core finds nothing on any new page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { repoRoot } from '../../src/env.js';
import { getInstrumentVersion } from '../../src/services/instruments.js';
import { createInvitations, createOpenLinks } from '../../src/services/invitations.js';
import { createWave } from '../../src/repositories/waves.js';
import { EMAIL, PASSWORD } from '../auth/fixture.js';
import { ensureAppBuild } from '../helpers/build.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addComparison, createPlanFixture, freeze, type PlanFixture } from './fixture.js';
import { freePort, waitFor } from '../helpers/net.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

const SHOTS = `${repoRoot}test-results/screenshots`;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: TestDatabase;
let f: PlanFixture;
let api: ServerType;
let apps: ChildProcess[] = [];
let browser: Browser;
let dashboard = '';
let survey = '';

async function start(app: 'dashboard' | 'survey', apiPort: number): Promise<string> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  apps.push(spawn(process.execPath, [`${repoRoot}${app}/build/index.js`], {
    cwd: `${repoRoot}${app}`,
    env: { PATH: process.env['PATH'], PORT: String(port), HOST: '127.0.0.1', API_URL: `http://127.0.0.1:${apiPort}`, ORIGIN: base },
    stdio: ['ignore', 'ignore', 'inherit'],
  }));
  await waitFor(base);
  return base;
}

async function axe(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const w = globalThis as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureAppBuild('dashboard');
  await ensureAppBuild('survey');
  t = await createTestDatabase();
  f = await createPlanFixture(t.db);
  const release = await freeze(t.db, f.orgId, 'ORG-2024', [
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', count: 40, n: 100 },
    { scope: 'COMP-A', indicator: 'sv_experienced', option: 'often', base: 'all', suppressed: true },
    { scope: 'COMP-A', indicator: 'sv_trust', option: 'agree', base: 'all', count: 70, n: 100 },
    { scope: 'COMP-B', indicator: 'sv_experienced', option: 'any', base: 'all', count: 20, n: 100 },
  ], new Date('2024-05-01T00:00:00Z'));
  await addComparison(t.db, release, { scope: 'COMP-A', indicator: 'sv_experienced', option: 'any', base: 'all', against: 'parent_rest', difference: 0.2, significant: true });
  const apiPort = await freePort();
  api = serve({ fetch: createApp({ db: t.db, auth: { secureCookies: false } }).fetch, port: apiPort, hostname: '127.0.0.1' });
  dashboard = await start('dashboard', apiPort);
  survey = await start('survey', apiPort);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  for (const a of apps) a.kill('SIGTERM');
  apps = [];
  api?.close();
  await t?.destroy();
});

describe('from results to action, told to the team', () => {
  it('a commander picks a proposal, plans, downloads the RI&E export and publishes the summary; a respondent sees it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${dashboard}/login?lang=en`);
    await page.getByLabel(/E-mail address/).fill(EMAIL.commander);
    await page.getByLabel(/Password/).fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.getByRole('button', { name: /Sign in/ }).click()]);

    await page.goto(`${dashboard}/unit/COMP-A/plans`);
    expect(await page.textContent('h1')).toContain('Follow-up: Company A');
    const proposals = page.locator('ul.proposals > li');
    expect(await proposals.count()).toBe(1);
    expect(await proposals.first().textContent()).toContain('Experienced unwanted behaviour');
    await axe(page, 'plans-proposals');

    await page.getByLabel('Goal').fill('Fewer colleagues experience unwanted behaviour');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Make a plan' }).click()]);
    await page.waitForSelector('article.plan');
    expect(await page.locator('article.plan h3').first().textContent()).toContain('Experienced unwanted behaviour');

    await page.getByLabel('Action', { exact: true }).fill('Team dialogue in every platoon');
    await page.getByLabel(/^Owner/).fill('company sergeant major');
    await page.getByLabel('Deadline').fill('2025-03-01');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add action' }).first().click()]);
    await page.waitForSelector('article.plan table');
    await page.getByLabel('Note').fill('First dialogue held');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Record progress' }).first().click()]);
    await page.waitForSelector('text=First dialogue held');
    await axe(page, 'plans-with-plan');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as Excel (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toBe('plans-COMP-A.xlsx');
    const xlsx = readFileSync((await download.path())!);
    expect(xlsx.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const csv = await page.evaluate(async (href: string) => (await fetch(href)).text(), '/unit/COMP-A/plans/ries.csv');
    expect(csv).toContain('Team dialogue in every platoon');
    expect(csv.split('\n')[1]).toContain('0.400000');

    // The printable unit report carries the RI&E (PSA) plan of action as an appendix.
    await page.goto(`${dashboard}/unit/COMP-A`);
    const appendix = await page.textContent('#ries');
    expect(appendix).toContain('Team dialogue in every platoon');
    expect(appendix).toContain('company sergeant major');
    expect(appendix).toContain('ORG-2024-r1');
    await axe(page, 'unit-report-ries-appendix');
    await page.goto(`${dashboard}/unit/COMP-A/plans`);

    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Publish summary' }).click()]);
    await page.waitForSelector('text=View and print the summary');
    await page.getByRole('link', { name: 'View and print the summary' }).click();
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).toContain('You said, we did');
    await axe(page, 'plans-team-summary');
    await ctx.close();

    // The brigade commander reads the plan (no forms) and the oversight of the brigade.
    const bctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const bp = await bctx.newPage();
    await bp.goto(`${dashboard}/login?lang=en`);
    await bp.getByLabel(/E-mail address/).fill('brigade@test.example');
    await bp.getByLabel(/Password/).fill(PASSWORD);
    await Promise.all([bp.waitForURL((u) => !u.pathname.endsWith('/login')), bp.getByRole('button', { name: /Sign in/ }).click()]);
    await bp.goto(`${dashboard}/unit/COMP-A/plans`);
    expect(await bp.textContent('main')).toContain('only the commander of this unit can change them');
    expect(await bp.locator('form[action="?/action"], form[action="?/create"], form[action="?/publish"]').count()).toBe(0);
    await axe(bp, 'plans-read-only');
    await bp.goto(`${dashboard}/unit/BRIG/oversight`);
    expect(await bp.textContent('main')).toContain('Plans with a measured effect: 0 of 1');
    await axe(bp, 'plans-oversight');
    await bctx.close();

    // The next wave opens after the summary was published; its respondents of COMP-A see it.
    const version = await getInstrumentVersion(t.db, 'werkbeleving-sv@1');
    await createWave(t.db, {
      code: 'ORG-2025', organisationId: f.orgId, instrumentVersionId: version.id, unitIds: ['COMP-A', 'COMP-B'].map((c) => f.units.get(c)!.id),
      opensAt: new Date(Date.now() + 500), closesAt: new Date(Date.now() + 30 * 86_400_000), kind: 'census',
    }, );
    await new Promise((r) => setTimeout(r, 1000));
    const [a] = await createInvitations(t.db, 'ORG-2025', { unit: 'COMP-A', count: 1 });
    const [b] = await createInvitations(t.db, 'ORG-2025', { unit: 'COMP-B', count: 1 });
    const [code] = await createOpenLinks(t.db, 'ORG-2025', 'COMP-A');
    const respondent = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const rp = await respondent.newPage();
    await rp.goto(`${survey}/t/${a!.token}?lang=en`);
    await rp.waitForURL(/\/survey$/);
    const welcome = await rp.textContent('main');
    expect(welcome).toContain('You said, we did');
    expect(welcome).toContain('Team dialogue in every platoon');
    expect(welcome).toContain('40%');
    await axe(rp, 'survey-welcome-team-summary');
    await rp.goto(`${survey}/o/${code!.token}/team?lang=en`);
    expect(await rp.textContent('h1')).toContain('You said, we did');
    await axe(rp, 'survey-unit-team-summary');
    await respondent.close();

    // A respondent of another unit does not see it.
    const other = await browser.newContext();
    const op = await other.newPage();
    await op.goto(`${survey}/t/${b!.token}?lang=en`);
    await op.waitForURL(/\/survey$/);
    expect(await op.textContent('main')).not.toContain('You said, we did');
    await other.close();
  });
});
