/**
 * PDFs of report pages, printed by headless Chromium from the same server-rendered page with the
 * print stylesheet (decision 030). Chromium is launched on first use and kept; each PDF gets its
 * own browser context holding only the requesting user's session cookie.
 */
import { existsSync } from 'node:fs';
import { env } from '$env/dynamic/private';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SESSION_COOKIE } from '$lib/server/api';
import { attachment } from '$lib/server/download';

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

export function chromiumPath(): string {
  return env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

let browser: Promise<Browser> | null = null;

async function getBrowser(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) throw new PdfUnavailableError(`Chromium not found at ${path}`);
  if (browser) {
    const b = await browser.catch(() => null);
    if (b?.isConnected()) return b;
  }
  browser = chromium.launch({
    executablePath: path,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  browser.catch(() => { browser = null; });
  return browser;
}

export interface PdfRequest {
  /** Absolute URL of the page to print, on this dashboard. */
  url: string;
  session: string;
  lang: string;
  /** Footer text, e.g. the unit name. */
  footer: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function printPdf(req: PdfRequest): Promise<Buffer> {
  let b: Browser;
  try {
    b = await getBrowser();
  } catch (e) {
    if (e instanceof PdfUnavailableError) throw e;
    throw new PdfUnavailableError('Chromium could not be started');
  }
  const target = new URL(req.url);
  const context = await b.newContext({ locale: req.lang === 'en' ? 'en-GB' : 'nl-NL' });
  try {
    await context.addCookies([
      { name: SESSION_COOKIE, value: req.session, domain: target.hostname, path: '/', httpOnly: true, sameSite: 'Lax', secure: target.protocol === 'https:' },
      { name: 'lang', value: req.lang, domain: target.hostname, path: '/', httpOnly: true, sameSite: 'Lax', secure: target.protocol === 'https:' },
    ]);
    const page = await context.newPage();
    const res = await page.goto(target.toString(), { waitUntil: 'load', timeout: 60_000 });
    if (!res || !res.ok()) throw new Error(`the report page answered ${res?.status() ?? 'nothing'}`);
    await page.emulateMedia({ media: 'print' });
    const options = {
      format: 'A4',
      printBackground: true,
      // Bookmarks for the reader, and where each section starts for the contents page (below).
      tagged: true,
      outline: true,
      margin: { top: '15mm', bottom: '18mm', left: '15mm', right: '15mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 15mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>${escapeHtml(req.footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    } as const;
    let pdf = await page.pdf(options);
    // The contents page's page numbers: Chromium has no target-counter(), so print once, read on
    // which page each section's heading landed (the PDF's outline), write the numbers into the
    // contents page and print again; again once more should the numbers have moved anything.
    for (let round = 0; round < 2; round++) {
      const changed = await fillContentsPages(page, await outlinePages(pdf));
      if (!changed) break;
      pdf = await page.pdf(options);
    }
    return pdf;
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Each outline entry (heading) of a PDF with the 1-based page it points to, in document order. */
export async function outlinePages(pdf: Uint8Array): Promise<{ title: string; page: number }[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const out: { title: string; page: number }[] = [];
    type Item = { title: string; dest: string | unknown[] | null; items: Item[] };
    const walk = async (items: Item[] | null): Promise<void> => {
      for (const item of items ?? []) {
        const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
        const ref = Array.isArray(dest) ? dest[0] : null;
        if (typeof ref === 'number') out.push({ title: item.title, page: ref + 1 });
        else if (ref && typeof ref === 'object') out.push({ title: item.title, page: (await doc.getPageIndex(ref as { num: number; gen: number })) + 1 });
        await walk(item.items);
      }
    };
    await walk((await doc.getOutline()) as Item[] | null);
    return out;
  } finally {
    await doc.destroy();
  }
}

/** Compared without whitespace: a heading wrapped over two lines loses its space in the outline. */
const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Writes into `nav.contents` the page on which each listed section starts: the first outline
 * entry, after the previous section's, whose title is the section's heading. Answers whether any
 * number changed (so the PDF must be printed again).
 */
async function fillContentsPages(page: Page, outline: { title: string; page: number }[]): Promise<boolean> {
  const targets = await page.$$eval('nav.contents li', (lis) => lis.map((li) => {
    const id = li.querySelector('a')?.getAttribute('href')?.slice(1) ?? '';
    const section = id ? document.getElementById(id) : null;
    const heading = section?.matches('h1, h2, h3') ? section : section?.querySelector('h1, h2, h3');
    return { heading: heading?.textContent ?? '', current: li.querySelector('.page-no')?.textContent ?? '' };
  }));
  if (targets.length === 0) return false;
  const pages: string[] = [];
  let from = 0;
  for (const t of targets) {
    const at = outline.findIndex((o, i) => i >= from && squash(o.title) === squash(t.heading));
    if (at < 0) {
      pages.push('');
      continue;
    }
    pages.push(String(outline[at]!.page));
    from = at + 1;
  }
  if (pages.every((p, i) => p === targets[i]!.current)) return false;
  await page.$$eval('nav.contents li', (lis, numbers) => lis.forEach((li, i) => {
    const span = li.querySelector('.page-no');
    if (span) span.textContent = numbers[i] ?? '';
  }), pages);
  return true;
}

/**
 * A page printed to PDF as a download named `filename`; without Chromium a 503 that says how to
 * get it (printing the page from the browser still works).
 */
export async function pdfDownload(req: PdfRequest, filename: string): Promise<Response> {
  try {
    const pdf = await printPdf(req);
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': attachment(filename.replace(/\.pdf$/, ''), 'pdf'),
        'cache-control': 'private, no-store',
      },
    });
  } catch (e) {
    if (e instanceof PdfUnavailableError) {
      return new Response(`PDF download is not available: ${e.message}. Install Chromium (apt-get install chromium) or set CHROMIUM_PATH; printing the page from the browser still works.`, {
        status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '3600' },
      });
    }
    throw e;
  }
}
