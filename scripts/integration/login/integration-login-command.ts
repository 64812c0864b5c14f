/**
 * `npm run integration-login -- --instance-url https://<mydomain>.my.salesforce.com --alias ll-integration`
 *
 * Logs the API-only integration user of `npm run provision` in to the sf CLI,
 * so `npm start -- --target-org ll-integration` and `npm run report` can pull
 * as that user. The user cannot log in through a browser (`sf org login web`),
 * and the sf CLI has no client-credentials login; so this command:
 *
 * 1. requests a token with the OAuth 2.0 client credentials flow of the
 *    External Client App: POST <My Domain>/services/oauth2/token with
 *    grant_type=client_credentials, client_id, client_secret; Salesforce answers
 *    with an access token "on behalf of the integration user you assigned"
 *    (the app's run-as user) and no refresh token
 *    (https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_client_credentials_flow_ca.htm,
 *    https://help.salesforce.com/apex/HTViewHelpDoc?id=service.conversation_transcript_api_sample1.htm);
 * 2. stores it as an sf CLI login with `sf org login access-token --instance-url
 *    <instance_url> --alias <alias> --no-prompt`, handing the token over in the
 *    SF_ACCESS_TOKEN environment variable ("To use the command in a CI/CD script,
 *    set the SF_ACCESS_TOKEN environment variable to the access token. Then run the
 *    command with the --no-prompt parameter",
 *    https://developer.salesforce.com/docs/platform/salesforce-cli-reference/guide/cli_reference_org_login_access-token.html).
 *
 * The login has no refresh token: it ends when the session times out ("Access
 * tokens have a limited lifetime specified by the session timeout in Salesforce",
 * https://developer.salesforce.com/docs/atlas.en-us.222.0.api_rest.meta/api/intro_understanding_refresh_token_oauth.htm);
 * run the command again then (a cron job runs it before `npm run report`).
 *
 * Secrets: the consumer secret comes only from LL_CLIENT_SECRET or stdin
 * (--secret-stdin), never from a flag (shell history, process list) or a file;
 * the token goes to the sf CLI through its environment, never its arguments.
 * Neither is ever printed.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import {
  asCommandError,
  CommandError,
  type CommandSpec,
  type OutputSink,
  parseFlags,
  PROCESS_SINK,
  renderHelp,
  Reporter,
  UsageError
} from '../lib/cli';
import { formatFailure, toSalesforceFailure } from '../lib/salesforce-errors';
import {
  type ClientCredentialsSession,
  normalizeMyDomain,
  requestClientCredentialsToken
} from '../verify/client-credentials';

/** Environment variables of the app's consumer key and secret (as verify-integration). */
export const CLIENT_ID_ENV = 'LL_CLIENT_ID';
export const CLIENT_SECRET_ENV = 'LL_CLIENT_SECRET';
/** The sf CLI reads the token to store from this variable (SFDX_ACCESS_TOKEN is its older name). */
export const SF_ACCESS_TOKEN_ENV = 'SF_ACCESS_TOKEN';
const TOKEN_PATH = '/services/oauth2/token';
/** An sf alias we hand to `sf` as an argument: no leading dash, no spaces or shell characters. */
const ALIAS = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,79}$/;
const SF_TIMEOUT_MS = 180_000;
const SF_OUTPUT_LIMIT = 4 * 1024 * 1024;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** The project's own sf CLI (a devDependency; never a global one). */
export const DEFAULT_SF_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'sf');

