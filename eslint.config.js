// Lint rules for the whole repository. The blocks for packages/core and packages/sim keep them
// pure: no file system, network, process, clock or console, and no imports from the shells.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const shellPackages = [
  '@aidc/cli',
  '@aidc/server',
  '@aidc/web',
  '@aidc/sim',
  '@aidc/store',
  '@aidc/workers',
  '@aidc/ops',
];
const ioModules = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'process',
  'worker_threads',
  'readline',
];

/**
 * The purity rules of a pure package (architecture rule 1): no file system, network, process,
 * clock or unseeded randomness, and no imports from the shells.
 */
function purity(name, files, shells, ignores = []) {
  return {
    files,
    ignores,
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...ioModules, ...ioModules.map((m) => `node:${m}`)].map((m) => ({
            name: m,
            message: `${name} is pure: no I/O (architecture rule 1).`,
          })),
          patterns: [
            {
              group: [...shells, '**/cli/**', '**/server/**', '**/web/**', '**/workers/**'],
              message: `${name} may not import the shells (architecture rule 1).`,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: `${name} is pure: pass values in as arguments.` },
        { name: 'fetch', message: `${name} is pure: no network.` },
        { name: 'setTimeout', message: `${name} is pure: no timers.` },
        { name: 'setInterval', message: `${name} is pure: no timers.` },
        { name: 'require', message: `${name} is ESM and pure.` },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: `${name} is pure: no clock.` },
        { object: 'Math', property: 'random', message: `${name} is pure: use a seeded generator.` },
        { object: 'performance', property: 'now', message: `${name} is pure: no clock.` },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/cli/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  purity('core', ['packages/core/src/**/*.ts'], shellPackages),
  // sim may import core; its tests may read the example scenarios and trace files.
  purity(
    'sim',
    ['packages/sim/src/**/*.ts'],
    shellPackages.filter((name) => name !== '@aidc/sim'),
    ['packages/sim/src/**/*.test.ts'],
  ),
  // ops is pure logic too (architecture.md): storage through the store, I/O in the shells;
  // its tests may read fixtures.
  purity(
    'ops',
    ['packages/ops/src/**/*.ts'],
    shellPackages.filter((name) => name !== '@aidc/ops'),
    ['packages/ops/src/**/*.test.ts'],
  ),
  // The web app runs in the browser: its globals, and React's rules of hooks.
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.test.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', 'validation/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
