/**
 * `npm run provision -- -o <alias> --username <u> --email <e>`: deploys the
 * integration user's permission set (its own deploy unit, integration-user/),
 * creates the least-privilege integration user and its External Client App.
 *
 * Preflight (read-only) → plan → steps, each printed as it runs. Progress is
 * derived from the org, so a re-run resumes and never duplicates; a failure
 * names the step, what exists now, and how to resume or undo.
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
  Reporter,
  UsageError
} from '../lib/cli';
import { type ConnectTargetOrg, connectWithSfLogin } from '../lib/connections';
import {
  INTEGRATION_PERMISSION_SET_FILE,
  INTEGRATION_USER_DEF,
  INTEGRATION_USER_DIR,
  type IntegrationUserDefinition,
  loadIntegrationUserDefinition
} from '../lib/integration-config';
import { enabledPermissionNames, readPermissionSet } from '../lib/permission-set';
import {
  adviceFor,
  formatFailure,
  isConnectionLost,
  LIMIT_EXCEEDED_CODE,
  toSalesforceFailure
} from '../lib/salesforce-errors';
import { createRestDeployer, type Deployer } from './eca-deployer';
import {
  type ExpectedPermissionSet,
  type OrgSnapshot,
  type PermissionSetHolder,
  type PslCapability,
  readOrgSnapshot,
  readPslCapability
} from './org-state';
import { type PreflightCheck, preflightChecks } from './preflight';
import { deactivatePreviousHolders, type ReplaceCheck, verifyNewUser } from './replace';
import {
  describeExisting,
  type ExistingItem,
  manualRunAsSteps,
  resumeCommand,
  undoCommands
} from './recovery';
import { PROVISION_STEPS, type ProvisionStep, type StepId } from './steps';

export const PROVISION_SPEC: CommandSpec = {
  usage: 'npm run provision --',
  summary: 'Create the License Lens least-privilege integration user and its External Client App.',
  description: [
    'Preflight (read-only): the org is reachable; a free "Salesforce Integration" user license and a',
    'SalesforceAPIIntegrationPsl seat exist (an org without that permission set license is named as',
    'such); the license allows every permission of LL_Integration_User; the "Minimum Access - API',
    'Only Integrations" profile is there; the username is unused (or already ours); no other active',
    'user holds LL_Integration_User (an earlier run with another --username): provisioning stops',
    'there unless --replace is given.',
    '',
    'Then: deploy the permission set LL_Integration_User (integration-user/, not part of the License',
    'Lens package, so the dashboard installs in orgs without that license), create the API-only user,',
    'assign the permission set license, assign LL_Integration_User, deploy the External Client App',
    'LL_License_Lens_Integration, and set its client-credentials run-as user. Finished steps are read',
    'back from the org, so re-running resumes without duplicating anything. Nothing secret is printed',
    'or written: read the consumer key and secret in Setup afterwards.',
    '',
    'With --replace, the users that held LL_Integration_User before are deactivated at the end, and',
    'only after the new user is verified from the org (active, licensed, holding the set as the file',
    'defines it, and unable to edit another user: UserRecordAccess.HasEditAccess). Progress of the',
    'steps goes to stderr, so --json prints one JSON document on stdout.'
  ],
  flags: [
    {
      name: 'target-org',
      short: 'o',
      type: 'string',
      required: true,
      valueName: '<alias>',
      description: 'Org alias or username the sf CLI is logged in to (as an admin).'
    },
    {
      name: 'username',
      type: 'string',
      required: true,
      valueName: '<username>',
      description: 'Username of the integration user (unique across all Salesforce orgs).'
    },
    {
      name: 'email',
      type: 'string',
      required: true,
      valueName: '<email>',
      description: "Email of the integration user; also the app's contact email."
    },
    {
      name: 'replace',
      type: 'boolean',
      description:
        'Move License Lens to this user and deactivate the users that held LL_Integration_User before, once the new one is verified.'
    }
  ],
  examples: [
    'npm run provision -- -o my-org --username license-lens.integration@acme.example.prod --email it-admin@acme.example --dry-run',
    'npm run provision -- -o my-org --username license-lens.integration@acme.example.prod --email it-admin@acme.example',
    'npm run provision -- -o my-org --username license-lens.integration@acme.example.prod --email it-admin@acme.example --json'
  ]
};

/** What provisioning talks to; tests replace each part. */
export interface ProvisionDeps {
  connect: ConnectTargetOrg;
  deploy: Deployer;
  sink: OutputSink;
  userDefFile?: string;
  /** The permission set's deploy unit and its file (defaults: integration-user/). */
  permissionSetSourceDir?: string;
  permissionSetFile?: string;
  templateDir?: string;
}

