import { redirect } from '@sveltejs/kit';
import { DEFAULT_K } from '@vw/analysis/rules';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  return { k: DEFAULT_K, kv: DEFAULT_K };
};
