import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { OrganisationView } from '$lib/types';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
  const res = await api<{ organisations: OrganisationView[] }>(cookies, '/admin/organisations');
  if (!res.ok) error(res.status, 'could not load the organisations');
  return { organisations: res.body.organisations };
};
