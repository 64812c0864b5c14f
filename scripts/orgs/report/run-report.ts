/**
 * `npm run report`, minus argument parsing: pulls the orgs, analyses each
 * one and the merged view, writes the files and says how complete it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readOrgMetadata, type OrgMetadata } from '../../preview/controller/custom-metadata';
import { INTERRUPT_EXIT, throwIfPullInterrupted } from '../multi-org/interrupt';
import { ALL_ORGS_LABEL, mergeOrgData, mergedTimeZone } from '../multi-org/merge-orgs';
import type { PulledOrg, PullTargets } from '../multi-org/pulled-org';
import { analyzeOrgData, type OrgFigures } from './analyze-org';
import {
  HTML_FILE,
  renderCsvFiles,
  renderHtml,
  renderXlsx,
  XLSX_FILE,
  type ReportFormat
} from './render';
import {
  allOrgsOutcome,
  mergedView,
  reportTables,
  type OrgOutcome,
  type ReportModel
} from './report-model';

/** Exit codes of `npm run report` (README, "Several orgs"). */
export const EXIT = {
  /** Every org pulled and analysed; the report is complete. */
  complete: 0,
  /** The report was written, but some org (or the merged view) is missing or incomplete: named in it. */
  partial: 1,
  /** Bad arguments: nothing was pulled. */
  usage: 2,
  /** No report could be written (the output folder, an unexpected error). */
  notWritten: 3,
  /** Ctrl-C (SIGINT) during the pull or the analysis: open query jobs aborted, nothing written. */
  interrupted: INTERRUPT_EXIT.SIGINT,
  /** SIGTERM, likewise. */
  terminated: INTERRUPT_EXIT.SIGTERM
} as const;

export interface ReportRunOptions {
  targetOrgs: string[];
  outDir: string;
  formats: readonly ReportFormat[];
  pull: PullTargets;
  /** Settings and prices; default: the repo's custom metadata (LL_Setting, LL_License_Price). */
  metadata?: OrgMetadata;
  /** "Now" (epoch ms) for the login window; default: the clock. */
  now?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /**
   * Ctrl-C: stops the pull (PullOptions.signal); once it has fired, nothing is
   * written and runReport rejects with PullsInterrupted. Files already being
   * written are finished.
   */
  signal?: AbortSignal;
}

/** One org in the --json summary. */
export interface OrgSummary {
  org: string;
  status: OrgOutcome['status'];
  failures: string[];
  apiCalls: number;
  stoppedByBudget: boolean;
  counts: {
    users: number;
    inactive: number;
    neverLoggedIn: number;
    integrationsOnHumanSeats: number;
    seatsBought: number;
    seatsUsed: number;
    annualWaste: number;
    currency: string;
  } | null;
}

/** What `--json` prints. */
export interface ReportSummary {
  status: 'complete' | 'partial';
  exitCode: number;
  generatedAt: string;
  orgs: OrgSummary[];
  consolidated: OrgSummary | null;
  notes: string[];
  outDir: string;
  files: string[];
}

