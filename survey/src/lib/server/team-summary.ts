/**
 * The unit's team summary for a respondent ("you said, we did", decision 090): asked of the API
 * with what the respondent already holds (the invitation token from the cookie, or the unit's
 * survey code from the link). On the welcome page it is optional: any failure shows no summary and
 * never blocks the survey; the unit's own summary page (`/o/[code]/team`) says when the code is not valid.
 */
import type { TeamSummary } from '@vw/api/contract';
import { api } from './api';

export type { TeamSummary };

/** The summary for the survey's welcome page, where it is optional: any failure shows none. */
export async function teamSummary(link: { token: string } | { code: string }, clientAddress: string): Promise<TeamSummary | null> {
  try {
    return (await api.teamSummary(link, clientAddress)).summary;
  } catch {
    return null;
  }
}
