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
function purity(name, files, shells, ignores = [], layering = []) {
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
            ...layering,
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

/**
 * core's stages in pipeline order (architecture.md): the scenario and catalogs, the workloads,
 * reliability, cluster, facility, energy, carbon, economics, sites, then the plan that composes
 * them. A module may import an earlier layer (its types and functions), never a later one: the
 * plan's data follows the stages downward. Scenario validation may ask the workload modules
 * which shapes and precisions they can plan (a parse error says so before any stage runs).
 */
const coreLayers = [
  ['util', 'catalog', 'scenario'],
  ['training', 'inference', 'generic'],
  ['reliability'],
  ['cluster'],
  ['facility'],
  ['energy'],
  ['carbon'],
  ['economics'],
  ['sites'],
];
const planModules = ['stages', 'sweep', 'inventory', 'plan-schema', 'properties'];
const planFiles = ['plan', 'plan-types', 'key-figures'];
const layerExceptions = { scenario: ['inference', 'generic', 'carbon'] };
function coreLayering() {
  return coreLayers.flatMap((layer, i) => {
    const later = [...coreLayers.slice(i + 1).flat(), ...planModules];
    return layer.map((dir) => {
      const banned = later.filter((d) => !(layerExceptions[dir] ?? []).includes(d));
      return purity(
        'core',
        [`packages/core/src/${dir}/**/*.ts`],
        shellPackages,
        // A test may plan a whole scenario to check its stage in place.
        ['packages/core/src/**/*.test.ts'],
        [
          {
            group: [...banned.map((d) => `../${d}/*`), ...planFiles.map((f) => `../${f}.js`)],
            message: `core/${dir} is an earlier stage: it may not import a later one (architecture.md, data flows one way).`,
          },
        ],
      );
    });
  });
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
  ...coreLayering(),
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
