/**
 * What the org holds right now for the integration user. Provisioning derives
 * its progress from this (never from a local state file): a re-run after a
 * failure re-reads the org and skips what is already there.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { queryAll, soqlString } from '../lib/connections';
import type { IntegrationUserDefinition } from '../lib/integration-config';
import { FORBIDDEN_PERMISSIONS } from '../lib/permission-justifications';

/** A license pool: UserLicense or PermissionSetLicense seats. */
export interface SeatPool {
  id: string;
  name: string;
  total: number;
  used: number;
}

/** The user with the requested username, if any. */
export interface ExistingUser {
  id: string;
  username: string;
  isActive: boolean;
  profileName: string | null;
}

/** Another user already holding LL_Integration_User (an earlier provisioning run). */
export interface PermissionSetHolder {
  userId: string;
  username: string;
  isActive: boolean;
  /** PermissionSetAssignment Id. */
  assignmentId: string;
}

/** What the committed permission set file says (integration-user/…/LL_Integration_User). */
export interface ExpectedPermissionSet {
  /** DeveloperName of the permission set license it names, or null. */
  license: string | null;
  /** Enabled user permissions. */
  permissions: string[];
}

/** LL_Integration_User as the org holds it, compared with the committed file. */
export interface DeployedPermissionSet {
  id: string;
  /** matches: license and permissions as in the file; differs: see differences. */
  state: 'matches' | 'differs';
  /** What differs, e.g. "ManageUsers enabled in the org, not in the file". */
  differences: string[];
}

/** Everything provisioning needs to know about the org. */
export interface OrgSnapshot {
  orgId: string;
  orgName: string;
  profileId: string | null;
  userLicense: SeatPool | null;
  permissionSetLicense: SeatPool | null;
  /** LL_Integration_User, read back from the org; null when not deployed. */
  permissionSet: DeployedPermissionSet | null;
  user: ExistingUser | null;
  /** PermissionSetLicenseAssign Id for (user, PSL), when assigned. */
  pslAssignmentId: string | null;
  /** PermissionSetAssignment Id for (user, permission set), when assigned. */
  permissionSetAssignmentId: string | null;
  /** Users other than the requested one that hold LL_Integration_User. */
  otherHolders: PermissionSetHolder[];
}

type Row = Record<string, unknown>;

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));
const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

async function first(conn: Connection, soql: string): Promise<Row | undefined> {
  return (await queryAll<Row>(conn, soql))[0];
}

async function readUser(conn: Connection, username: string): Promise<ExistingUser | null> {
  const row = await first(
    conn,
    `SELECT Id, Username, IsActive, Profile.Name FROM User WHERE Username = ${soqlString(username)}`
  );
  if (!row) return null;
  const profile = row.Profile as Row | null | undefined;
  return {
    id: str(row.Id),
    username: str(row.Username),
    isActive: row.IsActive === true,
    profileName: profile ? str(profile.Name) : null
  };
}

async function readAssignmentId(
  conn: Connection,
  sobject: 'PermissionSetLicenseAssign' | 'PermissionSetAssignment',
  parentField: 'PermissionSetLicenseId' | 'PermissionSetId',
  userId: string,
  parentId: string
): Promise<string | null> {
  const row = await first(
    conn,
    `SELECT Id FROM ${sobject} WHERE AssigneeId = ${soqlString(userId)} AND ${parentField} = ${soqlString(parentId)}`
  );
  return row ? str(row.Id) : null;
}

/**
 * Every user holding the permission set except `exceptUserId`: the
 * PermissionSetAssignment rows (object reference: readable with View Setup,
 * Assign Permission Sets or Manage Users) with their Assignee.
 */
export async function readPermissionSetHolders(
  conn: Connection,
  permissionSetId: string,
  exceptUserId: string | null
): Promise<PermissionSetHolder[]> {
  const rows = await queryAll<Row>(
    conn,
    `SELECT Id, AssigneeId, Assignee.Username, Assignee.IsActive FROM PermissionSetAssignment WHERE PermissionSetId = ${soqlString(permissionSetId)}`
  );
  return rows
    .filter((row) => str(row.AssigneeId) !== exceptUserId)
    .map((row) => {
      const assignee = (row.Assignee ?? {}) as Row;
      return {
        userId: str(row.AssigneeId),
        username: str(assignee.Username),
        isActive: assignee.IsActive === true,
        assignmentId: str(row.Id)
      };
    });
}

/** Prefix of the PermissionSet fields that hold its user permissions. */
const PERMISSION_FIELD_PREFIX = 'Permissions';

/**
 * Reads LL_Integration_User back and compares it with the file: the license
 * (LicenseId = the PSL's Id) and every permission the file enables, plus the
 * forbidden ones (never to be enabled). Other permissions the org may store
 * as implied (e.g. ViewRoles with ViewSetup) are not compared. Fields the org
 * does not expose (describe) cannot be compared and are named as such.
 */
