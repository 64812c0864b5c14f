/**
 * The `platform` step of `npm test`: checks that hold our Apex and metadata to
 * Salesforce's documented rules (not to what our offline tools happen to accept).
 * Each check reads committed tables whose entries cite the documentation page
 * they come from, and each has seeded-defect tests in
 * scripts/check/__tests__/platform-*.test.ts.
 */
import type { Finding } from '../../lib/files';
import { metadataValuesCheck } from './metadata-values';
import { soqlFieldsCheck } from './soql-fields';
import { accessMatrixCheck } from './access-matrix';

/** What one platform check found. */
export interface PlatformCheckResult {
  /** Violations of a documented rule; any finding fails the step. */
  findings: Finding[];
  /** One line saying what was checked, e.g. "42 SOQL statements in 30 classes". */
  summary: string;
  /** Extra lines to print after the summary (e.g. a matrix); optional. */
  report?: string[];
}

/** One check of the platform step. */
export interface PlatformCheck {
  id: string;
  title: string;
  /** Runs the check over a project root (the repository, or a seeded-defect fixture). */
  run: (projectRoot: string) => PlatformCheckResult | Promise<PlatformCheckResult>;
}

/**
 * The checks the step runs, in order. Each module exports one PlatformCheck;
 * add it here with one import and one entry.
 */
export const PLATFORM_CHECKS: PlatformCheck[] = [
  metadataValuesCheck,
  soqlFieldsCheck,
  accessMatrixCheck
];
