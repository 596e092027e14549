import { error, fail } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { apiIssues, apiMessage, formCsrf } from '$lib/server/forms';
import type { FieldIssue } from '$lib/types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
  const res = await api(cookies, '/admin/instruments');
  if (!res.ok) error(res.status, 'could not load the instruments');
  return { instruments: res.body.instruments };
};

export const actions: Actions = {
  /** Publishes a new version from a pasted or uploaded JSON definition. */
  publish: async (event) => {
    const form = await event.request.formData();
    const csrf = formCsrf(event, form);
    const file = form.get('file');
    const pasted = form.get('definition');
    const definition = file instanceof File && file.size > 0 ? await file.text() : typeof pasted === 'string' ? pasted.trim() : '';
    if (!definition) return fail(400, { missing: true as const, definition: '' });
    const res = await api(event.cookies, '/admin/instruments', { method: 'POST', csrf, text: { body: definition, type: 'application/json' } });
    if (res.status === 422) {
      const issues = apiIssues<FieldIssue>(res.body);
      return fail(422, { issues, definition: definition.length < 200_000 ? definition : '' });
    }
    if (!res.ok) return fail(res.status === 409 ? 409 : 400, { message: apiMessage(res.body, res.status), definition: definition.length < 200_000 ? definition : '' });
    return { published: res.body.ref };
  },
};
