import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
  const res = await api(cookies, '/admin/organisations');
  if (!res.ok) error(res.status, 'could not load the organisations');
  return { organisations: res.body.organisations };
};
