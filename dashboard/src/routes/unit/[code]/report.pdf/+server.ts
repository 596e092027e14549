import { error } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/api';
import { PdfUnavailableError, printPdf } from '$lib/server/pdf';
import { loadUnitReport } from '$lib/server/reports';
import type { RequestHandler } from './$types';

/** The unit page printed to PDF (A4) by headless Chromium; 503 when Chromium is not installed. */
export const GET: RequestHandler = async ({ locals, cookies, params, url }) => {
  const session = cookies.get(SESSION_COOKIE);
  if (!locals.user || !session) error(401, 'sign in first');
  // Ask the API first: a refused unit is a 403 here, not a PDF of an error page.
  const report = await loadUnitReport(cookies, params.code, url.searchParams.get('release'));
  const page = new URL(`/unit/${encodeURIComponent(report.unit.code)}`, url.origin);
  page.searchParams.set('release', report.release);
  try {
    const pdf = await printPdf({ url: page.toString(), session, lang: locals.lang, footer: `${report.unit.name} — ${report.period}` });
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${report.unit.code}-${report.period}.pdf"`,
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
};
