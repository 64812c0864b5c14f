import * as path from 'node:path';

/** Absolute paths of the project's well-known folders. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const FORCE_APP = path.join(PROJECT_ROOT, 'force-app');
export const DEFAULT_DIR = path.join(FORCE_APP, 'main', 'default');
export const LWC_DIR = path.join(DEFAULT_DIR, 'lwc');
export const CLASSES_DIR = path.join(DEFAULT_DIR, 'classes');
export const MANIFEST = path.join(PROJECT_ROOT, 'manifest', 'package.xml');
export const SFDX_PROJECT = path.join(PROJECT_ROOT, 'sfdx-project.json');
export const LWC_TSCONFIG = path.join(LWC_DIR, 'tsconfig.json');

/** Environment for every sf CLI run: no auto-update process, no telemetry. */
export const SF_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true'
};

/** Path of the project-local sf CLI binary. */
export const SF_BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'sf');
