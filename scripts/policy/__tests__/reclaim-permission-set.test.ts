import { apexClassNames, readPermissionSet } from '../policy-helpers';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DIR } from '../../lib/paths';

/**
 * The License Lens Reclaim Admin permission set grants what the reclaim
 * actions need when they run as the admin, and nothing broader. Any change to
 * these lists is a deliberate, reviewed change (see README "Reclaim licenses
 * safely").
 */
const PERMISSION_SET = path.join(
  DEFAULT_DIR,
  'permissionsets',
  'LL_Reclaim_Admin.permissionset-meta.xml'
);
const AUDIT_OBJECT = 'LL_Reclaim_Audit__c';
const AUDIT_FIELDS_DIR = path.join(DEFAULT_DIR, 'objects', AUDIT_OBJECT, 'fields');

/**
 * System permissions, each with why (sources: LL_ReclaimAccessGuard and README
 * "Reclaim licenses safely").
 */
const EXPECTED_USER_PERMISSIONS = [
  // Deactivate (User.IsActive = false). Salesforce Help, Deactivate Users:
  // https://help.salesforce.com/s/articleView?id=platform.how_to_deactivate_users.htm
  'ManageInternalUsers',
  // Every action: the guardrails filter on PermissionSetLicense.DeveloperName ("View DeveloperName
  // OR View Setup and Configuration"), read permission set assignments and license seats.
  'ViewSetup'
];

/**
 * Never granted here: each one reaches far beyond reclaiming seats.
 * - ManageUsers: Freeze/Unfreeze (UserLogin) and permission set license removal
 *   need it, and it must come from the admin's profile, never from License Lens
 *   (it also grants password resets, roles, sharing, profiles ...).
 * - FreezeUsers: documented only for Setup's Freeze button ("Freeze Users OR
 *   Manage Users", help platform.users_freeze.htm). License Lens updates
 *   UserLogin, which needs Manage Users, so it would grant power no License Lens
 *   path uses.
 * - AssignPermissionSets would let a holder assign themselves any permission
 *   set (privilege escalation); it does not stand in for View Setup either.
 */
const FORBIDDEN_USER_PERMISSIONS = [
  'ManageUsers',
  'FreezeUsers',
  'ModifyAllData',
  'ViewAllData',
  'AssignPermissionSets',
  'ManageProfilesPermissionsets',
  'CustomizeApplication',
  'AuthorApex'
];

const EXPECTED_CLASSES = [
  'LL_InsightsController',
  'LL_LicenseController',
  'LL_PolicyEditController',
  'LL_ReclaimController'
];

const { root, entries } = readPermissionSet(PERMISSION_SET);
const permissionSet = () => root;

/** Custom fields of the audit object, split by whether the field is required. */
function auditFields(): { required: string[]; optional: string[] } {
  const required: string[] = [];
  const optional: string[] = [];
  for (const file of fs.readdirSync(AUDIT_FIELDS_DIR).sort()) {
    const name = file.replace(/\.field-meta\.xml$/, '');
    const xml = fs.readFileSync(path.join(AUDIT_FIELDS_DIR, file), 'utf8');
    (/<required>true<\/required>/.test(xml) ? required : optional).push(name);
  }
  return { required, optional };
}

describe('LL_Reclaim_Admin permission set', () => {
  it('grants exactly Manage Internal Users and View Setup, all enabled', () => {
    const permissions = entries('userPermissions');
    expect(permissions.map((permission) => permission.name).sort()).toEqual(
      EXPECTED_USER_PERMISSIONS
    );
    expect(permissions.every((permission) => permission.enabled === 'true')).toBe(true);
  });

  it('grants none of the broad permissions', () => {
    const names = entries('userPermissions').map((permission) => permission.name);
    expect(names.filter((name) => FORBIDDEN_USER_PERMISSIONS.includes(name!))).toEqual([]);
  });

  it('opens exactly the reclaim and policy-edit controllers and the two read controllers, and they exist', () => {
    const classes = entries('classAccesses');
    expect(classes.map((access) => access.apexClass).sort()).toEqual(EXPECTED_CLASSES);
    expect(classes.every((access) => access.enabled === 'true')).toBe(true);
    const missing = EXPECTED_CLASSES.filter((name) => !apexClassNames().has(name));
    expect(missing).toEqual([]);
  });

  it('reads the audit trail and can neither create, edit nor delete it', () => {
    expect(entries('objectPermissions')).toEqual([
      {
        allowCreate: 'false',
        allowDelete: 'false',
        allowEdit: 'false',
        allowRead: 'true',
        modifyAllRecords: 'false',
        object: AUDIT_OBJECT,
        viewAllRecords: 'false'
      }
    ]);
  });

  it('reads every optional audit field, edits none, and leaves required fields alone', () => {
    const { required, optional } = auditFields();
    const permissions = entries('fieldPermissions');
    expect(permissions.map((permission) => permission.field).sort()).toEqual(
      optional.map((field) => `${AUDIT_OBJECT}.${field}`).sort()
    );
    expect(permissions.every((permission) => permission.readable === 'true')).toBe(true);
    expect(permissions.filter((permission) => permission.editable !== 'false')).toEqual([]);
    // Salesforce refuses field permissions on required fields (they are always readable).
    expect(required.sort()).toEqual(['Action__c', 'Status__c']);
    expect(optional).toEqual(expect.arrayContaining(['Reason__c', 'Target_User__c']));
  });

  it('shows the audit tab (the app itself comes with the Viewer permission set)', () => {
    expect(entries('tabSettings')).toEqual([{ tab: 'LL_Reclaim_Audit__c', visibility: 'Visible' }]);
    expect(entries('applicationVisibilities')).toEqual([]);
  });

  it('needs no permission set license and no activation', () => {
    const set = permissionSet();
    expect(set.license).toBeUndefined();
    expect(set.hasActivationRequired).toBe('false');
    expect(set.label).toBe('License Lens Reclaim Admin');
  });
});
