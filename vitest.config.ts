import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Unit and component tests sit next to the code (src/**/*.test.ts[x]); e2e tests run separately
// (tests/e2e, against the built dist/ in Chromium) with their own config.
export default defineConfig({
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'replica/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
  },
});
