/**
 * PDFs of report pages, printed by headless Chromium from the same server-rendered page with the
 * print stylesheet (decision 030). Chromium is launched on first use and kept; each PDF gets its
 * own browser context holding only the requesting user's session cookie.
 */
import { existsSync } from 'node:fs';
import { env } from '$env/dynamic/private';
import { chromium, type Browser } from 'playwright-core';
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
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '18mm', left: '15mm', right: '15mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 15mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>${escapeHtml(req.footer)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await context.close().catch(() => undefined);
  }
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
