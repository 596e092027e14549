/**
 * A part of a page rendered to HTML once on the server (the organisation page's body, decision
 * 073). SvelteKit serialises every page's data with devalue, for the HTML of a full load as well
 * as for `__data.json` when the browser navigates client-side; a large view model cost ~25 ms per
 * request to serialise. The `transport` hook (src/hooks.ts) sends this as one string instead, and
 * only when the browser needs it (`forBrowser`: a `__data.json` request). A full load of a
 * `csr = false` page never reads the data it inlines, and the HTML is already in the page once.
 */
export class RenderedHtml {
  constructor(readonly value: string, readonly forBrowser: boolean) {}
}
