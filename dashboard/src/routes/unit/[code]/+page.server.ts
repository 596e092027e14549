import { error, redirect } from '@sveltejs/kit';
import { loadUnitPage } from '$lib/server/unit-page';
import { api } from '$lib/server/api';
import { pendingBuilds } from '$lib/server/release-builds';
import type { PageServerLoad } from './$types';

// Server-rendered only: the report works without JavaScript and no release rows travel to the
// browser as hydration data.
export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, params, url }) => {
  if (!locals.user) redirect(303, '/login');
  const release = url.searchParams.get('release');
  const page = await loadUnitPage(cookies, locals.user, locals.lang, params.code, release);
  if (page === null) {
    // No frozen release yet: while the platform is still building them (npm start's demo), say so.
    if ((await pendingBuilds(cookies)).length) redirect(303, `/building?next=${encodeURIComponent(url.pathname)}`);
    error(404, 'no report');
  }
  // The unit's plans for the RI&E (PSA) appendix of the printable report (decision 090).
  // And releases the platform is still building (npm start's demo): newer results than this one.
  const [plans, builds] = await Promise.all([api(cookies, '/plans', { query: { unit: params.code } }), pendingBuilds(cookies)]);
  return { ...page, explicitRelease: release !== null, plans: plans.ok ? plans.body.plans : [], builds };
};
