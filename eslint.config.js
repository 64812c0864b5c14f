const lwcConfig = require('@salesforce/eslint-config-lwc');
const jestPlugin = require('eslint-plugin-jest');

const LWC_TS = ['force-app/main/default/lwc/**/*.ts'];

module.exports = [
  {
    // Generated .js (npm run build), type declarations and dependencies.
    ignores: [
      'node_modules/**',
      'coverage/**',
      'artifacts/**',
      'force-app/main/default/lwc/**/*.js',
      'force-app/main/default/staticresources/**',
      '**/*.d.ts',
      'scripts/**',
      'force-app/test/**',
      'force-app/types/**',
      '*.config.js'
    ]
  },
  ...lwcConfig.configs.recommendedTs.map((config) => ({ ...config, files: LWC_TS })),
  {
    files: LWC_TS,
    rules: {
      // tsc --strict reports these precisely; the babel-based rules give
      // false positives on type-only names in .ts files.
      'no-undef': 'off',
      'no-unused-vars': 'off'
    }
  },
  {
    files: ['force-app/main/default/lwc/**/__tests__/**/*.ts'],
    plugins: { jest: jestPlugin },
    languageOptions: { globals: jestPlugin.environments.globals.globals },
    rules: {
      ...jestPlugin.configs.recommended.rules,
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off'
    }
  }
];
