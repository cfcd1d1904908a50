import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The sources import zod as '#zod' (package.json "imports"): the compiled code gets the one-file
  // build in dist/vendor (scripts/vendor-zod.mjs); tests of the sources use the package itself.
  resolve: { alias: { '#zod': 'zod' } },
  test: {
    include: ['test/**/*.test.ts'],
    // Simulation tests are CPU-bound; two cores on CI.
    pool: 'forks',
    // Temporary files of the whole run under one directory, removed at the end (test/helpers/global-tmp.ts).
    globalSetup: ['test/helpers/global-tmp.ts'],
    testTimeout: 60_000,
    // beforeAll hooks run whole scenarios; on a loaded 2-core machine 10 s (the default) is not enough.
    hookTimeout: 120_000,
  },
});
