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
}

/** A problem with the options themselves (the CLI exits 2). */
export class PullUsageError extends Error {}

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
    onProgress: options.onProgress
  };
}

/** Pulls every org; one org's failure never rejects the whole call. */
export async function pullOrgs(options: PullOptions): Promise<OrgPull[]> {
  const checked = checkPullOptions(options);
  const pulls: OrgPull[] = [];
  // Two aliases of one org: the second stops once its Organization Id is known.
  const pulledOrgIds = new Map<string, string>();
  for (const org of checked.targetOrgs) {
    const pull = await pullOrg(org, checked, pulledOrgIds);
    if (pull.orgId && !pulledOrgIds.has(pull.orgId)) pulledOrgIds.set(pull.orgId, org);
    pulls.push(pull);
  }
  return pulls;
}
