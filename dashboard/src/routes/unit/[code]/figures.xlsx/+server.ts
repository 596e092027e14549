import { error } from '@sveltejs/kit';
import { RELEASE_COLUMNS, figuresOnPage } from '$lib/report/figures';
import { loadUnitReport } from '$lib/server/reports';
import { xlsx } from '$lib/server/xlsx';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The same rows as the CSV, as a spreadsheet with numbers as numbers. */
export const GET: RequestHandler = async ({ locals, cookies, params, url }) => {
  if (!locals.user) error(401, 'sign in first');
  const report = await loadUnitReport(cookies, params.code, url.searchParams.get('release'));
  const rows = figuresOnPage(report).map((x) => [x.release, x.scope, x.period, x.dimension, x.group, x.indicator, x.option, x.base, x.n, x.count, x.value, x.ci_low, x.ci_high, x.suppressed, x.reason]);
  const body = xlsx(report.period, [[...RELEASE_COLUMNS], ...rows]);
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': attachment(`${report.unit.code}-${report.period}`, 'xlsx'),
      'cache-control': 'private, no-store',
    },
  });
};
