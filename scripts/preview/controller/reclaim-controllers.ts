/**
 * The demo preview's two reclaim paths on one clock: the manual reclaim
 * (the dashboard's dialog, LL_ReclaimController.reclaim) and the reclaim
 * policies (PolicyController, whose clock Preview.runReclaimPoliciesDaysLater
 * moves on). The manual path reads the policies' clock, so an unfreeze or a
 * freeze made from the page after the clock was advanced is dated on the
 * preview's day, after the policy steps it follows, as in an org where both
 * run on the same server clock. On the demo's fixed "now" each path's clock
 * would otherwise date a manual step days before a policy step it undoes.
 */
import type { OrgData } from '../data/org-data';
import { PolicyController } from './policy-controller';
import { ReclaimController } from './reclaim-controller';

export interface ReclaimControllersOptions {
  data: OrgData;
  /** The preview's "now" before any advance (epoch ms). */
  clock: () => number;
  /** --policies-enabled: the kill switch on; absent: as the records say. */
  policiesEnabled?: boolean;
}

/** The manual and the policy reclaim controllers over one OrgData, on the policies' clock. */
export function createReclaimControllers(options: ReclaimControllersOptions): {
  manual: ReclaimController;
  policy: PolicyController;
} {
  const policy = new PolicyController({
    data: options.data,
    clock: options.clock,
    policiesEnabled: options.policiesEnabled
  });
  const manual = new ReclaimController({ data: options.data, clock: () => policy.now() });
  return { manual, policy };
}
