/**
 * Response headers every page of this app gets, next to the Content-Security-Policy that
 * SvelteKit writes from `kit.csp` (svelte.config.js, with nonces for its own scripts).
 */
import { env } from '$env/dynamic/private';
import { getRequestEvent } from '$app/server';

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

export const PERMISSIONS_POLICY = 'accelerometer=(), autoplay=(), camera=(), clipboard-read=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), interest-cohort=()';

export function setSecurityHeaders(headers: Headers, url: URL, referrerPolicy: 'no-referrer' | 'same-origin'): void {
  headers.set('referrer-policy', referrerPolicy);
  headers.set('x-content-type-options', 'nosniff');
  // frame-ancestors 'none' is in the CSP; X-Frame-Options for browsers that predate it.
  headers.set('x-frame-options', 'DENY');
  headers.set('permissions-policy', PERMISSIONS_POLICY);
  headers.set('cross-origin-opener-policy', 'same-origin');
  // Only behind TLS: over plain HTTP a browser ignores it, and on localhost it would pin HTTPS.
  if (isSecure(url)) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
