import { error, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { apiFailure, formCsrf, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
  const [users, orgs] = await Promise.all([
    api(cookies, '/admin/users'),
    api(cookies, '/admin/organisations'),
  ]);
  if (!users.ok || !orgs.ok) error(users.ok ? orgs.status : users.status, 'could not load the users');
  return { users: users.body.users, organisations: orgs.body.organisations.map((o) => ({ code: o.code, name: o.name })) };
};

export const actions: Actions = {
  create: async (event) => {
    const form = await event.request.formData();
    const csrf = formCsrf(event, form);
    const values = { email: text(form, 'email'), role: text(form, 'role'), organisation: text(form, 'organisation'), scopeUnit: text(form, 'scopeUnit') };
    const res = await api(event.cookies, '/admin/users', {
      method: 'POST', csrf,
      json: {
        email: values.email, password: form.get('password') ?? '', role: values.role,
        organisation: values.organisation || null, scopeUnit: values.role === 'commander' ? values.scopeUnit || null : null,
      },
    });
    if (!res.ok) return apiFailure(res.status, res.body, { values });
    redirect(303, `/admin/users/${res.body.user.id}?created=1`);
  },
};
