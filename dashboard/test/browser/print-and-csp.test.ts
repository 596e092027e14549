/**
 * Charts, print and the CSP in real Chromium against the built dashboard (issue 13: no inline
 * style the CSP must allow; issue 15: PDF labels and contents page, heatmap headers, 390 px).
 * Every page with a chart is visited with a recorder of `securitypolicyviolation` events installed
 * before any page script: the dashboard's CSP has no 'unsafe-inline' and the pages cause 0
 * violations while their charts still draw their marks. The PDFs are read back with pdf.js: the
 * contents page names the page on which each section starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { queryRows, sql } from '../../../api/src/db/client';
import { join } from 'node:path';
import { checkPage, pdfPages, screenshotDir, signIn as signInAs, signOut as signOutOf, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;
let company = { code: '', name: '' };
const violations: string[] = [];

const MARK = 'csp-violation:';

beforeAll(async () => {
  // Without the value check: this file is about charts, print and the CSP, not what a release
  // withholds (reports.test.ts and readback.test.ts read value-checked releases; decision 047 addendum).
  h = await startHarness({ releases: ['2023-2025', 'DEF-2024', 'DEF-2025'], valueProtection: false });
  page = h.page;
  // Installed through the DevTools protocol before any script of each document: not itself
  // subject to the page's CSP, and it sees violations of style attributes in the server's HTML.
  await h.context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => console.error(${JSON.stringify(MARK)} + e.effectiveDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));`);
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    if (text.startsWith(MARK) || /Content Security Policy/i.test(text)) violations.push(`${page.url()}: ${text}`);
  });
  const [c] = await queryRows<{ code: string; name: string }>(h.database.db, sql`
    select u.code, u.name from users s join units u on u.id = s.scope_unit_id where s.email = 'compagnie@demo.example'`);
  company = c!;
}, 400_000);
afterAll(async () => h?.close(), 60_000);

const url = (path: string) => `${h.dashboardUrl}${path}`;
/** Signs in afresh (a failed test before may have left a session). */
async function signIn(email: string, password: string): Promise<void> {
  await page.context().clearCookies();
  await signInAs(page, h.dashboardUrl, email, password);
}

/** Visits `path` on screen and as printed (A4 content width); returns how many chart marks each drew. */
async function visit(path: string, marks: string): Promise<{ screen: number; print: number }> {
  await page.goto(url(path));
  await page.waitForLoadState('load');
  const screen = await page.locator(marks).count();
  await page.emulateMedia({ media: 'print' });
  const print = await page.locator(marks).count();
  await page.emulateMedia({ media: 'screen' });
  return { screen, print };
}

/** Chart labels (interval charts) as printed: none clipped, none outside its chart, none overlapping another. */
async function chartLabelsFit(): Promise<{ cells: number; problems: string[] }> {
  await page.setViewportSize({ width: 680, height: 1000 }); // A4 minus the margins at 96 dpi
  await page.emulateMedia({ media: 'print' });
  const result = await page.locator('.interval-chart').evaluateAll((charts) => {
    const problems: string[] = [];
    let cells = 0;
    for (const chart of charts) {
      const box = chart.getBoundingClientRect();
      const rects = [...chart.querySelectorAll<HTMLElement>('.cell')].map((el) => ({ el, r: el.getBoundingClientRect() }));
      cells += rects.length;
      for (const { el, r } of rects) {
        const text = (el.textContent ?? '').trim();
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) problems.push(`clipped: ${text}`);
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) problems.push(`outside its chart: ${text}`);
        const range = document.createRange();
        range.selectNodeContents(el);
        const t = range.getBoundingClientRect();
        if (t.width > 0 && (t.right > r.right + 1 || t.bottom > r.bottom + 1 || t.left < r.left - 1)) problems.push(`text runs out of its cell: ${text}`);
      }
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) {
          const a = rects[i]!.r;
          const b = rects[j]!.r;
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) problems.push(`overlap: ${rects[i]!.el.textContent} / ${rects[j]!.el.textContent}`);
        }
      }
    }
    return { cells, problems };
  });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  return result;
}

