import { defineConfig } from 'vitest/config';

// End-to-end suite: builds and runs the generated images with a real Docker engine (see
// test/e2e/README.md). `npm test` never includes these files (vitest.config.ts excludes test/e2e/).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One file at a time: builds share 2 cores, and the `docker stop` < 3 s timing must not be skewed.
    fileParallelism: false,
    testTimeout: 10 * 60_000,
    hookTimeout: 15 * 60_000,
    teardownTimeout: 5 * 60_000,
    reporters: ['verbose'],
  },
});
