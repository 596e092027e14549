/**
 * What an administrator does, in real Chromium against the built dashboard and a live API on the
 * small demo: sign in, upload a units file with one bad row and see the row-level error, manage
 * instruments, users and organisation settings; axe-core finds no violation on any page.
 * Screenshots go to test-results/screenshots.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows, sql } from '../../../api/src/db/client';
import { checkPage, signIn as signInAs, signOut as signOutOf, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
let orgCode = '';

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  const [org] = await queryRows<{ code: string }>(h.database.db, sql`select code from organisations order by id limit 1`);
  orgCode = org!.code;
}, 240_000);
afterAll(async () => h?.close(), 60_000);

const url = (path: string) => `${h.dashboardUrl}${path}`;

const check = (name: string) => checkPage(page, name);
const signIn = (email: string, password: string) => signInAs(page, h.dashboardUrl, email, password);
const signOut = () => signOutOf(page);

const UNITS_HEADER = 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to';

describe('admin in the browser', { timeout: 60_000 }, () => {
  it('shows the sign-in page, accessible, and refuses a wrong password', async () => {
    await page.goto(url('/'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await check('01-login');
    await page.getByLabel('E-mailadres').fill('admin@demo.example');
    await page.getByLabel('Wachtwoord').fill('not the password');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('onjuist');
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    await check('02-login-error');
  });

  it('keeps sign-in details typed before the page\'s JavaScript arrived', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/_app/immutable/**/*.js', async (route) => { await held; await route.continue(); });
    try {
      await page.goto(url('/login'), { waitUntil: 'commit' });
      await page.getByLabel('E-mailadres').fill('admin@demo.example');
      release();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300); // hydration runs once the modules are in
      expect(await page.getByLabel('E-mailadres').inputValue()).toBe('admin@demo.example');
    } finally {
      release();
      await page.unroute('**/_app/immutable/**/*.js');
    }
  });

  it('signs the admin in with an HttpOnly session cookie and shows the admin menu', async () => {
    await signIn('admin@demo.example', 'demo-admin-2026');
    expect(new URL(page.url()).pathname).toBe('/');
    const session = (await h.context.cookies()).find((c) => c.name === 'vw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    for (const name of ['Eenheden en aantallen', 'Vragenlijsten', 'Gebruikers', 'Organisaties']) {
      await expect.poll(() => page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name }).count()).toBe(1);
    }
    await check('03-home-admin');
    await page.goto(url('/admin'));
    await check('04-admin');
  });

  it('uploads a units file with one bad row, sees that row reported, and nothing is stored', async () => {
    await page.goto(url('/admin/units'));
    // The units as a tree (root first) with headcounts per period, not just "DEF 41".
    const tree = page.getByRole('table', { name: 'Eenheden en personeelsaantallen per periode' });
    expect(await tree.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await tree.locator('thead th').count()).toBeGreaterThan(3);
    expect(await tree.locator('tbody tr').first().locator('td').nth(0).textContent()).toBe('organisatie');
    expect((await tree.locator('tbody tr').first().locator('td.number').allTextContents()).some((t) => /^\d+$/.test(t))).toBe(true);
    await check('05-units');
    const before = await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from units`);
    const csv = [UNITS_HEADER, `BROWSER-1,${orgCode},Browser unit,onderdeel,,,`, `BROWSER-2,NO-SUCH-UNIT,Orphan,compagnie,,,`, `BROWSER-3,${orgCode},Fine too,onderdeel,false,,`].join('\n');
    const unitsForm = page.locator('form[action="?/units"]');
    await unitsForm.locator('input[type=file]').setInputFiles({ name: 'units-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await unitsForm.getByRole('button', { name: 'Eenheden laden' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('units-bad.csv is afgewezen: 1 fout(en)');
    const table = page.getByRole('table', { name: 'Foute regels in units-bad.csv' });
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    // The reason in the page's language (issue 15: no English free text on a Dutch page).
    expect(await row.locator('td').allTextContents()).toEqual(['3', 'parent', 'onbekende bovenliggende eenheid "NO-SUCH-UNIT"']);
    await check('06-units-rejected');
    // A duplicate code and a bad boolean, as people met them: in Dutch too.
    const dup = [UNITS_HEADER, `BROWSER-9,${orgCode},Een,onderdeel,,,`, `BROWSER-9,${orgCode},Twee,onderdeel,ja,,`].join('\n');
    await unitsForm.locator('input[type=file]').setInputFiles({ name: 'units-dup.csv', mimeType: 'text/csv', buffer: Buffer.from(dup) });
    await unitsForm.getByRole('button', { name: 'Eenheden laden' }).click();
    await page.waitForLoadState('load');
    const dupRows = page.getByRole('table', { name: 'Foute regels in units-dup.csv' }).locator('tbody tr');
    await dupRows.first().waitFor();
    const reasons = await dupRows.locator('td:nth-child(3)').allTextContents();
    expect(reasons).toEqual(expect.arrayContaining(['code "BROWSER-9" komt al voor (eerst op regel 2)', '"ja" is niet true of false']));
    for (const r of reasons) expect(r).not.toMatch(/duplicate|is not|unknown|required/);
    const after = await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from units`);
    expect(after[0]!.n).toBe(before[0]!.n);

    // The corrected file: first a preview of what it would change (nothing stored), then the upload.
    const good = [UNITS_HEADER, `BROWSER-1,${orgCode},Browser unit,onderdeel,,,`].join('\n');
    await page.locator('form[action="?/units"] input[type=file]').setInputFiles({ name: 'units-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.locator('form[action="?/units"]').getByRole('button', { name: 'Eerst bekijken wat er verandert' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Voorbeeld van units-good.csv: 1 nieuw, 0 gewijzigd');
    expect((await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from units`))[0]!.n).toBe(before[0]!.n);
    await page.locator('form[action="?/units"] input[type=file]').setInputFiles({ name: 'units-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.locator('form[action="?/units"]').getByRole('button', { name: 'Eenheden laden' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('units-good.csv is opgeslagen: 1 nieuw');
    await check('07-units-stored');
  });

  it('uploads headcounts with a bad row and sees it', async () => {
    await page.goto(url('/admin/units'));
    const csv = ['unit,period,dimension,group,headcount', `${orgCode},2030,all,all,100`, `${orgCode},2030,gender,nonsense,5`].join('\n');
    const form = page.locator('form[action="?/population"]');
    await form.locator('input[type=file]').setInputFiles({ name: 'population.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.locator('button[type=submit]').last().click();
    await page.waitForLoadState('load');
    const errors = page.getByRole('table', { name: 'Foute regels in population.csv' });
    await errors.waitFor(); // allTextContents does not wait for the page that answers the upload
    const cells = await errors.locator('tbody td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['3', 'group']);
    await check('08-population-rejected');
  });

  it('lists and shows instruments, and reports an invalid definition', async () => {
    await page.goto(url('/admin/instruments'));
    await check('09-instruments');
    await page.getByRole('link', { name: 'werkbeleving-sv@1' }).click();
    await page.waitForURL(/\/admin\/instruments\/werkbeleving-sv\/1$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('werkbeleving-sv@1');
    await check('10-instrument-version');
    await page.goto(url('/admin/instruments'));
    await page.getByLabel('Definitie (JSON)').fill('{"id": "x", "version": 1}');
    await page.getByRole('button', { name: 'Publiceren' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('niet geldig');
    await check('11-instrument-invalid');
  });

  it('creates a commander with a scope, with field errors tied to the fields', async () => {
    await page.goto(url('/admin/users'));
    await check('12-users');
    const form = page.locator('form[action="?/create"]');
    await form.getByLabel('E-mailadres').fill('nieuw@demo.example');
    await form.getByLabel('Eerste wachtwoord').fill('kort');
    await form.getByLabel('Rol').selectOption('commander');
    await form.getByLabel(/Eenheid van de commandant/).fill('NO-SUCH-UNIT');
    await form.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    const password = page.getByLabel('Eerste wachtwoord');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy.at(-1)}`).textContent()).toContain('12');
    // Entirely in Dutch: not "Ongeldige waarde: at least 12 characters".
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('minstens 12 tekens');
    expect(main).not.toMatch(/at least|characters|unknown unit|not valid/);
    await check('13-users-error');
    const [unit] = await queryRows<{ code: string }>(h.database.db, sql`select code from units where level = 'compagnie' order by code limit 1`);
    await page.getByLabel('Eerste wachtwoord').fill('een lang genoeg wachtwoord');
    await page.getByLabel(/Eenheid van de commandant/).fill(unit!.code);
    await page.locator('form[action="?/create"] button[type=submit]').click();
    await page.waitForURL(/\/admin\/users\/\d+\?created=1$/);
    expect(await page.getByRole('status').textContent()).toContain('aangemaakt');
    await check('14-user-created');
  });

  it('edits organisation settings and rejects k below 5 at the field', async () => {
    await page.goto(url('/admin/organisations'));
    await check('15-organisations');
    await page.goto(url(`/admin/organisations/${orgCode}`));
    await check('16-organisation');
    await page.getByLabel(/Minimum aantal deelnemers per cijfer/).fill('3');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.waitForLoadState('load');
    const k = page.getByLabel(/Minimum aantal deelnemers per cijfer/);
    expect(await k.getAttribute('aria-invalid')).toBe('true');
    expect(await k.inputValue()).toBe('3');
    await check('17-organisation-error');
    await k.fill('12');
    await page.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').textContent()).toContain('opgeslagen');
    const [row] = await queryRows<{ k: number }>(h.database.db, sql`select min_group_size as k from organisations where code = ${orgCode}`);
    expect(row!.k).toBe(12);
  });

  it('speaks English and fits a phone screen', async () => {
    await page.goto(url('/admin/users?lang=en'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await check('18-users-en');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(url('/admin/units?lang=nl'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await check('19-units-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('signs out; a commander then gets no admin menu and a 403 on admin pages', async () => {
    await signOut();
    expect((await h.context.cookies()).some((c) => c.name === 'vw_session')).toBe(false);
    await signIn('compagnie@demo.example', 'demo-company-2026');
    // A commander starts on their own unit; the menu offers it and the help page.
    expect(new URL(page.url()).pathname).toMatch(/^\/unit\/.+/);
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual(['Mijn eenheid', 'Hulp']);
    await check('20-home-commander');
    const res = await page.goto(url('/admin/users'));
    expect(res?.status()).toBe(403);
    expect(await page.textContent('main')).toContain('geen toegang');
    await check('21-forbidden');
    await signOut();
  });
});

describe('admin waves in the browser', { timeout: 120_000 }, () => {
  it('creates a wave, generates and downloads invitations as unit,link rows, and closes it', async () => {
    await signIn('admin@demo.example', 'demo-admin-2026');
    await page.goto(url('/admin/waves?lang=nl'));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const create = page.getByRole('group', { name: 'Meting aanmaken' });
    // Units are picked from the tree, in tree order (root first, children indented); none = all.
    const unitOptions = await create.getByLabel('Eenheden', { exact: true }).locator('option').allTextContents();
    expect(unitOptions[0]).toMatch(/^\S.*\(organisatie\)$/);
    expect(unitOptions.some((o) => o.startsWith('\u00a0\u00a0\u00a0'))).toBe(true);
    await create.getByLabel('Code', { exact: true }).fill('BT-2031');
    await create.getByLabel('Opent', { exact: true }).fill(day(0));
    await create.getByLabel('Sluit', { exact: true }).fill(day(30));
    await create.getByRole('button', { name: 'Meting aanmaken' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('BT-2031');
    expect(await page.getByRole('row', { name: /BT-2031/ }).textContent()).toContain('open');
    await check('22-wave-created');

    const [unit] = await queryRows<{ code: string }>(h.database.db, sql`select code from units where level = 'compagnie' order by code limit 1`);
    const invite = page.getByRole('group', { name: 'Uitnodigingen maken' });
    await invite.getByLabel('Meting', { exact: true }).selectOption('BT-2031');
    await invite.getByLabel(/^Eenheid/).fill(unit!.code);
    await invite.getByLabel(/^Aantal/).fill('3');
    const [download] = await Promise.all([page.waitForEvent('download'), invite.getByRole('button', { name: /Uitnodigingen maken en downloaden/ }).click()]);
    expect(download.suggestedFilename()).toBe('invitations-BT-2031.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('unit,link');
    expect(csv).toHaveLength(4);
    for (const line of csv.slice(1)) expect(line).toMatch(new RegExp(`^${unit!.code},https?://\\S+/t/\\S+$`));
    const [issued] = await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from invitations i join waves w on w.id = i.wave_id where w.code = 'BT-2031'`);
    expect(issued!.n).toBe(3);

    await page.goto(url('/admin/waves'));
    const close = page.getByRole('group', { name: 'Meting sluiten' });
    // Nothing is pre-selected; a wrong confirmation closes nothing.
    expect(await close.getByLabel('Meting', { exact: true }).inputValue()).toBe('');
    await close.getByLabel('Meting', { exact: true }).selectOption('BT-2031');
    await close.getByLabel('Typ de code van de meting ter bevestiging').fill('BT-2030');
    await close.getByRole('button', { name: 'Sluiten' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('main')).toContain('De getypte code is niet BT-2031; er is niets gesloten.');
    expect(await page.getByRole('row', { name: /BT-2031/ }).textContent()).toContain('open');
    await page.getByRole('group', { name: 'Meting sluiten' }).getByLabel('Meting', { exact: true }).selectOption('BT-2031');
    await page.getByRole('group', { name: 'Meting sluiten' }).getByLabel('Typ de code van de meting ter bevestiging').fill('BT-2031');
    await page.getByRole('group', { name: 'Meting sluiten' }).getByRole('button', { name: 'Sluiten' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Meting BT-2031 is gesloten.');
    expect(await page.getByRole('row', { name: /BT-2031/ }).textContent()).toContain('gesloten');
    await check('23-wave-closed');
    await signOut();
  });
});