const DEFAULT_DEPS: ProvisionDeps = {
  connect: connectWithSfLogin,
  deploy: createRestDeployer(),
  sink: PROCESS_SINK
};

/** A username/email shape check: Salesforce usernames are email-shaped. */
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Status of a step in the plan and the result. */
type StepStatus = 'done' | 'to do' | 're-apply' | 'completed' | 'skipped';

interface StepReport {
  id: StepId;
  title: string;
  status: StepStatus;
  detail?: string;
}

interface Options {
  targetOrg: string;
  username: string;
  email: string;
  dryRun: boolean;
  replace: boolean;
}

function readOptions(argv: string[]): Options | 'help' {
  const flags = parseFlags(PROVISION_SPEC, argv);
  if (flags.help) return 'help';
  const options = {
    targetOrg: String(flags['target-org']).trim(),
    username: String(flags.username).trim(),
    email: String(flags.email).trim(),
    dryRun: flags['dry-run'] === true,
    replace: flags.replace === true
  };
  if (!EMAIL_SHAPE.test(options.username)) {
    throw new UsageError(`--username must look like an email address, got "${options.username}".`);
  }
  if (!EMAIL_SHAPE.test(options.email)) {
    throw new UsageError(`--email must be an email address, got "${options.email}".`);
  }
  return options;
}

/** A failure talking to the org, turned into a command error with advice. */
function orgError(name: string, what: string, error: unknown): CommandError {
  const failure = toSalesforceFailure(error);
  const advice = adviceFor(failure);
  return new CommandError(
    name,
    `${what}: ${formatFailure(failure)}${advice ? `. ${advice}` : ''}`,
    1,
    {
      errorCode: failure.errorCode
    }
  );
}

async function readCapability(
  conn: Connection,
  snapshot: OrgSnapshot,
  permissions: string[],
  reporter: Reporter
): Promise<PslCapability | null> {
  if (!snapshot.permissionSetLicense) return null;
  try {
    return await readPslCapability(conn, snapshot.permissionSetLicense.id, permissions);
  } catch (error) {
    const failure = toSalesforceFailure(error);
    if (failure.errorCode === LIMIT_EXCEEDED_CODE || isConnectionLost(failure)) throw error;
    reporter.warn(
      `Could not read what ${snapshot.permissionSetLicense.name} allows: ${formatFailure(failure)}`
    );
    return { allowed: [], denied: [], unchecked: permissions };
  }
}

function printChecks(reporter: Reporter, checks: PreflightCheck[]): void {
  reporter.info('Preflight');
  for (const check of checks) {
    reporter.info(`  ${check.ok ? '✔' : '✖'} ${check.label}: ${check.detail}`);
  }
}

function planSteps(
  snapshot: OrgSnapshot,
  def: IntegrationUserDefinition,
  username: string
): StepReport[] {
  return PROVISION_STEPS.map((step) => ({
    id: step.id,
    title: step.title(def, username),
    status:
      step.id === 'deploy-app' || step.id === 'set-run-as'
        ? 're-apply'
        : step.isDone(snapshot)
          ? 'done'
          : 'to do'
  }));
}

/** What the committed permission set file says. */
function expectedPermissionSet(file: string): ExpectedPermissionSet {
  const facts = readPermissionSet(file);
  return { license: facts.license, permissions: enabledPermissionNames(facts) };
}

function nextSteps(def: IntegrationUserDefinition): string[] {
  return [
    `Read the consumer key and secret: Setup > External Client App Manager > ${def.externalClientApp} > Settings > OAuth Settings > Consumer Key and Secret. Keep them in your secret store, never in a file in the repo.`,
    'Put them in this shell without writing them to history: read -rs LL_CLIENT_ID && read -rs LL_CLIENT_SECRET && export LL_CLIENT_ID LL_CLIENT_SECRET',
    'Prove the connection and least privilege: npm run verify-integration -- --my-domain https://<your-domain>.my.salesforce.com'
  ];
}

interface FailureContext {
  conn: Connection;
  def: IntegrationUserDefinition;
  expected: ExpectedPermissionSet;
  options: Options;
  snapshot: OrgSnapshot;
  reporter: Reporter;
  steps: StepReport[];
}

