/**
 * The survey as a respondent meets it: the built survey app (adapter-node) in front of this API
 * (in-process, on a free port, test database), driven by the Debian Chromium via playwright-core.
 * Screenshots of every page type go to test-results/screenshots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answers } from '@vw/questionnaire';
import { createApp } from '../../api/src/app.js';
import { queryRows, sql } from '../../api/src/db/client.js';
import { repoRoot } from '../../api/src/env.js';
import { createOpenLinks } from '../../api/src/services/invitations.js';
import { ensureAppBuild } from '../../api/test/helpers/build.js';
import { createTestDatabase, type TestDatabase } from '../../api/test/helpers/db.js';
import { completeAnswers, createOpenWave, createOrganisation, REPORTING_POINT, tokens } from '../../api/test/survey/factories.js';
import { freePort, waitFor } from '../../api/test/helpers/net.js';

// Code run inside the page by page.evaluate (the api package compiles without the DOM library).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

const SHOTS = `${repoRoot}test-results/screenshots`;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: TestDatabase;
let api: ServerType;
let survey: ChildProcess;
let browser: Browser;
let base = '';
let submissions = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await ensureAppBuild('survey');
  t = await createTestDatabase();
  await createOrganisation(t.db);
  await createOpenWave(t.db);
  const apiPort = await freePort();
  api = serve({ fetch: createApp({ db: t.db }).fetch, port: apiPort, hostname: '127.0.0.1' });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  survey = spawn(process.execPath, [`${repoRoot}survey/build/index.js`], {
    env: { PATH: process.env['PATH'], PORT: String(port), HOST: '127.0.0.1', API_URL: `http://127.0.0.1:${apiPort}`, ORIGIN: base },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(base);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  survey?.kill('SIGTERM');
  api?.close();
  await t?.destroy();
});

/** Every CSP violation of every page of every context (issue 13: the survey's CSP must stay strict). */
const cspViolations: string[] = [];
const CSP_MARK = 'csp-violation:';

