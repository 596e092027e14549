/**
 * Reading reports in real Chromium against the built dashboard and a live API on the small demo
 * with frozen releases: a company commander reads their unit (suppressed cells labelled), is
 * refused a sibling unit, downloads the PDF and the CSV; a researcher opens the heatmap and the
 * funnel plot for a window; an admin sees the waves page. axe-core on every page; screenshots kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows, sql } from '../../../api/src/db/client';
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
  // value-checked builds of the demo (a window first): minutes on a loaded 2-core machine
}, 900_000);
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

describe('a company commander', { timeout: 120_000 }, () => {
  it('signs in and sees their unit with suppressed cells labelled, never as zero or blank', async () => {
    await signIn('compagnie@demo.example', 'demo-company-2026');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn eenheid' }).click();
    await page.waitForURL(new RegExp(`/unit/${company.code}$`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(company.name);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Deelnemers');
    // One label for every hidden figure, explained once, with a link to the help page.
    expect(await page.locator('#suppression-note').count()).toBe(1);
    expect(await page.locator('#suppression-note a').getAttribute('href')).toBe('/help#suppression');
    expect(await page.locator('#suppression-note').textContent()).toContain('minder dan 10');
    const suppressed = await page.locator('td.suppressed, dd.suppressed').allTextContents();
    for (const t of suppressed) expect(t.trim()).toBe('niet gepubliceerd');
    // Never a wall of italic labels: what is not published is named once per table, not row by row.
    for (const style of await page.locator('td.suppressed').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).fontStyle))) expect(style).toBe('normal');
    expect(await page.locator('.chart-block tbody td.suppressed').count()).toBe(0);
    expect(await page.locator("td.suppressed", { hasText: "minder dan" }).count()).toBe(0);
    expect(await page.locator('.interval-chart svg rect').count()).toBeGreaterThan(5);
    expect(await page.locator('.interval-chart .whisker').count()).toBeGreaterThan(5);
    expect(main).toContain('Niet opgegeven');
    // Nothing above the commander's own scope is offered.
    expect(await page.locator('a[rel=up]').count()).toBe(0);
    await check('30-unit-commander');
    await page.goto(url(`/unit/${company.code}?lang=en`));
    expect(await page.locator('#suppression-note').textContent()).toContain('Not published');
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

  it("downloads the page's figures as CSV and XLSX in the page's language (Dutch: ; and decimal commas)", async () => {
    await page.goto(url(`/unit/${company.code}?lang=nl`));
    const href = await page.getByRole('link', { name: 'Cijfers als CSV' }).getAttribute('href');
    const csv = await download(href!);
    expect(csv.status).toBe(200);
    const text = csv.body.toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0]!.slice(0, 5)).toEqual(['Onderdeel', 'Onderwerp', 'Groep', 'Periode', company.name]);
    // The first headline figure as the page shows it, with a decimal comma, never a 16-digit float.
    const pageValue = (await page.locator('table.headline tbody tr').first().locator('td').first().textContent())!.trim();
    expect(lines[1]!.slice(0, 2)).toEqual(['Kerncijfers', 'Zelf ongewenst gedrag meegemaakt']);
    expect(lines[1]![4] || lines[1]![11]).toBe(pageValue);
    expect(text).toMatch(/;\d+,\d%;/);
    expect(text).not.toMatch(/\d\.\d{4,}/);
    // Suppressed cells are words: one label for every suppressed cell (decision 041).
    expect(text).toContain('niet gepubliceerd: te weinig deelnemers (minder dan 10) of ter bescherming van een andere groep');
    expect(text).not.toMatch(/minder dan 10 deelnemers|verborgen om een andere groep te beschermen/);
    const xlsx = await download(href!.replace('figures.csv', 'figures.xlsx'));
    expect(xlsx.status).toBe(200);
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK');
    // Stored (uncompressed) ZIP: the sheet's XML is readable in the bytes.
    const sheet = xlsx.body.toString('utf8');
    expect(sheet).toMatch(/<c r="E2" s="[234]"><v>[\d.]+<\/v><\/c>/);
    expect(sheet).toContain('<t xml:space="preserve">Zelf ongewenst gedrag meegemaakt</t>');
    // In English: commas between fields and decimal points.
    await page.goto(url(`/unit/${company.code}?lang=en`));
    const en = (await download(href!)).body.toString('utf8').replace(/^\uFEFF/, '');
    expect(en.split('\r\n')[0]!.split(',').slice(0, 3)).toEqual(['Section', 'Topic', 'Group']);
    await page.goto(url(`/unit/${company.code}?lang=nl`));
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
    // Tree order: the company comes right after its battalion (and everything between is below it), indented.
    const options = await picker.locator('option').allTextContents();
    const ci = options.findIndex((o) => o.trim().endsWith(`${c!.name} (compagnie)`));
    const bi = options.findIndex((o) => o.trim() === `${c!.battalion} (bataljon)`);
    expect(bi).toBeGreaterThanOrEqual(0);
    expect(ci).toBeGreaterThan(bi);
    for (const o of options.slice(bi + 1, ci)) expect(o).toMatch(/^\u00a0/);
    expect(options[ci]).toMatch(/^\u00a0+└ /);
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
    const funnel = page.locator('figure.funnel');
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
    // Follow-up across the organisation (issue 14): present even before any plan exists.
    expect(await page.locator('section#follow-up').textContent()).toContain('Plannen met een gemeten effect: 0 van 0');
    expect(await page.locator('#headline .interval-chart[role=img]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#branches tbody tr').count()).toBe(19);
    expect(await page.locator('#groups table').count()).toBe(4);
    // "per <level>", never a singular level after "tussen"; no "Deze eenheid" column on an organisation report.
    expect(await page.locator('#branches-title').textContent()).toMatch(/^Vergelijking per \S+$/);
    expect(main).not.toContain('Deze eenheid');
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

describe('screens that do not mislead', { timeout: 180_000 }, () => {
  /** No sideways scrolling at the width of a phone. */
  async function fitsPhone(path: string): Promise<void> {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(path));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(overflow, `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  }

  it('opens a commander on the latest wave in which the unit has a report of its own, and explains windows', async () => {
    const own = await queryRows<{ period: string }>(h.database.db, sql`
      select r.period from releases r where r.kind = 'wave' and exists (select 1 from release_rows x
        where x.release_id = r.id and x.scope = ${company.code} and x.dimension = 'all' and not x.suppressed)
      order by r.period desc limit 1`);
    await signIn('compagnie@demo.example', 'demo-company-2026');
    // The start page is the unit itself, on its latest wave with figures.
    expect(new URL(page.url()).pathname).toBe(`/unit/${company.code}`);
    expect(await page.locator('.title-page .period').textContent()).toContain(`${own[0]!.period} (meting)`);
    expect(await page.locator('#no-report').count()).toBe(0);
    await check('60-unit-default-wave');
    // The window is explained; when it repeats the unit's latest wave, the page says so.
    await page.goto(url(`/unit/${company.code}?release=DEF-2023-2025-r1`));
    expect(await page.locator('#pooled-note').textContent()).toContain('laatste meting binnen die jaren');
    const [same] = await queryRows<{ n: number }>(h.database.db, sql`
      select count(*)::int as n from release_rows w join release_rows v on v.scope = w.scope and v.dimension = 'all' and v.indicator = 'response_rate'
        and v.release_id = ${`${own[0]!.period}-r1`} and v.count = w.count and v.n = w.n
      where w.release_id = 'DEF-2023-2025-r1' and w.scope = ${company.code} and w.dimension = 'all' and w.indicator = 'response_rate' and not w.suppressed`);
    expect(await page.locator('#same-wave-note').count()).toBe(same!.n > 0 ? 1 : 0);
    await check('61-unit-window-notes');
    await fitsPhone(`/unit/${company.code}`);
    await fitsPhone('/help');
    await signOut();
  });

  it('colours comparisons by each figure\'s direction, names units by their path and keeps the heatmap table reachable by keyboard', async () => {
    await signIn('onderzoeker@demo.example', 'demo-research-2026');
    let marked = 0;
    for (const tier of ['onderdeel', 'brigade', 'bataljon', 'compagnie']) {
      await page.goto(url(`/organisation?release=DEF-2023-2025-r1&tier=${tier}`));
      const directions = await page.locator('table.heatmap thead th').evaluateAll((ths) => ths.slice(1).map((th) => (th.querySelector('.direction')?.textContent ?? '').trim()[0] ?? ''));
      const cells = await page.locator('table.heatmap tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ cls: td.className, text: td.textContent ?? '' }))));
      for (const row of cells) {
        row.forEach((c, j) => {
          const symbol = c.text.includes('▲') ? 'up' : c.text.includes('▼') ? 'down' : null;
          if (!symbol) return expect(c.cls).not.toMatch(/fill-(better|worse)/);
          marked++;
          const better = (symbol === 'up') === (directions[j] === '↑');
          if (directions[j] === '↑' || directions[j] === '↓') expect(c.cls, `column ${j}: ${c.text}`).toContain(better ? 'fill-better' : 'fill-worse');
        });
      }
      // Words follow the same direction: never "better" for a higher share of people who fear reporting.
      for (const t of await page.locator('table.heatmap tbody td .visually-hidden').allTextContents()) expect(t).toMatch(/hoger: (beter|slechter)|lager: (beter|slechter)|hoger dan|lager dan|^$|minder dan|verborgen|alleen voor|niet/);
      const labels = await page.locator('table.heatmap tbody th').allTextContents();
      expect(new Set(labels).size, `unit labels at ${tier} are not unique`).toBe(labels.length);
      if (tier === 'compagnie') {
        expect(labels.some((l) => l.includes(' › '))).toBe(true);
        // BH-adjusted p-values with a decimal comma, like every other figure; the value column is not "Deze eenheid".
        for (const p of await page.locator('#units tbody tr td:nth-child(6)').allTextContents()) expect(p.trim()).toMatch(/^$|^(< )?[01],\d{3}$/);
        expect(await page.locator('#units thead').textContent()).not.toContain('Deze eenheid');
        // Units without a published figure are one collapsed list, not rows of labels.
        expect(await page.locator('#units td.suppressed').count()).toBe(0);
        const hidden = await page.locator('#units-hidden li').count();
        if (hidden > 0) expect(await page.locator('#units-hidden summary').textContent()).toBe(`${hidden} eenheden niet gepubliceerd`);
        // Every funnel point is a link that names its unit by the same path.
        const points = await page.locator('figure.funnel a.point').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
        expect(points.length).toBeGreaterThan(0);
        for (const p of points) expect(labels.some((l) => p.startsWith(`${l}:`)), p).toBe(true);
      }
    }
    expect(marked, 'no significant cell on any tier: the direction check would be empty').toBeGreaterThan(0);
    // One legend, saying what the shading is anchored to.
    expect(await page.locator('#heatmap p.hint').count()).toBe(1);
    expect(await page.locator('#heatmap-legend').textContent()).toContain('significant');
    await check('62-organisation-directions-paths');
    // The scrolling heatmap table is reached with Tab (right after the chart's region) and scrolled with the arrow keys.
    await page.goto(url('/organisation?release=DEF-2023-2025-r1&tier=brigade'));
    const region = page.locator('.heatmap-wrap');
    await page.locator('.heatmap-scroll').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('heatmap-wrap'))).toBe(true);
    const before = await region.evaluate((el) => el.scrollLeft);
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    const wide = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    // (Chromium scrolls smoothly: the position moves after the key presses, a little later under load.)
    if (wide) await expect.poll(() => region.evaluate((el) => el.scrollLeft), { timeout: 10_000 }).toBeGreaterThan(before);
    await fitsPhone('/organisation?release=DEF-2023-2025-r1&tier=brigade');
    // Help: what the figures mean, suppression, pooled windows, contact.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Hulp' }).click();
    await page.waitForURL(/\/help$/);
    for (const heading of ['Wat de cijfers betekenen', 'Verborgen cijfers', 'Metingen en gepoolde perioden', 'Vragen en contact']) {
      expect(await page.getByRole('heading', { level: 2, name: heading }).count()).toBe(1);
    }
    await check('63-help');
    await signOut();
  });
});

describe('an admin', { timeout: 900_000 }, () => {
  it('sees the waves with their releases and builds a release', async () => {
    await signIn('admin@demo.example', 'demo-admin-2026');
    await page.goto(url('/admin/waves'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Metingen');
    const row = page.getByRole('row', { name: /DEF-2025/ });
    expect(await row.textContent()).toContain('DEF-2025-r1');
    await check('50-admin-waves');
    // the disclosure summary per release (decisions 040, 041): rules, rows by reason, audit
    await page.locator('summary', { hasText: 'Bescherming per release' }).click();
    const protection = page.getByRole('table', { name: 'Bescherming per release' });
    const summary = await protection.getByRole('row', { name: /^DEF-2025-r1\b/ }).textContent();
    expect(summary).toContain('k 10');
    expect(summary).toContain('geslaagd');
    await page.getByLabel('Meting of periode').fill('DEF-2023');
    // The form's POST answers when the value-checked build is frozen (10-60 s), or after 20 s that
    // it is being built, when it takes longer (under load; decision 086, session 10): the waves'
    // table then shows the release once it is frozen.
    await page.getByRole('button', { name: 'Release bouwen' }).click({ timeout: 600_000 });
    await page.waitForLoadState('load', { timeout: 600_000 });
    const status = (await page.getByRole('status').first().textContent({ timeout: 600_000 })) ?? '';
    if (!status.includes('DEF-2023-r1')) {
      expect(status).toContain('De release van DEF-2023 wordt gebouwd');
      await expect.poll(async () => {
        await page.goto(url('/admin/waves'));
        return page.getByRole('row', { name: /DEF-2023/ }).first().textContent();
      }, { timeout: 600_000, interval: 2000 }).toContain('DEF-2023-r1');
    }
    await check('51-admin-release-built');
    await signOut();
  });
});
