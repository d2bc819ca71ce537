// Unit tests (*.spec.ts) need nothing running; integration and e2e tests (*.int-spec.ts,
// tests/**/*.e2e-spec.ts) run against the real Kafka, Postgres and Redis started by scripts/setup.sh.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = { '^@advocacy/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' };

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  // Per-project testTimeout is ignored by jest; the integration harness needs the longer one.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts', '<rootDir>/tests/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/libs/testing/src/jest-env.ts'],
    },
    {
      // Fault tests stop and restart the shared broker: they run alone, after everything else.
      ...common,
      displayName: 'fault',
      testMatch: ['<rootDir>/tests/fault/**/*.fault-spec.ts'],
      setupFiles: ['<rootDir>/libs/testing/src/jest-env.ts'],
    },
  ],
};
