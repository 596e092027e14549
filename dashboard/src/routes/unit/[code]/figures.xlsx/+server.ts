import { error } from '@sveltejs/kit';
import { unitFiguresTable } from '$lib/report/figures-table';
import { loadUnitReport } from '$lib/server/reports';
import { xlsx } from '$lib/server/xlsx';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The same table as the CSV, as a spreadsheet: numbers as number cells with the page's rounding and formats. */
export const GET: RequestHandler = async ({ locals, cookies, params, url }) => {
  if (!locals.user) error(401, 'sign in first');
  const report = await loadUnitReport(cookies, params.code, url.searchParams.get('release'));
  const table = unitFiguresTable(locals.lang, report);
  const body = xlsx(report.period, [table.header, ...table.rows]);
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': attachment(`${report.unit.code}-${report.period}`, 'xlsx'),
      'cache-control': 'private, no-store',
    },
  });
};
