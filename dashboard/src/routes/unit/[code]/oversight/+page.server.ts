import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const csr = false;

/** Follow-up across the unit and everything below it, read-only (researchers; commanders over their subtree). */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  if (!locals.user) redirect(303, '/login');
  const res = await api(cookies, '/plans/oversight', { query: { unit: params.code } });
  if (!res.ok) error(res.status, 'could not load the follow-up overview');
  return { oversight: res.body };
};
