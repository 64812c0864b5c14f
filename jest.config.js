const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const lwcMocks = '<rootDir>/force-app/test/jest-mocks';

/** Components and analytics: jsdom, the LWC transformer, shared mocks. */
const lwcProject = {
  ...jestConfig,
  displayName: 'lwc',
  roots: ['<rootDir>/force-app'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  moduleNameMapper: {
    '^lightning/platformShowToastEvent$': `${lwcMocks}/lightning/platformShowToastEvent`
  },
  setupFilesAfterEnv: [
    ...(jestConfig.setupFilesAfterEnv || []),
    '<rootDir>/force-app/test/jest-setup.ts'
  ]
};

/** Scripts (build, checks, preview server, sf CLI scripts): plain node. */
const scriptsProject = {
  displayName: 'scripts',
  rootDir: __dirname,
  roots: ['<rootDir>/scripts'],
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/', '<rootDir>/scripts/policy/'],
  // Component and analytics coverage is measured by the lwc project only: the
  // two transformers map lines differently, and merging them undercounts.
  coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/force-app/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }]
  },
  // Deletes the LoginHistory scratch files a test file's tables left (disk-login-table.ts).
  setupFilesAfterEnv: ['<rootDir>/scripts/lib/jest-scratch-cleanup.ts']
};

/**
 * Metadata policy: reads our XML (and the sf CLI's converted output when
 * LL_CONVERTED_DIR is set) and asserts what may ship.
 */
const policyProject = {
  ...scriptsProject,
  displayName: 'policy',
  roots: ['<rootDir>/scripts/policy'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/']
};

module.exports = {
  projects: [lwcProject, scriptsProject, policyProject],
  coverageDirectory: '<rootDir>/coverage',
  collectCoverageFrom: [
    'force-app/main/default/lwc/**/*.ts',
    '!force-app/main/default/lwc/**/__tests__/**',
    '!**/*.d.ts'
  ],
  coverageThreshold: {
    'force-app/main/default/lwc/llAnalytics/': { lines: 90 }
  }
};
