// @ts-check
/**
 * The Content-Security-Policy of both apps, for `kit.csp.directives` in each svelte.config.js
 * (plain JavaScript: the config is loaded by Node before anything compiles TypeScript). A second
 * line against XSS and framing (docs/decisions/061-security-headers.md): nothing loads from
 * elsewhere, SvelteKit's own inline scripts run with a per-response nonce (`mode: 'auto'`), no page
 * can be framed, forms post only here. No inline style either: charts are SVG drawn with
 * attributes (decision 063); the only style attribute allowed is SvelteKit's route announcer's,
 * by its hash (the layouts' stylesheet hides the announcer anyway, should SvelteKit change it).
 */

/** sha256 of the style attribute of SvelteKit's `#svelte-announcer` (generated root.svelte). */
export const ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** A fresh copy per call: SvelteKit keeps the object it is given. */
export function cspDirectives() {
  return {
    'default-src': ['self'],
    'script-src': ['self'],
    'style-src': ['self'],
    'style-src-elem': ['self'],
    'style-src-attr': ['unsafe-hashes', ANNOUNCER_STYLE_HASH],
    'img-src': ['self'],
    'font-src': ['self'],
    'connect-src': ['self'],
    'form-action': ['self'],
    'frame-ancestors': ['none'],
    'base-uri': ['none'],
    'object-src': ['none'],
  };
}
