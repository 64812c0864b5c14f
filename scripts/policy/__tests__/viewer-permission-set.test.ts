import { apexClassNames, readPermissionSet } from '../policy-helpers';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DIR } from '../../lib/paths';

/**
 * The License Lens Viewer permission set grants what the dashboard's Apex
 * needs when it runs as the viewer, and nothing else. Any new permission must
 * be added here too: a deliberate, reviewed change.
 */
const PERMISSION_SET = path.join(
  DEFAULT_DIR,
  'permissionsets',
  'LL_License_Lens_Viewer.permissionset-meta.xml'
);

/** System permissions, each with why (see README "Viewer permission set"). */
const EXPECTED_USER_PERMISSIONS = [
  'MonitorLoginHistory', // read every user's LoginHistory (the window, the trend)
  'ViewAllUsers', // list every User even when the org's User sharing is Private (read-only)
  'ViewSetup' // read UserLicense / PermissionSetLicense seats and assignments
];
/**
 * LL_CollectionController: everyone reads when data was last collected; starting the job and
 * changing the schedule need the Collect License Lens History custom permission, which only
 * LL_History_Admin grants (the controller's guard refuses a viewer and names it).
 * LL_HistoryController: the history card reads the nightly rows (object Read below, user mode).
 */
const EXPECTED_CLASSES = [
  'LL_CollectionController',
  'LL_HistoryController',
  'LL_InsightsController',
  'LL_LicenseController'
];
const APP = 'LL_License_Lens';
const TAB = 'LL_License_Lens';

/**
 * The history the nightly job writes, which viewers report on (LL_User_Activity__c: the per-user
 * rollups the users card reads in user mode). Each object's sharing model is Public Read Only
 * (`<sharingModel>Read</sharingModel>`), so object Read alone shows every row: no View All is
 * needed, and none is granted.
 */
const HISTORY_OBJECTS = [
  'LL_License_Snapshot__c',
  'LL_Login_Daily_Summary__c',
  'LL_Snapshot_Run__c',
  'LL_User_Activity__c'
];

/** A custom object's fields, split by whether the field is required (read from its field files). */
function customFields(objectName: string): { required: string[]; optional: string[] } {
  const required: string[] = [];
  const optional: string[] = [];
  const dir = path.join(DEFAULT_DIR, 'objects', objectName, 'fields');
  for (const file of fs.readdirSync(dir).sort()) {
    const name = `${objectName}.${file.replace(/\.field-meta\.xml$/, '')}`;
    const xml = fs.readFileSync(path.join(dir, file), 'utf8');
    (/<required>true<\/required>/.test(xml) ? required : optional).push(name);
  }
  return { required, optional };
}

/** The org-wide default of a custom object, from its object file. */
function sharingModel(objectName: string): string | undefined {
  const file = path.join(DEFAULT_DIR, 'objects', objectName, `${objectName}.object-meta.xml`);
  return /<sharingModel>([^<]*)<\/sharingModel>/.exec(fs.readFileSync(file, 'utf8'))?.[1];
}

const { root, entries } = readPermissionSet(PERMISSION_SET);
const permissionSet = () => root;

