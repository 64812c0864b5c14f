import { type Harness, PROVISION_ARGS, startHarness, USERNAME, writes } from './support/harness';

describe('npm run provision (against the 127.0.0.1 stand-in)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('creates the user, assigns PSL then permission set, deploys the app with the run-as user', async () => {
    h = await startHarness();
    const run = await h.provision();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(writes(h.standIn.requests)).toEqual([
      'POST /sobjects/User',
      'POST /sobjects/PermissionSetLicenseAssign',
      'POST /sobjects/PermissionSetAssignment',
      'POST /metadata/deployRequest',
      'POST /metadata/deployRequest'
    ]);
    const user = h.org.userByUsername(USERNAME)!;
    expect(user).toMatchObject({
      Email: 'it-admin@acme.example',
      IsActive: true,
      Alias: 'llinteg'
    });
    expect(h.org.permissionsOf(user.Id)).toEqual(
      new Set([
        'ApiEnabled',
        'ApiUserOnly',
        'MonitorLoginHistory',
        'ViewAllUsers',
        'ViewRoles',
        'ViewSetup'
      ])
    );
    const app = h.org.state.ecas.LL_License_Lens_Integration;
    expect(app).toMatchObject({
      runAsUsername: USERNAME,
      clientCredentialsEnabled: true,
      globalClientCredentials: true,
      globalFileHadCredentials: false,
      scopes: ['Api'],
      permittedUsers: 'AdminApprovedPreAuthorized',
      permissionSets: ['LL_Integration_User'],
      ipRelaxation: 'Enforce',
      contactEmail: 'it-admin@acme.example'
    });
    expect(run.stdout).toContain('[1/5] Create the API-only user');
    expect(run.stdout).toContain('Consumer Key and Secret');
    expect(PROVISION_ARGS).toContain(USERNAME);
  });
});
