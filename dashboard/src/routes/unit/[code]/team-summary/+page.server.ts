import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const csr = false;

/** The unit's latest published team summary, printable for the team meeting. */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  if (!locals.user) redirect(303, '/login');
  const res = await api(cookies, '/plans/team-summary', { query: { unit: params.code } });
  if (!res.ok) error(res.status, 'could not load the team summary');
  return { summary: res.body.summary, code: params.code };
};
