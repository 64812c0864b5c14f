/**
 * Preflight: decides, from a snapshot of the org, whether provisioning can
 * start (or resume). Pure: no I/O, so every rule is tested directly.
 */
import type { IntegrationUserDefinition } from '../lib/integration-config';
import type { OrgSnapshot, PslCapability, SeatPool } from './org-state';

/** One preflight check and its outcome. */
export interface PreflightCheck {
  id:
    | 'org'
    | 'profile'
    | 'username'
    | 'user-license'
    | 'psl-seat'
    | 'psl-allows'
    | 'permission-set'
    | 'previous-holders';
  label: string;
  ok: boolean;
  detail: string;
}

const freeSeats = (pool: SeatPool): number => Math.max(0, pool.total - pool.used);

function usernameCheck(snapshot: OrgSnapshot, def: IntegrationUserDefinition): PreflightCheck {
  const label = 'Username unused (or already ours)';
  const user = snapshot.user;
  if (!user) {
    return {
      id: 'username',
      label,
      ok: true,
      detail: 'not used in this org (Salesforce checks all other orgs when the user is created)'
    };
  }
  if (user.profileName !== def.profileName) {
    return {
      id: 'username',
      label,
      ok: false,
      detail: `${user.username} already belongs to a user on profile "${user.profileName ?? 'unknown'}"; choose another --username (this script never changes an existing non-integration user)`
    };
  }
  if (!user.isActive) {
    return {
      id: 'username',
      label,
      ok: false,
      detail: `${user.username} exists but is inactive (${user.id}); reactivate it in Setup > Users, or choose another --username`
    };
  }
  return {
    id: 'username',
    label,
    ok: true,
    detail: `exists already as the integration user (${user.id}): resuming`
  };
}

function seatCheck(
  id: 'user-license' | 'psl-seat',
  label: string,
  pool: SeatPool | null,
  alreadyHeld: boolean,
  missingDetail: string
): PreflightCheck {
  if (alreadyHeld) return { id, label, ok: true, detail: 'already held by this user' };
  if (!pool) return { id, label, ok: false, detail: missingDetail };
  const free = freeSeats(pool);
  return {
    id,
    label,
    ok: free > 0,
    detail:
      free > 0
        ? `${free} free (${pool.used} of ${pool.total} used)`
        : `none free: ${pool.used} of ${pool.total} used; free one (deactivate an unused integration user) or buy more`
  };
}

/**
 * The org lacks the permission set license altogether: LL_Integration_User
 * names it, so Salesforce refuses to deploy or assign the set there. The
 * Salesforce Integration user license (Enterprise, Unlimited, Performance and
 * Developer Editions, help: platform.integration_user.htm) makes the license
 * available; the dashboard itself does not need it.
 */
function missingPslDetail(def: IntegrationUserDefinition): string {
  return `this org has no ${def.permissionSetLicense} permission set license, so ${def.permissionSet} (licensed to it) cannot be deployed or assigned here. It comes with "${def.userLicenseName}" user licenses (Enterprise, Unlimited, Performance and Developer Editions). The License Lens dashboard works without it; only the integration user needs it`;
}

function permissionSetCheck(snapshot: OrgSnapshot, def: IntegrationUserDefinition): PreflightCheck {
  const label = `Permission set ${def.permissionSet}`;
  const deployed = snapshot.permissionSet;
  if (!deployed) {
    return {
      id: 'permission-set',
      label,
      ok: true,
      detail: 'not in the org yet: provisioning deploys it from integration-user/'
    };
  }
  return {
    id: 'permission-set',
    label,
    ok: true,
    detail:
      deployed.state === 'matches'
        ? `deployed (${deployed.id}) and matches integration-user/`
        : `deployed (${deployed.id}) but differs (${deployed.differences.join('; ')}): provisioning re-deploys it`
  };
}

function pslAllowsCheck(
  capability: PslCapability | null,
  def: IntegrationUserDefinition
): PreflightCheck {
  const label = `${def.permissionSetLicense} allows the permission set's permissions`;
  if (!capability) {
    return {
      id: 'psl-allows',
      label,
      ok: true,
      detail: 'not checked: the org has no such permission set license (see above)'
    };
  }
  if (capability.denied.length) {
    return {
      id: 'psl-allows',
      label,
      ok: false,
      detail: `the license does not allow ${capability.denied.join(', ')}; Salesforce would refuse to deploy ${def.permissionSet} in this org`
    };
  }
  const unchecked = capability.unchecked.length
    ? `; not checkable here: ${capability.unchecked.join(', ')}`
    : '';
  return {
    id: 'psl-allows',
    label,
    ok: true,
    detail: `allowed: ${capability.allowed.join(', ') || 'none checked'}${unchecked}`
  };
}

/**
 * Other users holding LL_Integration_User: an earlier run with another
 * --username. Without --replace provisioning stops, so a second integration
 * user (a second seat) is never created silently; with it, the old active
 * users are deactivated only after the new one is verified.
 */
function previousHoldersCheck(
  snapshot: OrgSnapshot,
  def: IntegrationUserDefinition,
  replace: boolean
): PreflightCheck {
  const label = `No other user holds ${def.permissionSet}`;
  const active = snapshot.otherHolders.filter((h) => h.isActive);
  const inactive = snapshot.otherHolders.length - active.length;
  const inactiveNote = inactive
    ? ` (${inactive} inactive holder${inactive === 1 ? '' : 's'} left as they are)`
    : '';
  if (!active.length) {
    return { id: 'previous-holders', label, ok: true, detail: `none active${inactiveNote}` };
  }
  const names = active.map((h) => `${h.username} (${h.userId})`).join(', ');
  if (!replace) {
    return {
      id: 'previous-holders',
      label,
      ok: false,
      detail: `${names} already ${active.length === 1 ? 'holds' : 'hold'} it and ${active.length === 1 ? 'is' : 'are'} active. Re-run with the same --username to keep ${active.length === 1 ? 'it' : 'them'}, or add --replace to move License Lens to the new user: the old one is deactivated only after the new one is verified`
    };
  }
  return {
    id: 'previous-holders',
    label,
    ok: true,
    detail: `--replace: ${names} will be deactivated once the new user is verified${inactiveNote}`
  };
}

/** All preflight checks, in the order they are shown. */
export function preflightChecks(
  snapshot: OrgSnapshot,
  capability: PslCapability | null,
  def: IntegrationUserDefinition,
  replace = false
): PreflightCheck[] {
  const ourUser = snapshot.user?.profileName === def.profileName ? snapshot.user : null;
  return [
    {
      id: 'org',
      label: 'Org reachable',
      ok: true,
      detail: `${snapshot.orgName} (${snapshot.orgId})`
    },
    {
      id: 'profile',
      label: `Profile "${def.profileName}" present`,
      ok: snapshot.profileId !== null,
      detail:
        snapshot.profileId ??
        'missing: this org has no API-only integration profile (it needs Salesforce Integration licenses, Enterprise Edition or above)'
    },
    usernameCheck(snapshot, def),
    seatCheck(
      'user-license',
      `Free "${def.userLicenseName}" user license`,
      snapshot.userLicense,
      ourUser !== null,
      `this org has no "${def.userLicenseName}" user license`
    ),
    seatCheck(
      'psl-seat',
      `Free ${def.permissionSetLicense} seat`,
      snapshot.permissionSetLicense,
      snapshot.pslAssignmentId !== null,
      missingPslDetail(def)
    ),
    pslAllowsCheck(capability, def),
    permissionSetCheck(snapshot, def),
    previousHoldersCheck(snapshot, def, replace)
  ];
}
