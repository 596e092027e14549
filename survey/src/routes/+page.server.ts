import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { problemKey, setToken } from '$lib/server/session';
import type { Actions } from './$types';

export const actions = {
  /** A typed invitation code (26 characters) or open-link access code (16 characters). */
  code: async (event) => {
    const raw = (await event.request.formData()).get('code');
    const code = typeof raw === 'string' ? raw.toLowerCase().replace(/[\s-]/g, '') : '';
    if (/^[a-z2-7]{16}$/.test(code)) redirect(303, `/o/${code}`);
    if (!/^[a-z2-7]{26}$/.test(code)) return fail(400, { problem: 'home.codeInvalid' as const });
    try {
      await api.session({ token: code }, event.getClientAddress());
    } catch (e) {
      return fail(400, { problem: problemKey(e) });
    }
    setToken(event, code);
    redirect(303, '/survey');
  },
} satisfies Actions;
