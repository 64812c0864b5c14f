/**
 * `npm run verify-integration -- --my-domain <url>`: connects as the
 * integration user with the client-credentials flow and proves least
 * privilege. The consumer key and secret come only from the environment
 * (LL_CLIENT_ID, LL_CLIENT_SECRET): never from flags (shell history), never
 * printed, never written.
 */
import type { Connection } from '@jsforce/jsforce-node';
import {
  asCommandError,
  CommandError,
  type CommandSpec,
  type OutputSink,
  parseFlags,
  PROCESS_SINK,
  renderHelp,
  renderTable,
  Reporter,
  UsageError
} from '../lib/cli';
import { connectWithToken, queryAll, soqlString } from '../lib/connections';
import { loadIntegrationUserDefinition } from '../lib/integration-config';
import { adviceFor, formatFailure, toSalesforceFailure } from '../lib/salesforce-errors';
import { API_USAGE_WARNING_RATIO, type ApiUsage, formatApiUsage, readApiUsage } from './api-usage';
import {
  type ClientCredentialsSession,
  normalizeMyDomain,
  requestClientCredentialsToken,
  tokenErrorAdvice
} from './client-credentials';
import { LEAST_PRIVILEGE_PROBES, type ProbeResult, runProbes } from './probes';

/** Environment variables holding the app's consumer key and secret. */
export const CLIENT_ID_ENV = 'LL_CLIENT_ID';
export const CLIENT_SECRET_ENV = 'LL_CLIENT_SECRET';

export const VERIFY_SPEC: CommandSpec = {
  usage: 'npm run verify-integration --',
  summary:
    'Connect as the License Lens integration user (client credentials) and prove least privilege.',
  description: [
    'Requests a client-credentials token from your My Domain, prints "Connected!", then shows what',
    'the user can read (LoginHistory, UserLicense, PermissionSetLicense, User) and what it must be',
    'refused (UserLogin, which needs Manage Users; Opportunity; editing another user, asked read-only',
    "through UserRecordAccess.HasEditAccess: nothing is ever written), and the org's API usage",
    'against its daily limit. Exits 1 when least privilege is not proven.',
    '',
    'The consumer key and secret are read from the environment only; they are never printed or',
    'written. Load them without leaving them in shell history, e.g. read -rs LL_CLIENT_SECRET.'
  ],
  flags: [
    {
      name: 'my-domain',
      type: 'string',
      required: true,
      valueName: '<url>',
      description: "The org's My Domain URL, e.g. https://mydomain.my.salesforce.com."
    }
  ],
  environment: [
    { name: CLIENT_ID_ENV, description: 'Consumer key of the LL_License_Lens_Integration app.' },
    {
      name: CLIENT_SECRET_ENV,
      description: 'Consumer secret of the LL_License_Lens_Integration app.'
    }
  ],
  examples: [
    'npm run verify-integration -- --my-domain https://mydomain.my.salesforce.com',
    'npm run verify-integration -- --my-domain https://mydomain.my.salesforce.com --json',
    'npm run verify-integration -- --my-domain https://mydomain.my.salesforce.com --dry-run'
  ]
};

/** What verify talks to; tests replace each part. */
export interface VerifyDeps {
  env: NodeJS.ProcessEnv;
  sink: OutputSink;
}

const TOKEN_PATH = '/services/oauth2/token';

interface Credentials {
  clientId: string;
  clientSecret: string;
}

