/**
 * PMD on Apex, offline: drives Salesforce Code Analyzer's core with only its PMD engine
 * (the sf plugin cannot be installed here).
 *
 * - `runPmdRules` runs every PMD Apex rule (selector `pmd:Apex`: the Recommended ones plus
 *   the Security, AppExchange, Design, Documentation … categories) and locates each
 *   finding down to its method, for the `pmd` step of `npm test`, which judges them
 *   against the reviewed baseline (code-analyzer-baseline.json).
 * - `runPmd` runs one selector (default: the Recommended rules) and returns plain findings.
 *
 * Usage: ts-node scripts/check/apex-pmd.ts [dir ...]   (default: force-app; every Apex
 * rule, judged against the baseline)
 */
import * as path from 'node:path';
import { SeverityLevel } from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import { FORCE_APP, PROJECT_ROOT } from '../lib/paths';
import { Finding, formatFinding, listFiles } from '../lib/files';
import { AnalyzerRun, reportAgainstBaseline, runCodeAnalyzer } from './code-analyzer';

/** Rule selector of the `pmd` step: every PMD rule for Apex. */
export const ALL_APEX_RULES = 'pmd:Apex';
/** PMD's Recommended rules for Apex. */
const RECOMMENDED_APEX_RULES = 'pmd:Recommended:Apex';
/** Severities at or below this number fail the check (1 Critical, 2 High). */
export const FAILING_SEVERITY = SeverityLevel.High;

/** Apex sources below the given folders. */
function apexFilesIn(dirs: string[]): string[] {
  return dirs.flatMap((dir) => listFiles(dir, (f) => /\.(cls|trigger)$/.test(f)));
}

/** Runs the PMD rules a selector picks on the Apex below `dirs`, located to the method. */
export async function runPmdRules(dirs: string[], selector = ALL_APEX_RULES): Promise<AnalyzerRun> {
  const files = apexFilesIn(dirs);
  if (!files.length) return { files: 0, rules: [], findings: [], engineErrors: [], seconds: 0 };
  return runCodeAnalyzer({
    engine: 'pmd',
    plugin: createEnginePlugin(),
    selector,
    engineConfig: { java_command: 'java' },
    workspace: files
  });
}

export interface PmdFinding extends Finding {
  rule: string;
  severity: number;
}

/** Runs one selector (default: Recommended) on the Apex below `dirs`; every violation. */
export async function runPmd(
  dirs: string[],
  selector = RECOMMENDED_APEX_RULES
): Promise<{ files: number; findings: PmdFinding[] }> {
  const run = await runPmdRules(dirs, selector);
  const findings = run.findings.map((finding) => ({
    file: path.resolve(PROJECT_ROOT, finding.file),
    line: finding.line,
    message: finding.message,
    rule: finding.rule,
    severity: finding.severity
  }));
  return { files: run.files, findings };
}

/** One readable line per violation. */
export function describe(finding: PmdFinding): string {
  return `${formatFinding(finding, PROJECT_ROOT)} [${finding.rule}, severity ${finding.severity}]`;
}

if (require.main === module) {
  const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
  runPmdRules(dirs.length ? dirs : [FORCE_APP])
    .then((run) => {
      process.exitCode = reportAgainstBaseline(run, 'pmd') ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(`PMD could not run: ${(error as Error).message}`);
      process.exitCode = 2;
    });
}
