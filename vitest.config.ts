import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Simulation tests are CPU-bound; two cores on CI.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