/** Builds the failure report for a step: what exists now, resume, undo. */
async function stepFailure(
  ctx: FailureContext,
  step: ProvisionStep,
  index: number,
  error: unknown
): Promise<CommandError> {
  const { conn, def, expected, options, reporter } = ctx;
  const failure = toSalesforceFailure(error);
  const title = step.title(def, options.username);
  let snapshot = ctx.snapshot;
  let stateSource = 'read back from the org';
  try {
    snapshot = await readOrgSnapshot(conn, def, options.username, expected);
  } catch (rereadError) {
    stateSource = `as far as this run knows (re-reading the org failed: ${formatFailure(toSalesforceFailure(rereadError))})`;
  }
  const appDeployed = ctx.steps.some((s) => s.id === 'deploy-app' && s.status === 'completed');
  const existing: ExistingItem[] = describeExisting(snapshot, def, options.username, appDeployed);
  const resume = resumeCommand(options.targetOrg, options.username, options.email, options.replace);
  const undo = undoCommands(snapshot, def, options.targetOrg);
  const manual = step.id === 'set-run-as' ? manualRunAsSteps(def, options.username) : undefined;
  const advice = adviceFor(failure);

  reporter.info('');
  reporter.info(
    `✖ Step ${index + 1}/${PROVISION_STEPS.length} "${title}" failed: ${formatFailure(failure)}`
  );
  if (advice) reporter.info(`  ${advice}`);
  reporter.info(`What exists now (${stateSource}):`);
  for (const item of existing) {
    const mark = item.exists === null ? '?' : item.exists ? '✔' : '✖';
    reporter.info(`  ${mark} ${item.what}${item.id ? ` (${item.id})` : ''}`);
  }
  if (manual) {
    reporter.info('If this org refuses the run-as user through metadata, set it in Setup instead:');
    manual.forEach((line, i) => reporter.info(`  ${i + 1}. ${line}`));
  }
  reporter.info(`To resume: ${resume}`);
  reporter.info('To undo:');
  undo.forEach((line) => reporter.info(`  ${line}`));

  return new CommandError(
    'ProvisionStepFailed',
    `Step ${index + 1}/${PROVISION_STEPS.length} "${title}" failed: ${formatFailure(failure)}`,
    1,
    {
      step: step.id,
      errorCode: failure.errorCode,
      steps: ctx.steps,
      existing,
      resume,
      undo,
      ...(manual ? { manualFallback: manual } : {})
    }
  );
}

/**
 * --replace, after every step succeeded: verifies the new user from the org,
 * then deactivates the previous holders. A failed check stops before any
 * deactivation and says who stays active.
 */
async function replacePrevious(
  ctx: FailureContext,
  previous: PermissionSetHolder[]
): Promise<PermissionSetHolder[]> {
  const { conn, def, expected, options, snapshot, reporter } = ctx;
  const userId = snapshot.user?.id;
  const permissionSetId = snapshot.permissionSet?.id;
  const kept = previous.map((h) => `${h.username} (${h.userId})`).join(', ');
  let checks: ReplaceCheck[];
  try {
    if (!userId || !permissionSetId)
      throw new Error('the new user or the permission set is missing');
    reporter.progress(`Verifying ${options.username} before deactivating ${kept} ...`);
    checks = await verifyNewUser(
      conn,
      def,
      expected,
      { userId, pslId: snapshot.permissionSetLicense?.id ?? null },
      previous
    );
  } catch (error) {
    throw orgError(
      'ReplaceNotVerified',
      `Could not verify ${options.username}; ${kept} stay active`,
      error
    );
  }
  for (const check of checks) {
    reporter.progress(`  ${check.ok ? '✔' : '✖'} ${check.label}: ${check.detail}`);
  }
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) {
    throw new CommandError(
      'ReplaceNotVerified',
      `${options.username} is not verified (${failed.map((c) => `${c.label}: ${c.detail}`).join('; ')}); nothing was deactivated, ${kept} stay active. Fix it and re-run: ${resumeCommand(options.targetOrg, options.username, options.email, true)}`,
      1,
      { checks, steps: ctx.steps, keptActive: previous }
    );
  }
  try {
    const deactivated = await deactivatePreviousHolders(conn, permissionSetId, userId);
    for (const holder of deactivated) {
      reporter.progress(`Deactivated ${holder.username} (${holder.userId})`);
    }
    return deactivated;
  } catch (error) {
    throw orgError(
      'DeactivationFailed',
      `${options.username} is verified, but deactivating ${kept} failed; deactivate them in Setup > Users`,
      error
    );
  }
}

