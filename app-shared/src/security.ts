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

/** What each app's `lib/server/headers.ts` gives its server code (`appRequestContext`). */
export interface AppRequestContext {
  /** The id of the request being handled (also sent to the API, so its log lines carry the same id). */
  currentRequestId(): string | undefined;
  /** HTTPS as the browser sees it: the request URL (behind a TLS proxy: ORIGIN or PROTOCOL_HEADER) or SECURE_COOKIES=true. */
  isSecure(url: URL): boolean;
  /** The shared security headers, HSTS when the request is secure as above. */
  setSecurityHeaders(headers: Headers, url: URL, referrerPolicy: 'no-referrer' | 'same-origin'): void;
}

/**
 * The request id, HTTPS and security headers of one app, from what only the app can read, asked
 * at each call: SECURE_COOKIES from its environment (`$env/dynamic/private`) and the request being
 * handled (`$app/server`'s `getRequestEvent`, which throws outside a request: PDF rendering, tests).
 */
export function appRequestContext(read: { secureCookies: () => boolean; requestId: () => string | undefined }): AppRequestContext {
  const isSecure = (url: URL): boolean => url.protocol === 'https:' || read.secureCookies();
  return {
    currentRequestId() {
      try {
        return read.requestId();
      } catch {
        return undefined; // outside a request
      }
    },
    isSecure,
    setSecurityHeaders(headers, url, referrerPolicy) {
      setSecurityHeaders(headers, { secure: isSecure(url), referrerPolicy });
    },
  };
}
