/**
 * `npm run integration-login` against a stand-in org: the client-credentials
 * token request (and the stand-in's token endpoint, as strict as Salesforce's),
 * the errors a person meets (bad secret, unknown key, flow not enabled, no
 * run-as user), the secret taken only from the environment or stdin, and the
 * token stored as an sf CLI login: through a recording store, whose token then
 * pulls the org as the integration user, and once through the real
 * `sf org login access-token` in a throw-away HOME.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { connectWithToken } from '../lib/connections';
import { PERMISSION_JUSTIFICATIONS } from '../lib/permission-justifications';
import type { FakeEca } from '../stand-in/fake-org';
import {
  DEFAULT_SF_BIN,
  runIntegrationLogin,
  sfStoreLogin,
  type LoginDeps,
  type StoredLogin
} from '../login/integration-login-command';
import { startStandInOrgs, type StandInOrgs } from '../../orgs/stand-in/stand-in-orgs';
import { pullOrgs } from '../../orgs/pull/pull-orgs';
import { POLL_DELAYS_MS } from '../../orgs/pull/queries';

const ALIAS = 'org-a';
const APP = 'LL_License_Lens_Integration';

let orgs: StandInOrgs;
let app: FakeEca;
let runAs: { Id: string; Username: string };
let url: string;

interface Captured {
  out: string[];
  err: string[];
  stored: { instanceUrl: string; alias: string; accessToken: string }[];
}

function capture(overrides: Partial<LoginDeps> = {}): { deps: Partial<LoginDeps>; seen: Captured } {
  const seen: Captured = { out: [], err: [], stored: [] };
  const deps: Partial<LoginDeps> = {
    env: { LL_CLIENT_SECRET: app.consumerSecret },
    sink: { out: (text) => seen.out.push(text), err: (text) => seen.err.push(text) },
    readStdin: async () => {
      throw new Error('stdin is not read in this test');
    },
    storeLogin: async (login): Promise<StoredLogin> => {
      seen.stored.push(login);
      return { username: runAs.Username, orgId: orgs.org(ALIAS).orgId };
    },
    ...overrides
  };
  return { deps, seen };
}

function args(...extra: string[]): string[] {
  return [
    '--instance-url',
    url,
    '--alias',
    'll-integration',
    '--client-id',
    app.consumerKey,
    ...extra
  ];
}

const tokenRequests = () =>
  orgs.org(ALIAS).standIn.requests.filter((r) => r.path === '/services/oauth2/token');

beforeAll(() => {
  POLL_DELAYS_MS.first = 5;
});

beforeEach(async () => {
  orgs = await startStandInOrgs([{ alias: ALIAS, users: 40, seed: 5 }]);
  const { fakeOrg, standIn } = orgs.org(ALIAS);
  url = standIn.url;
  // The integration user as `npm run provision` leaves it: API only, LL_Integration_User's permissions.
  orgs.addApiUser(ALIAS, Object.keys(PERMISSION_JUSTIFICATIONS));
  const user = fakeOrg.state.users[fakeOrg.state.users.length - 1];
  runAs = { Id: String(user.Id), Username: String(user.Username) };
  app = fakeOrg.ecaNamed(APP);
  Object.assign(app, {
    globalClientCredentials: true,
    clientCredentialsEnabled: true,
    runAsUsername: runAs.Username,
    permittedUsers: 'AllSelfAuthorized'
  });
});

afterEach(async () => {
  await orgs.close();
});

describe('npm run integration-login', () => {
  it('gets a client-credentials token for the run-as user and stores it under the alias', async () => {
    const { deps, seen } = capture();
    const code = await runIntegrationLogin(args('--json'), deps);
    expect(seen.err).toEqual([expect.stringMatching(/^Token issued for user 005/)]);
    expect(code).toBe(0);
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0].body).toEqual({
      grant_type: 'client_credentials',
      client_id: app.consumerKey,
      client_secret: app.consumerSecret
    });
    expect(seen.stored).toHaveLength(1);
    const [stored] = seen.stored;
    expect(stored.alias).toBe('ll-integration');
    expect(stored.instanceUrl).toBe(url);
    expect(stored.accessToken).toMatch(new RegExp(`^${orgs.org(ALIAS).orgId}!`));
    const answer = JSON.parse(seen.out.join('\n'));
    expect(answer.status).toBe(0);
    expect(answer.result).toMatchObject({
      alias: 'll-integration',
      username: runAs.Username,
      userId: runAs.Id,
      orgId: orgs.org(ALIAS).orgId,
      refreshToken: false
    });
    // Neither the secret nor the token is ever written out.
    const written = [...seen.out, ...seen.err].join('\n');
    expect(written).not.toContain(app.consumerSecret);
    expect(written).not.toContain(stored.accessToken);

    // The stored token pulls the org as the integration user (everything but UserLogin).
    const [pull] = await pullOrgs({
      targetOrgs: [ALIAS],
      maxApiShare: 0.75,
      cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'll-login-')),
      useCache: false,
      connect: async () => connectWithToken(stored.instanceUrl, stored.accessToken),
      now: orgs.now
    });
    expect(pull.status).toBe('complete');
    expect(pull.data!.users).toHaveLength(40);
    expect(pull.data!.unavailable.has('UserLogin')).toBe(true);
    const queried = orgs.org(ALIAS).standIn.requests.filter((r) => r.soql);
    expect(queried.length).toBeGreaterThan(0);
    expect(queried.every((r) => r.userId === runAs.Id)).toBe(true);
  });

  it('tells a human what it did, and that the login has no refresh token', async () => {
    const { deps, seen } = capture();
    expect(await runIntegrationLogin(args(), deps)).toBe(0);
    const text = seen.out.join('\n');
    expect(text).toContain(`sf CLI login "ll-integration" is ${runAs.Username}`);
    expect(text).toMatch(/no refresh token and ends with the session timeout/);
    expect(text).toContain('npm run report -- --target-org ll-integration');
  });

  it('takes the consumer key from LL_CLIENT_ID and the secret from the first line of stdin', async () => {
    const { deps, seen } = capture({
      env: { LL_CLIENT_ID: app.consumerKey },
      readStdin: async () => `${app.consumerSecret}\nignored second line\n`
    });
    const argv = ['--instance-url', url, '--alias', 'll-integration', '--secret-stdin'];
    expect(await runIntegrationLogin(argv, deps)).toBe(0);
    expect(seen.stored).toHaveLength(1);
    expect(tokenRequests()[0].body).toMatchObject({ client_secret: app.consumerSecret });
  });

  it('names a bad secret, and stores nothing', async () => {
    const { deps, seen } = capture({ env: { LL_CLIENT_SECRET: 'not-the-secret' } });
    expect(await runIntegrationLogin(args('--json'), deps)).toBe(1);
    const answer = JSON.parse(seen.out.join('\n'));
    expect(answer.name).toBe('BadClientSecret');
    expect(answer.message).toMatch(/invalid client credentials \(invalid_client\)/);
    expect(answer.message).toMatch(/consumer secret does not match/);
    expect(answer.message).not.toContain('not-the-secret');
    expect(seen.stored).toEqual([]);
  });

  it('names an unknown consumer key', async () => {
    const { deps, seen } = capture();
    const argv = ['--instance-url', url, '--alias', 'x', '--client-id', 'no-such-key', '--json'];
    expect(await runIntegrationLogin(argv, deps)).toBe(1);
    expect(JSON.parse(seen.out.join('\n'))).toMatchObject({
      name: 'UnknownClientId',
      data: { errorCode: 'invalid_client_id' }
    });
  });

  it('names a client credentials flow that is not enabled, or an app without a run-as user', async () => {
    app.clientCredentialsEnabled = false;
    const off = capture();
    expect(await runIntegrationLogin(args('--json'), off.deps)).toBe(1);
    const first = JSON.parse(off.seen.out.join('\n'));
    expect(first.name).toBe('ClientCredentialsNotEnabled');
    expect(first.message).toMatch(/no client credentials user enabled/);
    expect(first.message).toMatch(/Enable Client Credentials Flow.*Run As/);

    app.clientCredentialsEnabled = true;
    app.runAsUsername = null;
    const noUser = capture();
    expect(await runIntegrationLogin(args('--json'), noUser.deps)).toBe(1);
    expect(JSON.parse(noUser.seen.out.join('\n')).name).toBe('ClientCredentialsNotEnabled');
    expect(noUser.seen.stored).toEqual([]);
  });

  it('names an inactive run-as user', async () => {
    orgs.org(ALIAS).fakeOrg.userByUsername(runAs.Username)!.IsActive = false;
    const { deps, seen } = capture();
    expect(await runIntegrationLogin(args('--json'), deps)).toBe(1);
    expect(JSON.parse(seen.out.join('\n')).name).toBe('InactiveRunAsUser');
  });

  it('reports a login the sf CLI could not store', async () => {
    const { deps, seen } = capture({
      storeLogin: async () => {
        throw new Error('sf org login access-token failed (AuthInfoCreationError: boom)');
      }
    });
    expect(await runIntegrationLogin(args('--json'), deps)).toBe(1);
    const answer = JSON.parse(seen.out.join('\n'));
    expect(answer.name).toBe('StoreLoginFailed');
    expect(answer.message).toMatch(/boom.*issued but not stored/);
  });

  it('refuses a secret on the command line, a missing secret, and bad flags, as usage errors', async () => {
    const cases: [string[], Partial<LoginDeps>, RegExp][] = [
      [args('--client-secret', 'abc'), {}, /never taken from the command line/],
      [args('--client-secret=abc'), {}, /never taken from the command line/],
      [args(), { env: {} }, /No consumer secret: set LL_CLIENT_SECRET/],
      [args('--secret-stdin'), { readStdin: async () => '\n' }, /No consumer secret on stdin/],
      [
        ['--instance-url', url, '--alias', 'a'],
        { env: { LL_CLIENT_SECRET: 'some-consumer-secret' } },
        /No consumer key/
      ],
      [['--alias', 'a'], {}, /Missing required flag --instance-url/],
      [
        ['--instance-url', 'https://login.salesforce.com', '--alias', 'a'],
        {},
        /My Domain.*refused on login\.salesforce\.com/
      ],
      [['--instance-url', 'http://example.com', '--alias', 'a'], {}, /must use https/],
      [['--instance-url', url, '--alias=-o'], {}, /--alias "-o" must start/],
      [['--instance-url', url, '--alias', 'a b'], {}, /--alias "a b" must start/],
      [args('--unknown'), {}, /Unknown option/]
    ];
    for (const [argv, overrides, message] of cases) {
      const { deps, seen } = capture(overrides);
      expect([argv, await runIntegrationLogin([...argv, '--json'], deps)]).toEqual([argv, 2]);
      const answer = JSON.parse(seen.out.join('\n'));
      expect([argv, answer.message]).toEqual([argv, expect.stringMatching(message)]);
      expect(seen.stored).toEqual([]);
    }
    expect(tokenRequests()).toEqual([]);
  });

  it('says what it would do with --dry-run, sending nothing', async () => {
    const { deps, seen } = capture({ env: {} });
    const argv = ['--instance-url', url, '--alias', 'll-integration', '--dry-run'];
    expect(await runIntegrationLogin(argv, deps)).toBe(0);
    const text = seen.out.join('\n');
    expect(text).toContain(`POST ${url}/services/oauth2/token (grant_type=client_credentials)`);
    expect(text).toContain('sf org login access-token');
    expect(seen.err.join('\n')).toMatch(/--client-id or set LL_CLIENT_ID/);
    const json = capture();
    expect(await runIntegrationLogin(args('--dry-run', '--json'), json.deps)).toBe(0);
    expect(JSON.parse(json.seen.out.join('\n')).result).toEqual({
      dryRun: true,
      tokenUrl: `${url}/services/oauth2/token`,
      alias: 'll-integration',
      clientIdSet: true,
      clientSecretSource: 'LL_CLIENT_SECRET',
      clientSecretSet: true
    });
    expect(orgs.org(ALIAS).standIn.requests).toEqual([]);
    expect(json.seen.stored).toEqual([]);
  });

  it('prints its help', async () => {
    const { deps, seen } = capture();
    expect(await runIntegrationLogin(['--help'], deps)).toBe(0);
    expect(seen.out.join('\n')).toMatch(/--instance-url=<url>[\s\S]*NO refresh token/);
  });
});

describe("the stand-in's client-credentials token endpoint and userinfo", () => {
  const post = (body: string, contentType = 'application/x-www-form-urlencoded') =>
    fetch(`${url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body
    });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('answers a token without a refresh token, and the documented fields', async () => {
    const reply = await post(
      form({
        grant_type: 'client_credentials',
        client_id: app.consumerKey,
        client_secret: app.consumerSecret
      })
    );
    expect(reply.status).toBe(200);
    const token = (await reply.json()) as Record<string, string>;
    expect(Object.keys(token).sort()).toEqual(
      ['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type'].sort()
    );
    expect(token.id).toBe(`${url}/id/${orgs.org(ALIAS).orgId}/${runAs.Id}`);

    const info = await fetch(`${url}/services/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${token.access_token}` }
    });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      user_id: runAs.Id,
      organization_id: orgs.org(ALIAS).orgId,
      preferred_username: runAs.Username
    });
    const own = await fetch(`${url}/services/data/v51.0/sobjects/User/${runAs.Id}`, {
      headers: { authorization: `Bearer ${token.access_token}` }
    });
    expect(await own.json()).toMatchObject({ Id: runAs.Id, Username: runAs.Username });
    const bad = await fetch(`${url}/services/oauth2/userinfo`, {
      headers: { authorization: 'Bearer nope' }
    });
    expect(bad.status).toBe(403);
  });

  it('refuses like Salesforce: JSON {error, error_description} with status 400', async () => {
    const cases: [string, string | undefined, string][] = [
      [
        form({ grant_type: 'password', client_id: app.consumerKey }),
        undefined,
        'unsupported_grant_type'
      ],
      [
        JSON.stringify({
          grant_type: 'client_credentials',
          client_id: app.consumerKey,
          client_secret: app.consumerSecret
        }),
        'application/json',
        'unsupported_grant_type'
      ],
      [
        form({ grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }),
        undefined,
        'invalid_client_id'
      ],
      [
        form({ grant_type: 'client_credentials', client_id: app.consumerKey }),
        undefined,
        'invalid_client'
      ]
    ];
    for (const [body, contentType, error] of cases) {
      const reply = await post(body, contentType);
      expect(reply.status).toBe(400);
      const answer = (await reply.json()) as Record<string, string>;
      expect(Object.keys(answer).sort()).toEqual(['error', 'error_description']);
      expect(answer.error).toBe(error);
    }
  });
});

describe('the real sf CLI stores the token (sf org login access-token, a throw-away HOME)', () => {
  const sfAvailable = fs.existsSync(DEFAULT_SF_BIN);
  const maybe = sfAvailable ? it : it.skip;

  maybe(
    'stores a login the sf CLI then uses as the integration user',
    async () => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'll-sf-home-'));
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
        SF_DISABLE_AUTOUPDATE: 'true',
        SF_DISABLE_TELEMETRY: 'true'
      };
      try {
        const { deps, seen } = capture({ storeLogin: sfStoreLogin(DEFAULT_SF_BIN, env) });
        const code = await runIntegrationLogin(args('--json'), deps);
        expect(seen.out.join('\n')).toContain('"status": 0');
        expect(code).toBe(0);
        expect(JSON.parse(seen.out.join('\n')).result.username).toBe(runAs.Username);
        // The sf CLI read who the token is for (userinfo, then the User record).
        const paths = orgs.org(ALIAS).standIn.requests.map((r) => r.path);
        expect(paths).toContain('/services/oauth2/userinfo');
        expect(paths).toContain(`/services/data/v51.0/sobjects/User/${runAs.Id}`);
        // The alias now names that user, and the stored token is not written in clear.
        const { stdout } = await promisify(execFile)(
          DEFAULT_SF_BIN,
          ['org', 'display', '--target-org', 'll-integration', '--json'],
          { env, timeout: 120_000 }
        );
        const shown = JSON.parse(stdout).result;
        expect(shown.username).toBe(runAs.Username);
        expect(shown.instanceUrl.replace(/\/$/, '')).toBe(url);
        const files = fs.readdirSync(path.join(home, '.sfdx'));
        expect(files).toContain(`${runAs.Username}.json`);
        const authFile = fs.readFileSync(
          path.join(home, '.sfdx', `${runAs.Username}.json`),
          'utf8'
        );
        const token = JSON.parse(authFile).accessToken as string;
        expect(token).toBeTruthy();
        expect(authFile).not.toContain(`${orgs.org(ALIAS).orgId}!`);
        expect(JSON.parse(authFile).refreshToken).toBeUndefined();
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    },
    240_000
  );
});
