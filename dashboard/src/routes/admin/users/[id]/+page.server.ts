import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { apiFailure, formCsrf, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  const [user, orgs] = await Promise.all([
    api(cookies, '/admin/users/:id', { params: { id: params.id } }),
    api(cookies, '/admin/organisations'),
  ]);
  if (!user.ok) error(user.status, user.status === 404 ? 'Not found' : 'could not load the user');
  if (!orgs.ok) error(orgs.status, 'could not load the organisations');
  return { account: user.body.user, organisations: orgs.body.organisations.map((o) => ({ code: o.code, name: o.name })), created: url.searchParams.has('created') };
};

async function patch(event: Parameters<Actions[string]>[0], body: (form: FormData) => Record<string, unknown>, done: string) {
  const form = await event.request.formData();
  const csrf = formCsrf(event, form);
  const json = body(form);
  const res = await api(event.cookies, '/admin/users/:id', { method: 'PATCH', params: { id: event.params.id ?? '' }, csrf, json });
  if (!res.ok) return apiFailure(res.status, res.body, { action: done });
  return { done };
}

export const actions: Actions = {
  update: (event) => patch(event, (form) => {
    const role = text(form, 'role');
    const password = form.get('password');
    return {
      role, organisation: text(form, 'organisation') || null, scopeUnit: role === 'commander' ? text(form, 'scopeUnit') || null : null,
      ...(typeof password === 'string' && password !== '' ? { password } : {}),
    };
  }, 'updated'),
  unlock: (event) => patch(event, () => ({ unlock: true }), 'unlocked'),
  deactivate: (event) => patch(event, () => ({ active: false }), 'deactivated'),
  activate: (event) => patch(event, () => ({ active: true }), 'activated'),
};
