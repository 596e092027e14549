// @ts-check
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** sha256 of the style attribute of SvelteKit's `#svelte-announcer` (generated root.svelte). */
const ANNOUNCER_STYLE_HASH = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter(),
    // A second line against XSS and framing (docs/decisions/061-security-headers.md): nothing loads
    // from elsewhere, SvelteKit's own inline scripts run with a per-response nonce, no page can be
    // framed, forms post only here. No inline style either: charts are SVG drawn with attributes
    // (decision 063); the only style attribute allowed is SvelteKit's route announcer's, by its
    // hash (the layout's stylesheet hides the announcer anyway, should SvelteKit change it).
    csp: {
      mode: 'auto',
      directives: {
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
      },
    },
  },
};

export default config;
