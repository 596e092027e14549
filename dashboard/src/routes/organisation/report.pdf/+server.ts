import { error } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/api';
import { pdfDownload } from '$lib/server/pdf';
import { loadYearly } from '$lib/server/yearly';
import type { RequestHandler } from './$types';

/** The yearly organisation-wide report printed to PDF (A4) by headless Chromium; 503 without Chromium. */
export const GET: RequestHandler = async ({ locals, cookies, url }) => {
  const session = cookies.get(SESSION_COOKIE);
  if (!locals.user || !session) error(401, 'sign in first');
  if (locals.user.role === 'commander') error(403, 'researchers and admins only');
  // Ask the API first: a refused or empty report is an error here, not a PDF of an error page.
  const data = await loadYearly(cookies, locals.lang, url.searchParams.get('org'));
  if (!data.release || !data.root) error(404, 'no pooled window has been frozen yet');
  const page = new URL('/organisation/report', url.origin);
  page.searchParams.set('org', data.org);
  return pdfDownload({ url: page.toString(), session, lang: locals.lang, footer: `${data.root.name} — ${data.release.period}` }, `${data.org}-${data.release.period}-yearly.pdf`);
};
