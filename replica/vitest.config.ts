import { defineConfig } from 'vitest/config';

// The replica's tests on real React 19 (the root config runs them too, but its Preact preset
// aliases react → preact/compat). Run: npx vitest run --config replica/vitest.config.ts
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: {
    include: ['app/**/*.test.{ts,tsx}'],
    environment: 'node',
    restoreMocks: true,
  },
});