/** At 390 px: no sideways scrolling, and the title (unit name) is neither clipped nor off screen. */
async function fitsPhone(path: string, title: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url(path));
  const r = await page.evaluate((sel) => {
    const el = document.querySelector<HTMLElement>(sel);
    const box = el?.getBoundingClientRect();
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      found: !!el,
      clipped: el ? el.scrollWidth > el.clientWidth + 1 : true,
      right: box?.right ?? 0,
      text: el?.textContent ?? '',
    };
  }, title);
  await page.screenshot({ path: join(screenshotDir, `74-390${path.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(r.overflow, `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  expect(r.found, `${title} on ${path}`).toBe(true);
  expect(r.clipped, `${title} is clipped at 390 px: ${r.text}`).toBe(false);
  expect(r.right, `${title} runs off a 390 px screen`).toBeLessThanOrEqual(390);
}

/** The PDF's outline: each heading with its 1-based page. */
async function pdfOutline(pdf: Buffer): Promise<{ title: string; page: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: { title: string; page: number }[] = [];
  type Item = { title: string; dest: string | unknown[] | null; items: Item[] };
  const walk = async (items: Item[] | null): Promise<void> => {
    for (const item of items ?? []) {
      const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
      const ref = Array.isArray(dest) ? dest[0] : null;
      if (ref && typeof ref === 'object') out.push({ title: item.title, page: (await doc.getPageIndex(ref as { num: number; gen: number })) + 1 });
      await walk(item.items);
    }
  };
  await walk((await doc.getOutline()) as Item[] | null);
  await doc.destroy();
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The contents page (page 2) names, for each section, the page on which its heading is. */
async function contentsPagesMatch(pdfPath: string, pagePath: string): Promise<number> {
  await page.goto(url(pagePath));
  const titles = await page.locator('nav.contents li a').allTextContents();
  expect(titles.length).toBeGreaterThan(1);
  const res = await page.context().request.get(url(pdfPath));
  expect(res.status()).toBe(200);
  const body = await res.body();
  const pages = await pdfPages(body);
  const contents = pages[1]!;
  const outline = JSON.stringify(await pdfOutline(body));
  let from = 2;
  for (const title of titles.map((t) => t.replace(/\s+/g, ' ').trim())) {
    // Whitespace may differ where a title wraps; the page number follows the title.
    const m = new RegExp(`${title.split(/\s+/).map(escape).join('\\s*')}\\s*(\\d+)(?!\\d|\\.)`).exec(contents);
    expect(m, `the contents page gives no page for "${title}": ${contents}`).not.toBeNull();
    const printed = Number(m![1]);
    expect(printed, `"${title}" listed on page ${printed}`).toBeGreaterThan(from - 1);
    expect(pages[printed - 1]!.replace(/\s+/g, ''), `page ${printed} does not hold "${title}"; contents: ${contents}; outline: ${outline}`).toContain(title.replace(/\s+/g, ''));
    // And no earlier page after the previous section already starts it.
    from = printed;
  }
  return pages.length;
}

describe('the dashboard CSP', { timeout: 400_000 }, () => {
  it("allows no 'unsafe-inline' anywhere, only the route announcer's style by its hash", async () => {
    const res = await fetch(url('/login'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/style-src-attr 'unsafe-hashes' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
  });

  it('no chart page (unit report, organisation heatmap and funnel, yearly report, admin units) violates it, on screen or printed; the charts draw', async () => {
    await signIn('compagnie@demo.example', 'demo-company-2026');
    const unit = await visit(`/unit/${company.code}`, '.interval-chart rect.bar');
    expect(unit.screen).toBeGreaterThan(0);
    expect(unit.print).toBe(unit.screen);
    await checkPage(page, '70-unit-charts-svg');
    await page.locator('.interval-chart').first().screenshot({ path: join(screenshotDir, '70a-interval-chart.png') });
    await signOutOf(page);

    await signIn('onderzoeker@demo.example', 'demo-research-2026');
    const heat = await visit('/organisation?release=DEF-2023-2025-r1&tier=compagnie', '.heatmap-chart rect.cell');
    expect(heat.screen).toBeGreaterThan(0);
    expect(await page.locator('.heatmap-chart text.mark').count()).toBeGreaterThan(0);
    expect(await page.locator('figure.funnel a.point .dot').count()).toBeGreaterThan(0);
    expect(await page.locator('figure.funnel path.l95').count()).toBe(2);
    await checkPage(page, '71-organisation-heatmap-funnel-svg');
    await page.locator('.heatmap-chart').screenshot({ path: join(screenshotDir, '71a-heatmap-chart.png') });
    await page.locator('figure.funnel').screenshot({ path: join(screenshotDir, '71b-funnel.png') });
    // Rotated column labels of the heatmap chart do not overlap; neither do the row labels.
    const overlaps = await page.locator('.heatmap-chart').evaluate((chart) => {
      const out: string[] = [];
      for (const sel of ['.col-label', '.row-label']) {
        const boxes = [...chart.querySelectorAll(sel)].map((t) => ({ t: t.textContent ?? '', r: t.getBoundingClientRect() }));
        for (let i = 1; i < boxes.length; i++) {
          const a = boxes[i - 1]!.r;
          const b = boxes[i]!.r;
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`${boxes[i - 1]!.t} / ${boxes[i]!.t}`);
        }
      }
      return out;
    });
    expect(overlaps).toEqual([]);
    // A funnel point shows its unit on focus.
    await page.locator('figure.funnel a.point').first().focus();
    expect(await page.locator('figure.funnel a.point:focus .tip').evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
    // The table's rotated headers read like horizontal text, broken at spaces only ("Vier V's").
    const header = page.locator('table.heatmap thead .vertical').first();
    expect(await header.evaluate((el) => [getComputedStyle(el).textOrientation, getComputedStyle(el).overflowWrap])).toEqual(['sideways', 'normal']);

    const yearly = await visit('/organisation/report', '.interval-chart rect.bar');
    expect(yearly.screen).toBeGreaterThan(0);
    expect(yearly.print).toBe(yearly.screen);
    await checkPage(page, '72-yearly-report-svg');
    await signOutOf(page);

    await signIn('admin@demo.example', 'demo-admin-2026');
    await page.goto(url('/admin/units'));
    expect(await page.locator('.unit-name.depth-2').count()).toBeGreaterThan(0);
    await checkPage(page, '73-admin-units-indent');
    await signOutOf(page);

    expect(violations, violations.join('\n')).toEqual([]);
  });

});

describe('printed reports', { timeout: 400_000 }, () => {
  it("keeps a unit report's chart labels whole inside their charts and numbers its contents page", async () => {
    await signIn('compagnie@demo.example', 'demo-company-2026');
    await page.goto(url(`/unit/${company.code}`));
    const fit = await chartLabelsFit();
    expect(fit.cells).toBeGreaterThan(0);
    expect(fit.problems).toEqual([]);
    const pages = await contentsPagesMatch(`/unit/${company.code}/report.pdf`, `/unit/${company.code}`);
    expect(pages).toBeGreaterThan(3);
    await signOutOf(page);
  });

  it('numbers the contents page of the yearly organisation report', async () => {
    await signIn('onderzoeker@demo.example', 'demo-research-2026');
    await page.goto(url('/organisation/report'));
    const fit = await chartLabelsFit();
    expect(fit.problems).toEqual([]);
    await contentsPagesMatch('/organisation/report.pdf', '/organisation/report');
    await signOutOf(page);
  });
});

describe('a phone (390 px)', { timeout: 200_000 }, () => {
  it('shows the unit report and the organisation page without sideways scrolling or a clipped unit name', async () => {
    await signIn('compagnie@demo.example', 'demo-company-2026');
    await fitsPhone(`/unit/${company.code}`, '.title-page h1');
    await signOutOf(page);
    await signIn('onderzoeker@demo.example', 'demo-research-2026');
    await fitsPhone('/organisation?release=DEF-2023-2025-r1&tier=compagnie', 'h1');
    await fitsPhone(`/unit/${company.code}?release=DEF-2023-2025-r1`, '.title-page h1');
    await signOutOf(page);
    expect(violations, violations.join('\n')).toEqual([]);
  });
});

// Last: the planted violation may be reported more than once, after the poll below.
describe('the violation recorder', { timeout: 60_000 }, () => {
  it('the recorder sees a violation when there is one (the test can fail)', async () => {
    await page.goto(url('/login'));
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>'));
    await expect.poll(() => violations.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(violations.join('\n')).toContain('style-src-attr');
    violations.length = 0;
  });
});
