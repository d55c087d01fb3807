import { defineConfig } from 'vitest/config';
import { newRunId } from '../../scripts/lib/harness.mjs';

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
    // One artifacts folder per run (scripts/lib/harness.mjs artifactsDir): every test file's process gets the same id.
    env: { E2E_RUN_ID: process.env.E2E_RUN_ID || newRunId('e2e') },
  },
});