async function context(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1024, height: 800 } });
  // Installed through the DevTools protocol before the page's own scripts (and without them when
  // JavaScript is off: then Chromium's own console report is caught below).
  await ctx.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error(${JSON.stringify(CSP_MARK)} + e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));`);
  ctx.on('page', (p) => p.on('console', (m) => {
    const text = m.text();
    if (text.startsWith(CSP_MARK) || /Content Security Policy/i.test(text)) cspViolations.push(`${p.url()}: ${text}`);
  }));
  return ctx;
}

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const w = globalThis as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Answers every page with `answers` until the review step; returns the item codes that were asked. */
async function fillSurvey(page: Page, answers: Answers): Promise<Set<string>> {
  const asked = new Set<string>();
  for (let guard = 0; guard < 30 && !page.url().endsWith('/survey/review'); guard += 1) {
    await page.locator('button[value="next"]').waitFor(); // the page is rendered, not on its way
    const names = await page.$$eval('form input[name], form textarea[name]', (els) => els.map((e) => (e as unknown as { name: string }).name));
    for (const name of new Set(names)) {
      asked.add(name);
      const v = answers[name];
      if (v === undefined) continue;
      for (const value of Array.isArray(v) ? v : [String(v)]) await page.check(`input[name="${name}"][value="${value}"]`);
    }
    const before = page.url();
    await page.click('button[value="next"]');
    await page.waitForURL((u) => u.toString() !== before);
  }
  expect(page.url()).toMatch(/\/survey\/review$/);
  return asked;
}

async function submitReview(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/thanks$/), page.click('form button[type="submit"]')]);
  submissions += 1;
}

const VICTIM_ONLY = ['sv_form', 'sv_discr_ground', 'sv_perpetrator', 'sv_discussed', 'sv_reported', 'sv_not_reported'];

describe('a respondent with JavaScript', () => {
  it('completes the victim path, sees the signpost, follow-ups and review; axe finds nothing on any page', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A', 1);
    const ctx = await context();
    const page = await ctx.newPage();
    const violations: Record<string, string[]> = {};
    await page.goto(`${base}/`);
    violations['home'] = await axe(page);
    await shot(page, 'home');

    const res = await page.goto(`${base}/t/${token}`);
    expect(page.url()).toBe(`${base}/survey`); // the token left the address bar
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    expect(res?.headers()['cache-control']).toBe('no-store');
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    const cookies = await ctx.cookies();
    expect(cookies.find((c) => c.name === 'vw_respondent')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect((await page.locator('h1').innerText()).trim()).toBe('Welkom bij de vragenlijst');
    const welcome = await page.locator('main').innerText();
    expect(welcome).toContain('Testorganisatie');
    expect(welcome).toContain('minder dan 7 deelnemers');
    expect(welcome).toMatch(/ongeveer \d+ minuten/);
    violations['welcome'] = await axe(page);
    await shot(page, 'welcome');

    await page.click('a.button');
    await page.waitForURL(/\/p\/\d+$/);
    expect((await page.locator('h1').innerText()).trim()).toBe('Werkbeleving');
    expect(await page.locator('#progress-text').innerText()).toBe('Deel 1 van 3'); // sections: stable as branches open
    expect(await page.locator('progress').getAttribute('max')).toBe('3');
    violations['question'] = await axe(page);
    await shot(page, 'question');

    // an error tied to its field: an exclusive option combined with another
    const answers = completeAnswers(true);
    const asked = new Set<string>();
    for (let guard = 0; guard < 30 && !page.url().endsWith('/survey/review'); guard += 1) {
      const names = new Set(await page.$$eval('form input[name]', (els) => els.map((e) => (e as unknown as { name: string }).name)));
      if (names.has('sv_team_observed')) {
        const signpost = page.locator('aside.signpost');
        expect(await signpost.innerText()).toContain('geen manier om iets te melden');
        expect(await signpost.locator('a').getAttribute('href')).toBe(REPORTING_POINT);
        violations['signpost'] = await axe(page);
        await shot(page, 'question-signpost');
      }
      if (names.has('sv_form')) expect(await page.locator('#progress-text').innerText()).toBe('Deel 2 van 3');
      if (names.has('sv_perpetrator') && !asked.has('sv_perpetrator')) {
        await page.check('input[name="sv_perpetrator"][value="collega"]');
        await page.check('input[name="sv_perpetrator"][value="zeg_niet"]');
        await page.click('button[value="next"]');
        await page.locator('.error-summary').waitFor();
        const describedBy = await page.locator('fieldset#q-sv_perpetrator').getAttribute('aria-describedby');
        expect(describedBy).toContain('error-sv_perpetrator');
        expect(await page.locator('#error-sv_perpetrator').innerText()).toContain('niet samen');
        violations['question-error'] = await axe(page);
        await shot(page, 'question-error');
        await page.uncheck('input[name="sv_perpetrator"][value="zeg_niet"]');
      }
      for (const name of names) {
        asked.add(name);
        const v = answers[name];
        if (v === undefined) continue;
        for (const value of Array.isArray(v) ? v : [String(v)]) await page.check(`input[name="${name}"][value="${value}"]`);
      }
      if (names.has('gender')) {
        // every background item offers "I'd rather not say"
        for (const bg of ['gender', 'age_band', 'personnel_type']) expect(await page.locator(`input[name="${bg}"][value="zeg_niet"]`).count()).toBe(1);
      }
      const before = page.url();
      await page.click('button[value="next"]');
      await page.waitForURL((u) => u.toString() !== before);
    }
    for (const code of VICTIM_ONLY) expect(asked.has(code), code).toBe(true);
    expect(asked.has('rank_mil')).toBe(true);
    expect(asked.has('scale_civ')).toBe(false);
    expect(await page.locator('main').innerText()).toContain('onderofficieren');
    violations['review'] = await axe(page);
    await shot(page, 'review');
    await submitReview(page);
    expect((await page.locator('h1').innerText()).trim()).toBe('Bedankt voor uw deelname');
    expect(await page.locator('main').innerText()).not.toMatch(/\d/); // no counts
    violations['thanks'] = await axe(page);
    await shot(page, 'thanks');
    expect(await ctx.cookies()).not.toContainEqual(expect.objectContaining({ name: 'vw_respondent' }));

    // the used link now explains itself: used to submit answers, and nothing else
    await page.goto(`${base}/t/${token}`);
    expect((await page.locator('h1').innerText()).trim()).toBe('Deze link is al gebruikt');
    expect(await page.locator('main').innerText()).toContain('al gebruikt om antwoorden te versturen');
    expect(await page.locator('main').innerText()).not.toContain('Er ging iets mis');
    violations['error'] = await axe(page);
    await shot(page, 'error');
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
    await ctx.close();
  });

  it('switches to English on every page and stays English', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/t/${token}`);
    await page.click('a.button');
    await page.waitForURL(/\/p\/1$/);
    await page.click('a[hreflang="en"]');
    await page.waitForURL(/lang=en/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await page.locator('h1').innerText()).trim()).toBe('Work experience');
    expect(await page.locator('main').innerText()).toContain('I can usually finish my work in the time available.');
    expect((await page.locator('button[value="next"]').innerText()).trim()).toBe('Next');
    await page.click('button[value="next"]');
    await page.waitForURL(/\/p\/2$/);
    expect((await page.locator('button[value="next"]').innerText()).trim()).toBe('Next');
    expect(await axe(page)).toEqual([]);
    await shot(page, 'question-en');
    await ctx.close();
  });

  it('fits a 320 px wide screen without horizontal scrolling', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    const ctx = await context({ width: 320 });
    const page = await ctx.newPage();
    await page.goto(`${base}/t/${token}`);
    for (const path of ['/survey', '/survey/p/1', '/survey/p/4', '/survey/review']) {
      await page.goto(`${base}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
    }
    await shot(page, 'review-320px');
    await ctx.close();
  });

  it('can be completed with the keyboard alone', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/t/${token}`);
    const focused = () => page.evaluate(() => {
      const e = document.activeElement as { tagName: string; type: string; name: string; value: string; textContent: string | null; className: string } | null;
      return { tag: e?.tagName ?? '', type: e?.type ?? '', name: e?.name ?? '', value: e?.value ?? '', text: e?.textContent?.trim() ?? '', cls: e?.className ?? '' };
    });
    // welcome: tab to the start link
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press('Tab');
      if ((await focused()).cls.includes('button')) break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/p\/\d+$/);
    let pages = 0;
    while (!page.url().endsWith('/review') && pages < 30) {
      const answered = new Set<string>();
      const before = page.url();
      for (let i = 0; i < 200; i += 1) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (f.tag === 'INPUT' && (f.type === 'radio' || f.type === 'checkbox') && !answered.has(f.name)) {
          await page.keyboard.press('Space');
          answered.add(f.name);
        }
        if (f.tag === 'BUTTON' && f.value === 'next') {
          await page.keyboard.press('Enter');
          break;
        }
      }
      await page.waitForURL((u) => u.toString() !== before);
      pages += 1;
    }
    expect(page.url()).toMatch(/\/review$/);
    for (let i = 0; i < 300; i += 1) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (f.tag === 'BUTTON') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/thanks$/);
    submissions += 1;
    await ctx.close();
  });
});

