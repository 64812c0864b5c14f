/**
 * What a person needs after a failed step: what exists in the org now, how to
 * resume, how to undo, and the manual Setup route for the run-as user.
 */
import type { IntegrationUserDefinition } from '../lib/integration-config';
import type { OrgSnapshot } from './org-state';

/** One piece of the integration user and whether the org has it. */
export interface ExistingItem {
  what: string;
  /** null: unknown (deploys are not read back). */
  exists: boolean | null;
  id: string | null;
}

/** The pieces provisioning creates, as the org shows them, in step order. */
export function describeExisting(
  snapshot: OrgSnapshot,
  def: IntegrationUserDefinition,
  username: string,
  appDeployedThisRun = false
): ExistingItem[] {
  const permissionSet = snapshot.permissionSet;
  return [
    {
      what: `Permission set ${def.permissionSet} deployed${permissionSet?.state === 'differs' ? ` (differs from the file: ${permissionSet.differences.join('; ')})` : ''}`,
      exists: permissionSet !== null,
      id: permissionSet?.id ?? null
    },
    { what: `User ${username}`, exists: snapshot.user !== null, id: snapshot.user?.id ?? null },
    {
      what: `Permission set license ${def.permissionSetLicense} assigned`,
      exists: snapshot.pslAssignmentId !== null,
      id: snapshot.pslAssignmentId
    },
    {
      what: `Permission set ${def.permissionSet} assigned`,
      exists: snapshot.permissionSetAssignmentId !== null,
      id: snapshot.permissionSetAssignmentId
    },
    {
      what: `External Client App ${def.externalClientApp} (re-deployed on every run)`,
      exists: appDeployedThisRun ? true : null,
      id: null
    }
  ];
}

/** The re-run command. */
export function resumeCommand(
  targetOrg: string,
  username: string,
  email: string,
  replace = false
): string {
  return `npm run provision -- -o ${targetOrg} --username ${username} --email ${email}${replace ? ' --replace' : ''}`;
}

/** sf CLI commands that undo what exists, last-created first. */
export function undoCommands(
  snapshot: OrgSnapshot,
  def: IntegrationUserDefinition,
  targetOrg: string
): string[] {
  const commands = [
    `Delete the External Client App if it was deployed: Setup > External Client App Manager > ${def.externalClientApp} > Delete`
  ];
  if (snapshot.permissionSetAssignmentId) {
    commands.push(
      `sf data delete record --sobject PermissionSetAssignment --record-id ${snapshot.permissionSetAssignmentId} -o ${targetOrg}`
    );
  }
  if (snapshot.pslAssignmentId) {
    commands.push(
      `sf data delete record --sobject PermissionSetLicenseAssign --record-id ${snapshot.pslAssignmentId} -o ${targetOrg}`
    );
  }
  if (snapshot.user) {
    commands.push(
      `sf data update record --sobject User --record-id ${snapshot.user.id} --values "IsActive=false" -o ${targetOrg}  (Salesforce never deletes users; deactivating frees the license)`
    );
  }
  if (snapshot.permissionSet) {
    commands.push(
      `sf data delete record --sobject PermissionSet --record-id ${snapshot.permissionSet.id} -o ${targetOrg}  (once nobody is assigned ${def.permissionSet})`
    );
  }
  return commands;
}

/** Setup steps when the org refuses the run-as user through metadata. */
export function manualRunAsSteps(def: IntegrationUserDefinition, username: string): string[] {
  return [
    `Setup > External Client App Manager > ${def.externalClientApp} > Edit Policies.`,
    `OAuth Policies > OAuth Flows: tick "Enable Client Credentials Flow" and set Run As to ${username}.`,
    `App Policies > Permitted Users: "Admin approved users are pre-authorized"; select permission set ${def.permissionSet}.`,
    'IP Relaxation: "Enforce IP restrictions". Save.'
  ];
}
