import { error, redirect } from '@sveltejs/kit';
import { loadYearly } from '$lib/server/yearly';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

// Server-rendered only, like the unit report: it prints without JavaScript.
export const csr = false;

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  if (!locals.user) redirect(303, '/login');
  if (locals.user.role === 'commander') error(403, 'researchers and admins only');
  const yearly = await loadYearly(cookies, locals.lang, url.searchParams.get('org'));
  // Follow-up section (issue 14): plans, actions and effects across the organisation, read-only.
  const followUp = yearly.root ? await api(cookies, '/plans/oversight', { query: { unit: yearly.root.code } }) : null;
  return { ...yearly, followUp: followUp?.ok ? followUp.body : null };
};
