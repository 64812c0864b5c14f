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
const EXPECTED_CLASSES = ['LL_InsightsController', 'LL_LicenseController'];
const APP = 'LL_License_Lens';
const TAB = 'LL_License_Lens';

const { root, entries } = readPermissionSet(PERMISSION_SET);
const permissionSet = () => root;

describe('LL_License_Lens_Viewer permission set', () => {
  it('grants exactly View Setup and Monitor Login History, all enabled', () => {
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

  it('opens exactly the two controllers the dashboard calls, and they exist', () => {
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
