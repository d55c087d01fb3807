import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'artifacts/**', 'replica/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // No HTML from strings in the extension: the build removes Preact's dangerouslySetInnerHTML sink
  // (scripts/build/preactNoInnerHtml.ts), so the prop would throw at run time.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/**/test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'The build removes dangerouslySetInnerHTML (scripts/build/preactNoInnerHtml.ts): build the DOM from elements.' },
        { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'No HTML from strings in the extension (addons.mozilla.org flags it): build the DOM from elements.' },
      ],
    },
  },
  // Boundaries: shared/ imports no context; contexts do not import each other. Each context (worker,
  // content script, popup, options, offscreen) is its own bundle with its own privileges: an import
  // across them would ship one context's code into another. Only shared/ and ui/ are shared.
  {
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**', '**/content/**', '**/popup/**', '**/options/**', '**/offscreen/**', '**/ui/**'] }] },
  },
  {
    files: ['src/background/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/content/**', '**/popup/**', '**/options/**', '**/offscreen/**', '**/ui/**'] }],
      'no-restricted-globals': ['error', 'window', 'document'],
    },
  },
  {
    files: ['src/content/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**', '**/popup/**', '**/options/**', '**/offscreen/**', '**/ui/**', 'preact', 'preact/*'] }] },
  },
  {
    files: ['src/popup/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**', '**/content/**', '**/offscreen/**', '**/options/**'] }] },
  },
  {
    files: ['src/options/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**', '**/content/**', '**/offscreen/**', '**/popup/**'] }] },
  },
  {
    files: ['src/offscreen/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**', '**/content/**', '**/popup/**', '**/options/**', '**/ui/**', 'preact', 'preact/*'] }] },
  },
  {
    files: ['src/ui/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/background/**', '**/content/**', '**/offscreen/**', '**/popup/**', '**/options/**'] }] },
  },
  // Node tools that also ship functions into pages (puppeteer evaluate): both sets of globals.
  {
    files: ['scripts/**', 'tests/**', 'bench/**', 'replica/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, chrome: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