function readCredentials(env: NodeJS.ProcessEnv): Credentials | null {
  const clientId = env[CLIENT_ID_ENV]?.trim();
  const clientSecret = env[CLIENT_SECRET_ENV]?.trim();
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

function dryRun(myDomain: string, env: NodeJS.ProcessEnv, reporter: Reporter): unknown {
  const idSet = Boolean(env[CLIENT_ID_ENV]?.trim());
  const secretSet = Boolean(env[CLIENT_SECRET_ENV]?.trim());
  reporter.info('Dry run: no request is sent.');
  reporter.info(`  1. POST ${myDomain}${TOKEN_PATH} (grant_type=client_credentials)`);
  reporter.info(
    `     ${CLIENT_ID_ENV}: ${idSet ? 'set' : 'NOT set'}; ${CLIENT_SECRET_ENV}: ${secretSet ? 'set' : 'NOT set'}`
  );
  reporter.info('  2. Identify the run-as user');
  LEAST_PRIVILEGE_PROBES.forEach((p, i) =>
    reporter.info(`  ${i + 3}. ${p.name}: expect ${p.expected}`)
  );
  reporter.info(`  ${LEAST_PRIVILEGE_PROBES.length + 3}. Read daily API usage (/limits)`);
  if (!idSet || !secretSet)
    reporter.warn(`Set ${CLIENT_ID_ENV} and ${CLIENT_SECRET_ENV} before the real run.`);
  return {
    dryRun: true,
    tokenUrl: `${myDomain}${TOKEN_PATH}`,
    clientIdSet: idSet,
    clientSecretSet: secretSet,
    checks: LEAST_PRIVILEGE_PROBES.map((p) => ({ name: p.name, expected: p.expected }))
  };
}

async function connect(
  myDomain: string,
  credentials: Credentials
): Promise<ClientCredentialsSession> {
  try {
    return await requestClientCredentialsToken(
      myDomain,
      credentials.clientId,
      credentials.clientSecret
    );
  } catch (error) {
    const failure = toSalesforceFailure(error);
    const advice =
      failure.errorCode === 'CONNECTION_LOST'
        ? adviceFor(failure)
        : tokenErrorAdvice(failure.errorCode, failure.message);
    throw new CommandError(
      'AuthenticationFailed',
      `Token request failed: ${formatFailure(failure)}. ${advice}`,
      1,
      {
        errorCode: failure.errorCode
      }
    );
  }
}

/** Wraps limit and network errors of the checks into a command error. */
function checkError(what: string, error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const failure = toSalesforceFailure(error);
  const advice = adviceFor(failure);
  const name = failure.errorCode === 'REQUEST_LIMIT_EXCEEDED' ? 'ApiLimitExceeded' : 'VerifyFailed';
  return new CommandError(
    name,
    `${what}: ${formatFailure(failure)}${advice ? `. ${advice}` : ''}`,
    1,
    {
      errorCode: failure.errorCode
    }
  );
}

async function whoAmI(
  conn: Connection,
  userId: string | null
): Promise<{ username: string | null; profile: string | null }> {
  if (!userId) return { username: null, profile: null };
  const rows = await queryAll<{ Username: string; Profile: { Name: string } | null }>(
    conn,
    `SELECT Username, Profile.Name FROM User WHERE Id = ${soqlString(userId)}`
  );
  return { username: rows[0]?.Username ?? null, profile: rows[0]?.Profile?.Name ?? null };
}

function printProbeTable(reporter: Reporter, results: ProbeResult[]): void {
  reporter.info('');
  reporter.info('Least privilege');
  reporter.info(
    renderTable(
      ['Check', 'Expected', 'Actual', 'Result', 'Detail'],
      results.map((r) => [
        r.name,
        r.expected,
        r.actual,
        r.ok ? (r.actual === 'skipped' ? '-' : 'ok') : 'FAIL',
        r.detail
      ])
    )
  );
  for (const result of results.filter((r) => r.note)) reporter.info(`Note: ${result.note}`);
}

async function verify(
  myDomain: string,
  credentials: Credentials,
  reporter: Reporter
): Promise<unknown> {
  const session = await connect(myDomain, credentials);
  reporter.protect(session.accessToken);
  const conn = connectWithToken(session.instanceUrl, session.accessToken);
  let identity: { username: string | null; profile: string | null };
  let results: ProbeResult[];
  let usage: ApiUsage;
  try {
    identity = await whoAmI(conn, session.userId);
    reporter.info(
      `Connected! as ${identity.username ?? session.userId ?? 'unknown user'}${identity.profile ? ` (profile: ${identity.profile})` : ''} to ${session.instanceUrl}`
    );
  } catch (error) {
    reporter.info(`Connected! to ${session.instanceUrl}`);
    throw checkError('Reading the run-as user failed', error);
  }
  try {
    results = await runProbes(conn, session.userId);
  } catch (error) {
    throw checkError('A least-privilege check could not run', error);
  }
  printProbeTable(reporter, results);
  try {
    usage = await readApiUsage(conn);
  } catch (error) {
    throw checkError('Reading API usage failed', error);
  }
  reporter.info('');
  reporter.info(`API usage: ${formatApiUsage(usage)}`);
  if (usage.ratioUsed >= API_USAGE_WARNING_RATIO) {
    reporter.warn(
      `API usage is at ${(usage.ratioUsed * 100).toFixed(1)}% of the daily limit; collectors often stop at ${API_USAGE_WARNING_RATIO * 100}%.`
    );
  }
  const failed = results.filter((r) => !r.ok);
  const result = {
    connected: true,
    instanceUrl: session.instanceUrl,
    orgId: session.orgId,
    userId: session.userId,
    username: identity.username,
    profile: identity.profile,
    scope: session.scope,
    checks: results,
    apiUsage: usage,
    leastPrivilege: failed.length === 0
  };
  if (failed.length) {
    reporter.info('Least privilege: NOT proven.');
    throw new CommandError(
      'LeastPrivilegeNotProven',
      `${failed.length} check(s) failed: ${failed.map((r) => `${r.name} (expected ${r.expected}, got ${r.actual}: ${r.detail})`).join('; ')}. Is ${loadIntegrationUserDefinition().permissionSet} assigned to the run-as user, and nothing more?`,
      1,
      result
    );
  }
  reporter.info('Least privilege: proven.');
  return result;
}

/** Runs the command; resolves the exit code. */
export async function runVerify(argv: string[], deps: Partial<VerifyDeps> = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const reporter = new Reporter(argv.includes('--json'), deps.sink ?? PROCESS_SINK);
  const credentials = readCredentials(env);
  reporter.protect(credentials?.clientSecret);
  reporter.protect(credentials?.clientId);
  try {
    const flags = parseFlags(VERIFY_SPEC, argv);
    if (flags.help) {
      (deps.sink ?? PROCESS_SINK).out(renderHelp(VERIFY_SPEC));
      return 0;
    }
    let myDomain: string;
    try {
      myDomain = normalizeMyDomain(String(flags['my-domain']));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (flags['dry-run']) return reporter.success(dryRun(myDomain, env, reporter));
    if (!credentials) {
      throw new CommandError(
        'MissingCredentials',
        `Set ${CLIENT_ID_ENV} and ${CLIENT_SECRET_ENV} in the environment (read -rs ${CLIENT_SECRET_ENV} && export ${CLIENT_SECRET_ENV}); they are never accepted as flags.`
      );
    }
    return reporter.success(await verify(myDomain, credentials, reporter));
  } catch (error) {
    return reporter.failure(asCommandError(error));
  }
}
