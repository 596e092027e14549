import { error, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api } from '$lib/server/api';
import { endSession, problemKey, problemStatus, setToken } from '$lib/server/session';
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
    error(problemStatus(e), t(event.locals.lang, problemKey(e)));
  }
  endSession(event.cookies);
  setToken(event, token);
  redirect(303, '/survey');
};
