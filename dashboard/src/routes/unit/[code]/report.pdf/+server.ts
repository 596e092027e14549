import { error } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/api';
import { pdfDownload } from '$lib/server/pdf';
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
  return pdfDownload({ url: page.toString(), session, lang: locals.lang, footer: `${report.unit.name} — ${report.period}` }, `${report.unit.code}-${report.period}.pdf`);
};