export const LOGIN_SPEC: CommandSpec = {
  usage: 'npm run integration-login --',
  summary:
    'Log the License Lens integration user in to the sf CLI (client credentials), for --target-org.',
  description: [
    "Gets an access token with the External Client App's client credentials flow (its run-as user",
    'is the integration user from `npm run provision`) and stores it as an sf CLI login with',
    '`sf org login access-token`, under --alias. Then `npm start -- --target-org <alias>` and',
    '`npm run report -- --target-org <alias>` pull as the integration user.',
    '',
    'The login has NO refresh token: it ends with the session timeout of the org (or of the app',
    'policies), after which the pull reports an expired login. Run this command again then, e.g.',
    'in the same cron job, right before `npm run report`.',
    '',
    `The consumer secret is read from ${CLIENT_SECRET_ENV} or, with --secret-stdin, from the first`,
    'line of stdin; never from a flag or a file. Neither the secret nor the token is printed.'
  ],
  flags: [
    {
      name: 'instance-url',
      type: 'string',
      required: true,
      valueName: '<url>',
      description: "The org's My Domain URL, e.g. https://mydomain.my.salesforce.com."
    },
    {
      name: 'alias',
      short: 'a',
      type: 'string',
      required: true,
      valueName: '<alias>',
      description: 'Alias of the sf CLI login to create or replace, e.g. ll-integration.'
    },
    {
      name: 'client-id',
      type: 'string',
      valueName: '<consumer key>',
      description: `Consumer key of the External Client App (default: ${CLIENT_ID_ENV}).`
    },
    {
      name: 'secret-stdin',
      type: 'boolean',
      description: `Read the consumer secret from stdin instead of ${CLIENT_SECRET_ENV}.`
    }
  ],
  environment: [
    { name: CLIENT_ID_ENV, description: 'Consumer key, when --client-id is not given.' },
    {
      name: CLIENT_SECRET_ENV,
      description: 'Consumer secret of the External Client App (or use --secret-stdin).'
    }
  ],
  examples: [
    'read -rs LL_CLIENT_SECRET && export LL_CLIENT_SECRET',
    'npm run integration-login -- --instance-url https://mydomain.my.salesforce.com --alias ll-integration --client-id <consumer key>',
    'secret-tool lookup app ll | npm run integration-login -- --instance-url https://mydomain.my.salesforce.com --alias ll-integration --secret-stdin',
    'npm run integration-login -- --instance-url https://mydomain.my.salesforce.com --alias ll-integration --dry-run',
    'npm run report -- --target-org ll-integration --out reports/today'
  ]
};

/** What `sf org login access-token` stored. */
export interface StoredLogin {
  username: string;
  orgId: string | null;
}

/** What the command talks to; tests replace each part. */
export interface LoginDeps {
  env: NodeJS.ProcessEnv;
  sink: OutputSink;
  /** The text piped to stdin (--secret-stdin). */
  readStdin: () => Promise<string>;
  /** The client-credentials token request. */
  requestToken: (
    myDomain: string,
    clientId: string,
    clientSecret: string
  ) => Promise<ClientCredentialsSession>;
  /** Stores the token as an sf CLI login. */
  storeLogin: (login: {
    instanceUrl: string;
    alias: string;
    accessToken: string;
  }) => Promise<StoredLogin>;
}

/** Advice for each OAuth error the token endpoint gives this flow, and its name. */
export function tokenFailure(
  errorCode: string,
  description: string
): { name: string; advice: string } {
  if (errorCode === 'invalid_client_id') {
    return {
      name: 'UnknownClientId',
      advice:
        'Salesforce does not know this consumer key: copy it from Setup > External Client App Manager > the app > Settings > OAuth Settings > Consumer Key and Secret.'
    };
  }
  if (errorCode === 'invalid_client') {
    return {
      name: 'BadClientSecret',
      advice: `The consumer secret does not match the key: check ${CLIENT_SECRET_ENV} (or what was piped), and whether the secret was rotated.`
    };
  }
  if (errorCode === 'invalid_grant' && /domain/i.test(description)) {
    return {
      name: 'NotMyDomain',
      advice:
        "Use the org's My Domain URL for --instance-url (https://<mydomain>.my.salesforce.com)."
    };
  }
  if (errorCode === 'invalid_grant' && /inactive/i.test(description)) {
    return {
      name: 'InactiveRunAsUser',
      advice:
        "The app's run-as user is inactive: activate the integration user, or set another run-as user."
    };
  }
  if (errorCode === 'invalid_grant') {
    return {
      name: 'ClientCredentialsNotEnabled',
      advice:
        'The client credentials flow is not enabled for this app, or the app has no run-as user: in the app\'s policies turn on "Enable Client Credentials Flow" and set "Run As" to the integration user (npm run provision does both; see its manual Setup fallback in the README).'
    };
  }
  if (errorCode === 'invalid_app_access') {
    return {
      name: 'RunAsUserNotApproved',
      advice:
        "The app admits only admin-approved users and the run-as user is not one: assign it the permission set the app's policies list (LL_Integration_User)."
    };
  }
  if (errorCode === 'unsupported_grant_type') {
    return {
      name: 'ClientCredentialsNotEnabled',
      advice:
        "The client credentials flow is not enabled in the app's OAuth settings (Flow Enablement > Enable Client Credentials Flow)."
    };
  }
  return { name: 'TokenRequestFailed', advice: 'See the OAuth error above.' };
}

