import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Browser tests start Chromium: one test file at a time, and time for a busy two-core machine.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 90_000, hookTimeout: 120_000, fileParallelism: false },
});
