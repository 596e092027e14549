/**
 * The unit's team summary for a respondent ("you said, we did", decision 090): asked of the API
 * with what the respondent already holds (the invitation token from the cookie, or the unit's
 * survey code from the link). Optional: any failure shows no summary and never blocks the survey.
 */
import { env } from '$env/dynamic/private';
import { currentRequestId } from './headers';

export interface TeamSummary {
  unit: { code: string; name: string };
  release: string;
  period: string;
  publishedAt: string;
  figures: { indicator: string; option: string; base: string; value: number; ciLow: number; ciHigh: number; n: number }[];
  focusAreas: { indicator: string; option: string; base: string; goal: string; value: number | null; actions: { text: string; type: string; due: string; status: string }[] }[];
}

export async function teamSummary(link: { token: string } | { code: string }, clientAddress: string): Promise<TeamSummary | null> {
  const base = (env['API_URL'] ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const id = currentRequestId();
  try {
    const res = await fetch(`${base}/plans/team-summary/respondent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress, ...(id ? { 'x-request-id': id } : {}) },
      body: JSON.stringify(link),
    });
    if (!res.ok) return null;
    return ((await res.json()) as { summary: TeamSummary | null }).summary;
  } catch {
    return null;
  }
}
