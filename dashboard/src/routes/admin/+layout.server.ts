import { error, redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Convenience only: the API refuses every admin call from other roles (403) on its own. */
export const load: LayoutServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  if (locals.user.role !== 'admin') error(403, 'admins only');
  return {};
};
