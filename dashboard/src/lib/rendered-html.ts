/**
 * A part of a page rendered to HTML once on the server (the organisation page's body, decision
 * 073). SvelteKit serialises every page's data with devalue, for the HTML of a full load as well
 * as for `__data.json` when the browser navigates client-side; a large view model cost ~25 ms per
 * request to serialise. The `transport` hook (src/hooks.ts) sends this as one string instead,
 * which devalue copies cheaply, and gives the browser the same object back.
 */
export class RenderedHtml {
  constructor(readonly value: string) {}
}
