/**
 * Reading reports in real Chromium against the built dashboard and a live API on the small demo
 * with frozen releases: a company commander reads their unit (suppressed cells labelled), is
 * refused a sibling unit, downloads the PDF and the CSV; a researcher opens the heatmap and the
 * funnel plot for a window; an admin sees the waves page. axe-core on every page; screenshots kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows, sql } from '../../../api/src/db/client';
import { isOnUnitPage } from '../../src/lib/report/catalog';
import { checkPage, signIn as signInAs, signOut as signOutOf, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
let company = { code: '', name: '' };
let sibling = '';

beforeAll(async () => {
  h = await startHarness({ releases: ['2023-2025', 'DEF-2024', 'DEF-2025'] });
  page = h.page;
  const [c] = await queryRows<{ code: string; name: string; parent_id: number }>(h.database.db, sql`
    select u.code, u.name, u.parent_id from users s join units u on u.id = s.scope_unit_id where s.email = 'compagnie@demo.example'`);
  company = { code: c!.code, name: c!.name };
  const [s] = await queryRows<{ code: string }>(h.database.db, sql`select code from units where parent_id = ${c!.parent_id} and code <> ${c!.code} order by code limit 1`);
  sibling = s!.code;
}, 400_000);
afterAll(async () => h?.close(), 60_000);

const url = (path: string) => `${h.dashboardUrl}${path}`;

const check = (name: string) => checkPage(page, name);
const signIn = (email: string, password: string) => signInAs(page, h.dashboardUrl, email, password);
const signOut = () => signOutOf(page);

/** Downloads a link of the page through the browser (with its session) and returns the bytes. */
async function download(href: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await page.context().request.get(url(href));
  return { status: res.status(), type: res.headers()['content-type'] ?? '', body: await res.body() };
}

/** The document title Chromium writes into the PDF's Info dictionary (literal or UTF-16 hex). */
function pdfTitle(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const hex = /\/Title\s*<FEFF([0-9A-Fa-f]*)>/.exec(text);
  if (hex) {
    const bytes = Buffer.from(hex[1]!, 'hex');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
    return out;
  }
  const lit = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(text);
  return lit ? lit[1]!.replace(/\\(.)/g, '$1') : '';
}

function parseCsv(text: string): string[][] {
  return text.trim().split('\n').map((line) => line.split(','));
}

