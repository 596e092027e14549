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
    // One policy for both apps (@vw/app-shared/csp, decision 061).
    csp: { mode: 'auto', directives: /** @type {import('@sveltejs/kit').CspDirectives} */ (cspDirectives()) },
  },
};

export default config;
