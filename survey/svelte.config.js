// @ts-check
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter(),
    // Respondents answer sensitive questions: nothing loads from elsewhere, nothing frames the
    // page, and inline scripts run only with the per-response nonce SvelteKit adds.
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
