/**
 * The stand-in's access and deploy rules on their own: each documented rule
 * holds (and refuses what Salesforce refuses), and every rule names the page
 * it comes from or says it is unverified.
 */
import {
  ACCESS_RULES,
  ApiError,
  FakeOrg,
  FIELD_ACCESS_RULES,
  INTEGRATION_PERMISSION_SET,
  INTEGRATION_PSL
} from '../stand-in/fake-org';

/** A user in the fake org holding exactly these permissions (profile + one permission set). */
function userWith(org: FakeOrg, permissions: string[]): string {
  const profileId = org.profileByName('Minimum Access - API Only Integrations').Id;
  const userId = org.newId('005');
  org.state.users.push({ Id: userId, Username: `${userId}@x.example`, ProfileId: profileId });
  const setId = org.newId('0PS');
  org.state.permissionSets.push({
    Id: setId,
    Name: `Set_${setId}`,
    Label: 'test',
    LicenseId: null,
    permissions
  });
  org.state.permissionSetAssignments.push({
    Id: org.newId('0Pa'),
    AssigneeId: userId,
    PermissionSetId: setId
  });
  return userId;
}

/** The error code a call throws, or 'ok'. */
function outcome(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.errorCode;
    throw error;
  }
}

describe('stand-in access rules', () => {
  it('cites a documentation page for every rule, or says it is unverified', () => {
    for (const [name, rule] of Object.entries({ ...ACCESS_RULES, ...FIELD_ACCESS_RULES })) {
      expect({ name, ok: /^(https:\/\/|unverified: )/.test(rule.source) }).toEqual({
        name,
        ok: true
      });
    }
  });

  it('refuses UserLogin to View All Users and opens it only with Manage Users', () => {
    const org = new FakeOrg();
    const viewAllUsers = userWith(org, ['ApiEnabled', 'ViewAllUsers', 'ViewSetup']);
    const manageUsers = userWith(org, ['ApiEnabled', 'ManageUsers']);
    expect(outcome(() => org.visibleRows('UserLogin', viewAllUsers))).toBe('INVALID_TYPE');
    expect(() => org.visibleRows('UserLogin', viewAllUsers)).toThrow(
      "sObject type 'UserLogin' is not supported"
    );
    expect(org.visibleRows('UserLogin', manageUsers).length).toBe(org.state.users.length);
  });

  it('shows LoginHistory and User rows of the caller only, without the permission that opens them all', () => {
    const org = new FakeOrg();
    const plain = userWith(org, ['ApiEnabled']);
    org.state.loginHistory.push({ Id: org.newId('0Ya'), UserId: plain, LoginTime: 'x' });
    expect(org.visibleRows('LoginHistory', plain).map((r) => r.UserId)).toEqual([plain]);
    expect(org.visibleRows('User', plain).map((r) => r.Id)).toEqual([plain]);
    const monitor = userWith(org, ['MonitorLoginHistory', 'ViewAllUsers']);
    expect(org.visibleRows('LoginHistory', monitor).length).toBe(org.state.loginHistory.length);
    expect(org.visibleRows('User', monitor).length).toBe(org.state.users.length);
  });

  it('answers UserRecordAccess for one user and one record, read-only, as the object reference describes', () => {
    const org = new FakeOrg();
    const reader = userWith(org, ['ApiEnabled', 'ViewAllUsers']);
    const internalAdmin = userWith(org, ['ApiEnabled', 'ViewAllUsers', 'ManageInternalUsers']);
    const plain = userWith(org, ['ApiEnabled']);
    const other = org.adminId;
    const ask = (userId: string, recordId: string, viewer = userId) =>
      org.userRecordAccessRows(
        [
          { field: 'UserId', op: '=', value: userId },
          { field: 'RecordId', op: '=', value: recordId }
        ],
        viewer
      );
    expect(ask(reader, other)).toEqual([
      expect.objectContaining({ HasReadAccess: true, HasEditAccess: false, MaxAccessLevel: 'Read' })
    ]);
    expect(ask(internalAdmin, other)[0]).toMatchObject({ HasEditAccess: true });
    expect(ask(reader, reader)[0]).toMatchObject({ HasEditAccess: true });
    // Records the running user cannot read are left out.
    expect(ask(plain, other)).toEqual([]);
    expect(
      outcome(() => org.userRecordAccessRows([{ field: 'UserId', op: '=', value: reader }], reader))
    ).toBe('MALFORMED_QUERY');
    expect(ACCESS_RULES.UserRecordAccess.source).toContain('object-userrecordaccess');
  });

  it('lets internal users read PermissionSetLicense but hides its DeveloperName without View Setup or View DeveloperName', () => {
    const org = new FakeOrg();
    const plain = userWith(org, ['ApiEnabled']);
    const developerName = userWith(org, ['ViewDeveloperName']);
    expect(org.visibleRows('PermissionSetLicense', plain)).toHaveLength(1);
    expect(
      outcome(() => org.checkFieldAccess('PermissionSetLicense', 'DeveloperName', plain))
    ).toBe('INVALID_FIELD');
    expect(org.describeFields('PermissionSetLicense', plain)).not.toContain('DeveloperName');
    expect(
      outcome(() => org.checkFieldAccess('PermissionSetLicense', 'DeveloperName', developerName))
    ).toBe('ok');
  });

  it('opens PermissionSetLicenseAssign and PermissionSetAssignment to Assign Permission Sets without View Setup', () => {
    const org = new FakeOrg();
    const assigner = userWith(org, ['AssignPermissionSets']);
    const plain = userWith(org, ['ApiEnabled']);
    expect(outcome(() => org.visibleRows('PermissionSetLicenseAssign', assigner))).toBe('ok');
    expect(outcome(() => org.visibleRows('PermissionSetAssignment', assigner))).toBe('ok');
    expect(outcome(() => org.visibleRows('PermissionSetLicenseAssign', plain))).toBe(
      'INVALID_TYPE'
    );
    expect(outcome(() => org.visibleRows('PermissionSet', plain))).toBe('INVALID_TYPE');
  });

  it('lets Modify All Data or Modify Metadata deploy, not Customize Application alone', () => {
    const org = new FakeOrg();
    expect(outcome(() => org.requireDeployRights(userWith(org, ['CustomizeApplication'])))).toBe(
      'INSUFFICIENT_ACCESS'
    );
    expect(outcome(() => org.requireDeployRights(userWith(org, ['ModifyMetadata'])))).toBe('ok');
    expect(outcome(() => org.requireDeployRights(org.adminId))).toBe('ok');
  });
});

