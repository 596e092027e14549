import { error, fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { apiMessage, formCsrf } from '$lib/server/forms';
import type { OrganisationView, RowIssue } from '$lib/types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
  const orgs = await api<{ organisations: OrganisationView[] }>(cookies, '/admin/organisations');
  const units = await api<{ units: { organisation: string }[] }>(cookies, '/admin/units');
  if (!orgs.ok || !units.ok) error(orgs.ok ? units.status : orgs.status, 'could not load the units');
  const counts = new Map<string, number>();
  for (const u of units.body.units) counts.set(u.organisation, (counts.get(u.organisation) ?? 0) + 1);
  return { organisations: orgs.body.organisations.map((o) => ({ code: o.code, name: o.name, units: counts.get(o.code) ?? 0 })) };
};

type Kind = 'units' | 'population';

/** Sends the chosen CSV file to the API; a rejected file comes back with every bad row. */
async function upload(event: Parameters<Actions[string]>[0], kind: Kind) {
  const form = await event.request.formData();
  const csrf = formCsrf(event, form);
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return fail(400, { kind, missing: true as const });
  const res = await api<{ inserted: number; updated: number }>(event.cookies, `/admin/${kind}?file=${encodeURIComponent(file.name)}`, {
    method: 'POST', csrf, text: { body: await file.text(), type: 'text/csv' },
  });
  if (res.status === 422) {
    const issues = ((res.body as { error?: { issues?: RowIssue[] } }).error?.issues ?? []) as RowIssue[];
    return fail(422, { kind, fileName: file.name, issues });
  }
  if (!res.ok) return fail(400, { kind, message: apiMessage(res.body) });
  return { kind, fileName: file.name, inserted: res.body.inserted, updated: res.body.updated };
}

export const actions: Actions = {
  units: (event) => upload(event, 'units'),
  population: (event) => upload(event, 'population'),
};
