/**
 * Read-back through the dashboard (issue 10, decision 044): two companies of one battalion, one
 * where nobody answered in DEF-2024 (ZERO) and one with 8 respondents (SMALL), read as a researcher
 * in real Chromium. Their unit pages, figure downloads (CSV, XLSX), PDF text, heatmap rows and SVG
 * marks and their place in the funnel plot are the same apart from their names: no number, no
 * mark, no position and no count that says 0 or 8. Each check also finds a published unit's true
 * number by the same read, so it can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { queryRows, sql } from '../../../api/src/db/client';
import { pdfPages, signIn, startHarness, type Harness } from './harness';

const BATTALION = 'CLAS-43MECHBRIG-44PAINFBAT';
const ZERO = `${BATTALION}-ACIE`;
const SMALL = `${BATTALION}-BCIE`;
const RELEASE = 'DEF-2024-r1';

let h: Harness;
let page: Page;
const names = new Map<string, string>();
/** Respondents of the battalion in DEF-2024 (published: it has well over k). */
let battalionRespondents = 0;

beforeAll(async () => {
  h = await startHarness({
    releases: ['DEF-2024'],
    prepare: async (db) => {
      await queryRows(db, sql`delete from responses where wave_id = (select id from waves where code = 'DEF-2024') and unit_id = (select id from units where code = ${ZERO})`);
      await queryRows(db, sql`delete from responses where id in (select id from responses where wave_id = (select id from waves where code = 'DEF-2024')
        and unit_id = (select id from units where code = ${SMALL}) order by id offset 8)`);
    },
  });
  page = h.page;
  for (const r of await queryRows<{ code: string; name: string }>(h.database.db, sql`select code, name from units where code like ${`${BATTALION}%`}`)) names.set(r.code, r.name);
  const counts = await queryRows<{ code: string; n: number }>(h.database.db, sql`select u.code, count(*)::int as n from responses x join units u on u.id = x.unit_id
    join waves w on w.id = x.wave_id where w.code = 'DEF-2024' and u.code like ${`${BATTALION}%`} group by u.code`);
  expect(counts.find((c) => c.code === ZERO)).toBeUndefined();
  expect(counts.find((c) => c.code === SMALL)?.n).toBe(8);
  battalionRespondents = counts.reduce((a, c) => a + c.n, 0);
  await signIn(page, h.dashboardUrl, 'onderzoeker@demo.example', 'demo-research-2026');
  // value-checked builds of the demo (a window first): minutes on a loaded 2-core machine
}, 900_000);
afterAll(async () => h?.close(), 60_000);

const url = (path: string) => `${h.dashboardUrl}${path}`;
/** Text with both companies' codes and names replaced by one mark. */
const masked = (text: string) => {
  let out = text;
  for (const code of [ZERO, SMALL]) out = out.replaceAll(code, '·').replaceAll(encodeURIComponent(code), '·').replaceAll(names.get(code)!, '·');
  return out;
};
async function download(path: string): Promise<Buffer> {
  const res = await page.context().request.get(url(path));
  expect(res.status(), path).toBe(200);
  return res.body();
}