function countsOf(figures: OrgFigures | null): OrgSummary['counts'] {
  if (!figures) return null;
  const k = figures.analysis.kpis;
  return {
    users: k.usersInView,
    inactive: k.inactive,
    neverLoggedIn: k.neverLoggedIn,
    integrationsOnHumanSeats: k.integrationsOnHumanSeats,
    seatsBought: k.seatsBought,
    seatsUsed: k.seatsUsed,
    annualWaste: k.estimatedAnnualWaste,
    currency: k.currencyIsoCode
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Analyses one pulled org; an analysis that fails is named, never thrown. */
async function outcomeOf(pull: PulledOrg, metadata: OrgMetadata, now: number): Promise<OrgOutcome> {
  const base = {
    org: pull.org,
    failures: [...pull.failures],
    apiCalls: pull.apiCalls,
    stoppedByBudget: pull.stoppedByBudget
  };
  if (!pull.data || pull.status === 'failed') {
    if (base.failures.length === 0) base.failures.push('The pull failed (no reason given).');
    return { ...base, status: 'failed', figures: null };
  }
  try {
    const figures = await analyzeOrgData(pull.data, { metadata, now });
    const status = pull.status === 'complete' && figures.gaps.length === 0 ? 'complete' : 'partial';
    if (pull.status === 'partial' && base.failures.length === 0) {
      base.failures.push('The pull was partial (no reason given).');
    }
    return { ...base, failures: [...base.failures, ...figures.gaps], status, figures };
  } catch (error) {
    return {
      ...base,
      status: 'failed',
      failures: [...base.failures, `Could not be analysed: ${message(error)}`],
      figures: null
    };
  }
}

/** The merged view and what it had to decide; null figures when fewer than two orgs have data. */
async function consolidate(
  pulls: readonly PulledOrg[],
  outcomes: readonly OrgOutcome[],
  metadata: OrgMetadata,
  now: number
): Promise<{ figures: OrgFigures | null; notes: string[] }> {
  const notes: string[] = [];
  const analysed = pulls.filter((pull, index) => pull.data && outcomes[index].figures);
  const left = outcomes.filter((outcome) => !outcome.figures).map((outcome) => outcome.org);
  if (left.length && outcomes.length > 1)
    notes.push(`${ALL_ORGS_LABEL} leaves out ${left.join(', ')} (no figures).`);
  if (analysed.length < 2)
    return { figures: outcomes.length === 1 ? outcomes[0].figures : null, notes };
  const named = analysed.map((pull) => ({ org: pull.org, data: pull.data! }));
  const merged = mergeOrgData(named);
  const zone = mergedTimeZone(named).warning;
  if (zone) notes.push(zone);
  for (const entry of merged.substitutedIds) {
    if (entry.users + entry.licenses) {
      notes.push(
        `${entry.org}: ${entry.users} user and ${entry.licenses} license Ids also exist in an earlier org; ${ALL_ORGS_LABEL} gives them substitute Ids (Usernames unchanged).`
      );
    }
  }
  try {
    const figures = await analyzeOrgData(merged.data, { metadata, now });
    notes.push(...figures.gaps.map((gap) => `${ALL_ORGS_LABEL}: ${gap}`));
    return { figures, notes };
  } catch (error) {
    notes.push(`${ALL_ORGS_LABEL} could not be analysed: ${message(error)}`);
    return { figures: null, notes };
  }
}

/** Writes the asked formats; returns the paths written. */
export async function writeReportFiles(
  model: ReportModel,
  outDir: string,
  formats: readonly ReportFormat[]
): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, content);
    written.push(file);
  };
  if (formats.includes('html')) write(HTML_FILE, renderHtml(model));
  if (formats.includes('csv'))
    for (const { file, content } of renderCsvFiles(model)) write(file, content);
  if (formats.includes('xlsx')) write(XLSX_FILE, await renderXlsx(model));
  return written;
}

/** Builds the report's model from the pulls (no files). */
export async function buildReportModel(
  pulls: readonly PulledOrg[],
  metadata: OrgMetadata,
  now: number
): Promise<ReportModel> {
  const orgs: OrgOutcome[] = [];
  // One org after the other: each analysis holds its org's users in memory.
  for (const pull of pulls) orgs.push(await outcomeOf(pull, metadata, now)); // eslint-disable-line no-await-in-loop
  const { figures, notes } = await consolidate(pulls, orgs, metadata, now);
  const partial = { orgs, consolidated: figures, consolidatedNotes: notes };
  return { generatedAt: new Date(now).toISOString(), ...partial, tables: reportTables(partial) };
}

function orgSummary(outcome: OrgOutcome): OrgSummary {
  return {
    org: outcome.org,
    status: outcome.status,
    failures: outcome.failures,
    apiCalls: outcome.apiCalls,
    stoppedByBudget: outcome.stoppedByBudget,
    counts: countsOf(outcome.figures)
  };
}

/**
 * Pulls, analyses and writes. Resolves the summary (exitCode 0 or 1);
 * rejects when the files cannot be written or the pull itself throws, and
 * with PullsInterrupted when options.signal fired before the files were written.
 */
export async function runReport(options: ReportRunOptions): Promise<ReportSummary> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now();
  const metadata = options.metadata ?? readOrgMetadata();
  const pulls = await options.pull(
    options.targetOrgs,
    (event) => log(event.message),
    options.signal
  );
  throwIfPullInterrupted(pulls, options.signal);
  for (const pull of pulls) {
    log(
      `${pull.org}: ${pull.status}${pull.failures.length ? ` (${pull.failures.join(' ')})` : ''}`
    );
  }
  log('Analysing with the dashboard rules...');
  const model = await buildReportModel(pulls, metadata, now);
  throwIfPullInterrupted(pulls, options.signal);
  const files = await writeReportFiles(model, options.outDir, options.formats);
  const missing = model.orgs.some((org) => org.status !== 'complete');
  const consolidatedFailed =
    model.orgs.length > 1 &&
    model.orgs.filter((org) => org.figures).length > 1 &&
    model.consolidated === null;
  const status = missing || consolidatedFailed ? 'partial' : 'complete';
  const merged = mergedView(model);
  return {
    status,
    exitCode: status === 'complete' ? EXIT.complete : EXIT.partial,
    generatedAt: model.generatedAt,
    orgs: model.orgs.map(orgSummary),
    consolidated: merged
      ? {
          org: ALL_ORGS_LABEL,
          ...allOrgsOutcome(model.orgs),
          failures: [],
          counts: countsOf(merged)
        }
      : null,
    notes: model.consolidatedNotes,
    outDir: options.outDir,
    files
  };
}
