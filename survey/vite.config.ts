import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser test runs the API in-process: its per-request log lines would drown the output.
    env: { LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' },
  },
});
