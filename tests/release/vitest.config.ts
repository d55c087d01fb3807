import { defineConfig } from 'vitest/config';

// The store packages (`npm run package` first; `npm run test:release` does both): their checks
// (*.release.test.ts), then the Chromium smoke test on the unzipped Chrome package and the Firefox
// e2e test on the Firefox zip as it is (globalSetup.ts points them there). One browser at a time.
export default defineConfig({
  test: {
    include: ['tests/release/**/*.release.test.ts', 'tests/e2e/smoke.e2e.test.ts', 'tests/firefox/firefox.e2e.test.ts'],
    globalSetup: ['tests/release/globalSetup.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    sequence: { shuffle: false },
  },
});
