const fs = require('node:fs');
const path = require('node:path');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
const prettier = require('eslint-config-prettier');

// Module boundaries by Nx tag. Production code: apps and tools use libraries, libraries use libraries,
// contracts use nothing of ours, and libs/testing (type:testing) is out of reach.
const productionConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
];
// Test code (specs, the apps' test/ helpers, tests/ and libs/testing itself) may also use libs/testing.
const testConstraints = productionConstraints.map((constraint) =>
  constraint.sourceTag === 'scope:contracts'
    ? { ...constraint, onlyDependOnLibsWithTags: ['type:testing'] }
    : { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] },
);
// libs/testing starts the libraries' real infrastructure, and their own tests use it: that
// library <-> testing cycle exists only through test files, so it is allowed there, for every library.
const libraries = fs
  .readdirSync(path.join(__dirname, 'libs'))
  .filter((name) => name !== 'testing' && fs.existsSync(path.join(__dirname, 'libs', name, 'project.json')));
const boundaries = (depConstraints, ignoredCircularDependencies = []) => ({
  allow: [],
  depConstraints,
  ignoredCircularDependencies,
});
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  'apps/*/test/**/*.ts',
  'tests/**/*.ts',
  'libs/testing/**/*.ts',
];

module.exports = tseslint.config(
  {
    ignores: [
      'dist/**',
      '.run/**',
      'node_modules/**',
      'coverage/**',
      'infra/kafka/.cache/**',
      'infra/kafka/.data/**',
      'bench/results/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(productionConstraints)],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        boundaries(
          testConstraints,
          libraries.map((name) => [name, 'testing']),
        ),
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'tests/**/*.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
);
