import { redirect } from '@sveltejs/kit';
import { buildUnitView } from '$lib/report/unit-view';
import { loadUnitReport } from '$lib/server/reports';
import type { PageServerLoad } from './$types';

// Server-rendered only: the report works without JavaScript and no release rows travel to the
// browser as hydration data.
export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, params, url }) => {
  if (!locals.user) redirect(303, '/login');
  const release = url.searchParams.get('release');
  const report = await loadUnitReport(cookies, params.code, release, `/unit/${encodeURIComponent(params.code)}`);
  return {
    meta: {
      release: report.release, period: report.period, kind: report.kind, frozenAt: report.frozenAt, unit: report.unit, parent: report.parent,
      organisation: report.organisation, ownReport: report.ownReport, children: report.children, releases: report.releases,
    },
    view: buildUnitView(locals.lang, report),
    explicitRelease: release !== null,
  };
};
