import { error, redirect } from '@sveltejs/kit';
import { api, cookieFromApi, isSecure } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** Starts single sign-on: the API picks state, nonce and PKCE; the browser goes to the provider. */
export const GET: RequestHandler = async ({ params, url, cookies }) => {
  const org = encodeURIComponent(params.org);
  const redirectUri = `${url.origin}/auth/oidc/${org}/callback`;
  const res = await api(cookies, '/auth/oidc/:org/start', { params: { org: params.org }, query: { redirect_uri: redirectUri } });
  const location = res.headers.get('location');
  const flow = cookieFromApi(res.headers, 'vw_oidc');
  if (res.status !== 302 || !location || !flow) error(res.status === 404 ? 404 : 502, 'single sign-on is not available');
  cookies.set('vw_oidc', flow, { path: `/auth/oidc/${org}`, httpOnly: true, sameSite: 'lax', secure: isSecure(url), maxAge: 600 });
  redirect(302, location);
};
