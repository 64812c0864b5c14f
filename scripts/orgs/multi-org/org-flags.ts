/**
 * The flags `npm start` and `npm run report` share for live orgs:
 *   --target-org <alias> (repeatable, also -o), --max-api-share <0..1>,
 *   --cache-dir <dir>, --no-cache.
 * Declared once here for node:util parseArgs, checked once here.
 */
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';

/** DailyApiRequests share a pull stops at unless told otherwise (issue 14). */
export const DEFAULT_MAX_API_SHARE = 0.75;
/** Where pulls are cached unless told otherwise (gitignored). */
export const DEFAULT_CACHE_DIR = path.join(PROJECT_ROOT, '.license-lens', 'cache');

/** parseArgs declarations of the shared flags. */
export const ORG_FLAG_OPTIONS = {
  'target-org': { type: 'string', short: 'o', multiple: true },
  'max-api-share': { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' }
} as const;

export interface OrgFlags {
  /** Orgs asked for, in order; empty when none. */
  targetOrgs: string[];
  maxApiShare: number;
  /** Null with --no-cache. */
  cacheDir: string | null;
}

/** The text of the shared flags, for --help. */
export const ORG_FLAGS_USAGE = `  -o, --target-org ALIAS  an org the sf CLI is logged in to (alias or username); repeat for several
  --max-api-share X       stop pulling an org once this share of its DailyApiRequests is used
                          (0 < X <= 1, default ${DEFAULT_MAX_API_SHARE})
  --cache-dir DIR         where each org's pull is cached (default .license-lens/cache)
  --no-cache              pull everything again and keep no cache`;

/** Raised for a bad command line: the CLIs exit with the usage code. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Checks the shared flags' values.
 * @throws UsageError for an empty or repeated alias, a share outside (0, 1],
 * or --cache-dir together with --no-cache
 */
export function readOrgFlags(values: {
  'target-org'?: string[];
  'max-api-share'?: string;
  'cache-dir'?: string;
  'no-cache'?: boolean;
}): OrgFlags {
  const targetOrgs = (values['target-org'] ?? []).map((alias) => alias.trim());
  if (targetOrgs.some((alias) => alias === '')) {
    throw new UsageError('--target-org needs an alias or username.');
  }
  const seen = new Set<string>();
  for (const alias of targetOrgs) {
    if (seen.has(alias)) throw new UsageError(`--target-org ${alias} is given twice.`);
    seen.add(alias);
  }
  let maxApiShare = DEFAULT_MAX_API_SHARE;
  const share = values['max-api-share'];
  if (share !== undefined) {
    maxApiShare = Number(share);
    if (
      share.trim() === '' ||
      !Number.isFinite(maxApiShare) ||
      maxApiShare <= 0 ||
      maxApiShare > 1
    ) {
      throw new UsageError(
        `--max-api-share must be a number above 0 and at most 1; got "${share}".`
      );
    }
  }
  if (values['no-cache'] && values['cache-dir'] !== undefined) {
    throw new UsageError('--cache-dir and --no-cache cannot be combined.');
  }
  const cacheDir = values['no-cache']
    ? null
    : path.resolve(values['cache-dir'] ?? DEFAULT_CACHE_DIR);
  return { targetOrgs, maxApiShare, cacheDir };
}
