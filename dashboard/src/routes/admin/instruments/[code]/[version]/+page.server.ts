import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params }) => {
  const res = await api(cookies, '/admin/instruments/:code/:version', { params: { code: params.code, version: params.version } });
  if (!res.ok) error(res.status, res.status === 404 ? 'Not found' : 'could not load the instrument');
  const d = res.body.definition;
  return {
    code: res.body.code, version: res.body.version, publishedOn: res.body.publishedOn, title: d.title ?? null,
    modules: (d.modules ?? []).map((m) => ({ code: m.code, title: m.title ?? null })),
    items: (d.items ?? []).map((i) => ({ code: i.code, module: i.module ?? '', type: i.type ?? '', text: i.text ?? null })),
    json: JSON.stringify(d, null, 2),
  };
};
