import { error } from '@sveltejs/kit';
import { apiText } from '$lib/server/api';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The unit's RI&E (PSA) plan of action: plans.csv with baseline, follow-up and effect (interchange.md). */
export const GET: RequestHandler = async ({ locals, cookies, params }) => {
  if (!locals.user) error(401, 'sign in first');
  const res = await apiText(cookies, '/plans/export', { query: { unit: params.code, format: 'csv' } });
  if (!res.ok) error(res.status, 'could not export the plans');
  return new Response(res.body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(`plans-${params.code}`, 'csv'), 'cache-control': 'private, no-store' },
  });
};
