/**
 * `npm run provision` end to end against the 127.0.0.1 stand-in: real jsforce
 * HTTP calls, real source-to-zip conversion and REST Metadata deploy. Each
 * test asserts the requests sent and the org's final state, not only the exit
 * code.
 */
import {
  EMAIL,
  type Harness,
  INTEGRATION_PERMISSIONS,
  ORG_ALIAS,
  PROVISION_ARGS,
  startHarness,
  USERNAME,
  writes
} from './support/harness';

const APP = 'LL_License_Lens_Integration';
const PERMISSION_SET = 'LL_Integration_User';
const DEPLOY = 'POST /metadata/deployRequest';
const CREATE_AND_DEPLOY = [
  DEPLOY,
  'POST /sobjects/User',
  'POST /sobjects/PermissionSetLicenseAssign',
  'POST /sobjects/PermissionSetAssignment',
  'POST /metadata/deployRequest',
  'POST /metadata/deployRequest'
];

/** LL_Integration_User as the fake org holds it (undefined: not deployed). */
function permissionSetInOrg(h: Harness) {
  const sets = h.org.state.permissionSets.filter((p) => p.Name === PERMISSION_SET);
  expect(sets.length).toBeLessThanOrEqual(1);
  return sets[0];
}

/** The integration user's records in the fake org. */
function integrationRecords(h: Harness) {
  const users = h.org.state.users.filter((u) => u.Username === USERNAME);
  const ids = new Set(users.map((u) => u.Id));
  return {
    users: users.length,
    pslAssignments: h.org.state.pslAssignments.filter((a) => ids.has(String(a.AssigneeId))).length,
    permissionSetAssignments: h.org.state.permissionSetAssignments.filter((a) =>
      ids.has(String(a.AssigneeId))
    ).length
  };
}

