import { error, redirect } from '@sveltejs/kit';
import { loadYearly } from '$lib/server/yearly';
import type { PageServerLoad } from './$types';

// Server-rendered only, like the unit report: it prints without JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.user) redirect(303, '/login');
  if (locals.user.role === 'commander') error(403, 'researchers and admins only');
  return loadYearly(cookies, locals.lang, url.searchParams.get('org'));
};
