/**
 * Response headers every page of both apps gets, next to the Content-Security-Policy that
 * SvelteKit writes from `kit.csp` (each app's svelte.config.js, with nonces for its own scripts).
 */

export const PERMISSIONS_POLICY = 'accelerometer=(), autoplay=(), camera=(), clipboard-read=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), interest-cohort=()';

/** `secure`: HTTPS as the browser sees it (the app decides: request URL or SECURE_COOKIES). */
export function setSecurityHeaders(headers: Headers, options: { secure: boolean; referrerPolicy: 'no-referrer' | 'same-origin' }): void {
  headers.set('referrer-policy', options.referrerPolicy);
  headers.set('x-content-type-options', 'nosniff');
  // frame-ancestors 'none' is in the CSP; X-Frame-Options for browsers that predate it.
  headers.set('x-frame-options', 'DENY');
  headers.set('permissions-policy', PERMISSIONS_POLICY);
  headers.set('cross-origin-opener-policy', 'same-origin');
  // Only behind TLS: over plain HTTP a browser ignores it, and on localhost it would pin HTTPS.
  if (options.secure) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
