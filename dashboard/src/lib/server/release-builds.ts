/**
 * Releases the platform is still building after its start, and an admin's build while it runs
 * (`GET /release-builds`, decisions 047 session 8 and 086): a page with no frozen release says
 * "being built" instead of "no release" or an error.
 * Metadata only (organisation, period, state); an API that cannot answer means "none".
 */
import type { Cookies } from '@sveltejs/kit';
import { api, type ApiOutput } from './api';

export type PendingBuild = ApiOutput<'/release-builds'>['builds'][number];

export async function pendingBuilds(cookies: Cookies, organisation?: string): Promise<PendingBuild[]> {
  const res = await api(cookies, '/release-builds');
  if (!res.ok) return [];
  return organisation === undefined ? res.body.builds : res.body.builds.filter((b) => b.organisation === organisation);
}
