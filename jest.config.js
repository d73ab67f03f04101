// Three projects: `unit` needs nothing running; `emulator` and `e2e` run under
// `firebase emulators:exec` with the embedded PostgreSQL up (see scripts/stack/exec.ts). Type checking is `npm run typecheck`,
// so ts-jest only transpiles here.
// Every test runs on production's Node major, like the functions and the web it tests.
require('./scripts/runtime/node-major.cjs').assertNodeMajor('jest');

// Jest's module system has no require(esm), so ESM-only packages are compiled to CommonJS: jose 6,
// which firebase-admin 14 loads through jwks-rsa 4 (Node 22's require(esm)), and eventsource 5,
// which the stream tests use as a Node SSE client, with its parser.
const ESM_ONLY = ['jose', 'eventsource', 'eventsource-parser'];
const transform = {
  '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }],
  [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
// The web app imports across its folders through `@/` (web/tsconfig.json's paths); tests of every
// project load web modules, so each resolves it the same way.
const moduleNameMapper = { '^@/(.*)$': '<rootDir>/web/$1' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/{packages/*,functions,web}/test/**/*.test.ts?(x)'],
    },
    {
      // The local stack's own scripts (scripts/stack): each test starts what it needs, on free ports.
      displayName: 'stack',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/stack/**/*.test.ts'],
    },
    {
      // The repository itself: it must make sense to someone who has only a clone of it.
      displayName: 'repository',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/repository/**/*.test.ts'],
    },
    {
      displayName: 'emulator',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/emulator/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/jest-setup.ts'],
    },
    {
      // Real Debian chromium (playwright-core) against `next start` and the emulators.
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/jest-setup.ts'],
    },
  ],
  // Emulator tests wait on real triggers with their own deadlines; this is the outer bound.
  testTimeout: 60_000,
  // gRPC channels of the Firebase and Pub/Sub clients can outlive a failed test's cleanup and keep
  // Jest alive after the report; a CI run must end with its result, not hang until its time limit.
  forceExit: true,
};
