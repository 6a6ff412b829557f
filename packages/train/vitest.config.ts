import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Generous: turbo runs several packages' tests at once, and CI machines may have two cores.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
