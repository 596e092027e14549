import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { apiLayers } from './api/layers.config.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.svelte-kit/**', '**/build/**', '**/dist/**', 'migrations/sql/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Svelte components: their <script lang="ts"> is TypeScript; they run in the browser and on the server.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      // Types such as DOM's AutoFill are TypeScript's to check (svelte-check), not no-undef's.
      'no-undef': 'off',
      // Both apps are served at the root of their own origin (no kit.paths.base), so a plain
      // href is already the resolved path; wrapping every link in resolve() would add nothing.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  ...apiLayers,
);