describe('stand-in permission set deploy', () => {
  const set = (permissions: string[], license: string | null = INTEGRATION_PSL) => ({
    name: INTEGRATION_PERMISSION_SET,
    label: 'License Lens Integration User',
    license,
    permissions
  });

  it('creates the set licensed to the PSL, then replaces its permissions on the next deploy', () => {
    const org = new FakeOrg();
    expect(org.deployPermissionSet(set(['ApiEnabled', 'ViewSetup']))).toBeNull();
    org.state.permissionSets[0].permissions.push('ManageUsers');
    expect(org.deployPermissionSet(set(['ApiEnabled']))).toBeNull();
    expect(org.state.permissionSets).toEqual([
      expect.objectContaining({
        Name: INTEGRATION_PERMISSION_SET,
        LicenseId: org.state.psls[0].Id,
        permissions: ['ApiEnabled']
      })
    ]);
  });

  it('refuses a set whose license the org lacks, a permission the PSL does not allow, and an unknown permission', () => {
    expect(new FakeOrg({ integrationPsl: false }).deployPermissionSet(set(['ApiEnabled']))).toBe(
      'In field: license - no PermissionSetLicense or UserLicense named SalesforceAPIIntegrationPsl found'
    );
    expect(new FakeOrg().deployPermissionSet(set(['ApiEnabled', 'ManageUsers']))).toBe(
      "The permission set license doesn't allow the permission: ManageUsers"
    );
    expect(
      new FakeOrg({ pslDeniesUnexposed: ['ViewAllUsers'] }).deployPermissionSet(
        set(['ViewAllUsers'])
      )
    ).toBe("The permission set license doesn't allow the permission: ViewAllUsers");
    expect(new FakeOrg().deployPermissionSet(set(['NoSuchPermission'], null))).toBe(
      'Unknown user permission: NoSuchPermission'
    );
  });

  it('exposes MaximumPermissions fields for what it shows, and none for an unexposed refusal', () => {
    const org = new FakeOrg({ pslDenies: ['ViewSetup'], pslDeniesUnexposed: ['ViewAllUsers'] });
    const fields = org.describeFields('PermissionSetLicense', org.adminId);
    expect(fields).toContain('MaximumPermissionsViewSetup');
    expect(fields).not.toContain('MaximumPermissionsViewAllUsers');
    expect(org.visibleRows('PermissionSetLicense', org.adminId)[0]).toMatchObject({
      MaximumPermissionsViewSetup: false,
      MaximumPermissionsApiEnabled: true
    });
  });
});
