/**
 * PMD on Apex, offline: drives Salesforce Code Analyzer's core with only its PMD
 * engine (the sf plugin cannot be installed here) and runs the "Recommended"
 * PMD rules on Apex. Violations of severity 1 (Critical) or 2 (High) fail; lower
 * severities are printed as warnings.
 *
 * Usage: ts-node scripts/check/apex-pmd.ts [dir ...]   (default: force-app)
 */
import * as path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig, SeverityLevel } from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import { FORCE_APP, PROJECT_ROOT } from '../lib/paths';
import { Finding, formatFinding, listFiles } from '../lib/files';

/** Rule selector: PMD's Recommended rules for Apex. */
const RULE_SELECTOR = 'pmd:Recommended:Apex';
/** Severities at or below this number fail the check (1 Critical, 2 High). */
export const FAILING_SEVERITY = SeverityLevel.High;

export interface PmdFinding extends Finding {
  rule: string;
  severity: number;
}

/** Runs the PMD rules on the Apex files below `dirs`; resolves every violation. */
export async function runPmd(dirs: string[]): Promise<{ files: number; findings: PmdFinding[] }> {
  const files = dirs.flatMap((dir) => listFiles(dir, (f) => /\.(cls|trigger)$/.test(f)));
  if (!files.length) return { files: 0, findings: [] };
  const config = CodeAnalyzerConfig.fromObject({
    engines: { pmd: { java_command: 'java' }, cpd: { disable_engine: true } }
  });
  const analyzer = new CodeAnalyzer(config);
  await analyzer.addEnginePlugin(createEnginePlugin());
  const workspace = await analyzer.createWorkspace(files);
  const selection = await analyzer.selectRules([RULE_SELECTOR], { workspace });
  const results = await analyzer.run(selection, { workspace });
  const findings = results.getViolations().map((violation) => {
    const location = violation.getPrimaryLocation();
    return {
      file: location.getFile() ?? '(unknown file)',
      line: location.getStartLine() ?? 0,
      column: location.getStartColumn?.() ?? undefined,
      message: violation.getMessage().trim(),
      rule: violation.getRule().getName(),
      severity: violation.getRule().getSeverityLevel()
    };
  });
  return { files: files.length, findings };
}

/** One readable line per violation. */
export function describe(finding: PmdFinding): string {
  return `${formatFinding(finding, PROJECT_ROOT)} [${finding.rule}, severity ${finding.severity}]`;
}

if (require.main === module) {
  const dirs = process.argv.slice(2).map((dir) => path.resolve(dir));
  runPmd(dirs.length ? dirs : [FORCE_APP])
    .then(({ files, findings }) => {
      const failing = findings.filter((f) => f.severity <= FAILING_SEVERITY);
      for (const f of findings.filter((x) => x.severity > FAILING_SEVERITY)) {
        console.warn(`warning ${describe(f)}`);
      }
      for (const f of failing) console.error(`error ${describe(f)}`);
      console.log(
        `PMD (${RULE_SELECTOR}): ${files} files, ${failing.length} failing, ` +
          `${findings.length - failing.length} warnings.`
      );
      process.exitCode = failing.length ? 1 : 0;
    })
    .catch((error: unknown) => {
      console.error(`PMD could not run: ${(error as Error).message}`);
      process.exitCode = 2;
    });
}