describe('a respondent without JavaScript', () => {
  it('completes the non-victim path with plain forms and never sees the follow-ups', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A1', 1);
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/t/${token}`);
    expect(page.url()).toBe(`${base}/survey`);
    await page.click('a.button');
    await page.waitForURL(/\/p\/\d+$/); // the first question page, before reading its form
    const answers = { ...completeAnswers(false), personnel_type: 'burger', rank_mil: undefined as never, scale_civ: 'schaal_7_10' };
    delete (answers as Answers)['rank_mil'];
    const asked = await fillSurvey(page, answers);
    for (const code of VICTIM_ONLY) expect(asked.has(code), code).toBe(false);
    expect(asked.has('scale_civ')).toBe(true);
    expect(asked.has('rank_mil')).toBe(false);
    await shot(page, 'review-nojs');
    await submitReview(page);
    expect((await page.locator('h1').innerText()).trim()).toBe('Bedankt voor uw deelname');
    await ctx.close();
  });

  it('saves, closes and resumes with the same link on the last page reached, in the language chosen', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A1', 1);
    let ctx = await context({ javaScriptEnabled: false });
    let page = await ctx.newPage();
    await page.goto(`${base}/t/${token}`);
    await page.click('a.button');
    await page.waitForURL(/\/p\/1$/); // the first question page, before reading its form
    await page.check('input[name="wl1"][value="2"]');
    await page.check('input[name="wl2"][value="5"]');
    await page.click('button[value="next"]');
    await page.waitForURL(/\/p\/2$/);
    await page.click('a[hreflang="en"]');
    await page.waitForURL(/\/p\/2\?lang=en$/);
    const onPage2 = await page.$$eval('form input[type="radio"]', (els) => els.map((e) => (e as unknown as { name: string }).name));
    await page.check(`input[name="${onPage2[0]}"][value="3"]`);
    await page.click('button[value="save"]');
    await page.waitForURL(/\/saved$/);
    expect((await page.locator('h1').innerText()).trim()).toBe('Your answers have been saved');
    await shot(page, 'saved');
    // The browser is closed: its session cookies (the token) are gone, lasting ones stay.
    const lasting = (await ctx.storageState()).cookies.filter((c) => c.expires > 0);
    await ctx.close();

    ctx = await context({ javaScriptEnabled: false });
    await ctx.addCookies(lasting);
    page = await ctx.newPage();
    await page.goto(`${base}/survey`);
    expect(page.url()).toBe(`${base}/`); // no session without the link
    await page.goto(`${base}/t/${token}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect((await page.locator('a.button').innerText()).trim()).toBe('Continue where you left off');
    await page.click('a.button');
    await page.waitForURL(/\/p\/2$/);
    expect(await page.locator(`input[name="${onPage2[0]}"][value="3"]`).isChecked()).toBe(true);
    // Another device (no cookies at all) opening the same link: the draft brings its language.
    const other = await context({ javaScriptEnabled: false });
    const elsewhere = await other.newPage();
    await elsewhere.goto(`${base}/t/${token}`);
    expect(await elsewhere.locator('html').getAttribute('lang')).toBe('en');
    expect((await elsewhere.locator('a.button').innerText()).trim()).toBe('Continue where you left off');
    // ... unless the link names a language.
    await elsewhere.goto(`${base}/t/${token}?lang=nl`);
    expect(await elsewhere.locator('html').getAttribute('lang')).toBe('nl');
    await other.close();
    // a page number that does not exist: a page in the survey's language with a way back
    await page.goto(`${base}/survey/p/99`);
    expect((await page.locator('h1').innerText()).trim()).toBe('Page not found');
    expect(await page.locator('main a[href="/survey"]').innerText()).toBe('Back to the survey');
    await page.goto(`${base}/survey/p/2`);
    await page.click('button[value="back"]');
    await page.waitForURL(/\/p\/1$/);
    expect(await page.locator('input[name="wl1"][value="2"]').isChecked()).toBe(true);
    expect(await page.locator('input[name="wl2"][value="5"]').isChecked()).toBe(true);
    await fillSurvey(page, completeAnswers(false));
    await submitReview(page);
    await ctx.close();
  });

  it('opens the survey with a typed code', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-B', 1);
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.fill('#code', 'not a code');
    await page.click('form button');
    await page.locator('#code-error').waitFor();
    await page.fill('#code', token!.toUpperCase().replace(/(.{6})/g, '$1-'));
    await page.click('form button');
    await page.waitForURL(/\/survey$/);
    await ctx.close();
  });
});