describe('a unit where nobody answered and one with 8 respondents', { timeout: 180_000 }, () => {
  it('have the same unit page apart from their names', async () => {
    const html: string[] = [];
    for (const code of [ZERO, SMALL]) {
      await page.goto(url(`/unit/${code}?release=${RELEASE}`));
      html.push(masked(await page.locator('main').innerHTML()));
    }
    expect(html[0]).toContain('niet gepubliceerd');
    expect(html[0]).toBe(html[1]);
    // The same read of the battalion's page shows its true number of respondents.
    await page.goto(url(`/unit/${BATTALION}?release=${RELEASE}`));
    expect((await page.textContent('main'))!.replace(/\s/g, '')).toContain(String(battalionRespondents));
  });

  it('download the same CSV, XLSX and PDF text apart from their names', async () => {
    const csv = await Promise.all([ZERO, SMALL].map(async (c) => masked((await download(`/unit/${c}/figures.csv?release=${RELEASE}`)).toString('utf8'))));
    expect(csv[0]!.split('\n').length).toBeGreaterThan(10);
    expect(csv[0]).toBe(csv[1]);
    // XLSX is a stored (uncompressed) ZIP: the sheet's XML is readable as it is.
    const sheet = (b: Buffer) => masked(/<sheetData>[\s\S]*<\/sheetData>/.exec(b.toString('utf8'))?.[0] ?? '');
    const xlsx = await Promise.all([ZERO, SMALL].map(async (c) => sheet(await download(`/unit/${c}/figures.xlsx?release=${RELEASE}`))));
    expect(xlsx[0]!.length).toBeGreaterThan(1000);
    expect(xlsx[0]).toBe(xlsx[1]);
    const pdf = await Promise.all([ZERO, SMALL].map(async (c) => (await pdfPages(await download(`/unit/${c}/report.pdf?release=${RELEASE}`))).map(masked)));
    expect(pdf[0]!.length).toBeGreaterThan(0);
    expect(pdf[0]).toEqual(pdf[1]);
    const battalion = (await pdfPages(await download(`/unit/${BATTALION}/report.pdf?release=${RELEASE}`))).join(' ');
    expect(battalion.replace(/\s/g, '')).toContain(String(battalionRespondents));
  });

  it('take the same place on the organisation page: heatmap row and marks, no funnel point, one count of hidden units', async () => {
    await page.goto(url(`/organisation?release=${RELEASE}&tier=compagnie&indicator=sv_experienced|any`));
    const rows = await page.locator('table.heatmap tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      href: tr.querySelector('th a')?.getAttribute('href') ?? '', label: (tr.querySelector('th')?.textContent ?? '').trim(), html: tr.innerHTML,
    })));
    const rowsOf = (code: string) => rows.filter((r) => r.href.startsWith(`/unit/${encodeURIComponent(code)}?`));
    expect(rowsOf(ZERO)).toHaveLength(1);
    expect(rowsOf(SMALL)).toHaveLength(1);
    // Rows in tree order (by path), never by a value.
    const labels = rows.map((r) => r.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    const path = (code: string) => rowsOf(code)[0]!.label;
    const mark = (text: string) => masked(text.replaceAll(path(ZERO), '·').replaceAll(path(SMALL), '·'));
    expect(rowsOf(ZERO).map((r) => mark(r.html))).toEqual(rowsOf(SMALL).map((r) => mark(r.html)));
    // SVG marks: the same rects (hatched, no value) in the same columns; only the row's y differs.
    const rects = async (code: string) => mark(JSON.stringify(await page.locator('.heatmap-chart svg rect.cell').evaluateAll((els, label) => els
      .filter((e) => (e.querySelector('title')?.textContent ?? '').startsWith(`${label}:`))
      .map((e) => [...e.attributes].filter((a) => a.name !== 'y').map((a) => `${a.name}=${a.value}`).join(' ') + (e.querySelector('title')?.textContent ?? '')), path(code))));
    expect(JSON.parse(await rects(ZERO)).length).toBeGreaterThan(3);
    expect(await rects(ZERO)).toBe(await rects(SMALL));
    expect(await rects(ZERO)).toContain('suppressed');
    // The funnel plot has a point for each published company only, none for these two.
    const points = await page.locator('figure.funnel a.point').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(h.database.db, sql`select count(*)::int as n from release_rows r join units u on u.code = r.scope
      where r.release_id = ${RELEASE} and u.level = 'compagnie' and r.dimension = 'all' and r.indicator = 'sv_experienced' and r.option = 'any' and r.base = 'all' and not r.suppressed`);
    expect(points.length).toBe(n);
    expect(points.length).toBeGreaterThan(2);
    const hrefs = await page.locator('figure.funnel a.point').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const code of [ZERO, SMALL]) expect(hrefs.filter((x) => x.includes(encodeURIComponent(code)))).toEqual([]);
    // Where the page lists hidden units, both are listed or neither.
    const hidden = await page.locator('#units-hidden li a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hidden.some((x) => x.includes(encodeURIComponent(ZERO)))).toBe(hidden.some((x) => x.includes(encodeURIComponent(SMALL))));
  });
});
