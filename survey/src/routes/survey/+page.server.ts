import { OPEN_COOKIE, requireSession } from '$lib/server/session';
import { estimatedMinutes, flowOf } from '$lib/server/survey-view';
import type { PageServerLoad } from './$types';

/** The welcome page: who runs the survey, how long it takes, what happens, why it is anonymous. */
export const load: PageServerLoad = async (event) => {
  const { session } = await requireSession(event);
  const flow = flowOf(session);
  return {
    organisation: session.organisation.name,
    unit: session.unit.name,
    minGroupSize: session.organisation.minGroupSize,
    minutes: estimatedMinutes(session.instrument.definition),
    openLink: event.cookies.get(OPEN_COOKIE) !== undefined,
    resume: Object.keys(session.answers).length > 0,
    firstPage: (flow.visible[0] ?? 0) + 1,
  };
};
