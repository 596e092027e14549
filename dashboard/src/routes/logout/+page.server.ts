import { redirect } from '@sveltejs/kit';
import { api, clearSession } from '$lib/server/api';
import { formCsrf } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    if (event.locals.user) {
      const csrf = formCsrf(event, form);
      await api(event.cookies, '/auth/logout', { method: 'POST', csrf });
    }
    clearSession(event.cookies, event.url);
    redirect(303, '/login');
  },
};