describe('a company commander', { timeout: 120_000 }, () => {
  it('signs in and sees their unit with suppressed cells labelled, never as zero or blank', async () => {
    await signIn('compagnie@demo.example', 'demo-company-2026');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn eenheid' }).click();
    await page.waitForURL(new RegExp(`/unit/${company.code}$`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(company.name);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Deelnemers');
    expect(main).toMatch(/minder dan 10 deelnemers|verborgen om een andere groep te beschermen/);
    // Every suppressed cell says why.
    const suppressed = await page.locator('td.suppressed').allTextContents();
    expect(suppressed.length).toBeGreaterThan(0);
    for (const t of suppressed) expect(t.trim()).toMatch(/minder dan 10|verborgen|alleen voor grotere|niet gepubliceerd/);
    expect(await page.locator('.interval-chart svg rect').count()).toBeGreaterThan(5);
    expect(await page.locator('.interval-chart .whisker').count()).toBeGreaterThan(5);
    expect(main).toContain('Niet opgegeven');
    // Nothing above the commander's own scope is offered.
    expect(await page.locator('a[rel=up]').count()).toBe(0);
    await check('30-unit-commander');
    await page.goto(url(`/unit/${company.code}?lang=en`));
    expect(await page.textContent('main')).toMatch(/fewer than 10 respondents|hidden to protect another group/);
    await check('31-unit-commander-en');
    await page.goto(url(`/unit/${company.code}?lang=nl`));
  });

  it('can pick an earlier release', async () => {
    await page.getByLabel('Meting of periode').selectOption({ label: 'DEF-2024 (meting)' });
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.waitForURL(/release=DEF-2024/);
    expect(await page.textContent('main')).toContain('DEF-2024');
    await check('32-unit-earlier-release');
  });

  it('cannot open a sibling unit by editing the URL', async () => {
    const res = await page.goto(url(`/unit/${sibling}`));
    expect(res?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('geen toegang');
    await check('33-unit-sibling-forbidden');
    expect((await download(`/unit/${sibling}/figures.csv`)).status).toBe(403);
    expect((await download(`/unit/${sibling}/report.pdf`)).status).toBe(403);
  });

  it('downloads the report as a PDF with a title page and the unit name', async () => {
    await page.goto(url(`/unit/${company.code}`));
    const href = await page.getByRole('link', { name: 'Rapport als PDF' }).getAttribute('href');
    const pdf = await download(href!);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.body.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pdfTitle(pdf.body)).toContain(company.name);
  });

  it('downloads a CSV that equals the release rows of the unit shown on the page', async () => {
    const href = await page.getByRole('link', { name: 'Cijfers als CSV' }).getAttribute('href');
    const release = new URL(href!, h.dashboardUrl).searchParams.get('release')!;
    const csv = await download(href!);
    expect(csv.status).toBe(200);
    const got = parseCsv(csv.body.toString('utf8'));
    const header = got[0]!;
    const col = (name: string) => header.indexOf(name);
    const [session] = (await h.context.cookies()).filter((c) => c.name === 'vw_session');
    const own = got.slice(1).filter((r) => r[col('scope')] === company.code && r[col('release')] === release);
    expect(header).toEqual(['release', 'scope', 'period', 'dimension', 'group', 'indicator', 'option', 'base', 'n', 'count', 'value', 'ci_low', 'ci_high', 'suppressed', 'reason']);
    expect(session).toBeDefined();
    // The API's own CSV of the unit's rows, filtered to what the page shows.
    const expected = (await h.apiCsv(session!.value, `/releases/${release}/rows?scope=${company.code}&format=csv`))
      .filter((r, i) => i > 0 && isOnUnitPage({ dimension: r[3]!, indicator: r[5]!, option: r[6]! }));
    expect(own.length).toBeGreaterThan(50);
    expect(own).toEqual(expected);
    // Suppressed rows carry no numbers.
    for (const r of own.filter((x) => x[col('suppressed')] === 'true')) expect(r.slice(8, 13)).toEqual(['', '', '', '', '']);
    const xlsx = await download(href!.replace('figures.csv', 'figures.xlsx'));
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK');
    await signOut();
  });
});

describe('a brigade commander', { timeout: 120_000 }, () => {
  it('reaches a company two levels down through the unit picker, and goes back up', async () => {
    const [b] = await queryRows<{ id: number; code: string }>(h.database.db, sql`
      select u.id, u.code from users s join units u on u.id = s.scope_unit_id where s.email = 'brigade@demo.example'`);
    const [c] = await queryRows<{ code: string; name: string; battalion: string }>(h.database.db, sql`
      select c.code, c.name, bat.name as battalion from units c join units bat on bat.id = c.parent_id
      where bat.parent_id = ${b!.id} and exists (select 1 from release_rows r where r.release_id = 'DEF-2025-r1' and r.scope = c.code)
      order by c.code limit 1`);
    await signIn('brigade@demo.example', 'demo-brigade-2026');
    await page.goto(url('/unit'));
    await page.waitForURL(new RegExp(`/unit/${b!.code}$`));
    // The brigade's parent is above the commander's scope: no way up.
    expect(await page.locator('a[rel=up]').count()).toBe(0);
    const picker = page.getByLabel('Eenheid', { exact: true });
    expect(await picker.locator('optgroup').count()).toBeGreaterThanOrEqual(2);
    expect(await picker.locator(`option[value="${c!.code}"]`).textContent()).toBe(`${c!.name} — ${c!.battalion}`);
    await picker.selectOption(c!.code);
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.waitForURL(new RegExp(`/unit/${c!.code}`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(c!.name);
    await check('35-unit-brigade-picked-company');
    await page.getByRole('link', { name: `Naar ${c!.battalion}` }).click();
    // a client-side navigation: wait for the new page rather than read the old heading
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(c!.battalion);
    await signOut();
  });
});

describe('a researcher', { timeout: 120_000 }, () => {
  it('opens the heatmap and the funnel plot for a window', async () => {
    await signIn('onderzoeker@demo.example', 'demo-research-2026');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'De organisatie' }).click();
    await page.waitForURL(/\/organisation$/);
    expect(await page.getByLabel('Meting of gepoolde periode').inputValue()).toBe('DEF-2023-2025-r1');
    await page.getByLabel('Niveau', { exact: true }).selectOption('brigade');
    await page.getByRole('button', { name: 'Tonen' }).click();
    await page.waitForURL(/tier=brigade/);
    const heat = page.locator('table.heatmap');
    const units = await heat.locator('tbody tr').count();
    expect(units).toBeGreaterThanOrEqual(3);
    const chart = page.locator('.heatmap-chart[role=img]');
    expect(await chart.getAttribute('aria-label')).toMatch(/Heatmap van \d+ eenheden/);
    const columns = await heat.locator('thead th').count() - 1;
    expect(await chart.locator('svg rect.cell').count()).toBe(units * columns);
    // Hidden cells are hatched and carry no value; the table beside says why.
    const hidden = chart.locator('svg rect.cell.suppressed');
    for (const fill of await hidden.evaluateAll((els) => els.map((e) => e.getAttribute('fill')))) expect(fill).toBe('url(#heatmap-hatch)');
    expect(await hidden.count()).toBe(await heat.locator('td.hidden').count());
    const funnel = page.locator('.funnel[role=img]');
    expect(await funnel.getAttribute('aria-label')).toMatch(/Trechterplot/);
    expect(await funnel.locator('.point').count()).toBeGreaterThanOrEqual(3);
    expect(await funnel.locator('path.l95').count()).toBe(2);
    expect(await funnel.locator('path.l998').count()).toBe(2);
    await check('40-organisation-window');
    const csv = await download(`/organisation/release.csv?release=DEF-2023-2025-r1&indicator=sv_experienced`);
    expect(csv.status).toBe(200);
    expect(csv.body.toString('utf8').split('\n')[0]).toBe('release,scope,period,dimension,group,indicator,option,base,n,count,value,ci_low,ci_high,suppressed,reason');
    await page.goto(url('/organisation?lang=en&indicator=psy_veiligheid|mean&dimension=rank_group'));
    expect(await page.textContent('main')).toContain('Funnel plot');
    await check('41-organisation-means-en');
    await page.goto(url('/organisation?lang=nl'));
  });

  it('reads the yearly organisation report and downloads it as a PDF', async () => {
    await page.getByRole('link', { name: /Jaarrapport van de hele organisatie/ }).click();
    await page.waitForURL(/\/organisation\/report\?org=/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Defensie');
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Jaarrapport sociale veiligheid — hele organisatie');
    expect(main).toContain('2023-2025');
    for (const id of ['headline', 'branches', 'groups', 'trend', 'method']) expect(await page.locator(`section#${id}`).count()).toBe(1);
    expect(await page.locator('#headline .interval-chart[role=img]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#branches tbody tr').count()).toBe(19);
    expect(await page.locator('#groups table').count()).toBe(4);
    await check('42-organisation-report');
    const href = await page.getByRole('link', { name: 'Jaarrapport als PDF' }).getAttribute('href');
    const pdf = await download(href!);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.body.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pdfTitle(pdf.body)).toContain('Jaarrapport');
    await signOut();
  });
});

describe('an admin', { timeout: 300_000 }, () => {
  it('sees the waves with their releases and builds a release', async () => {
    await signIn('admin@demo.example', 'demo-admin-2026');
    await page.goto(url('/admin/waves'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Metingen');
    const row = page.getByRole('row', { name: /DEF-2025/ });
    expect(await row.textContent()).toContain('DEF-2025-r1');
    await check('50-admin-waves');
    await page.getByLabel('Meting of periode').fill('DEF-2023');
    await page.getByRole('button', { name: 'Release bouwen' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 120_000 }).toContain('DEF-2023-r1');
    await check('51-admin-release-built');
    await signOut();
  });
});
