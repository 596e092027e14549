import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { endSession, problemError, setToken } from '$lib/server/session';
import type { PageServerLoad } from './$types';

/**
 * The invitation link. The token is checked, moved into an HttpOnly cookie and the browser is
 * sent on to a URL without it, so it does not stay in the address bar or leak in a Referer.
 */
export const load: PageServerLoad = async (event) => {
  const token = event.params.token;
  try {
    await api.session({ token }, event.getClientAddress());
  } catch (e) {
    problemError(event.locals.lang, e);
  }
  endSession(event.cookies);
  setToken(event, token);
  redirect(303, '/survey');
};
