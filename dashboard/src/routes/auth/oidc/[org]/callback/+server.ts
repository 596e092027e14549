import { redirect } from '@sveltejs/kit';
import { api, cookieFromApi, SESSION_COOKIE, setSession } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The provider sends the browser back here; the API verifies everything and opens a session. */
export const GET: RequestHandler = async ({ params, url, cookies }) => {
  const org = encodeURIComponent(params.org);
  const flow = cookies.get('vw_oidc');
  cookies.delete('vw_oidc', { path: `/auth/oidc/${org}` });
  const res = await api(cookies, '/auth/oidc/:org/callback', { params: { org: params.org }, query: Object.fromEntries(url.searchParams), cookies: flow ? { vw_oidc: flow } : {} });
  const token = res.status === 302 ? cookieFromApi(res.headers, SESSION_COOKIE) : null;
  if (!token) redirect(303, '/login?sso=failed');
  setSession(cookies, url, token);
  redirect(303, '/');
};
