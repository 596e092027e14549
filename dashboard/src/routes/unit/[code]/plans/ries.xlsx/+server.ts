import { error } from '@sveltejs/kit';
import { apiUrl, SESSION_COOKIE } from '$lib/server/api';
import { attachment } from '$lib/server/download';
import type { RequestHandler } from './$types';

/** The RI&E (PSA) plan of action as a spreadsheet (the API builds it; passed through as bytes). */
export const GET: RequestHandler = async ({ locals, cookies, params }) => {
  if (!locals.user) error(401, 'sign in first');
  const session = cookies.get(SESSION_COOKIE);
  const res = await fetch(apiUrl(`/plans/export?unit=${encodeURIComponent(params.code)}&format=xlsx`), { headers: session ? { cookie: `${SESSION_COOKIE}=${session}` } : {} });
  if (!res.ok) error(res.status, 'could not export the plans');
  return new Response(new Uint8Array(await res.arrayBuffer()), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': attachment(`plans-${params.code}`, 'xlsx'), 'cache-control': 'private, no-store',
    },
  });
};
