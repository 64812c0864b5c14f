/**
 * Builds the throw-away SFDX source folder that deploys the External Client
 * App. The committed templates (config/external-client-app) hold placeholders
 * for the run-as username and contact email; the global OAuth settings file is
 * generated here and never holds a consumer key or secret (Salesforce
 * generates those; an admin reads them in Setup).
 *
 * Two phases, deployed one after the other:
 * - `app`: the app, its global and local OAuth settings and its plugin policy;
 * - `run-as`: the OAuth policies with the client-credentials run-as user, kept
 *   apart so an org that refuses a run-as user through metadata still ends up
 *   with a working app and a documented manual step.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles } from '../../lib/files';
import { API_VERSION, ECA_TEMPLATE_DIR } from '../lib/integration-config';

export type EcaPhase = 'app' | 'run-as';

/** Values substituted into the templates. */
export interface EcaValues {
  runAsUsername: string;
  contactEmail: string;
}

const PLACEHOLDERS: Record<string, keyof EcaValues> = {
  '{{RUN_AS_USERNAME}}': 'runAsUsername',
  '{{CONTACT_EMAIL}}': 'contactEmail'
};

/** Folder of the OAuth policies (the run-as phase). */
export const OAUTH_POLICIES_FOLDER = 'extlClntAppOauthPolicies';
/** Folder and suffix of the generated global OAuth settings. */
export const GLOBAL_OAUTH_FOLDER = 'extlClntAppGlobalOauthSets';
const GLOBAL_OAUTH_SUFFIX = '_glbloauth.ecaGlblOauth-meta.xml';
const SOURCE_ROOT = path.join('force-app', 'main', 'default');

function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Replaces the placeholders; throws if one is left unfilled. */
export function renderTemplate(text: string, values: EcaValues): string {
  let out = text;
  for (const [placeholder, key] of Object.entries(PLACEHOLDERS)) {
    out = out.split(placeholder).join(xmlEscape(values[key]));
  }
  const left = /\{\{[A-Z_]+\}\}/.exec(out);
  if (left) throw new Error(`Template placeholder ${left[0]} has no value.`);
  return out;
}

/**
 * Global OAuth settings for the app: client credentials switched on at app
 * level, a consumer secret required. No consumerKey/consumerSecret elements:
 * the org generates them. The callback URL is required by the OAuth plugin but
 * unused by the client-credentials flow (unverified whether metadata needs it).
 */
export function globalOauthSettingsXml(appName: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">',
    '    <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>',
    `    <externalClientApplication>${xmlEscape(appName)}</externalClientApplication>`,
    '    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>',
    '    <isConsumerSecretOptional>false</isConsumerSecretOptional>',
    '    <isIntrospectAllTokens>false</isIntrospectAllTokens>',
    '    <isPkceRequired>true</isPkceRequired>',
    '    <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>',
    `    <label>${xmlEscape(appName)} Global OAuth Settings</label>`,
    '    <shouldRotateConsumerKey>false</shouldRotateConsumerKey>',
    '    <shouldRotateConsumerSecret>false</shouldRotateConsumerSecret>',
    '</ExtlClntAppGlobalOauthSettings>',
    ''
  ].join('\n');
}

/** Template files (relative to the template folder) that belong to a phase. */
export function templatesForPhase(phase: EcaPhase, templateDir = ECA_TEMPLATE_DIR): string[] {
  return listFiles(templateDir, (f) => f.endsWith('-meta.xml'))
    .map((f) => path.relative(templateDir, f))
    .filter((rel) => (rel.split(path.sep)[0] === OAUTH_POLICIES_FOLDER) === (phase === 'run-as'));
}

/** A temporary SFDX project ready to deploy. */
export interface EcaProject {
  root: string;
  /** The folder to deploy (source format). */
  sourceDir: string;
  /** Files written, relative to sourceDir. */
  files: string[];
}

/** Writes the phase's files into a new temporary SFDX project. */
export function writeEcaProject(
  phase: EcaPhase,
  appName: string,
  values: EcaValues,
  templateDir = ECA_TEMPLATE_DIR
): EcaProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'license-lens-eca-'));
  const sourceDir = path.join(root, SOURCE_ROOT);
  const files: Record<string, string> = {};
  for (const rel of templatesForPhase(phase, templateDir)) {
    files[rel] = renderTemplate(fs.readFileSync(path.join(templateDir, rel), 'utf8'), values);
  }
  if (phase === 'app') {
    files[path.join(GLOBAL_OAUTH_FOLDER, `${appName}${GLOBAL_OAUTH_SUFFIX}`)] =
      globalOauthSettingsXml(appName);
  }
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(sourceDir, rel)), { recursive: true });
    fs.writeFileSync(path.join(sourceDir, rel), text);
  }
  fs.writeFileSync(
    path.join(root, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }],
      sourceApiVersion: API_VERSION
    })
  );
  return { root, sourceDir, files: Object.keys(files).sort() };
}

/** Deletes a project written by writeEcaProject. */
export function removeEcaProject(project: EcaProject): void {
  fs.rmSync(project.root, { recursive: true, force: true });
}
