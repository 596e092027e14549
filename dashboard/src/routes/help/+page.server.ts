import { redirect } from '@sveltejs/kit';
import { DEFAULT_MIN_GROUP_SIZE } from '$lib/report-policy';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  return { k: DEFAULT_MIN_GROUP_SIZE, kv: DEFAULT_MIN_GROUP_SIZE };
};
