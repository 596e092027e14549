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
