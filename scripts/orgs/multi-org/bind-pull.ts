/**
 * The collector's pullOrgs bound to the shared flags and a way to connect:
 * the sf CLI logins in `npm start` / `npm run report`, the stand-in orgs in
 * tests.
 */
import type { ConnectTargetOrg } from '../../integration/lib/connections';
import { pullOrgs } from '../pull/pull-orgs';
import { DEFAULT_CACHE_DIR, type OrgFlags } from './org-flags';
import type { PullTargets } from './pulled-org';

/**
 * A PullTargets over pullOrgs. With --no-cache (cacheDir null) the cache is
 * neither read nor written.
 */
export function bindPullOrgs(
  flags: Pick<OrgFlags, 'maxApiShare' | 'cacheDir'>,
  connect: ConnectTargetOrg,
  now?: number
): PullTargets {
  return (targetOrgs, onProgress, signal) =>
    pullOrgs({
      targetOrgs,
      maxApiShare: flags.maxApiShare,
      cacheDir: flags.cacheDir ?? DEFAULT_CACHE_DIR,
      useCache: flags.cacheDir !== null,
      connect,
      now,
      onProgress,
      signal
    });
}