/** Reads everything piped to stdin (a TTY is asked without echo). */
export async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    process.stderr.write('Consumer secret (not shown): ');
    const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
    try {
      return await new Promise<string>((resolve) => rl.question('', resolve));
    } finally {
      rl.close();
      process.stderr.write('\n');
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The first line of what was piped, trimmed. */
export function secretFromStdin(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

/**
 * Runs `sf org login access-token --instance-url <url> --alias <alias> --no-prompt --json`
 * with the token in SF_ACCESS_TOKEN (its environment only) and returns what it stored.
 */
export function sfStoreLogin(
  sfBin: string = DEFAULT_SF_BIN,
  baseEnv: NodeJS.ProcessEnv = process.env
): LoginDeps['storeLogin'] {
  return ({ instanceUrl, alias, accessToken }) =>
    new Promise<StoredLogin>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {
        ...baseEnv,
        [SF_ACCESS_TOKEN_ENV]: accessToken,
        SF_DISABLE_AUTOUPDATE: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_AUTOUPDATE_DISABLE: 'true'
      };
      delete env.SFDX_ACCESS_TOKEN;
      execFile(
        sfBin,
        [
          'org',
          'login',
          'access-token',
          '--instance-url',
          instanceUrl,
          '--alias',
          alias,
          '--no-prompt',
          '--json'
        ],
        { env, timeout: SF_TIMEOUT_MS, maxBuffer: SF_OUTPUT_LIMIT },
        (error, stdout) => {
          let answer: {
            status?: number;
            name?: string;
            message?: string;
            result?: { username?: string; orgId?: string };
          } | null = null;
          try {
            answer = JSON.parse(String(stdout));
          } catch {
            answer = null;
          }
          if (answer && answer.status === 0 && answer.result?.username) {
            resolve({ username: answer.result.username, orgId: answer.result.orgId ?? null });
            return;
          }
          const why = answer?.message
            ? `${answer.name ?? 'Error'}: ${answer.message}`
            : (error?.message ?? 'no answer');
          reject(new Error(`sf org login access-token failed (${why})`));
        }
      );
    });
}

const DEFAULT_DEPS: LoginDeps = {
  env: process.env,
  sink: PROCESS_SINK,
  readStdin: readProcessStdin,
  requestToken: requestClientCredentialsToken,
  storeLogin: sfStoreLogin()
};

interface LoginArgs {
  myDomain: string;
  alias: string;
  clientId: string | null;
  secretFromStdin: boolean;
}

function checkArgs(argv: string[], env: NodeJS.ProcessEnv): LoginArgs {
  if (argv.some((arg) => /^--(client-secret|secret)(=|$)/.test(arg))) {
    throw new UsageError(
      `The consumer secret is never taken from the command line (shell history, process list): set ${CLIENT_SECRET_ENV}, or pipe it with --secret-stdin.`
    );
  }
  const flags = parseFlags(LOGIN_SPEC, argv);
  let myDomain: string;
  try {
    myDomain = normalizeMyDomain(String(flags['instance-url']).trim());
  } catch (error) {
    throw new UsageError(
      (error instanceof Error ? error.message : String(error)).replace(
        '--my-domain',
        '--instance-url'
      )
    );
  }
  const alias = String(flags.alias).trim();
  if (!ALIAS.test(alias)) {
    throw new UsageError(
      `--alias "${alias}" must start with a letter, digit or _ and hold only letters, digits, _ . @ -.`
    );
  }
  const fromFlag = typeof flags['client-id'] === 'string' ? flags['client-id'].trim() : '';
  const clientId = fromFlag || env[CLIENT_ID_ENV]?.trim() || null;
  return { myDomain, alias, clientId, secretFromStdin: flags['secret-stdin'] === true };
}

