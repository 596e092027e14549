import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The release table (CSV) of the selection: one release, one indicator, one dimension (or all). */
export const GET: RequestHandler = async ({ locals, cookies, url }) => {
  if (!locals.user) error(401, 'sign in first');
  const release = url.searchParams.get('release');
  if (!release) error(400, 'release is required');
  const q = new URLSearchParams({ format: 'csv' });
  for (const name of ['indicator', 'dimension'] as const) {
    const v = url.searchParams.get(name);
    if (v) q.set(name, v);
  }
  const res = await api<string>(cookies, `/releases/${encodeURIComponent(release)}/rows?${q}`);
  if (!res.ok) error(res.status === 403 ? 403 : res.status === 404 ? 404 : 502, 'could not export the release');
  return new Response(res.body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': res.headers.get('content-disposition') ?? attachment('release', 'csv'), 'cache-control': 'private, no-store' },
  });
};
