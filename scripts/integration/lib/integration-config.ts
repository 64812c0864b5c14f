/**
 * Where the integration-user pieces live and how the user definition template
 * (config/integration-user-def.json) is read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';

/** API version of every call and deploy; matches sfdx-project.json sourceApiVersion. */
export const API_VERSION = '64.0';

/** The user definition template. */
export const INTEGRATION_USER_DEF = path.join(PROJECT_ROOT, 'config', 'integration-user-def.json');

/** Source-format templates of the External Client App (not part of force-app). */
export const ECA_TEMPLATE_DIR = path.join(PROJECT_ROOT, 'config', 'external-client-app');

/**
 * The integration user's own deploy unit (source format, not a packageDirectory):
 * `npm run provision` deploys it. It is kept out of force-app and the package
 * manifest because LL_Integration_User is licensed to SalesforceAPIIntegrationPsl,
 * which only some orgs have; the dashboard must install without it.
 */
export const INTEGRATION_USER_DIR = path.join(PROJECT_ROOT, 'integration-user');

/** The integration user's permission set, inside its deploy unit. */
export const INTEGRATION_PERMISSION_SET_FILE = path.join(
  INTEGRATION_USER_DIR,
  'main',
  'default',
  'permissionsets',
  'LL_Integration_User.permissionset-meta.xml'
);

/** What `config/integration-user-def.json` holds. */
export interface IntegrationUserDefinition {
  /** A reminder of the username shape; the script takes --username. */
  usernamePattern: string;
  /** Profile of the user: "Minimum Access - API Only Integrations". */
  profileName: string;
  /** User license behind that profile: "Salesforce Integration". */
  userLicenseName: string;
  /** DeveloperName of the permission set license: SalesforceAPIIntegrationPsl. */
  permissionSetLicense: string;
  /** API name of the permission set: LL_Integration_User. */
  permissionSet: string;
  /** API name of the External Client App: LL_License_Lens_Integration. */
  externalClientApp: string;
  /** Fixed User fields (Alias, locale, time zone, ...); Username/Email/ProfileId come at run time. */
  user: Record<string, string>;
}

const REQUIRED_TEXT_KEYS = [
  'usernamePattern',
  'profileName',
  'userLicenseName',
  'permissionSetLicense',
  'permissionSet',
  'externalClientApp'
] as const;

const REQUIRED_USER_FIELDS = [
  'LastName',
  'Alias',
  'TimeZoneSidKey',
  'LocaleSidKey',
  'LanguageLocaleKey',
  'EmailEncodingKey'
] as const;

/** Fields the script sets itself; the template must not pre-fill them. */
const RUNTIME_USER_FIELDS = ['Username', 'Email', 'ProfileId'] as const;

/** Reads and checks the user definition template; throws naming the first problem. */
export function loadIntegrationUserDefinition(
  file = INTEGRATION_USER_DEF
): IntegrationUserDefinition {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<IntegrationUserDefinition>;
  for (const key of REQUIRED_TEXT_KEYS) {
    if (typeof raw[key] !== 'string' || !raw[key]) {
      throw new Error(`${path.basename(file)}: "${key}" must be a non-empty string.`);
    }
  }
  const user = raw.user ?? {};
  for (const field of REQUIRED_USER_FIELDS) {
    if (typeof user[field] !== 'string' || !user[field]) {
      throw new Error(`${path.basename(file)}: user.${field} is required.`);
    }
  }
  for (const field of RUNTIME_USER_FIELDS) {
    if (field in user) {
      throw new Error(`${path.basename(file)}: user.${field} is set by the script, remove it.`);
    }
  }
  return raw as IntegrationUserDefinition;
}
