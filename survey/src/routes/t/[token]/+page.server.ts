import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { SurveySession } from '@vw/api/survey';
import { isLang } from '$lib/i18n';
import { endSession, problemError, setLangCookie, setToken } from '$lib/server/session';
import type { PageServerLoad } from './$types';

/**
 * The invitation link. The token is checked, moved into an HttpOnly cookie and the browser is
 * sent on to a URL without it, so it does not stay in the address bar or leak in a Referer.
 */
export const load: PageServerLoad = async (event) => {
  const token = event.params.token;
  let session: SurveySession;
  try {
    session = await api.session({ token }, event.getClientAddress());
  } catch (e) {
    problemError(event.locals.lang, e);
  }
  endSession(event.cookies);
  setToken(event, token);
  // Resuming (on this or another device): the language saved with the draft, unless this link
  // names one (decision 074).
  if (session.lang && !isLang(event.url.searchParams.get('lang'))) setLangCookie(event, session.lang);
  redirect(303, '/survey');
};