describe('npm run provision (against the 127.0.0.1 stand-in)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('deploys LL_Integration_User, creates the user, assigns the PSL then the permission set, deploys the app with its run-as user', async () => {
    h = await startHarness();
    const run = await h.provision();

    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Warning|Error/);
    expect(writes(h.standIn.requests)).toEqual(CREATE_AND_DEPLOY);
    const userCreate = h.standIn.requests.find((r) => r.path.endsWith('/sobjects/User'));
    expect(userCreate?.body).toMatchObject({
      Username: USERNAME,
      Email: EMAIL,
      Alias: 'llinteg',
      ProfileId: h.org.profileByName('Minimum Access - API Only Integrations').Id
    });
    const user = h.org.userByUsername(USERNAME)!;
    expect(user).toMatchObject({ Email: EMAIL, IsActive: true });
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
    expect(integrationRecords(h)).toEqual({
      users: 1,
      pslAssignments: 1,
      permissionSetAssignments: 1
    });
    expect(permissionSetInOrg(h)).toMatchObject({
      LicenseId: h.org.state.psls[0].Id,
      permissions: INTEGRATION_PERMISSIONS
    });
    expect(h.org.state.ecas[APP]).toMatchObject({
      runAsUsername: USERNAME,
      clientCredentialsEnabled: true,
      globalClientCredentials: true,
      globalFileHadCredentials: false,
      scopes: ['Api'],
      permittedUsers: 'AdminApprovedPreAuthorized',
      permissionSets: ['LL_Integration_User'],
      ipRelaxation: 'Enforce',
      contactEmail: EMAIL
    });
    // Step progress goes to stderr; stdout keeps preflight, plan and the result.
    expect(run.stdout).not.toMatch(/^\[\d\/6\]/m);
    const lines = run.stderr.split('\n');
    const stepLines = lines.filter((l) => /^\[\d\/6\]/.test(l));
    expect(stepLines.map((l) => l.slice(0, 5))).toEqual([
      '[1/6]',
      '[2/6]',
      '[3/6]',
      '[4/6]',
      '[5/6]',
      '[6/6]'
    ]);
    expect(stepLines[0]).toContain(
      'Deploy permission set LL_Integration_User (licensed to SalesforceAPIIntegrationPsl)'
    );
    expect(run.stdout).toContain(
      `Setup > External Client App Manager > ${APP} > Settings > OAuth Settings > Consumer Key and Secret`
    );
  });

  it('deploys the permission set alone, then the app files with no consumer key or secret, the run-as user only in the last deploy', async () => {
    h = await startHarness();
    await h.provision();
    const [permissionSetDeploy, appDeploy, runAsDeploy] = Object.values(h.org.state.deploys);
    expect(Object.keys(permissionSetDeploy.files).sort()).toEqual([
      'package.xml',
      `permissionsets/${PERMISSION_SET}.permissionset`
    ]);
    expect(permissionSetDeploy.files[`permissionsets/${PERMISSION_SET}.permissionset`]).toContain(
      '<license>SalesforceAPIIntegrationPsl</license>'
    );
    const appFiles = Object.keys(appDeploy.files).sort();
    expect(appFiles).toEqual(
      [
        'package.xml',
        `externalClientApps/${APP}.eca`,
        `extlClntAppGlobalOauthSets/${APP}_glbloauth.ecaGlblOauth`,
        `extlClntAppOauthSettings/${APP}_oauth.ecaOauth`,
        `extlClntAppPolicies/${APP}_plcy.ecaPlcy`
      ].sort()
    );
    for (const text of Object.values(appDeploy.files))
      expect(text).not.toMatch(/consumer(Key|Secret)/);
    expect(runAsDeploy.files[`extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy`]).toContain(
      `<clientCredentialsFlowUser>${USERNAME}</clientCredentialsFlowUser>`
    );
  });

  it('re-run after success creates nothing again (the permission set reads back as deployed; the app deploys are re-applied in place)', async () => {
    h = await startHarness();
    await h.provision();
    const before = h.standIn.requests.length;
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(0);
    expect(writes(h.requestsSince(before))).toEqual([DEPLOY, DEPLOY]);
    expect(run.json().result.steps.map((s: { status: string }) => s.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
      'completed',
      'completed'
    ]);
    expect(integrationRecords(h)).toEqual({
      users: 1,
      pslAssignments: 1,
      permissionSetAssignments: 1
    });
  });

  it('--dry-run prints preflight and plan and changes nothing', async () => {
    h = await startHarness();
    const run = await h.provision([...PROVISION_ARGS, '--dry-run']);
    const json = await h.provision([...PROVISION_ARGS, '--dry-run', '--json']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan');
    expect(run.stdout).toContain(
      '✔ Permission set LL_Integration_User: not in the org yet: provisioning deploys it from integration-user/'
    );
    expect(run.stdout).toContain('Dry run: nothing was changed.');
    expect(writes(h.standIn.requests)).toEqual([]);
    expect(h.org.userByUsername(USERNAME)).toBeUndefined();
    expect(permissionSetInOrg(h)).toBeUndefined();
    expect(json.json()).toMatchObject({
      status: 0,
      result: {
        dryRun: true,
        steps: [
          { id: 'deploy-permset', status: 'to do' },
          { status: 'to do' },
          { status: 'to do' },
          { status: 'to do' },
          {},
          {}
        ]
      }
    });
  });

  it('stops in preflight when no Salesforce Integration license is free', async () => {
    h = await startHarness({ integrationLicenses: 2, integrationLicensesUsed: 2 });
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    const out = run.json();
    expect(out.name).toBe('PreflightFailed');
    expect(out.message).toContain('none free: 2 of 2 used');
    expect(out.data.checks.find((c: { id: string }) => c.id === 'user-license')).toMatchObject({
      ok: false
    });
    expect(writes(h.standIn.requests)).toEqual([]);
  });

  it('stops in preflight when the SalesforceAPIIntegrationPsl seats are used up', async () => {
    h = await startHarness({ pslSeats: 1, pslSeatsUsed: 1 });
    const run = await h.provision();

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✖ Free SalesforceAPIIntegrationPsl seat: none free: 1 of 1 used'
    );
    expect(run.stderr).toContain('Error (PreflightFailed)');
    expect(writes(h.standIn.requests)).toEqual([]);
  });

  it('stops in preflight, creating nothing, when the org has no SalesforceAPIIntegrationPsl', async () => {
    h = await startHarness({ integrationPsl: false });
    const run = await h.provision();
    const json = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✖ Free SalesforceAPIIntegrationPsl seat: this org has no SalesforceAPIIntegrationPsl permission set license, so LL_Integration_User (licensed to it) cannot be deployed or assigned here'
    );
    expect(run.stdout).toContain('The License Lens dashboard works without it');
    expect(json.json()).toMatchObject({ name: 'PreflightFailed' });
    expect(json.json().data.checks.find((c: { id: string }) => c.id === 'psl-seat')).toMatchObject({
      ok: false
    });
    expect(writes(h.standIn.requests)).toEqual([]);
    expect(permissionSetInOrg(h)).toBeUndefined();
    expect(integrationRecords(h).users).toBe(0);
  });

  it('stops in preflight when the PSL shows it does not allow a permission of the set', async () => {
    h = await startHarness({ pslDenies: ['ViewAllUsers'] });
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    expect(run.json().message).toContain(
      'the license does not allow ViewAllUsers; Salesforce would refuse to deploy LL_Integration_User'
    );
    expect(writes(h.standIn.requests)).toEqual([]);
    expect(permissionSetInOrg(h)).toBeUndefined();
  });

  it('PSL refuses a permission the org exposes no MaximumPermissions field for: the deploy step fails first, nothing else is created', async () => {
    h = await startHarness({ pslDeniesUnexposed: ['ViewAllUsers'] });
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    const out = run.json();
    expect(out).toMatchObject({
      name: 'ProvisionStepFailed',
      data: { step: 'deploy-permset', errorCode: 'DEPLOY_FAILED' }
    });
    expect(out.message).toMatch(/^Step 1\/6 "Deploy permission set LL_Integration_User/);
    expect(out.message).toContain(
      "PermissionSet LL_Integration_User: The permission set license doesn't allow the permission: ViewAllUsers"
    );
    expect(out.data.existing[0]).toMatchObject({ exists: false });
    expect(writes(h.standIn.requests)).toEqual([DEPLOY]);
    expect(permissionSetInOrg(h)).toBeUndefined();
    expect(integrationRecords(h)).toEqual({
      users: 0,
      pslAssignments: 0,
      permissionSetAssignments: 0
    });
  });

  it('resumes after a failure at the permission set step once the org allows it', async () => {
    h = await startHarness({ pslDeniesUnexposed: ['ViewAllUsers'] });
    expect((await h.provision()).code).toBe(1);
    // The admin gets the license upgraded (here: the model's PSL now allows it).
    h.org.state.psls[0].allowedPermissions.push('ViewAllUsers');
    const before = h.standIn.requests.length;
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(0);
    expect(writes(h.requestsSince(before))).toEqual(CREATE_AND_DEPLOY);
    expect(permissionSetInOrg(h)?.permissions).toEqual(INTEGRATION_PERMISSIONS);
  });

  it('connection dropped after the org applied the permission set deploy: the failure reads it back, the re-run skips it', async () => {
    h = await startHarness();
    h.standIn.addFault({
      method: 'POST',
      path: /\/metadata\/deployRequest$/,
      when: 'after',
      times: 1
    });
    const first = await h.provision([...PROVISION_ARGS, '--json']);

    expect(first.code).toBe(1);
    const failure = first.json();
    expect(failure).toMatchObject({
      name: 'ProvisionStepFailed',
      data: { step: 'deploy-permset', errorCode: 'CONNECTION_LOST' }
    });
    expect(failure.data.existing[0]).toMatchObject({
      what: 'Permission set LL_Integration_User deployed',
      exists: true,
      id: permissionSetInOrg(h)!.Id
    });
    expect(failure.data.undo.join('\n')).toContain(
      `sf data delete record --sobject PermissionSet --record-id ${permissionSetInOrg(h)!.Id}`
    );

    const before = h.standIn.requests.length;
    const second = await h.provision([...PROVISION_ARGS, '--json']);
    expect(second.code).toBe(0);
    expect(second.json().result.steps[0]).toMatchObject({
      id: 'deploy-permset',
      status: 'skipped'
    });
    expect(writes(h.requestsSince(before))).toEqual(CREATE_AND_DEPLOY.slice(1));
    expect(Object.keys(h.org.state.deploys)).toHaveLength(3);
  });

  it('skips the permission set deploy when the org already holds it as the file says', async () => {
    h = await startHarness({ preDeployedPermissionSet: INTEGRATION_PERMISSIONS });
    const run = await h.provision();

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Permission set LL_Integration_User: deployed \(0PS\w+\) and matches/
    );
    expect(run.stderr).toContain('already done, skipped');
    expect(writes(h.standIn.requests)).toEqual(CREATE_AND_DEPLOY.slice(1));
  });

  it('re-deploys a permission set that holds more than the file (a forbidden permission added in the org), and the deploy removes it', async () => {
    h = await startHarness({
      preDeployedPermissionSet: [...INTEGRATION_PERMISSIONS, 'ManageUsers']
    });
    const run = await h.provision();

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'but differs (ManageUsers enabled in the org, not in the file): provisioning re-deploys it'
    );
    expect(writes(h.standIn.requests)).toEqual(CREATE_AND_DEPLOY);
    expect(permissionSetInOrg(h)?.permissions).toEqual(INTEGRATION_PERMISSIONS);
  });

  it('refuses a username that belongs to a user on another profile, without touching it', async () => {
    h = await startHarness();
    const colleague = { ...h.org.userByUsername('colleague@license-lens.example')! };
    const run = await h.provision([
      '-o',
      ORG_ALIAS,
      '--username',
      'colleague@license-lens.example',
      '--email',
      EMAIL,
      '--json'
    ]);

    expect(run.code).toBe(1);
    expect(run.json().message).toContain(
      'already belongs to a user on profile "System Administrator"'
    );
    expect(writes(h.standIn.requests)).toEqual([]);
    expect(h.org.userByUsername('colleague@license-lens.example')).toEqual(colleague);
  });

  it('reports a username taken in another org (DUPLICATE_USERNAME) at the create-user step', async () => {
    h = await startHarness({ usernamesTakenElsewhere: [USERNAME] });
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    const out = run.json();
    expect(out).toMatchObject({
      status: 1,
      name: 'ProvisionStepFailed',
      data: { step: 'create-user', errorCode: 'DUPLICATE_USERNAME' }
    });
    expect(out.message).toMatch(
      /^Step 2\/6 "Create the API-only user .*" failed: Duplicate Username/
    );
    expect(out.data.existing[0]).toMatchObject({ exists: true });
    expect(out.data.existing[1]).toMatchObject({ exists: false });
    expect(writes(h.standIn.requests)).toEqual([DEPLOY, 'POST /sobjects/User']);
    expect(integrationRecords(h).users).toBe(0);
  });

  it('names the step and the missing permission when the admin may not manage users', async () => {
    h = await startHarness({ adminCanManageUsers: false });
    const run = await h.provision();

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ Step 2/6 "Create the API-only user');
    expect(run.stdout).toContain('(INSUFFICIENT_ACCESS_OR_READONLY)');
    expect(run.stdout).toContain('lacks a permission');
    expect(run.stdout).toContain(
      `To resume: npm run provision -- -o ${ORG_ALIAS} --username ${USERNAME} --email ${EMAIL}`
    );
    expect(writes(h.standIn.requests)).toEqual([DEPLOY, 'POST /sobjects/User']);
  });

  it('stops with advice when the org has used its daily API requests', async () => {
    h = await startHarness({ apiMax: 3 });
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    const out = run.json();
    expect(out).toMatchObject({
      name: 'PreflightFailed',
      data: { errorCode: 'REQUEST_LIMIT_EXCEEDED' }
    });
    expect(out.message).toContain('daily API requests');
    expect(writes(h.standIn.requests)).toEqual([]);
  });

  it.each([
    [
      'create-user',
      /\/sobjects\/User$/,
      2,
      ['POST /sobjects/PermissionSetLicenseAssign', 'POST /sobjects/PermissionSetAssignment']
    ],
    [
      'assign-psl',
      /\/sobjects\/PermissionSetLicenseAssign$/,
      3,
      ['POST /sobjects/PermissionSetAssignment']
    ]
  ])(
    'connection dropped after the org applied %s: the failure says what exists, the re-run resumes without duplicates',
    async (step, path, stepNumber, resumedCreates) => {
      h = await startHarness();
      h.standIn.addFault({ method: 'POST', path, when: 'after', times: 1 });
      const first = await h.provision([...PROVISION_ARGS, '--json']);

      expect(first.code).toBe(1);
      const failure = first.json();
      expect(failure).toMatchObject({
        name: 'ProvisionStepFailed',
        data: { step, errorCode: 'CONNECTION_LOST' }
      });
      expect(failure.message).toContain(`Step ${stepNumber}/6`);
      // The org applied the request before the connection dropped; the re-read shows it.
      expect(failure.data.existing[stepNumber - 1]).toMatchObject({ exists: true });
      expect(failure.data.undo.join('\n')).toContain('IsActive=false');

      const before = h.standIn.requests.length;
      const second = await h.provision([...PROVISION_ARGS, '--json']);
      expect(second.code).toBe(0);
      expect(writes(h.requestsSince(before))).toEqual([
        ...resumedCreates,
        'POST /metadata/deployRequest',
        'POST /metadata/deployRequest'
      ]);
      expect(integrationRecords(h)).toEqual({
        users: 1,
        pslAssignments: 1,
        permissionSetAssignments: 1
      });
      expect(h.org.state.ecas[APP].runAsUsername).toBe(USERNAME);
    }
  );

  it('connection dropped before the org saw the request: the re-run creates it once', async () => {
    h = await startHarness();
    h.standIn.addFault({
      method: 'POST',
      path: /\/sobjects\/PermissionSetAssignment$/,
      when: 'before',
      times: 1
    });
    const first = await h.provision();
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('✖ Permission set LL_Integration_User assigned');

    const second = await h.provision();
    expect(second.code).toBe(0);
    expect(integrationRecords(h)).toEqual({
      users: 1,
      pslAssignments: 1,
      permissionSetAssignments: 1
    });
  });

  it('org refuses the run-as user through metadata: the app stays, the manual Setup steps are printed', async () => {
    h = await startHarness({ refuseRunAsViaMetadata: true });
    const run = await h.provision();
    const json = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ Step 6/6');
    expect(run.stdout).toContain('set it in Setup instead');
    expect(run.stdout).toContain(`set Run As to ${USERNAME}`);
    expect(json.json().data).toMatchObject({ step: 'set-run-as', errorCode: 'DEPLOY_FAILED' });
    expect(json.json().data.manualFallback).toHaveLength(4);
    expect(json.json().data.existing[4]).toMatchObject({ exists: true });
    expect(h.org.state.ecas[APP]).toMatchObject({
      runAsUsername: null,
      clientCredentialsEnabled: false
    });
    expect(integrationRecords(h)).toEqual({
      users: 1,
      pslAssignments: 1,
      permissionSetAssignments: 1
    });
  });

  it('--json keeps stdout one JSON document; step progress goes to stderr', async () => {
    h = await startHarness();
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ status: 0, result: { username: USERNAME } });
    expect(run.stderr.split('\n').filter((l) => /^\[\d\/6\]/.test(l))).toHaveLength(6);
  });

  describe('a re-run with another --username', () => {
    const SECOND = 'license-lens.integration2@acme.example.test';
    const SECOND_ARGS = ['-o', ORG_ALIAS, '--username', SECOND, '--email', EMAIL];

    it('lists the user holding LL_Integration_User and refuses without --replace, creating nothing', async () => {
      h = await startHarness();
      expect((await h.provision()).code).toBe(0);
      const first = h.org.userByUsername(USERNAME)!;
      const before = h.standIn.requests.length;
      const run = await h.provision([...SECOND_ARGS, '--json']);

      expect(run.code).toBe(1);
      const out = run.json();
      expect(out.name).toBe('PreflightFailed');
      const check = out.data.checks.find((c: { id: string }) => c.id === 'previous-holders');
      expect(check).toMatchObject({ ok: false });
      expect(check.detail).toContain(`${USERNAME} (${first.Id}) already holds it`);
      expect(check.detail).toContain('--replace');
      expect(writes(h.requestsSince(before))).toEqual([]);
      expect(h.org.userByUsername(SECOND)).toBeUndefined();
      expect(h.org.userByUsername(USERNAME)).toMatchObject({ IsActive: true });
    });

    it('--replace creates the new user, verifies it, then deactivates the old one', async () => {
      h = await startHarness();
      expect((await h.provision()).code).toBe(0);
      const first = h.org.userByUsername(USERNAME)!;
      const before = h.standIn.requests.length;
      const run = await h.provision([...SECOND_ARGS, '--replace']);

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`will be deactivated once the new user is verified`);
      const second = h.org.userByUsername(SECOND)!;
      expect(second).toMatchObject({ IsActive: true });
      expect(h.org.userByUsername(USERNAME)).toMatchObject({ IsActive: false });
      expect(h.org.state.ecas[APP].runAsUsername).toBe(SECOND);
      // The deactivation is the last write, after the run-as user moved.
      const sent = writes(h.requestsSince(before));
      expect(sent.slice(0, -1)).toEqual(CREATE_AND_DEPLOY.slice(1));
      expect(sent[sent.length - 1]).toBe(`PATCH /sobjects/User/${first.Id}`);
      const verifyAt = run.stderr.indexOf(`Verifying ${SECOND}`);
      const deactivatedAt = run.stderr.indexOf(`Deactivated ${USERNAME} (${first.Id})`);
      expect(verifyAt).toBeGreaterThan(-1);
      expect(deactivatedAt).toBeGreaterThan(verifyAt);
      expect(run.stderr).toContain(`✔ New user cannot edit ${USERNAME}: HasEditAccess = false`);
    });

    it('--replace keeps the old user active when the new one does not verify', async () => {
      h = await startHarness();
      expect((await h.provision()).code).toBe(0);
      // An over-privileged permission set that the deploy step cannot repair
      // is modelled by granting Manage Users to the integration profile.
      h.org.profileByName('Minimum Access - API Only Integrations').permissions.push('ManageUsers');
      const run = await h.provision([...SECOND_ARGS, '--replace', '--json']);

      expect(run.code).toBe(1);
      const out = run.json();
      expect(out.name).toBe('ReplaceNotVerified');
      expect(out.message).toContain(`nothing was deactivated, ${USERNAME}`);
      expect(h.org.userByUsername(USERNAME)).toMatchObject({ IsActive: true });
      expect(h.org.userByUsername(SECOND)).toMatchObject({ IsActive: true });
      expect(
        h.standIn.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/sobjects/User/'))
      ).toEqual([]);
    });
  });

  it('refuses an existing but inactive integration user', async () => {
    h = await startHarness();
    await h.provision();
    h.org.userByUsername(USERNAME)!.IsActive = false;
    const before = h.standIn.requests.length;
    const run = await h.provision([...PROVISION_ARGS, '--json']);

    expect(run.code).toBe(1);
    expect(run.json().message).toContain('exists but is inactive');
    expect(writes(h.requestsSince(before))).toEqual([]);
  });

  it('fails clearly when the alias is unknown to the sf CLI', async () => {
    h = await startHarness();
    const run = await h.provision([
      '-o',
      'nope',
      '--username',
      USERNAME,
      '--email',
      EMAIL,
      '--json'
    ]);

    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ name: 'OrgUnreachable' });
    expect(run.json().message).toContain('No authorization information found for nope');
    expect(h.standIn.requests).toEqual([]);
  });

  it('--help prints usage and touches no org; flag errors exit 2', async () => {
    h = await startHarness();
    const help = await h.provision(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('USAGE');
    expect(help.stdout).toContain('-o, --target-org=<alias>');
    expect(help.stdout).toContain('--dry-run');

    const missing = await h.provision(['-o', ORG_ALIAS, '--username', USERNAME, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({
      name: 'UsageError',
      message: 'Missing required flag --email. See --help.'
    });

    const badUser = await h.provision([
      '-o',
      ORG_ALIAS,
      '--username',
      'not-an-email',
      '--email',
      EMAIL
    ]);
    expect(badUser.code).toBe(2);
    expect(badUser.stderr).toContain('--username must look like an email address');

    const unknown = await h.provision([...PROVISION_ARGS, '--password', 'x']);
    expect(unknown.code).toBe(2);
    expect(h.standIn.requests).toEqual([]);
  });
});
