import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    // Access-log lines of thousands of in-process requests would drown the test output; errors still show.
    env: { LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' },
  },
});
