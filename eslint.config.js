import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { apiLayers } from './api/layers.config.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.svelte-kit/**', '**/build/**', '**/dist/**', 'migrations/sql/**', '**/*.svelte', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...apiLayers,
);
