/**
 * The stand-in's Metadata API deploy: unzips what the REST deployRequest
 * received and applies the permission set and External Client App components
 * to the fake org, with the checks Salesforce documents (a permission set
 * licensed to a permission set license needs that license in the org and may
 * enable only what it allows, see FakeOrg.deployPermissionSet; the run-as user
 * must exist, be active and be API-only; the policies need their app). An org
 * that refuses the run-as user through metadata is one option away.
 */
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { enabledPermissionNames, parsePermissionSet } from '../lib/permission-set';
import { type FakeDeploy, type FakeOrg } from './fake-org';

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false
});

type Fields = Record<string, string | undefined>;

/** Reads every file of a metadata zip. */
export async function unzip(zip: Buffer): Promise<Record<string, string>> {
  const archive = await JSZip.loadAsync(zip);
  const files: Record<string, string> = {};
  for (const entry of Object.values(archive.files).filter((f) => !f.dir)) {
    files[entry.name] = await entry.async('string');
  }
  return files;
}

function fieldsOf(xml: string): Fields {
  const root = Object.values(parser.parse(xml))[0] as Fields | undefined;
  return root ?? {};
}

const fullName = (file: string) =>
  file
    .split('/')
    .pop()!
    .replace(/\.[^.]+$/, '');

type Failure = FakeDeploy['failures'][number];

function applyPermissionSet(org: FakeOrg, file: string, xml: string): Failure | null {
  const facts = parsePermissionSet(xml);
  const problem = org.deployPermissionSet({
    name: fullName(file),
    label: facts.label,
    license: facts.license,
    permissions: enabledPermissionNames(facts)
  });
  return problem ? { componentType: 'PermissionSet', fullName: fullName(file), problem } : null;
}

function applyComponent(org: FakeOrg, file: string, xml: string): Failure | null {
  const folder = file.split('/')[0];
  if (folder === 'permissionsets') return applyPermissionSet(org, file, xml);
  const fields = fieldsOf(xml);
  const appName = fields.externalClientApplication ?? fullName(file);
  const appExists = Boolean(org.state.ecas[appName]);
  const fail = (componentType: string, problem: string): Failure => ({
    componentType,
    fullName: fullName(file),
    problem
  });
  switch (folder) {
    case 'externalClientApps': {
      const app = org.ecaNamed(fullName(file));
      app.contactEmail = fields.contactEmail ?? null;
      return null;
    }
    case 'extlClntAppGlobalOauthSets': {
      if (!appExists)
        return fail('ExtlClntAppGlobalOauthSettings', `No External Client App named ${appName}`);
      const app = org.ecaNamed(appName);
      app.globalClientCredentials = fields.isClientCredentialsFlowEnabled === 'true';
      app.globalFileHadCredentials = 'consumerKey' in fields || 'consumerSecret' in fields;
      return null;
    }
    case 'extlClntAppOauthSettings': {
      if (!appExists)
        return fail('ExtlClntAppOauthSettings', `No External Client App named ${appName}`);
      org.ecaNamed(appName).scopes = (fields.commaSeparatedOauthScopes ?? '')
        .split(',')
        .map((s) => s.trim());
      return null;
    }
    case 'extlClntAppPolicies':
      return appExists
        ? null
        : fail('ExtlClntAppConfigurablePolicies', `No External Client App named ${appName}`);
    case 'extlClntAppOauthPolicies': {
      if (!appExists)
        return fail(
          'ExtlClntAppOauthConfigurablePolicies',
          `No External Client App named ${appName}`
        );
      const runAs = fields.clientCredentialsFlowUser;
      if (runAs && org.refuseRunAsViaMetadata) {
        return fail(
          'ExtlClntAppOauthConfigurablePolicies',
          'You cannot set the client credentials flow user through Metadata API in this org.'
        );
      }
      const user = runAs ? org.userByUsername(runAs) : undefined;
      if (
        runAs &&
        (!user || user.IsActive !== true || !org.permissionsOf(user.Id).has('ApiUserOnly'))
      ) {
        return fail(
          'ExtlClntAppOauthConfigurablePolicies',
          `The client credentials user ${runAs} must be an active user with the API Only permission.`
        );
      }
      const app = org.ecaNamed(appName);
      app.clientCredentialsEnabled = fields.isClientCredentialsFlowEnabled === 'true';
      app.runAsUsername = runAs ?? null;
      app.permittedUsers = fields.permittedUsersPolicyType ?? null;
      app.permissionSets = (fields.commaSeparatedPermissionSet ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      app.ipRelaxation = fields.ipRelaxationPolicyType ?? null;
      return null;
    }
    default:
      return fail('Unknown', `The stand-in does not deploy ${folder}`);
  }
}

/** The order Salesforce resolves dependencies in: the app before its parts. */
const ORDER = [
  'permissionsets/',
  'externalClientApps/',
  'extlClntAppGlobalOauthSets/',
  'extlClntAppOauthSettings/',
  'extlClntAppPolicies/',
  'extlClntAppOauthPolicies/'
];
const rank = (file: string) => {
  const index = ORDER.findIndex((prefix) => file.startsWith(prefix));
  return index < 0 ? ORDER.length : index;
};

/** Applies a deploy all-or-none (rollbackOnError) and records its result. */
export function applyDeploy(org: FakeOrg, files: Record<string, string>): FakeDeploy {
  const saved = org.snapshot();
  const failures: Failure[] = [];
  for (const file of Object.keys(files)
    .filter((f) => f !== 'package.xml')
    .sort((a, b) => rank(a) - rank(b))) {
    const failure = applyComponent(org, file, files[file]);
    if (failure) failures.push(failure);
  }
  if (failures.length) org.restore(saved);
  const deploy: FakeDeploy = {
    id: org.newId('0Af'),
    files,
    pollsLeft: org.deployPolls,
    success: failures.length === 0,
    failures
  };
  org.state.deploys[deploy.id] = deploy;
  return deploy;
}