function dryRun(args: LoginArgs, env: NodeJS.ProcessEnv, reporter: Reporter): unknown {
  const secretSet = Boolean(env[CLIENT_SECRET_ENV]?.trim());
  const secretSource = args.secretFromStdin ? 'stdin' : CLIENT_SECRET_ENV;
  reporter.info('Dry run: no request is sent, no login is stored.');
  reporter.info(`  1. POST ${args.myDomain}${TOKEN_PATH} (grant_type=client_credentials)`);
  reporter.info(
    `     consumer key: ${args.clientId ? 'set' : 'NOT set'}; consumer secret from ${secretSource}${args.secretFromStdin ? '' : `: ${secretSet ? 'set' : 'NOT set'}`}`
  );
  reporter.info(
    `  2. sf org login access-token --instance-url <instance_url of the token> --alias ${args.alias} --no-prompt (token in ${SF_ACCESS_TOKEN_ENV})`
  );
  if (!args.clientId)
    reporter.warn(`Give --client-id or set ${CLIENT_ID_ENV} before the real run.`);
  if (!args.secretFromStdin && !secretSet)
    reporter.warn(`Set ${CLIENT_SECRET_ENV} (or use --secret-stdin) before the real run.`);
  return {
    dryRun: true,
    tokenUrl: `${args.myDomain}${TOKEN_PATH}`,
    alias: args.alias,
    clientIdSet: Boolean(args.clientId),
    clientSecretSource: secretSource,
    clientSecretSet: args.secretFromStdin ? null : secretSet
  };
}

async function readSecret(args: LoginArgs, deps: LoginDeps): Promise<string> {
  const secret = args.secretFromStdin
    ? secretFromStdin(await deps.readStdin())
    : (deps.env[CLIENT_SECRET_ENV]?.trim() ?? '');
  if (!secret) {
    throw new UsageError(
      args.secretFromStdin
        ? 'No consumer secret on stdin (--secret-stdin reads its first line).'
        : `No consumer secret: set ${CLIENT_SECRET_ENV}, or pipe it with --secret-stdin.`
    );
  }
  return secret;
}

async function login(args: LoginArgs, deps: LoginDeps, reporter: Reporter): Promise<unknown> {
  if (!args.clientId) {
    throw new UsageError(`No consumer key: give --client-id or set ${CLIENT_ID_ENV}.`);
  }
  const secret = await readSecret(args, deps);
  reporter.protect(secret);
  let session: ClientCredentialsSession;
  try {
    session = await deps.requestToken(args.myDomain, args.clientId, secret);
  } catch (error) {
    const failure = toSalesforceFailure(error);
    const { name, advice } =
      failure.errorCode === 'CONNECTION_LOST'
        ? {
            name: 'Unreachable',
            advice: `Could ${args.myDomain} be reached? Check the URL and the network.`
          }
        : tokenFailure(failure.errorCode, failure.message);
    throw new CommandError(name, `Token request failed: ${formatFailure(failure)}. ${advice}`, 1, {
      errorCode: failure.errorCode
    });
  }
  reporter.protect(session.accessToken);
  reporter.progress(
    `Token issued for user ${session.userId ?? 'unknown'} of org ${session.orgId ?? 'unknown'}; storing it as sf CLI login "${args.alias}"…`
  );
  let stored: StoredLogin;
  try {
    stored = await deps.storeLogin({
      instanceUrl: session.instanceUrl,
      alias: args.alias,
      accessToken: session.accessToken
    });
  } catch (error) {
    throw new CommandError(
      'StoreLoginFailed',
      `${error instanceof Error ? error.message : String(error)}. The token was issued but not stored; nothing else changed.`,
      1
    );
  }
  reporter.info(
    `Logged in: sf CLI login "${args.alias}" is ${stored.username} (org ${stored.orgId ?? session.orgId ?? 'unknown'}) on ${session.instanceUrl}.`
  );
  reporter.info(
    'It has no refresh token and ends with the session timeout; run this command again then.'
  );
  reporter.info(`Next: npm run report -- --target-org ${args.alias} --out <dir>`);
  return {
    alias: args.alias,
    username: stored.username,
    orgId: stored.orgId ?? session.orgId,
    userId: session.userId,
    instanceUrl: session.instanceUrl,
    scope: session.scope,
    refreshToken: false,
    expires: 'with the session timeout (no refresh token); run integration-login again then'
  };
}

/** Runs the command; resolves the exit code. */
export async function runIntegrationLogin(
  argv: string[],
  overrides: Partial<LoginDeps> = {}
): Promise<number> {
  const deps: LoginDeps = { ...DEFAULT_DEPS, ...overrides };
  const reporter = new Reporter(argv.includes('--json'), deps.sink);
  reporter.protect(deps.env[CLIENT_SECRET_ENV]?.trim());
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      deps.sink.out(renderHelp(LOGIN_SPEC));
      return 0;
    }
    const args = checkArgs(argv, deps.env);
    const result = argv.includes('--dry-run')
      ? dryRun(args, deps.env, reporter)
      : await login(args, deps, reporter);
    return reporter.success(result);
  } catch (error) {
    return reporter.failure(asCommandError(error));
  }
}
