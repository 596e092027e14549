import { api } from '$lib/server/api';
import { problemError } from '$lib/server/session';
import type { PageServerLoad } from './$types';

/**
 * The unit's "you said, we did" page, reachable with the unit's survey link (its open-link code);
 * no sign-in. Shows the summary published before the code's wave opened, or says there is none.
 * An unknown code is an error page that says the code is not valid (the API answers 404 and counts
 * the failure against the caller's limit, 429 after too many), as the survey link's own page does.
 */
export const load: PageServerLoad = async (event) => {
  try {
    const { summary } = await api.teamSummary({ code: event.params.code }, event.getClientAddress());
    return { code: event.params.code, summary };
  } catch (e) {
    problemError(event.locals.lang, e);
  }
};