describe('a slow device', () => {
  it('keeps an answer given before the page\'s JavaScript arrived', async () => {
    const [token] = await tokens(t.db, 'TST-W1', 'TST-A1', 1);
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/t/${token}`);
    await page.click('a.button');
    await page.waitForURL(/\/p\/\d+$/);
    // Reload the question page with its scripts held back, answer while the page is plain HTML,
    // then let the scripts in: hydration must not reset the answer.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/_survey/immutable/**/*.js', async (route) => { await held; await route.continue(); });
    await page.reload({ waitUntil: 'commit' });
    await page.waitForSelector('input[name="wl1"][value="2"]');
    await page.check('input[name="wl1"][value="2"]');
    release();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300); // hydration runs once the modules are in
    expect(await page.isChecked('input[name="wl1"][value="2"]')).toBe(true);
    await ctx.close();
  });
});

describe('open-link mode', () => {
  it('is labelled as weaker and allows one response per device', async () => {
    const [link] = await createOpenLinks(t.db, 'TST-W1', 'TST-B');
    const ctx = await context();
    const page = await ctx.newPage();
    // an unknown code is refused on the intro already, not after Start
    await page.goto(`${base}/o/aaaaaaaaaaaaaaaa`);
    expect((await page.locator('h1').innerText()).trim()).toBe('De vragenlijst kan niet worden geopend');
    expect(await page.locator('form').count()).toBe(0);
    await page.goto(`${base}/o/${link!.token}`);
    expect(await page.locator('main').innerText()).toContain('minder sterk dan een persoonlijke uitnodiging');
    expect(await axe(page)).toEqual([]);
    await shot(page, 'open-link');
    await page.click('form button');
    await page.waitForURL(/\/survey$/);
    expect(await page.locator('main').innerText()).toContain('minder sterk');
    await page.click('a.button');
    await page.waitForURL(/\/p\/\d+$/); // the first question page, before reading its form
    await fillSurvey(page, {});
    await submitReview(page);
    await page.goto(`${base}/o/${link!.token}`);
    expect(await page.locator('main').innerText()).toContain('al ingevuld');
    expect(await page.locator('form').count()).toBe(0);
    await ctx.close();
  });
});

describe("a unit's team summary page with an unknown code", () => {
  it('says the code is not valid, with 404, in both languages, and the API counts the failure', async () => {
    const latest = async () => (await queryRows<{ at: Date | null }>(t.db, sql`select max(at) as at from rate_limit_buckets`))[0]?.at;
    const before = await latest();
    for (const [lang, text, not] of [['en', 'This link or code is not valid.', 'No summary has been published'], ['nl', 'Deze link of code is niet geldig.', 'nog geen samenvatting']] as const) {
      const res = await fetch(`${base}/o/NOPE/team?lang=${lang}`);
      const html = await res.text();
      expect(res.status, lang).toBe(404);
      expect(html, lang).toContain(text);
      expect(html, lang).not.toContain(not);
    }
    const after = await latest();
    expect(after).toBeDefined();
    expect(new Date(after!).getTime()).toBeGreaterThan(before ? new Date(before).getTime() : 0);
  });
});

describe('the database after the browser tests', () => {
  it('holds exactly one response per submission, and nothing links responses to invitations', async () => {
    const [r] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from responses`);
    const [u] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from invitations where used`);
    expect(submissions).toBe(5);
    expect(r!.n).toBe(submissions);
    expect(u!.n).toBe(submissions);
    const fks = await queryRows<{ src: string; dst: string }>(t.db, sql`
      select conrelid::regclass::text as src, confrelid::regclass::text as dst from pg_constraint where contype = 'f'`);
    for (const fk of fks) expect([fk.src, fk.dst].includes('responses') && [fk.src, fk.dst].some((x) => ['invitations', 'drafts', 'open_links'].includes(x))).toBe(false);
    const shared = await queryRows<{ column_name: string }>(t.db, sql`
      select column_name from information_schema.columns where table_name = 'responses'
      intersect select column_name from information_schema.columns where table_name = 'invitations'`);
    expect(shared.map((c) => c.column_name).sort()).toEqual(['unit_id', 'wave_id']);
    const [d] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from drafts join invitations using (token_hash) where used`);
    expect(d!.n).toBe(0);
  });
});

describe('the survey CSP', () => {
  it("has no 'unsafe-inline' and no page of the tests above violated it", async () => {
    const res = await fetch(`${base}/`);
    expect(res.headers.get('content-security-policy') ?? '').not.toContain('unsafe-inline');
    expect(cspViolations, cspViolations.join('\n')).toEqual([]);
  });

  it('the recorder sees a violation when there is one (the test can fail)', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>'));
    await expect.poll(() => cspViolations.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(cspViolations.join('\n')).toContain('style-src-attr');
    await ctx.close();
  });
});
