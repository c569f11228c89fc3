// ESLint (flat config) over the package, the page, the scripts and the tests. Formatting is
// prettier's (.prettierrc.json); these rules catch mistakes, not style.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'build/', 'build-*/', 'node_modules/', 'js/vendor/', 'tests/artifacts/'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // Code that runs in the page or its worker (the package's host-neutral modules too).
    files: ['web/**/*.js', 'js/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // Functions that tests pass to the page (page.evaluate, $$eval) run in the browser.
    files: ['tests/browser/**/*.js', 'scripts/bench/page.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
];
