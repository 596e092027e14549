/**
 * The unit's team summary for a respondent ("you said, we did", decision 090): asked of the API
 * with what the respondent already holds (the invitation token from the cookie, or the unit's
 * survey code from the link). On the welcome page it is optional: any failure shows no summary and
 * never blocks the survey; the unit's own summary page (`/o/[code]/team`) says when the code is not valid.
 */
import { api } from './api';

export interface TeamSummary {
  unit: { code: string; name: string };
  release: string;
  period: string;
  publishedAt: string;
  figures: { indicator: string; option: string; base: string; value: number; ciLow: number; ciHigh: number; n: number }[];
  focusAreas: { indicator: string; option: string; base: string; goal: string; value: number | null; actions: { text: string; type: string; due: string; status: string }[] }[];
}

/** The summary for the survey's welcome page, where it is optional: any failure shows none. */
export async function teamSummary(link: { token: string } | { code: string }, clientAddress: string): Promise<TeamSummary | null> {
  try {
    return (await api.teamSummary(link, clientAddress)).summary;
  } catch {
    return null;
  }
}
