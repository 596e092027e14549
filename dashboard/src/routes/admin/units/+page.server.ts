import { error, fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { apiIssues, apiMessage, formCsrf } from '$lib/server/forms';
import type { RowIssue, UnitView } from '$lib/types';
import type { Actions, PageServerLoad } from './$types';

type UnitRow = Pick<UnitView, 'id' | 'code' | 'name' | 'level' | 'parentId' | 'organisation'>;

/** Units in tree order (depth first, siblings by name) with their depth. */
function treeRows(list: UnitRow[]): { code: string; name: string; level: string; depth: number }[] {
  const children = new Map<number | null, UnitRow[]>();
  for (const u of list) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  for (const c of children.values()) c.sort((a, b) => a.name.localeCompare(b.name));
  const out: { code: string; name: string; level: string; depth: number }[] = [];
  const walk = (u: UnitRow, depth: number) => {
    if (depth > 50) return;
    out.push({ code: u.code, name: u.name, level: u.level, depth });
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) walk(root, 0);
  return out;
}

export const load: PageServerLoad = async ({ cookies }) => {
  const orgs = await api(cookies, '/admin/organisations');
  const [units, pop] = await Promise.all([
    api(cookies, '/admin/units'),
    api(cookies, '/admin/population'),
  ]);
  if (!orgs.ok || !units.ok) error(orgs.ok ? units.status : orgs.status, 'could not load the units');
  const counts = new Map<string, number>();
  for (const u of units.body.units) counts.set(u.organisation, (counts.get(u.organisation) ?? 0) + 1);
  // The tree with headcounts of the latest periods (at most four columns, newest last).
  const periods = pop.ok ? pop.body.periods.slice(-4) : [];
  const head = new Map((pop.ok ? pop.body.headcounts : []).map((h) => [`${h.unit}|${h.period}`, h.headcount]));
  return {
    organisations: orgs.body.organisations.map((o) => ({ code: o.code, name: o.name, units: counts.get(o.code) ?? 0 })),
    periods,
    tree: treeRows(units.body.units).map((u) => ({ ...u, headcounts: periods.map((p) => head.get(`${u.code}|${p}`) ?? null) })),
  };
};

type Kind = 'units' | 'population';

/** Sends the chosen CSV file to the API; a rejected file comes back with every bad row. */
async function upload(event: Parameters<Actions[string]>[0], kind: Kind, preview = false) {
  const form = await event.request.formData();
  const csrf = formCsrf(event, form);
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return fail(400, { kind, missing: true as const });
  // A preview runs the whole import in a transaction the API rolls back (`dryRun`).
  const res = await api(event.cookies, kind === 'units' ? '/admin/units' : '/admin/population', {
    query: { file: file.name, dryRun: preview ? 'true' : undefined },
    method: 'POST', csrf, text: { body: await file.text(), type: 'text/csv' },
  });
  if (res.status === 422) {
    const issues = apiIssues<RowIssue>(res.body);
    return fail(422, { kind, fileName: file.name, issues });
  }
  if (!res.ok) return fail(400, { kind, message: apiMessage(res.body, res.status) });
  if (preview) return { kind, fileName: file.name, preview: { inserted: res.body.inserted, updated: res.body.updated } };
  return { kind, fileName: file.name, inserted: res.body.inserted, updated: res.body.updated };
}

export const actions: Actions = {
  units: (event) => upload(event, 'units'),
  population: (event) => upload(event, 'population'),
  unitsPreview: (event) => upload(event, 'units', true),
  populationPreview: (event) => upload(event, 'population', true),
};
