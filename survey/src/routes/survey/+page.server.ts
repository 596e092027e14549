import { OPEN_COOKIE, requireSession } from '$lib/server/session';
import { resumePage } from '$lib/server/pages';
import { estimatedMinutes, pagesOf } from '$lib/server/survey-view';
import { teamSummary } from '$lib/server/team-summary';
import type { PageServerLoad } from './$types';

/** The welcome page: who runs the survey, how long it takes, what happens, why it is anonymous. */
export const load: PageServerLoad = async (event) => {
  const { session, token } = await requireSession(event);
  const def = session.instrument.definition;
  return {
    organisation: session.organisation.name,
    unit: session.unit.name,
    minGroupSize: session.organisation.minGroupSize,
    minutes: estimatedMinutes(def),
    openLink: event.cookies.get(OPEN_COOKIE) !== undefined,
    resume: Object.keys(session.answers).length > 0,
    // Resuming goes back to the last page reached, not to page 1.
    firstPage: resumePage(def, pagesOf(def), session.answers) + 1,
    // "You said, we did": the unit's summary published before this wave opened (decision 090).
    teamSummary: await teamSummary({ token }, event.getClientAddress()),
  };
};
