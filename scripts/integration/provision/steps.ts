/**
 * The provisioning steps, in order. Each knows from the org snapshot whether
 * it is already done, so a re-run resumes where the last one stopped and never
 * creates anything twice. The permission set deploy comes first and is
 * skipped when the org already holds it as the file says (read back); the two
 * External Client App deploys are always re-applied: a metadata deploy
 * updates in place, it cannot duplicate.
 */
import type { Connection } from '@jsforce/jsforce-node';
import type { IntegrationUserDefinition } from '../lib/integration-config';
import type { ComponentFailure, Deployer } from './eca-deployer';
import { type EcaPhase, removeEcaProject, writeEcaProject } from './eca-project';
import {
  type ExpectedPermissionSet,
  type OrgSnapshot,
  readDeployedPermissionSet
} from './org-state';

export type StepId =
  | 'deploy-permset'
  | 'create-user'
  | 'assign-psl'
  | 'assign-permset'
  | 'deploy-app'
  | 'set-run-as';

/** What a step needs. The snapshot is updated as steps complete. */
export interface StepContext {
  conn: Connection;
  def: IntegrationUserDefinition;
  username: string;
  email: string;
  snapshot: OrgSnapshot;
  deploy: Deployer;
  templateDir?: string;
  /** The permission set's deploy unit (source format) and what its file says. */
  permissionSetSourceDir: string;
  expectedPermissionSet: ExpectedPermissionSet;
}

/** One step of provisioning. */
export interface ProvisionStep {
  id: StepId;
  title: (def: IntegrationUserDefinition, username: string) => string;
  /** Done already, judged from the org (deploy steps: never, they re-apply). */
  isDone: (snapshot: OrgSnapshot) => boolean;
  /** Applies the step; resolves a one-line result. */
  run: (ctx: StepContext) => Promise<string>;
}

/** A deploy the org rejected, with the components it named. */
export class DeployRejectedError extends Error {
  readonly errorCode = 'DEPLOY_FAILED';
  constructor(
    message: string,
    readonly componentFailures: ComponentFailure[]
  ) {
    super(message);
    this.name = 'DEPLOY_FAILED';
  }
}

function requireUserId(snapshot: OrgSnapshot): string {
  if (!snapshot.user) throw new Error('The integration user does not exist yet.');
  return snapshot.user.id;
}

function requireId(value: string | null, what: string): string {
  if (!value) throw new Error(`${what} is missing in the org.`);
  return value;
}

async function createRecord(
  conn: Connection,
  sobject: string,
  record: Record<string, unknown>
): Promise<string> {
  const result = await conn.sobject(sobject).create(record);
  if (!result.success || !result.id) {
    throw new Error(`Creating ${sobject} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.id;
}

/** Throws DeployRejectedError when the org rejected the deploy. */
function requireDeployed(outcome: Awaited<ReturnType<Deployer>>): void {
  if (outcome.success) return;
  const problems = outcome.componentFailures
    .map((f) => `${f.type} ${f.fullName}: ${f.problem}`)
    .join('; ');
  throw new DeployRejectedError(
    `Deploy ${outcome.id} ${outcome.status}: ${problems || outcome.errorMessage || 'no details'}`,
    outcome.componentFailures
  );
}

/** Deploys LL_Integration_User's own unit, then reads it back from the org. */
async function deployPermissionSet(ctx: StepContext): Promise<string> {
  const outcome = await ctx.deploy(ctx.conn, ctx.permissionSetSourceDir);
  requireDeployed(outcome);
  const deployed = await readDeployedPermissionSet(
    ctx.conn,
    ctx.def.permissionSet,
    ctx.expectedPermissionSet,
    ctx.snapshot.permissionSetLicense?.id ?? null
  );
  if (!deployed) {
    throw new Error(
      `Deploy ${outcome.id} succeeded but ${ctx.def.permissionSet} is not in the org.`
    );
  }
  ctx.snapshot.permissionSet = deployed;
  if (deployed.state !== 'matches') {
    throw new Error(
      `Deploy ${outcome.id} succeeded but ${ctx.def.permissionSet} differs from the file: ${deployed.differences.join('; ')}`
    );
  }
  return `deployed and read back (${deployed.id}, deploy ${outcome.id})`;
}

async function deployPhase(ctx: StepContext, phase: EcaPhase): Promise<string> {
  const project = writeEcaProject(
    phase,
    ctx.def.externalClientApp,
    { runAsUsername: ctx.username, contactEmail: ctx.email },
    ctx.templateDir
  );
  try {
    const outcome = await ctx.deploy(ctx.conn, project.sourceDir);
    requireDeployed(outcome);
    const count = project.files.length;
    return `deployed ${count} component${count === 1 ? '' : 's'} (deploy ${outcome.id})`;
  } finally {
    removeEcaProject(project);
  }
}

/** The steps, in the order they run. */
export const PROVISION_STEPS: ProvisionStep[] = [
  {
    id: 'deploy-permset',
    title: (def) =>
      `Deploy permission set ${def.permissionSet} (licensed to ${def.permissionSetLicense})`,
    isDone: (s) => s.permissionSet?.state === 'matches',
    run: deployPermissionSet
  },
  {
    id: 'create-user',
    title: (_def, username) => `Create the API-only user ${username}`,
    isDone: (s) => s.user !== null,
    run: async (ctx) => {
      const profileId = requireId(ctx.snapshot.profileId, 'The integration profile');
      const id = await createRecord(ctx.conn, 'User', {
        ...ctx.def.user,
        Username: ctx.username,
        Email: ctx.email,
        ProfileId: profileId
      });
      ctx.snapshot.user = {
        id,
        username: ctx.username,
        isActive: true,
        profileName: ctx.def.profileName
      };
      return `created ${id}`;
    }
  },
  {
    id: 'assign-psl',
    title: (def) => `Assign permission set license ${def.permissionSetLicense}`,
    isDone: (s) => s.pslAssignmentId !== null,
    run: async (ctx) => {
      const id = await createRecord(ctx.conn, 'PermissionSetLicenseAssign', {
        AssigneeId: requireUserId(ctx.snapshot),
        PermissionSetLicenseId: requireId(
          ctx.snapshot.permissionSetLicense?.id ?? null,
          ctx.def.permissionSetLicense
        )
      });
      ctx.snapshot.pslAssignmentId = id;
      return `assigned (${id})`;
    }
  },
  {
    id: 'assign-permset',
    title: (def) => `Assign permission set ${def.permissionSet}`,
    isDone: (s) => s.permissionSetAssignmentId !== null,
    run: async (ctx) => {
      const id = await createRecord(ctx.conn, 'PermissionSetAssignment', {
        AssigneeId: requireUserId(ctx.snapshot),
        PermissionSetId: requireId(ctx.snapshot.permissionSet?.id ?? null, ctx.def.permissionSet)
      });
      ctx.snapshot.permissionSetAssignmentId = id;
      return `assigned (${id})`;
    }
  },
  {
    id: 'deploy-app',
    title: (def) => `Deploy External Client App ${def.externalClientApp}`,
    isDone: () => false,
    run: (ctx) => deployPhase(ctx, 'app')
  },
  {
    id: 'set-run-as',
    title: (_def, username) => `Set the app's client-credentials run-as user to ${username}`,
    isDone: () => false,
    run: (ctx) => deployPhase(ctx, 'run-as')
  }
];
