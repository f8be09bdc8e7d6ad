// Lint rules for the whole repository. The block for packages/core keeps the calculation pure:
// no file system, network, process, clock or console, and no imports from the shells.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const shellPackages = ['@aidc/cli', '@aidc/server', '@aidc/web', '@aidc/sim', '@aidc/store'];
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

// packages/sim is pure like core (architecture rule 1): the same restrictions, and sim may import
// core but not the shells. Its tests may read the example scenarios and the shared traces.
const simShells = shellPackages.filter((name) => name !== '@aidc/sim');
const simPurity = {
  files: ['packages/sim/src/**/*.ts'],
  ignores: ['packages/sim/src/**/*.test.ts'],
  languageOptions: { globals: {} },
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [...ioModules, ...ioModules.map((name) => `node:${name}`)].map((name) => ({
          name,
          message: 'sim is pure: no I/O (architecture rule 1).',
        })),
        patterns: [
          {
            group: [...simShells, '**/cli/**', '**/server/**', '**/web/**'],
            message: 'sim may not import the shells (architecture rule 1).',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'sim is pure: pass values in as arguments.' },
      { name: 'fetch', message: 'sim is pure: no network.' },
      { name: 'setTimeout', message: 'sim is pure: no timers.' },
      { name: 'setInterval', message: 'sim is pure: no timers.' },
      { name: 'require', message: 'sim is ESM and pure.' },
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Date', property: 'now', message: 'sim is pure: no clock.' },
      { object: 'Math', property: 'random', message: 'sim is pure: use a seeded generator.' },
      { object: 'performance', property: 'now', message: 'sim is pure: no clock.' },
    ],
  },
};

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
  {
    files: ['packages/core/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ioModules.map((name) => ({
              name,
              message: 'core is pure: no I/O (architecture rule 1).',
            })),
            ...ioModules.map((name) => ({
              name: `node:${name}`,
              message: 'core is pure: no I/O (architecture rule 1).',
            })),
          ],
          patterns: [
            {
              group: [...shellPackages, '**/cli/**', '**/server/**', '**/web/**'],
              message: 'core may not import the shells (architecture rule 1).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core is pure: pass values in as arguments.' },
        { name: 'fetch', message: 'core is pure: no network.' },
        { name: 'setTimeout', message: 'core is pure: no timers.' },
        { name: 'setInterval', message: 'core is pure: no timers.' },
        { name: 'require', message: 'core is ESM and pure.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core is pure: no clock.' },
        { object: 'Math', property: 'random', message: 'core is pure: use a seeded generator.' },
        { object: 'performance', property: 'now', message: 'core is pure: no clock.' },
      ],
    },
  },
  simPurity,
  {
    files: ['**/*.test.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', 'validation/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
