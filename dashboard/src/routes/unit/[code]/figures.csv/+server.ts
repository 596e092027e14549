import { error } from '@sveltejs/kit';
import { figuresCsv, unitFiguresTable } from '$lib/report/figures-table';
import { loadUnitReport } from '$lib/server/reports';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The figures of the unit page in the page's language (`;` and decimal commas in Dutch). */
export const GET: RequestHandler = async ({ locals, cookies, params, url }) => {
  if (!locals.user) error(401, 'sign in first');
  const report = await loadUnitReport(cookies, params.code, url.searchParams.get('release'));
  return new Response(figuresCsv(locals.lang, unitFiguresTable(locals.lang, report)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(`${report.unit.code}-${report.period}`, 'csv'),
      'cache-control': 'private, no-store',
    },
  });
};
