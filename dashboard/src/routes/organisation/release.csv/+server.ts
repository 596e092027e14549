import { error } from '@sveltejs/kit';
import { apiText } from '$lib/server/api';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The release table (CSV) of the selection: one release, one indicator, one dimension (or all). */
export const GET: RequestHandler = async ({ locals, cookies, url }) => {
  if (!locals.user) error(401, 'sign in first');
  const release = url.searchParams.get('release');
  if (!release) error(400, 'release is required');
  const res = await apiText(cookies, '/releases/:id/rows', {
    params: { id: release },
    query: { format: 'csv', indicator: url.searchParams.get('indicator') || undefined, dimension: url.searchParams.get('dimension') || undefined },
  });
  if (!res.ok) error(res.status === 403 ? 403 : res.status === 404 ? 404 : 502, 'could not export the release');
  return new Response(res.body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': res.headers.get('content-disposition') ?? attachment('release', 'csv'), 'cache-control': 'private, no-store' },
  });
};
