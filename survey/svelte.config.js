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
    // Its own asset folder, so that the survey and the dashboard can share one public origin
    // behind the proxy (docs/production.md): the dashboard keeps SvelteKit's default `_app`.
    appDir: '_survey',
    // Respondents answer sensitive questions: nothing loads from elsewhere, nothing frames the
    // page, inline scripts run only with the per-response nonce SvelteKit adds, and no inline
    // style runs (docs/decisions/061-security-headers.md).
    // Pages send `Referrer-Policy: no-referrer`, so browsers send `Origin: null` with plain form
    // posts and SvelteKit's origin check would refuse every no-JS submission. hooks.server.ts checks
    // Sec-Fetch-Site / Origin itself instead (docs/decisions/012-survey-sessions-and-csrf.md).
    csrf: { trustedOrigins: ['*'] },
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        // Exactly one style attribute: SvelteKit's route announcer (hash of its value). Should
        // SvelteKit change it, the layout's stylesheet hides the announcer anyway.
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
