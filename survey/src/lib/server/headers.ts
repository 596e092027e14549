/**
 * What this app reads from its request and environment for the shared security headers
 * (`@vw/app-shared`'s `appRequestContext`): the request id, and whether the browser sees HTTPS.
 */
import { env } from '$env/dynamic/private';
import { getRequestEvent } from '$app/server';
import { appRequestContext } from '@vw/app-shared';

export const { currentRequestId, isSecure, setSecurityHeaders } = appRequestContext({
  secureCookies: () => env['SECURE_COOKIES'] === 'true',
  requestId: () => getRequestEvent().locals.requestId,
});

/**
 * Where the survey's start page (type a code) is, as the browser sees it: `/` by default, or
 * SURVEY_START_PATH when the survey shares its origin with the dashboard behind the proxy
 * (docs/production.md: `/code`).
 */
export function startPath(): string {
  const p = env['SURVEY_START_PATH'];
  return p && /^\/[A-Za-z0-9/_-]*$/.test(p) ? p : '/';
}
