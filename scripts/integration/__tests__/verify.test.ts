/**
 * `npm run verify-integration` end to end: provision against the stand-in,
 * read the app's consumer key and secret as an admin would in Setup, hand them
 * over in environment variables only, and check the token request, the
 * least-privilege table, the API usage line, and that no secret is printed.
 */
import type { FakeEca } from '../stand-in/fake-org';
import { type Harness, type RunResult, startHarness, USERNAME, writes } from './support/harness';

const APP = 'LL_License_Lens_Integration';

interface Ready {
  h: Harness;
  app: FakeEca;
  env: NodeJS.ProcessEnv;
  args: string[];
}

async function provisioned(options: Parameters<typeof startHarness>[0] = {}): Promise<Ready> {
  const h = await startHarness(options);
  const run = await h.provision();
  if (run.code !== 0 && !options.refuseRunAsViaMetadata) throw new Error(run.stdout + run.stderr);
  const app = h.org.state.ecas[APP];
  return {
    h,
    app,
    env: { LL_CLIENT_ID: app.consumerKey, LL_CLIENT_SECRET: app.consumerSecret },
    args: ['--my-domain', h.standIn.url]
  };
}

function expectNoSecrets(run: RunResult, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

const tokenRequests = (h: Harness) =>
  h.standIn.requests.filter((r) => r.path === '/services/oauth2/token');

describe('npm run verify-integration (against the 127.0.0.1 stand-in)', () => {
  let ready: Ready;
  afterEach(async () => {
    await ready.h.close();
  });

  it('connects with client credentials and proves least privilege', async () => {
    ready = await provisioned();
    const { h, app, env, args } = ready;
    const colleague = { ...h.org.userByUsername('colleague@license-lens.example')! };
    const run = await h.verify(args, env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^Connected! as ${USERNAME.replace(/\./g, '\\.')} \\(profile: Minimum Access - API Only Integrations\\)`
      )
    );
    const [token] = tokenRequests(h);
    expect(token.body).toEqual({
      grant_type: 'client_credentials',
      client_id: app.consumerKey,
      client_secret: app.consumerSecret
    });
    for (const row of [
      /Read LoginHistory\s+allowed\s+allowed\s+ok\s+2 rows/,
      /Read UserLicense\s+allowed\s+allowed\s+ok/,
      /Read PermissionSetLicense\s+allowed\s+allowed\s+ok/,
      /Read User\s+allowed\s+allowed\s+ok/,
      /Read UserLogin\s+refused\s+refused\s+ok\s+INVALID_TYPE/,
      /Read Opportunity\s+refused\s+refused\s+ok\s+INVALID_TYPE/,
      /Edit another User \(UserRecordAccess, read-only\)\s+refused\s+refused\s+ok\s+HasEditAccess = false on 005/
    ]) {
      expect(run.stdout).toMatch(row);
    }
    expect(run.stdout).toContain(
      'Note: UserLogin refused, as expected: Salesforce opens it only to Manage Users, so this user cannot manage users. Frozen state is not readable by this user; the License Lens dashboard reads it in Apex inside the org.'
    );
    expect(run.stdout).toMatch(/API usage: \d+ of 100,000 daily API requests used \(0\.0%\)/);
    expect(run.stdout).toContain('Least privilege: proven.');
    // The data requests ran as the integration user, and the refused update changed nothing.
    const integrationUserId = h.org.userByUsername(USERNAME)!.Id;
    const afterToken = h.standIn.requests.slice(h.standIn.requests.indexOf(token) + 1);
    expect(afterToken.every((r) => r.userId === integrationUserId)).toBe(true);
    expect(h.org.userByUsername('colleague@license-lens.example')).toEqual(colleague);
    expectNoSecrets(run, app.consumerKey, app.consumerSecret);
  });

  it('--json returns the checks, the API usage and leastPrivilege: true', async () => {
    ready = await provisioned({ apiMax: 1000, apiUsed: 100 });
    const run = await ready.h.verify([...ready.args, '--json'], ready.env);

    expect(run.code).toBe(0);
    const { result } = run.json();
    expect(result).toMatchObject({
      connected: true,
      username: USERNAME,
      leastPrivilege: true,
      scope: 'api'
    });
    expect(
      result.checks.map((c: { name: string; expected: string; actual: string }) => [
        c.name,
        c.expected,
        c.actual
      ])
    ).toEqual([
      ['Read LoginHistory', 'allowed', 'allowed'],
      ['Read UserLicense', 'allowed', 'allowed'],
      ['Read PermissionSetLicense', 'allowed', 'allowed'],
      ['Read User', 'allowed', 'allowed'],
      ['Read UserLogin', 'refused', 'refused'],
      ['Read Opportunity', 'refused', 'refused'],
      ['Edit another User (UserRecordAccess, read-only)', 'refused', 'refused']
    ]);
    expect(result.checks.find((c: { name: string }) => c.name === 'Read UserLogin').note).toContain(
      'Frozen state is not readable by this user'
    );
    expect(result.apiUsage.max).toBe(1000);
    expect(result.apiUsage.used).toBe(ready.h.org.state.apiUsed);
    expectNoSecrets(run, ready.app.consumerKey, ready.app.consumerSecret);
  });

  it('fails on a wrong consumer secret (invalid_client) without printing it', async () => {
    ready = await provisioned();
    const wrong = 'wrong-secret-value-123';
    const run = await ready.h.verify([...ready.args, '--json'], {
      ...ready.env,
      LL_CLIENT_SECRET: wrong
    });

    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({
      name: 'AuthenticationFailed',
      data: { errorCode: 'invalid_client' }
    });
    expect(run.json().message).toContain('check LL_CLIENT_SECRET');
    expect(run.stdout).not.toContain('Connected!');
    expectNoSecrets(run, wrong, ready.app.consumerKey);
  });

  it('fails on an unknown consumer key (invalid_client_id)', async () => {
    ready = await provisioned();
    const run = await ready.h.verify(ready.args, { ...ready.env, LL_CLIENT_ID: 'unknown-key' });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(invalid_client_id)');
    expect(run.stderr).toContain('check LL_CLIENT_ID');
    expectNoSecrets(run, ready.app.consumerSecret, 'unknown-key');
  });

  it('fails with invalid_grant and points at the manual Setup step when no run-as user is set', async () => {
    ready = await provisioned({ refuseRunAsViaMetadata: true });
    const run = await ready.h.verify([...ready.args, '--json'], ready.env);

    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({
      name: 'AuthenticationFailed',
      data: { errorCode: 'invalid_grant' }
    });
    expect(run.json().message).toContain('Run As user');
    expectNoSecrets(run, ready.app.consumerKey, ready.app.consumerSecret);
  });

  it('reports insufficient access as a failed check when the permission set lacks a permission', async () => {
    ready = await provisioned();
    const set = ready.h.org.state.permissionSets.find((p) => p.Name === 'LL_Integration_User')!;
    set.permissions = set.permissions.filter((p) => p !== 'ViewSetup');
    const run = await ready.h.verify([...ready.args, '--json'], ready.env);

    expect(run.code).toBe(1);
    const out = run.json();
    expect(out.name).toBe('LeastPrivilegeNotProven');
    const failed = out.data.checks.filter((c: { ok: boolean }) => !c.ok);
    expect(
      failed.map((c: { name: string; actual: string; detail: string }) => [
        c.name,
        c.actual,
        c.detail
      ])
    ).toEqual([
      ['Read UserLicense', 'refused', 'INVALID_TYPE'],
      // The object stays readable to internal users; its DeveloperName needs View Setup.
      ['Read PermissionSetLicense', 'refused', 'INVALID_FIELD']
    ]);
  });

  it('catches an over-privileged user read-only: nothing is written, HasEditAccess is reported', async () => {
    ready = await provisioned();
    const set = ready.h.org.state.permissionSets.find((p) => p.Name === 'LL_Integration_User')!;
    set.permissions = [...set.permissions, 'ManageUsers', 'ViewAllData'];
    const before = ready.h.org.snapshot();
    const since = ready.h.standIn.requests.length;
    const run = await ready.h.verify(ready.args, ready.env);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Read UserLogin\s+refused\s+allowed\s+FAIL/);
    expect(run.stdout).toContain('Note: UserLogin readable: this user holds Manage Users');
    expect(run.stdout).toMatch(/Read Opportunity\s+refused\s+allowed\s+FAIL/);
    expect(run.stdout).toMatch(
      /Edit another User \(UserRecordAccess, read-only\)\s+refused\s+allowed\s+FAIL\s+HasEditAccess = true on 005/
    );
    expect(run.stdout).toContain('Note: UserRecordAccess says this user can edit another user');
    expect(run.stdout).toContain('Least privilege: NOT proven.');
    expect(run.stderr).toContain('Error (LeastPrivilegeNotProven)');
    // Only the token request is a POST: no update, no composite, nothing for a trigger to see.
    expect(writes(ready.h.requestsSince(since))).toEqual(['POST /services/oauth2/token']);
    const queries = ready.h
      .requestsSince(since)
      .map((r) => r.soql ?? '')
      .filter((q) => q.includes('UserRecordAccess'));
    expect(queries).toHaveLength(1);
    const after = ready.h.org.snapshot();
    expect({ ...after, apiUsed: 0 }).toEqual({ ...before, apiUsed: 0 });
  });

  it('catches Manage Internal Users alone through UserRecordAccess, which UserLogin does not show', async () => {
    ready = await provisioned();
    const set = ready.h.org.state.permissionSets.find((p) => p.Name === 'LL_Integration_User')!;
    set.permissions = [...set.permissions, 'ManageInternalUsers'];
    const run = await ready.h.verify([...ready.args, '--json'], ready.env);

    expect(run.code).toBe(1);
    const failed = run.json().data.checks.filter((c: { ok: boolean }) => !c.ok);
    expect(failed.map((c: { name: string; actual: string }) => [c.name, c.actual])).toEqual([
      ['Edit another User (UserRecordAccess, read-only)', 'allowed']
    ]);
  });

  it('stops with advice when the daily API limit is used up', async () => {
    ready = await provisioned();
    ready.h.org.state.apiUsed = ready.h.org.state.apiMax;
    const run = await ready.h.verify([...ready.args, '--json'], ready.env);

    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({
      name: 'ApiLimitExceeded',
      data: { errorCode: 'REQUEST_LIMIT_EXCEEDED' }
    });
    expect(run.json().message).toContain('daily API requests');
  });

  it('warns when API usage passes 75% of the daily limit', async () => {
    ready = await provisioned({ apiMax: 1000, apiUsed: 800 });
    const run = await ready.h.verify(ready.args, ready.env);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Warning: API usage is at 8\d\.\d% of the daily limit/);
  });

  // verify now sends only GETs after the token request, and jsforce retries a dropped GET
  // with backoff (five times from 500 ms), so the dropped connection is the token POST.
  it('reports a dropped connection', async () => {
    ready = await provisioned();
    ready.h.standIn.addFault({
      method: 'POST',
      path: /\/oauth2\/token$/,
      when: 'before',
      times: 1
    });
    const run = await ready.h.verify([...ready.args, '--json'], ready.env);

    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({
      name: 'AuthenticationFailed',
      data: { errorCode: 'CONNECTION_LOST' }
    });
  });

  it('--dry-run sends nothing and says whether the variables are set, never their values', async () => {
    ready = await provisioned();
    const before = ready.h.standIn.requests.length;
    const run = await ready.h.verify([...ready.args, '--dry-run'], ready.env);
    const json = await ready.h.verify([...ready.args, '--dry-run', '--json'], {
      LL_CLIENT_ID: ready.app.consumerKey
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`POST ${ready.h.standIn.url}/services/oauth2/token`);
    expect(run.stdout).toContain('LL_CLIENT_ID: set; LL_CLIENT_SECRET: set');
    expect(json.json()).toMatchObject({
      status: 0,
      result: { dryRun: true, clientIdSet: true, clientSecretSet: false }
    });
    expect(json.json().warnings).toEqual([
      'Set LL_CLIENT_ID and LL_CLIENT_SECRET before the real run.'
    ]);
    expect(ready.h.standIn.requests.length).toBe(before);
    expectNoSecrets(run, ready.app.consumerKey, ready.app.consumerSecret);
    expectNoSecrets(json, ready.app.consumerKey);
  });

  it('requires the credentials in the environment and a My Domain URL', async () => {
    ready = await provisioned();
    const before = ready.h.standIn.requests.length;
    const missing = await ready.h.verify([...ready.args, '--json'], {});
    expect(missing.code).toBe(1);
    expect(missing.json()).toMatchObject({ name: 'MissingCredentials' });

    const generic = await ready.h.verify(
      ['--my-domain', 'https://login.salesforce.com'],
      ready.env
    );
    expect(generic.code).toBe(2);
    expect(generic.stderr).toContain("must be your org's My Domain");

    const plainHttp = await ready.h.verify(
      ['--my-domain', 'http://mydomain.my.salesforce.com'],
      ready.env
    );
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.stderr).toContain('must use https');

    const asFlag = await ready.h.verify([...ready.args, '--client-secret', 'x'], ready.env);
    expect(asFlag.code).toBe(2);
    expect(ready.h.standIn.requests.length).toBe(before);
  });

  it('--help documents the flags and the environment variables', async () => {
    ready = await provisioned();
    const run = await ready.h.verify(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--my-domain=<url>');
    expect(run.stdout).toContain('LL_CLIENT_ID');
    expect(run.stdout).toContain('LL_CLIENT_SECRET');
    expect(run.stdout).toContain('--json');
    expect(run.stdout).toContain('--dry-run');
  });
});
