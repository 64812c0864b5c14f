import * as fs from 'node:fs';
import * as path from 'node:path';
import { apexClassNames, readPermissionSet } from '../policy-helpers';
import { DEFAULT_DIR } from '../../lib/paths';

/**
 * The License Lens History Admin permission set lets an admin start the login
 * snapshot job and change its nightly schedule from the dashboard
 * (LL_CollectionController, guarded by LL_CollectionAccessGuard), and grants
 * what that job needs when it then runs as the admin. Nothing broader. Any
 * change to these lists is a deliberate, reviewed change.
 */
const PERMISSION_SET = path.join(
  DEFAULT_DIR,
  'permissionsets',
  'LL_History_Admin.permissionset-meta.xml'
);
const CUSTOM_PERMISSION = 'LL_Collect_History';
const CUSTOM_PERMISSION_FILE = path.join(
  DEFAULT_DIR,
  'customPermissions',
  `${CUSTOM_PERMISSION}.customPermission-meta.xml`
);

/**
 * System permissions, each with why (sources in LL_CollectionAccessGuard's ApexDoc).
 */
const EXPECTED_USER_PERMISSIONS = [
  // The job refuses to run without it: LoginHistory would silently hold only the admin's own
  // logins (the batch runs as the user who started or scheduled it).
  'MonitorLoginHistory',
  // Enqueuing async Apex outside system mode needs it (object reference, AsyncApexJob); the job
  // also reads license seats with it.
  'ViewSetup'
];

/**
 * Never granted here. AuthorApex: no page read makes it a condition for scheduling or starting
 * Apex from Apex, and it would let a holder write code. ManageUsers: reading every login needs
 * only Monitor Login History. The rest reach far beyond collecting history.
 */
const FORBIDDEN_USER_PERMISSIONS = [
  'AuthorApex',
  'ManageUsers',
  'ManageInternalUsers',
  'ModifyAllData',
  'ViewAllData',
  'CustomizeApplication',
  'AssignPermissionSets',
  'ManageProfilesPermissionsets'
];

const EXPECTED_CLASSES = ['LL_CollectionController'];
/** The run records the panel lists (read in user mode by LL_SnapshotRunSelector). */
const RUN_OBJECT = 'LL_Snapshot_Run__c';

const { root, entries } = readPermissionSet(PERMISSION_SET);

describe('LL_History_Admin permission set', () => {
  it('grants exactly Monitor Login History and View Setup, all enabled', () => {
    const permissions = entries('userPermissions');
    expect(permissions.map((permission) => permission.name).sort()).toEqual(
      EXPECTED_USER_PERMISSIONS
    );
    expect(permissions.every((permission) => permission.enabled === 'true')).toBe(true);
  });

  it('grants none of the broad permissions, Author Apex included', () => {
    const names = entries('userPermissions').map((permission) => permission.name);
    expect(names.filter((name) => FORBIDDEN_USER_PERMISSIONS.includes(name!))).toEqual([]);
  });

  it('grants exactly the Collect License Lens History custom permission, which exists', () => {
    expect(entries('customPermissions')).toEqual([{ enabled: 'true', name: CUSTOM_PERMISSION }]);
    const xml = fs.readFileSync(CUSTOM_PERMISSION_FILE, 'utf8');
    // The label is what LL_CollectionAccessGuard names in its "missing permission" message.
    expect(/<label>([^<]*)<\/label>/.exec(xml)?.[1]).toBe('Collect License Lens History');
  });

  it('opens exactly the collection controller, and it exists', () => {
    const classes = entries('classAccesses');
    expect(classes.map((access) => access.apexClass)).toEqual(EXPECTED_CLASSES);
    expect(classes.every((access) => access.enabled === 'true')).toBe(true);
    expect(EXPECTED_CLASSES.filter((name) => !apexClassNames().has(name))).toEqual([]);
  });

  it('reads the run records (every optional field) and can neither create, edit nor delete them', () => {
    expect(entries('objectPermissions')).toEqual([
      {
        allowCreate: 'false',
        allowDelete: 'false',
        allowEdit: 'false',
        allowRead: 'true',
        modifyAllRecords: 'false',
        object: RUN_OBJECT,
        viewAllRecords: 'false'
      }
    ]);
    const fieldsDir = path.join(DEFAULT_DIR, 'objects', RUN_OBJECT, 'fields');
    const optional = fs
      .readdirSync(fieldsDir)
      .filter(
        (file) =>
          !/<required>true<\/required>/.test(fs.readFileSync(path.join(fieldsDir, file), 'utf8'))
      )
      .map((file) => `${RUN_OBJECT}.${file.replace(/\.field-meta\.xml$/, '')}`)
      .sort();
    const permissions = entries('fieldPermissions');
    expect(permissions.map((permission) => permission.field).sort()).toEqual(optional);
    expect(permissions.every((permission) => permission.readable === 'true')).toBe(true);
    expect(permissions.filter((permission) => permission.editable !== 'false')).toEqual([]);
  });

  it('adds no tab or app: the Viewer set brings those', () => {
    expect(entries('tabSettings')).toEqual([]);
    expect(entries('applicationVisibilities')).toEqual([]);
  });

  it('needs no permission set license and no activation', () => {
    expect(root.license).toBeUndefined();
    expect(root.hasActivationRequired).toBe('false');
    expect(root.label).toBe('License Lens History Admin');
  });
});