export async function readDeployedPermissionSet(
  conn: Connection,
  name: string,
  expected: ExpectedPermissionSet,
  expectedLicenseId: string | null
): Promise<DeployedPermissionSet | null> {
  const describe = await conn.sobject('PermissionSet').describe();
  const exposed = new Set(describe.fields.map((f) => f.name));
  const compared = [...new Set([...expected.permissions, ...Object.keys(FORBIDDEN_PERMISSIONS)])]
    .sort()
    .filter((p) => exposed.has(PERMISSION_FIELD_PREFIX + p));
  const row = await first(
    conn,
    `SELECT ${['Id', 'LicenseId', ...compared.map((p) => PERMISSION_FIELD_PREFIX + p)].join(', ')} FROM PermissionSet WHERE Name = ${soqlString(name)}`
  );
  if (!row) return null;
  const differences: string[] = [];
  const licenseId = row.LicenseId ? str(row.LicenseId) : null;
  if (expected.license && licenseId !== expectedLicenseId) {
    differences.push(`licensed to ${licenseId ?? 'nothing'}, not to ${expected.license}`);
  }
  for (const permission of compared) {
    const inOrg = row[PERMISSION_FIELD_PREFIX + permission] === true;
    const inFile = expected.permissions.includes(permission);
    if (inFile && !inOrg) differences.push(`${permission} not enabled in the org`);
    if (!inFile && inOrg) differences.push(`${permission} enabled in the org, not in the file`);
  }
  return {
    id: str(row.Id),
    state: differences.length ? 'differs' : 'matches',
    differences
  };
}

/** Reads the org's current state for this username (read-only SOQL only). */
export async function readOrgSnapshot(
  conn: Connection,
  def: IntegrationUserDefinition,
  username: string,
  expectedPermissionSet: ExpectedPermissionSet
): Promise<OrgSnapshot> {
  const org = await first(conn, 'SELECT Id, Name FROM Organization');
  const profile = await first(
    conn,
    `SELECT Id, Name FROM Profile WHERE Name = ${soqlString(def.profileName)}`
  );
  const license = await first(
    conn,
    `SELECT Id, Name, TotalLicenses, UsedLicenses FROM UserLicense WHERE Name = ${soqlString(def.userLicenseName)}`
  );
  const psl = await first(
    conn,
    `SELECT Id, DeveloperName, TotalLicenses, UsedLicenses FROM PermissionSetLicense WHERE DeveloperName = ${soqlString(def.permissionSetLicense)}`
  );
  const permissionSet = await readDeployedPermissionSet(
    conn,
    def.permissionSet,
    expectedPermissionSet,
    psl ? str(psl.Id) : null
  );
  const user = await readUser(conn, username);
  const pslAssignmentId =
    user && psl
      ? await readAssignmentId(
          conn,
          'PermissionSetLicenseAssign',
          'PermissionSetLicenseId',
          user.id,
          str(psl.Id)
        )
      : null;
  const permissionSetAssignmentId =
    user && permissionSet
      ? await readAssignmentId(
          conn,
          'PermissionSetAssignment',
          'PermissionSetId',
          user.id,
          permissionSet.id
        )
      : null;
  return {
    orgId: str(org?.Id),
    orgName: str(org?.Name),
    profileId: profile ? str(profile.Id) : null,
    userLicense: license
      ? {
          id: str(license.Id),
          name: str(license.Name),
          total: num(license.TotalLicenses),
          used: num(license.UsedLicenses)
        }
      : null,
    permissionSetLicense: psl
      ? {
          id: str(psl.Id),
          name: str(psl.DeveloperName),
          total: num(psl.TotalLicenses),
          used: num(psl.UsedLicenses)
        }
      : null,
    permissionSet,
    user,
    pslAssignmentId,
    permissionSetAssignmentId,
    otherHolders: permissionSet
      ? await readPermissionSetHolders(conn, permissionSet.id, user?.id ?? null)
      : []
  };
}

/** Prefix of the PermissionSetLicense fields that cap what the PSL allows. */
const MAX_PERMISSION_PREFIX = 'MaximumPermissions';

/** Whether the PSL allows each permission the permission set enables. */
export interface PslCapability {
  allowed: string[];
  denied: string[];
  /** Permissions the org exposes no MaximumPermissions field for. */
  unchecked: string[];
}

/**
 * Feature-detects the PSL's MaximumPermissions<Name> fields (describe) and
 * reads those that exist for the permission set's permissions.
 */
export async function readPslCapability(
  conn: Connection,
  pslId: string,
  permissionNames: string[]
): Promise<PslCapability> {
  const describe = await conn.sobject('PermissionSetLicense').describe();
  const fields = new Set(describe.fields.map((f) => f.name));
  const checkable = permissionNames.filter((p) => fields.has(`${MAX_PERMISSION_PREFIX}${p}`));
  const unchecked = permissionNames.filter((p) => !checkable.includes(p));
  if (!checkable.length) return { allowed: [], denied: [], unchecked };
  const row = await first(
    conn,
    `SELECT ${checkable.map((p) => MAX_PERMISSION_PREFIX + p).join(', ')} FROM PermissionSetLicense WHERE Id = ${soqlString(pslId)}`
  );
  const allowed = checkable.filter((p) => row?.[`${MAX_PERMISSION_PREFIX}${p}`] === true);
  return { allowed, denied: checkable.filter((p) => !allowed.includes(p)), unchecked };
}
