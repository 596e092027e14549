/** Loading a unit report from the API, shared by the page and its downloads. */
import { error, redirect, type Cookies } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import type { UnitReport } from '$lib/report/types';

export async function loadUnitReport(cookies: Cookies, code: string, release: string | null, fallback: string | null = null): Promise<UnitReport> {
  const res = await api(cookies, '/reports/unit/:code', { params: { code }, query: { release: release ?? undefined } });
  if (res.status === 401) redirect(303, '/login');
  if (res.status === 403) error(403, 'forbidden');
  // A release picked for another unit may not hold this one: fall back to the unit's latest.
  if (res.status === 404 && release && fallback) redirect(303, fallback);
  if (!res.ok) error(res.status === 404 || res.status === 400 ? 404 : 502, 'no report');
  return res.body;
}
