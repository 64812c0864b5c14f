/**
 * Pulls several orgs live through the logins the sf CLI already stores (or
 * stand-in connections in tests), one org after the other; one org's failure
 * never rejects the whole call. See pull-org.ts for one org; the shapes below
 * are the issue-14 contract the preview and the report build on.
 */
import type { ConnectTargetOrg } from '../../integration/lib/connections';
import type { OrgData } from '../../preview/data/org-data';
import { LOGIN_HISTORY_DAYS } from '../../preview/data/sf-export-format';
import { pullOrg } from './pull-org';
import { interruptionOf } from './pull-errors';

export interface PullProgress {
  /** Alias or username as given. */
  org: string;
  phase: 'connect' | 'limits' | 'query' | 'bulk' | 'cache' | 'done' | 'failed';
  /** Export object name, e.g. 'LoginHistory'. */
  object?: string;
  /** Rows so far for that object. */
  rows?: number;
  /** One human line, e.g. "prod-eu: LoginHistory 120,000 rows". */
  message: string;
}

export interface PullOptions {
  /** At least one; duplicates are a usage error. */
  targetOrgs: string[];
  /** 0 < x <= 1: the DailyApiRequests share to stop at (the CLIs' default: org-flags.ts). */
  maxApiShare: number;
  /** The cache folder (the CLIs' default, gitignored: org-flags.ts). */
  cacheDir: string;
  /** connectWithSfLogin in the CLI; stand-in factory in tests. */
  connect: ConnectTargetOrg;
  /** LoginHistory days to pull, default 180. */
  loginDays?: number;
  /** Epoch ms, tests. */
  now?: number;
  onProgress?: (event: PullProgress) => void;
  /**
   * false: neither read nor write the cache (`--no-cache`). Default true.
   * (Added by the collector; see "Changes by collector" in the contract.)
   */
  useCache?: boolean;
  /**
   * Interrupts the pull (the CLIs abort it on Ctrl-C and SIGTERM): the org being
   * pulled stops at once and its open Bulk API 2.0 query job is aborted, the
   * orgs after it are not pulled, and no cache is written from what was read.
   */
  signal?: AbortSignal;
}

/** A Bulk API 2.0 query job the pull stopped waiting for, and whether aborting it worked. */
export interface AbandonedJob {
  id: string;
  aborted: boolean;
  /** Why it could not be aborted; null when it was. */
  reason: string | null;
}

export interface OrgPull {
  /** Alias as given. */
  org: string;
  /** Organization Id when reached. */
  orgId: string | null;
  status: 'complete' | 'partial' | 'failed';
  /** Null only when failed. */
  data: OrgData | null;
  /** Sentences naming what was not pulled and why. */
  failures: string[];
  /** API requests this pull spent. */
  apiCalls: number;
  stoppedByBudget: boolean;
  /** True when PullOptions.signal stopped this org's pull, or came before it started. */
  interrupted?: boolean;
  /** Query jobs the pull left before they completed (budget, failure, interruption). */
  abandonedJobs?: AbandonedJob[];
}

/** A problem with the options themselves (the CLI exits 2). */
export class PullUsageError extends Error {}

/** A signal that never fires: the pull's default. */
const NEVER = new AbortController().signal;

/** The options with defaults filled in; throws PullUsageError on bad input. */
export function checkPullOptions(
  options: PullOptions
): Required<Omit<PullOptions, 'onProgress'>> & Pick<PullOptions, 'onProgress'> {
  const { targetOrgs, maxApiShare } = options;
  if (!Array.isArray(targetOrgs) || targetOrgs.length === 0)
    throw new PullUsageError('Name at least one org: --target-org <alias>.');
  const seen = new Set<string>();
  for (const org of targetOrgs) {
    if (typeof org !== 'string' || org.trim() === '')
      throw new PullUsageError('--target-org needs an alias or username.');
    if (seen.has(org)) throw new PullUsageError(`--target-org ${org} is given twice.`);
    seen.add(org);
  }
  if (typeof maxApiShare !== 'number' || !(maxApiShare > 0 && maxApiShare <= 1))
    throw new PullUsageError(
      `--max-api-share must be a number above 0 and at most 1; got ${maxApiShare}.`
    );
  const loginDays = options.loginDays ?? LOGIN_HISTORY_DAYS;
  if (!Number.isInteger(loginDays) || loginDays < 1 || loginDays > LOGIN_HISTORY_DAYS)
    throw new PullUsageError(
      `loginDays must be a whole number from 1 to ${LOGIN_HISTORY_DAYS}; got ${loginDays}.`
    );
  if (typeof options.cacheDir !== 'string' || options.cacheDir === '')
    throw new PullUsageError('--cache-dir needs a folder.');
  return {
    targetOrgs,
    maxApiShare,
    cacheDir: options.cacheDir,
    connect: options.connect,
    loginDays,
    now: options.now ?? Date.now(),
    useCache: options.useCache ?? true,
    signal: options.signal ?? NEVER,
    onProgress: options.onProgress
  };
}

/** An org the pull did not start because it was interrupted first. */
function notStarted(org: string, signal: AbortSignal): OrgPull {
  return {
    org,
    orgId: null,
    status: 'failed',
    data: null,
    failures: [`${org} was not pulled: ${interruptionOf(signal).message}.`],
    apiCalls: 0,
    stoppedByBudget: false,
    interrupted: true,
    abandonedJobs: []
  };
}

/**
 * Pulls every org; one org's failure never rejects the whole call. Once
 * options.signal fires, the org being pulled stops (interrupted) and the
 * others are not started.
 */
export async function pullOrgs(options: PullOptions): Promise<OrgPull[]> {
  const checked = checkPullOptions(options);
  const pulls: OrgPull[] = [];
  // Two aliases of one org: the second stops once its Organization Id is known.
  const pulledOrgIds = new Map<string, string>();
  for (const org of checked.targetOrgs) {
    if (checked.signal.aborted) {
      pulls.push(notStarted(org, checked.signal));
      continue;
    }
    const pull = await pullOrg(org, checked, pulledOrgIds);
    if (pull.orgId && !pulledOrgIds.has(pull.orgId)) pulledOrgIds.set(pull.orgId, org);
    pulls.push(pull);
  }
  return pulls;
}
