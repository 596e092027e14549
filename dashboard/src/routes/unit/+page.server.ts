import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/**
 * `/unit` opens the signed-in user's unit (a commander's scope, the organisation for others);
 * `/unit?unit=CODE&release=ID` is where the picker form (a plain GET) lands.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.user) redirect(303, '/login');
  const release = url.searchParams.get('release');
  const suffix = release ? `?release=${encodeURIComponent(release)}` : '';
  const picked = url.searchParams.get('unit');
  if (picked) redirect(303, `/unit/${encodeURIComponent(picked)}${suffix}`);
  const res = await api(cookies, '/units/scope');
  if (!res.ok) error(res.status, 'could not find your unit');
  const first = res.body.units[0];
  if (!first) error(404, 'no unit');
  redirect(303, `/unit/${encodeURIComponent(first.code)}${suffix}`);
};
