import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, '/login');
  // A commander's start page is their own unit; the roles overview is for the others (and /help).
  if (locals.user.role === 'commander') redirect(303, '/unit');
  return {};
};
