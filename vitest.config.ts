import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Unit and component tests sit next to the code. Two projects, because the Preact preset aliases
// react → preact/compat, and the replica (and the content-script tests that mount it) must run on
// real React 19: React ignores an `input` event after a bare `.value = …` write, Preact does not,
// and the fill logic depends on that difference. E2E tests have their own config (tests/e2e).
export default defineConfig({
  test: {
    restoreMocks: true,
    projects: [
      {
        plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
        // The pages import zxcvbn's module by its path in the built extension (ui/extension.tsx):
        // here that path is its source.
        resolve: { alias: [{ find: /^\/assets\/strength\.js$/, replacement: fileURLToPath(new URL('src/ui/strength-module.ts', import.meta.url)) }] },
        test: {
          name: 'ui',
          setupFiles: ['src/test/setup-i18n.ts'],
          include: ['src/popup/**/*.test.{ts,tsx}', 'src/options/**/*.test.{ts,tsx}', 'src/ui/**/*.test.{ts,tsx}'],
          environment: 'node',
          restoreMocks: true,
        },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
        test: {
          name: 'core',
          setupFiles: ['src/test/setup-i18n.ts', 'src/test/setup-fake-browser.ts'],
          include: [
            'src/background/**/*.test.ts',
            'src/shared/**/*.test.ts',
            'src/content/**/*.test.{ts,tsx}',
            'src/offscreen/**/*.test.ts',
            'replica/**/*.test.{ts,tsx}',
          ],
          environment: 'node',
          restoreMocks: true,
        },
      },
      {
        // Build and release tooling: the build's plugins, the package checks, the store texts.
        test: {
          name: 'tools',
          include: ['scripts/**/*.test.ts', 'tests/release/lib/**/*.test.ts'],
          environment: 'node',
          restoreMocks: true,
        },
      },
    ],
  },
});
