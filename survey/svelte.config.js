// @ts-check
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { cspDirectives } from '@vw/app-shared/csp';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter(),
    // Its own asset folder, so that the survey and the dashboard can share one public origin
    // behind the proxy (docs/production.md): the dashboard keeps SvelteKit's default `_app`.
    appDir: '_survey',
    // Pages send `Referrer-Policy: no-referrer`, so browsers send `Origin: null` with plain form
    // posts and SvelteKit's origin check would refuse every no-JS submission. hooks.server.ts checks
    // Sec-Fetch-Site / Origin itself instead (docs/decisions/012-survey-sessions-and-csrf.md).
    csrf: { trustedOrigins: ['*'] },
    // Respondents answer sensitive questions: the same strict policy as the dashboard's
    // (@vw/app-shared/csp, decision 061).
    csp: { mode: 'auto', directives: /** @type {import('@sveltejs/kit').CspDirectives} */ (cspDirectives()) },
  },
};

export default config;
