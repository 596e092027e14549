import { error, fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { pendingBuilds } from '$lib/server/release-builds';
import { apiMessage, formCsrf, text } from '$lib/server/forms';
import { t } from '$lib/i18n';
import { env } from '$env/dynamic/private';
import type { Actions, PageServerLoad } from './$types';

/** How long the build form waits for the API's answer (DASHBOARD_BUILD_WAIT_MS; default 20 s). */
function buildWaitMs(): number {
  const raw = env['DASHBOARD_BUILD_WAIT_MS'];
  const v = raw ? Number(raw) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : 20_000;
}

export const load: PageServerLoad = async ({ cookies }) => {
  const [periods, releases, orgs, instruments, unitList, builds] = await Promise.all([
    api(cookies, '/periods'),
    api(cookies, '/releases'),
    api(cookies, '/admin/organisations'),
    api(cookies, '/admin/instruments'),
    api(cookies, '/admin/units'),
    pendingBuilds(cookies),
  ]);
  if (!periods.ok || !releases.ok) error(periods.ok ? releases.status : periods.status, 'could not load the waves');
  // Participation of open waves (decision 071: headcount ≥ 2k, through yesterday, 5-point steps).
  const open = periods.body.waves.filter((w) => w.state === 'open');
  const participation = (await Promise.all(open.map((w) => api(cookies, '/waves/:code/participation', { params: { code: w.code } }))))
    .filter((r) => r.ok).map((r) => r.body);
  const released = new Map<string, string>();
  for (const r of [...releases.body].reverse()) released.set(`${r.organisation}|${r.period}`, r.id);
  // A release the platform is still building after its start is "being computed", not "none yet".
  const building = new Map(builds.map((b) => [`${b.organisation}|${b.period}`, b.state]));
  // An admin's build refused after the form stopped waiting (decision 086): why, as the API said it.
  const refused = builds.flatMap((b) => (b.refusal ? [{ organisation: b.organisation, period: b.period, refusal: b.refusal }] : []));
  return {
    waves: periods.body.waves.map((w) => ({
      ...w,
      release: released.get(`${w.organisation}|${w.code}`) ?? null,
      building: building.get(`${w.organisation}|${w.code}`) ?? null,
    })),
    releases: releases.body.map((r) => ({ id: r.id, period: r.period, kind: r.kind, organisation: r.organisation, disclosure: r.disclosure ?? null })),
    organisations: orgs.ok ? orgs.body.organisations.map((o) => ({ code: o.code, name: o.name })) : [],
    participation,
    refused,
    unitTree: unitList.ok ? treeOrder(unitList.body.units) : [],
    instruments: instruments.ok ? instruments.body.instruments.flatMap((i) => i.versions.map((v) => `${i.code}@${v.version}`)) : [],
  };
};

/** Units per organisation in tree order (depth first, siblings by name), for the wave's unit picker. */
function treeOrder(list: { id: number; code: string; name: string; level: string; parentId: number | null; organisation: string }[]) {
  const children = new Map<number | null, typeof list>();
  for (const u of list) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  for (const c of children.values()) c.sort((a, b) => a.name.localeCompare(b.name));
  const byOrg = new Map<string, { code: string; name: string; level: string; depth: number }[]>();
  const walk = (u: (typeof list)[number], depth: number) => {
    if (depth > 50) return;
    byOrg.set(u.organisation, [...(byOrg.get(u.organisation) ?? []), { code: u.code, name: u.name, level: u.level, depth }]);
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) walk(root, 0);
  return [...byOrg.entries()].map(([organisation, units]) => ({ organisation, units }));
}

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const csrf = formCsrf(event, form);
    // Units picked from the tree; none picked means every unit of the organisation.
    const picked = form.getAll('units').map((u) => String(u).trim()).filter((u) => u !== '' && u !== 'all');
    const body = {
      code: text(form, 'code'), org: text(form, 'org'), instrument: text(form, 'instrument'),
      units: picked.length === 0 ? 'all' : picked,
      opens: text(form, 'opens'), closes: text(form, 'closes'),
    };
    const res = await api(event.cookies, '/waves', { method: 'POST', json: body, csrf });
    if (!res.ok) return fail(res.status === 422 ? 422 : 400, { action: 'create', message: apiMessage(res.body, res.status) });
    return { action: 'create', done: res.body.code };
  },
  close: async (event) => {
    const form = await event.request.formData();
    const csrf = formCsrf(event, form);
    const code = text(form, 'wave');
    // Closing cannot be undone: the admin types the wave's code to confirm which one.
    if (code === '') return fail(400, { action: 'close', message: t(event.locals.lang, 'waves.closeChoose') });
    if (text(form, 'confirm') !== code) return fail(400, { action: 'close', message: t(event.locals.lang, 'waves.closeMismatch', { code }) });
    const res = await api(event.cookies, '/waves/:code/close', { method: 'POST', params: { code }, json: {}, csrf });
    if (!res.ok) return fail(400, { action: 'close', message: apiMessage(res.body, res.status) });
    return { action: 'close', done: code };
  },
  build: async (event) => {
    const form = await event.request.formData();
    const csrf = formCsrf(event, form);
    const period = text(form, 'period');
    const org = text(form, 'org');
    const call = api(event.cookies, '/releases', { method: 'POST', json: { period, ...(org ? { org } : {}) }, csrf });
    // A build that is not done within BUILD_WAIT_MS goes on in the API (a defence window takes
    // ~11 minutes): the page says so instead of holding the admin's request, and its table shows
    // the build as being computed until the release is frozen. (Held, the request failed after
    // 300 s: the fetch's header timeout.) What the API answers later is in its log.
    const res = await Promise.race([call, new Promise<null>((r) => setTimeout(() => r(null), buildWaitMs()).unref())]);
    if (res === null) {
      call.catch(() => {});
      return { action: 'build', pending: period };
    }
    if (!res.ok) return fail(res.status === 422 ? 422 : 400, { action: 'build', message: apiMessage(res.body, res.status) });
    return { action: 'build', built: res.body };
  },
};
