import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The content script's DOM tests on real React 19 (the root config's Preact preset aliases
// react → preact/compat, whose controlled inputs do not track values the way React does).
// Run: npx vitest run --config src/content/vitest.react.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  test: {
    include: ['src/content/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
  },
});
