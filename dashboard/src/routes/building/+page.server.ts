import { redirect } from '@sveltejs/kit';
import { pendingBuilds } from '$lib/server/release-builds';
import type { PageServerLoad } from './$types';

export const csr = false;

/**
 * Where a report without a frozen release lands while the platform is still building releases
 * (npm start's demo, decision 047 session 8). Once none is left, it sends the reader back.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.user) redirect(303, '/login');
  const asked = url.searchParams.get('next') ?? '/';
  // Only a path of this dashboard (never another site).
  const next = /^\/(?![/\\])/.test(asked) ? asked : '/';
  const builds = await pendingBuilds(cookies);
  if (builds.length === 0) redirect(303, next);
  return { builds, next };
};
