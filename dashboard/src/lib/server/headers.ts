/**
 * What this app reads from its request and environment for the shared security headers
 * (`@vw/app-shared`): the request id, and whether the browser sees HTTPS.
 */
import { env } from '$env/dynamic/private';
import { getRequestEvent } from '$app/server';
import { setSecurityHeaders as setShared } from '@vw/app-shared';

/** The id of the request being handled (also sent to the API, so its log lines carry the same id). */
export function currentRequestId(): string | undefined {
  try {
    return getRequestEvent().locals.requestId;
  } catch {
    return undefined; // outside a request (PDF rendering, tests)
  }
}

/** HTTPS as the browser sees it: the request URL (behind a TLS proxy: ORIGIN or PROTOCOL_HEADER) or SECURE_COOKIES=true. */
export function isSecure(url: URL): boolean {
  return url.protocol === 'https:' || env['SECURE_COOKIES'] === 'true';
}

/** The shared security headers (`@vw/app-shared`), HSTS when the request is secure as above. */
export function setSecurityHeaders(headers: Headers, url: URL, referrerPolicy: 'no-referrer' | 'same-origin'): void {
  setShared(headers, { secure: isSecure(url), referrerPolicy });
}
