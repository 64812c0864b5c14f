/**
 * `--replace`: after the new integration user is in place, verify it from the
 * org (read-only), and only then deactivate the users that held
 * LL_Integration_User before. A failed verification leaves the old users
 * active, so License Lens never ends up with no working integration user.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { queryAll, soqlString } from '../lib/connections';
import type { IntegrationUserDefinition } from '../lib/integration-config';
import {
  type ExpectedPermissionSet,
  type PermissionSetHolder,
  readDeployedPermissionSet,
  readPermissionSetHolders
} from './org-state';

/** One verification of the new user and how it came out. */
export interface ReplaceCheck {
  label: string;
  ok: boolean;
  detail: string;
}

/** What the new user must be, read back from the org. */
export interface NewUserFacts {
  userId: string;
  pslId: string | null;
}

type Row = Record<string, unknown>;

async function count(conn: Connection, soql: string): Promise<number> {
  return (await queryAll<Row>(conn, soql)).length;
}

/**
 * Read-only checks of the new user, each from a fresh query: active on the
 * integration profile, holding the permission set license and
 * LL_Integration_User as the file defines it, and unable to edit another user
 * (UserRecordAccess.HasEditAccess on each old holder, as verify-integration
 * asks it; object reference:
 * https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-userrecordaccess.html).
 */
export async function verifyNewUser(
  conn: Connection,
  def: IntegrationUserDefinition,
  expected: ExpectedPermissionSet,
  user: NewUserFacts,
  oldHolders: PermissionSetHolder[]
): Promise<ReplaceCheck[]> {
  const checks: ReplaceCheck[] = [];
  const users = await queryAll<Row>(
    conn,
    `SELECT Id, IsActive, Profile.Name FROM User WHERE Id = ${soqlString(user.userId)}`
  );
  const row = users[0];
  const profileName = (row?.Profile as Row | null | undefined)?.Name ?? null;
  checks.push({
    label: 'New user active on the integration profile',
    ok: row?.IsActive === true && profileName === def.profileName,
    detail: row ? `active: ${String(row.IsActive)}, profile: ${String(profileName)}` : 'not found'
  });
  const pslHeld = user.pslId
    ? await count(
        conn,
        `SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId = ${soqlString(user.userId)} AND PermissionSetLicenseId = ${soqlString(user.pslId)}`
      )
    : 0;
  checks.push({
    label: `New user holds ${def.permissionSetLicense}`,
    ok: pslHeld > 0,
    detail: pslHeld > 0 ? 'assigned' : 'not assigned'
  });
  const deployed = await readDeployedPermissionSet(conn, def.permissionSet, expected, user.pslId);
  const setHeld = deployed
    ? await count(
        conn,
        `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(user.userId)} AND PermissionSetId = ${soqlString(deployed.id)}`
      )
    : 0;
  checks.push({
    label: `New user holds ${def.permissionSet} as the file defines it`,
    ok: setHeld > 0 && deployed?.state === 'matches',
    detail: !deployed
      ? 'permission set not in the org'
      : setHeld === 0
        ? 'not assigned'
        : deployed.state === 'matches'
          ? 'assigned, matches the file'
          : `assigned, differs: ${deployed.differences.join('; ')}`
  });
  for (const holder of oldHolders) {
    const access = await queryAll<{ HasEditAccess: boolean }>(
      conn,
      `SELECT RecordId, HasEditAccess FROM UserRecordAccess WHERE UserId = ${soqlString(user.userId)} AND RecordId = ${soqlString(holder.userId)}`
    );
    const canEdit = access[0]?.HasEditAccess === true;
    checks.push({
      label: `New user cannot edit ${holder.username}`,
      ok: !canEdit,
      detail: access[0]
        ? `HasEditAccess = ${String(canEdit)}`
        : 'record not readable by the new user'
    });
  }
  return checks;
}

/**
 * Deactivates the old holders that are still active (User.IsActive = false;
 * freeing their Salesforce Integration seat). Re-reads the holders first, so a
 * holder deactivated meanwhile is not touched again. Returns who was
 * deactivated.
 */
export async function deactivatePreviousHolders(
  conn: Connection,
  permissionSetId: string,
  newUserId: string
): Promise<PermissionSetHolder[]> {
  const active = (await readPermissionSetHolders(conn, permissionSetId, newUserId)).filter(
    (h) => h.isActive
  );
  for (const holder of active) {
    const result = await conn.sobject('User').update({ Id: holder.userId, IsActive: false });
    if (!result.success) {
      throw new Error(
        `Deactivating ${holder.username} (${holder.userId}) failed: ${JSON.stringify(result.errors)}`
      );
    }
  }
  return active;
}
