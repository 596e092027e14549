/**
 * A value that page data carries to the server-side render only. SvelteKit serialises every
 * page's data (devalue) even when the page has `csr = false` and nothing is sent to a browser;
 * for the organisation page that was a copy of up to ~1 MB per request. The `transport` hook
 * (src/hooks.ts) encodes a ServerOnly as an empty marker, so it costs nothing; the server render
 * reads `.value` directly. Use it only on pages with `csr = false`: a browser would get null.
 */
export class ServerOnly<T> {
  constructor(readonly value: T) {}
}
