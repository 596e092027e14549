import { teamSummary } from '$lib/server/team-summary';
import type { PageServerLoad } from './$types';

/**
 * The unit's "you said, we did" page, reachable with the unit's survey link (its open-link code);
 * no sign-in. Shows the summary published before the code's wave opened, or says there is none.
 */
export const load: PageServerLoad = async (event) => ({
  code: event.params.code,
  summary: await teamSummary({ code: event.params.code }, event.getClientAddress()),
});
