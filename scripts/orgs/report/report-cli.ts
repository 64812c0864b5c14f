/**
 * `npm run report -- --target-org A --target-org B --out DIR [...]`:
 * arguments, output streams and exit codes around runReport. The entry
 * point (report.ts) binds the collector's pullOrgs and the sf CLI logins;
 * tests bind the stand-in orgs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ORG_FLAG_OPTIONS,
  ORG_FLAGS_USAGE,
  readOrgFlags,
  UsageError,
  type OrgFlags
} from '../multi-org/org-flags';
import { PullsInterrupted } from '../multi-org/interrupt';
import type { PullTargets } from '../multi-org/pulled-org';
import { REPORT_FORMATS, type ReportFormat } from './render';
import { EXIT, runReport, type ReportSummary } from './run-report';

export const REPORT_USAGE = `Usage: npm run report -- --target-org A [--target-org B ...] --out DIR
                         [--format html,csv,xlsx] [--json] [--max-api-share 0.75]
                         [--cache-dir DIR | --no-cache] [--dry-run] [--help]
Pulls each org through its sf CLI login (API requests: see the README, "Several orgs"),
computes the dashboard's figures per org and for all orgs, and writes the report files.
${ORG_FLAGS_USAGE}
  --out DIR               folder for the files (created when missing)
  --format LIST           any of html, csv, xlsx, comma-separated (default: all three)
  --json                  print a JSON summary on stdout; progress goes to stderr
  --dry-run               check the arguments and say what would be pulled; pull nothing
  -h, --help              this text
Ctrl-C stops the pull, aborts the orgs' open Bulk API 2.0 query jobs and writes nothing
(press it again to quit at once).
Exit codes: 0 complete; 1 partial (the report is written and names what is missing);
2 usage error (nothing pulled); 3 no report written (e.g. the folder cannot be written);
130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM: open query jobs aborted, nothing written.`;

export interface ReportOptions extends OrgFlags {
  outDir: string;
  formats: ReportFormat[];
  json: boolean;
  dryRun: boolean;
  help: boolean;
}

function formatsOf(text: string | undefined): ReportFormat[] {
  if (text === undefined) return [...REPORT_FORMATS];
  const asked = text.split(',').map((part) => part.trim().toLowerCase());
  const unknown = asked.filter((part) => !(REPORT_FORMATS as readonly string[]).includes(part));
  if (unknown.length || asked.length === 0) {
    throw new UsageError(
      `--format takes ${REPORT_FORMATS.join(', ')} (comma-separated); got "${text}".`
    );
  }
  return REPORT_FORMATS.filter((format) => asked.includes(format));
}

/**
 * Parses the report's arguments.
 * @throws UsageError for an unknown flag, a missing --target-org or --out, a
 * bad --format, or an --out that is an existing file
 */
export function parseReportOptions(args: string[]): ReportOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...ORG_FLAG_OPTIONS,
        out: { type: 'string' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true,
      allowPositionals: false
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const help = values.help ?? false;
  const flags = readOrgFlags(values);
  const options: ReportOptions = {
    ...flags,
    outDir: values.out ? path.resolve(values.out) : '',
    formats: formatsOf(values.format),
    json: values.json ?? false,
    dryRun: values['dry-run'] ?? false,
    help
  };
  if (help) return options;
  if (flags.targetOrgs.length === 0) throw new UsageError('Give at least one --target-org.');
  if (!values.out) throw new UsageError('--out <folder> is required.');
  if (fs.existsSync(options.outDir) && !fs.statSync(options.outDir).isDirectory()) {
    throw new UsageError(`--out ${values.out} is a file, not a folder.`);
  }
  return options;
}

/** Where the CLI writes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Binds the pull to the parsed options (the entry point gives pullOrgs + sf logins). */
export type BindPull = (options: ReportOptions) => PullTargets;

function humanSummary(summary: ReportSummary): string {
  const lines = [`Report ${summary.status}: ${summary.outDir}`];
  for (const org of [...summary.orgs, ...(summary.consolidated ? [summary.consolidated] : [])]) {
    const counts = org.counts
      ? `${org.counts.users} users with a seat, ${org.counts.inactive} inactive, ${org.counts.neverLoggedIn} never logged in, ${org.counts.integrationsOnHumanSeats} integrations on human seats, ${org.counts.annualWaste} ${org.counts.currency}/year waste`
      : 'no figures';
    lines.push(`  ${org.org} [${org.status}]: ${counts}; ${org.apiCalls} API requests`);
    for (const failure of org.failures) lines.push(`    - ${failure}`);
  }
  for (const note of summary.notes) lines.push(`  note: ${note}`);
  lines.push(`Files: ${summary.files.length}`);
  return lines.join('\n') + '\n';
}

/** The --json document of an interrupted run. */
function interruptedJson(error: PullsInterrupted): string {
  const orgs = error.pulls.map((pull) => ({
    org: pull.org,
    status: pull.interrupted ? (pull.apiCalls ? 'stopped' : 'notPulled') : pull.status,
    apiCalls: pull.apiCalls,
    queryJobs: pull.abandonedJobs ?? []
  }));
  return `${JSON.stringify({ status: 'interrupted', exitCode: error.exitCode, signal: error.signalName, orgs }, null, 2)}\n`;
}

/**
 * Runs the CLI; resolves the exit code (never rejects).
 * @param signal Ctrl-C (report.ts aborts it on SIGINT and SIGTERM): stops the
 * pull, writes nothing, exits 130 (143 for SIGTERM)
 */
export async function runReportCli(
  args: string[],
  io: CliIo,
  bindPull: BindPull,
  now?: number,
  signal?: AbortSignal
): Promise<number> {
  let options: ReportOptions;
  try {
    options = parseReportOptions(args);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${REPORT_USAGE}\n`);
    return EXIT.usage;
  }
  if (options.help) {
    io.stdout(`${REPORT_USAGE}\n`);
    return EXIT.complete;
  }
  if (options.dryRun) {
    const plan = {
      dryRun: true,
      targetOrgs: options.targetOrgs,
      maxApiShare: options.maxApiShare,
      cacheDir: options.cacheDir,
      outDir: options.outDir,
      formats: options.formats
    };
    io.stdout(
      options.json
        ? `${JSON.stringify(plan, null, 2)}\n`
        : `Would pull ${options.targetOrgs.join(', ')} (stop at ${options.maxApiShare * 100}% of DailyApiRequests) and write ${options.formats.join(', ')} to ${options.outDir}.\n`
    );
    return EXIT.complete;
  }
  try {
    const summary = await runReport({
      targetOrgs: options.targetOrgs,
      outDir: options.outDir,
      formats: options.formats,
      pull: bindPull(options),
      now,
      log: (line) => io.stderr(`${line}\n`),
      signal
    });
    io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : humanSummary(summary));
    return summary.exitCode;
  } catch (error) {
    if (error instanceof PullsInterrupted) {
      io.stderr(`${error.message}\n`);
      if (options.json) io.stdout(interruptedJson(error));
      return error.exitCode;
    }
    const text = error instanceof Error ? error.message : String(error);
    io.stderr(`No report written: ${text}\n`);
    if (options.json)
      io.stdout(
        `${JSON.stringify({ status: 'notWritten', exitCode: EXIT.notWritten, error: text })}\n`
      );
    return EXIT.notWritten;
  }
}