describe('LL_License_Lens_Viewer permission set', () => {
  it('grants exactly Monitor Login History, View All Users and View Setup, all enabled', () => {
    const permissions = entries('userPermissions');
    expect(permissions.map((permission) => permission.name).sort()).toEqual(
      EXPECTED_USER_PERMISSIONS
    );
    expect(permissions.every((permission) => permission.enabled === 'true')).toBe(true);
  });

  it('does not grant Manage Users or anything that writes users', () => {
    const names = entries('userPermissions').map((permission) => permission.name);
    for (const forbidden of [
      'ManageUsers',
      'ManageInternalUsers',
      'FreezeUsers',
      'ModifyAllData'
    ]) {
      expect(names).not.toContain(forbidden);
    }
  });

  it('grants no custom permission: viewers cannot start the snapshot job or change its schedule', () => {
    expect(entries('customPermissions')).toEqual([]);
  });

  it('opens exactly the controllers the dashboard calls, and they exist', () => {
    const classes = entries('classAccesses');
    expect(classes.map((access) => access.apexClass).sort()).toEqual(EXPECTED_CLASSES);
    expect(classes.every((access) => access.enabled === 'true')).toBe(true);
    const missing = EXPECTED_CLASSES.filter((name) => !apexClassNames().has(name));
    expect(missing).toEqual([]);
  });

  it('shows the License Lens app and its tab', () => {
    expect(entries('applicationVisibilities')).toEqual([{ application: APP, visible: 'true' }]);
    expect(entries('tabSettings')).toEqual([{ tab: TAB, visibility: 'Visible' }]);
    expect(fs.existsSync(path.join(DEFAULT_DIR, 'applications', `${APP}.app-meta.xml`))).toBe(true);
    expect(fs.existsSync(path.join(DEFAULT_DIR, 'tabs', `${TAB}.tab-meta.xml`))).toBe(true);
  });

  it('reads the nightly history objects and can neither create, edit nor delete them', () => {
    expect(entries('objectPermissions')).toEqual(
      HISTORY_OBJECTS.map((object) => ({
        allowCreate: 'false',
        allowDelete: 'false',
        allowEdit: 'false',
        allowRead: 'true',
        modifyAllRecords: 'false',
        object,
        viewAllRecords: 'false'
      }))
    );
  });

  it('relies on Public Read Only sharing, so object Read shows every history row', () => {
    expect(HISTORY_OBJECTS.map(sharingModel)).toEqual(HISTORY_OBJECTS.map(() => 'Read'));
  });

  it('reads every optional history field, edits none, and leaves required fields alone', () => {
    const permissions = entries('fieldPermissions');
    const optional = HISTORY_OBJECTS.flatMap((object) => customFields(object).optional);
    const required = HISTORY_OBJECTS.flatMap((object) => customFields(object).required);
    expect(permissions.map((permission) => permission.field).sort()).toEqual(optional.sort());
    expect(permissions.every((permission) => permission.readable === 'true')).toBe(true);
    expect(permissions.filter((permission) => permission.editable !== 'false')).toEqual([]);
    // Salesforce refuses field permissions on required fields (they are always readable).
    expect(required.sort()).toEqual([
      'LL_License_Snapshot__c.Day__c',
      'LL_License_Snapshot__c.Snapshot_Key__c',
      'LL_Login_Daily_Summary__c.Day__c',
      'LL_Login_Daily_Summary__c.Summary_Key__c',
      'LL_Snapshot_Run__c.Status__c',
      'LL_User_Activity__c.Activity_Key__c',
      'LL_User_Activity__c.User_Id__c'
    ]);
    expect(optional).toEqual(
      expect.arrayContaining([
        'LL_Snapshot_Run__c.Activity_Rows_Written__c',
        'LL_User_Activity__c.Day_Counts__c',
        'LL_User_Activity__c.Newest_Day__c',
        'LL_Snapshot_Run__c.Async_Executions_Used__c',
        'LL_Snapshot_Run__c.Message__c',
        'LL_Login_Daily_Summary__c.Logins__c',
        'LL_License_Snapshot__c.Used__c'
      ])
    );
  });

  it('grants no view-all or modify-all on any object', () => {
    const broad = entries('objectPermissions').filter(
      (permission) => permission.viewAllRecords === 'true' || permission.modifyAllRecords === 'true'
    );
    expect(broad).toEqual([]);
  });

  it('needs no permission set license and no activation', () => {
    const set = permissionSet();
    expect(set.license).toBeUndefined();
    expect(set.hasActivationRequired).toBe('false');
    expect(set.label).toBe('License Lens Viewer');
  });
});