async function provision(
  options: Options,
  deps: ProvisionDeps,
  reporter: Reporter
): Promise<unknown> {
  const def = loadIntegrationUserDefinition(deps.userDefFile ?? INTEGRATION_USER_DEF);
  const expected = expectedPermissionSet(deps.permissionSetFile ?? INTEGRATION_PERMISSION_SET_FILE);
  const permissions = expected.permissions;
  reporter.info(
    `Provisioning the License Lens integration user in ${options.targetOrg}${options.dryRun ? ' (dry run: nothing will change)' : ''}`
  );

  let conn: Connection;
  try {
    conn = await deps.connect(options.targetOrg);
  } catch (error) {
    throw orgError('OrgUnreachable', `Cannot connect to ${options.targetOrg}`, error);
  }
  let snapshot: OrgSnapshot;
  let capability: PslCapability | null;
  try {
    snapshot = await readOrgSnapshot(conn, def, options.username, expected);
    capability = await readCapability(conn, snapshot, permissions, reporter);
  } catch (error) {
    throw orgError('PreflightFailed', `Preflight could not read ${options.targetOrg}`, error);
  }
  const checks = preflightChecks(snapshot, capability, def, options.replace);
  printChecks(reporter, checks);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length) {
    throw new CommandError(
      'PreflightFailed',
      `Preflight failed: ${failed.map((c) => `${c.label} (${c.detail})`).join('; ')}`,
      1,
      { checks }
    );
  }

  const steps = planSteps(snapshot, def, options.username);
  const previous = options.replace ? snapshot.otherHolders.filter((h) => h.isActive) : [];
  reporter.info('Plan');
  steps.forEach((s, i) => reporter.info(`  ${i + 1}. ${s.title} [${s.status}]`));
  if (previous.length) {
    reporter.info(
      `  Then: verify ${options.username}, and only then deactivate ${previous.map((h) => h.username).join(', ')}`
    );
  }
  if (options.dryRun) {
    reporter.info('Dry run: nothing was changed.');
    return {
      dryRun: true,
      targetOrg: options.targetOrg,
      username: options.username,
      checks,
      steps,
      ...(previous.length ? { toDeactivate: previous } : {})
    };
  }

  for (const [index, step] of PROVISION_STEPS.entries()) {
    const report = steps[index];
    const prefix = `[${index + 1}/${PROVISION_STEPS.length}] ${report.title}`;
    if (step.isDone(snapshot)) {
      report.status = 'skipped';
      report.detail = 'already done';
      reporter.progress(`${prefix} ... already done, skipped`);
      continue;
    }
    reporter.progress(`${prefix} ...`);
    try {
      report.detail = await step.run({
        conn,
        def,
        username: options.username,
        email: options.email,
        snapshot,
        deploy: deps.deploy,
        templateDir: deps.templateDir,
        permissionSetSourceDir: deps.permissionSetSourceDir ?? INTEGRATION_USER_DIR,
        expectedPermissionSet: expected
      });
      report.status = 'completed';
      reporter.progress(`      ${report.detail}`);
    } catch (error) {
      throw await stepFailure(
        { conn, def, expected, options, snapshot, reporter, steps },
        step,
        index,
        error
      );
    }
  }

  const deactivated = previous.length
    ? await replacePrevious({ conn, def, expected, options, snapshot, reporter, steps }, previous)
    : [];

  const next = nextSteps(def);
  reporter.info('');
  reporter.info(`Done: ${options.username} (${snapshot.user?.id}) is ready. Next steps:`);
  next.forEach((line, i) => reporter.info(`  ${i + 1}. ${line}`));
  return {
    targetOrg: options.targetOrg,
    orgId: snapshot.orgId,
    username: options.username,
    userId: snapshot.user?.id ?? null,
    externalClientApp: def.externalClientApp,
    steps,
    ...(options.replace ? { deactivated } : {}),
    nextSteps: next
  };
}

/** Runs the command; resolves the exit code. */
export async function runProvision(
  argv: string[],
  deps: Partial<ProvisionDeps> = {}
): Promise<number> {
  const resolved: ProvisionDeps = { ...DEFAULT_DEPS, ...deps };
  const reporter = new Reporter(argv.includes('--json'), resolved.sink);
  try {
    const options = readOptions(argv);
    if (options === 'help') {
      resolved.sink.out(renderHelp(PROVISION_SPEC));
      return 0;
    }
    return reporter.success(await provision(options, resolved, reporter));
  } catch (error) {
    return reporter.failure(asCommandError(error));
  }
}
