import { error } from '@sveltejs/kit';
import { figuresOnPage, releaseCsv } from '$lib/report/figures';
import { loadUnitReport } from '$lib/server/reports';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The figures of the unit page as a release-table CSV (interchange.md columns). */
export const GET: RequestHandler = async ({ locals, cookies, params, url }) => {
  if (!locals.user) error(401, 'sign in first');
  const report = await loadUnitReport(cookies, params.code, url.searchParams.get('release'));
  return new Response(releaseCsv(figuresOnPage(report)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`${report.unit.code}-${report.period}`, 'csv'),
      'cache-control': 'private, no-store',
    },
  });
};
