import { defineConfig } from 'vitest/config';
import { newRunId } from '../../scripts/lib/harness.mjs';

// Firefox smoke test of the built dist-firefox/ (run `npm run build:firefox` first):
//   npx vitest run --config tests/firefox/vitest.config.ts
// Needs Firefox ESR at /usr/bin/firefox-esr (or $FIREFOX_PATH). One Firefox, one worker.
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    // One artifacts folder per run (scripts/lib/harness.mjs artifactsDir).
    env: { E2E_RUN_ID: process.env.E2E_RUN_ID || newRunId('firefox') },
  },
});
