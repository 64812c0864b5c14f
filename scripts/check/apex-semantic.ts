/**
 * Apex semantic check, offline: runs apex-ls (the Apex language server's
 * CheckForIssues, shipped as Java jars inside @salesforce/code-analyzer-pmd-engine)
 * over an SFDX workspace. It reports unknown types, unknown fields on standard
 * objects (e.g. a LoginHistory field that does not exist), type mismatches, etc.
 * It does not check field names inside SOQL SELECT lists.
 *
 * Usage: ts-node scripts/check/apex-semantic.ts [workspace]   (default: project root)
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { Finding, formatFinding } from '../lib/files';

const JAVA_LIB = path.join(
  PROJECT_ROOT,
  'node_modules',
  '@salesforce',
  'code-analyzer-pmd-engine',
  'dist',
  'java-lib'
);
const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';
/** apex-ls exits with 4 when it found issues. */
const EXIT_ISSUES = 4;

interface ApexLsReport {
  files: {
    path: string;
    messages: { start: { line: number; offset: number }; category: string; message: string }[];
  }[];
}

/** Runs apex-ls on a workspace; resolves its findings or throws when it cannot run. */
export function checkApexSemantics(workspace: string): Finding[] {
  const result = spawnSync(
    'java',
    ['-cp', `${JAVA_LIB}${path.sep}*`, MAIN_CLASS, '--nocache', '-f', 'json', '-w', workspace],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  );
  if (result.error) {
    throw new Error(`Cannot run java (${result.error.message}). Install a JDK 17+ (see README).`);
  }
  if (result.status !== 0 && result.status !== EXIT_ISSUES) {
    throw new Error(`apex-ls failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  const text = result.stdout.trim();
  if (!text) return [];
  const report = JSON.parse(text) as ApexLsReport;
  return report.files.flatMap((file) =>
    file.messages.map((m) => ({
      file: file.path,
      line: m.start.line,
      column: m.start.offset + 1,
      message: `${m.category}: ${m.message}`
    }))
  );
}

if (require.main === module) {
  const workspace = path.resolve(process.argv[2] ?? PROJECT_ROOT);
  try {
    const findings = checkApexSemantics(workspace);
    for (const finding of findings) console.error(formatFinding(finding, PROJECT_ROOT));
    console.log(`Apex semantics (apex-ls): ${findings.length} issues.`);
    process.exitCode = findings.length ? 1 : 0;
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
  }
}
