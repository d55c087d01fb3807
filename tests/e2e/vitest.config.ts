import { defineConfig } from 'vitest/config';

// Real-browser tests against the built dist/ (npm run test:e2e builds first). One file at a time
// in one worker: each file launches its own Chromium, and the machine has 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    restoreMocks: true,
  },
});
