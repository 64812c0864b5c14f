/**
 * Policy tests for the integration user's metadata: the permission set holds
 * exactly the justified permissions and is its own deploy unit
 * (integration-user/, deployed by `npm run provision`, never by the package);
 * the External Client App templates allow
 * only the API scope and client credentials, admin-approved, IP-enforced, and
 * carry no consumer key or secret; everything converts with the sf CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { listFiles } from '../../lib/files';
import { FORCE_APP, PROJECT_ROOT, SF_BIN, SF_ENV } from '../../lib/paths';
import {
  ECA_TEMPLATE_DIR,
  INTEGRATION_PERMISSION_SET_FILE,
  INTEGRATION_USER_DEF,
  INTEGRATION_USER_DIR,
  loadIntegrationUserDefinition
} from '../lib/integration-config';
import {
  FORBIDDEN_PERMISSIONS,
  justificationTable,
  PERMISSION_JUSTIFICATIONS
} from '../lib/permission-justifications';
import { readPermissionSet } from '../lib/permission-set';
import { sourceToZip } from '../provision/eca-deployer';
import {
  globalOauthSettingsXml,
  removeEcaProject,
  renderTemplate,
  templatesForPhase,
  writeEcaProject
} from '../provision/eca-project';

const APP = 'LL_License_Lens_Integration';
const VALUES = { runAsUsername: 'integration@acme.example.test', contactEmail: 'it@acme.example' };
const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false
});
const rootOf = (xml: string) => Object.values(parser.parse(xml))[0] as Record<string, string>;
const template = (rel: string) => fs.readFileSync(path.join(ECA_TEMPLATE_DIR, rel), 'utf8');

describe('permission set LL_Integration_User', () => {
  const facts = readPermissionSet(INTEGRATION_PERMISSION_SET_FILE);

  it('is for the Salesforce API Integration permission set license named in the user definition', () => {
    const def = loadIntegrationUserDefinition();
    expect(facts.license).toBe('SalesforceAPIIntegrationPsl');
    expect(facts.license).toBe(def.permissionSetLicense);
    expect(path.basename(INTEGRATION_PERMISSION_SET_FILE)).toBe(
      `${def.permissionSet}.permissionset-meta.xml`
    );
  });

  it('is its own deploy unit (integration-user/), outside force-app', () => {
    expect(path.relative(PROJECT_ROOT, INTEGRATION_PERMISSION_SET_FILE)).toBe(
      'integration-user/main/default/permissionsets/LL_Integration_User.permissionset-meta.xml'
    );
    expect(
      listFiles(FORCE_APP, (f) => f.endsWith('LL_Integration_User.permissionset-meta.xml'))
    ).toEqual([]);
  });

  it('converts to a metadata zip holding only the permission set (what provision deploys)', async () => {
    const zip = await JSZip.loadAsync(await sourceToZip(INTEGRATION_USER_DIR));
    expect(
      Object.keys(zip.files)
        .filter((f) => !f.endsWith('/'))
        .sort()
    ).toEqual(['package.xml', 'permissionsets/LL_Integration_User.permissionset']);
    const manifest = await zip.file('package.xml')!.async('string');
    expect(manifest).toContain('<members>LL_Integration_User</members>');
    expect(manifest).toContain('<version>64.0</version>');
  });

  it('converts with the sf CLI (sf project convert source --root-dir integration-user)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'license-lens-integration-user-'));
    try {
      const result = spawnSync(
        SF_BIN,
        [
          'project',
          'convert',
          'source',
          '--root-dir',
          'integration-user',
          '--output-dir',
          path.join(out, 'mdapi'),
          '--json'
        ],
        { cwd: PROJECT_ROOT, env: SF_ENV, encoding: 'utf8' }
      );
      expect({ exit: result.status, stdout: result.stdout }).toMatchObject({ exit: 0 });
      const converted = listFiles(path.join(out, 'mdapi'), () => true).map((f) =>
        path.relative(path.join(out, 'mdapi'), f)
      );
      expect(converted.sort()).toEqual([
        'package.xml',
        'permissionsets/LL_Integration_User.permissionset'
      ]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60000);

  it('enables exactly the justified permissions, all of them enabled', () => {
    expect(facts.userPermissions.map((p) => p.name).sort()).toEqual(
      Object.keys(PERMISSION_JUSTIFICATIONS).sort()
    );
    expect(facts.userPermissions.filter((p) => !p.enabled)).toEqual([]);
  });

  it('holds no forbidden permission', () => {
    const names = facts.userPermissions.map((p) => p.name);
    expect(names.filter((n) => n in FORBIDDEN_PERMISSIONS)).toEqual([]);
    expect(Object.keys(FORBIDDEN_PERMISSIONS)).toEqual(
      expect.arrayContaining([
        'ManageUsers',
        'ModifyAllData',
        'ViewAllData',
        'AuthorApex',
        'CustomizeApplication'
      ])
    );
  });

  it('grants no object, field, class, page or tab access', () => {
    expect(facts.elements.sort()).toEqual(
      ['description', 'hasActivationRequired', 'label', 'license', 'userPermissions'].sort()
    );
  });

  it('has a README justification row for every permission', () => {
    const table = justificationTable();
    for (const name of Object.keys(PERMISSION_JUSTIFICATIONS))
      expect(table).toContain(`| \`${name}\` |`);
  });
});

describe('External Client App templates (config/external-client-app)', () => {
  const files = listFiles(ECA_TEMPLATE_DIR, () => true).map((f) =>
    path.relative(ECA_TEMPLATE_DIR, f)
  );

  it('are the app, its OAuth settings, plugin policies and OAuth policies, named LL_', () => {
    expect(files.sort()).toEqual(
      [
        `externalClientApps/${APP}.eca-meta.xml`,
        `extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy-meta.xml`,
        `extlClntAppOauthSettings/${APP}_oauth.ecaOauth-meta.xml`,
        `extlClntAppPolicies/${APP}_plcy.ecaPlcy-meta.xml`
      ].sort()
    );
  });

  it('ask for the Api scope only', () => {
    const settings = rootOf(template(`extlClntAppOauthSettings/${APP}_oauth.ecaOauth-meta.xml`));
    expect(settings.commaSeparatedOauthScopes.split(',').map((s) => s.trim())).toEqual(['Api']);
  });

  it('enable client credentials for admin-approved users of LL_Integration_User, IP restrictions enforced', () => {
    const policies = rootOf(
      template(`extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy-meta.xml`)
    );
    expect(policies).toMatchObject({
      isClientCredentialsFlowEnabled: 'true',
      permittedUsersPolicyType: 'AdminApprovedPreAuthorized',
      commaSeparatedPermissionSet: 'LL_Integration_User',
      ipRelaxationPolicyType: 'Enforce',
      isTokenExchangeFlowEnabled: 'false',
      clientCredentialsFlowUser: '{{RUN_AS_USERNAME}}',
      externalClientApplication: APP
    });
  });

  it('keep the app local (not packaged) and the OAuth plugin on', () => {
    expect(rootOf(template(`externalClientApps/${APP}.eca-meta.xml`)).distributionState).toBe(
      'Local'
    );
    expect(rootOf(template(`extlClntAppPolicies/${APP}_plcy.ecaPlcy-meta.xml`))).toMatchObject({
      isEnabled: 'true',
      isOauthPluginEnabled: 'true'
    });
  });

  it('hold no consumer key or secret, and no global OAuth settings file is committed anywhere', () => {
    for (const rel of files) expect(template(rel)).not.toMatch(/consumerKey|consumerSecret/);
    const globalFiles = [
      ...listFiles(PROJECT_ROOT + '/config', (f) => /ecaGlblOauth/.test(f)),
      ...listFiles(FORCE_APP, (f) => /ecaGlblOauth/.test(f))
    ];
    expect(globalFiles).toEqual([]);
  });

  it('generated global OAuth settings enable client credentials without any consumer credentials', () => {
    const global = rootOf(globalOauthSettingsXml(APP));
    expect(global).toMatchObject({
      isClientCredentialsFlowEnabled: 'true',
      isConsumerSecretOptional: 'false'
    });
    expect(Object.keys(global)).not.toEqual(expect.arrayContaining(['consumerKey']));
    expect(Object.keys(global)).not.toContain('consumerSecret');
  });
});

describe('rendering the deployable app', () => {
  it('splits the deploy: app parts first, the run-as policies on their own', () => {
    expect(templatesForPhase('run-as')).toEqual([
      `extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy-meta.xml`
    ]);
    expect(templatesForPhase('app')).toHaveLength(3);
  });

  it('fills the run-as user and contact email, XML-escaped', () => {
    const text = renderTemplate('<a>{{RUN_AS_USERNAME}}</a><b>{{CONTACT_EMAIL}}</b>', {
      runAsUsername: "o'brien&co@acme.example",
      contactEmail: 'x@acme.example'
    });
    expect(text).toBe('<a>o&apos;brien&amp;co@acme.example</a><b>x@acme.example</b>');
  });

  it('refuses to leave a placeholder unfilled', () => {
    expect(() => renderTemplate('<a>{{OTHER}}</a>', VALUES)).toThrow('{{OTHER}}');
  });

  it('converts both phases to metadata zips with the right components (source-deploy-retrieve)', async () => {
    const app = writeEcaProject('app', APP, VALUES);
    const runAs = writeEcaProject('run-as', APP, VALUES);
    try {
      const appZip = await JSZip.loadAsync(await sourceToZip(app.sourceDir));
      const runAsZip = await JSZip.loadAsync(await sourceToZip(runAs.sourceDir));
      expect(
        Object.keys(appZip.files)
          .filter((f) => !f.endsWith('/'))
          .sort()
      ).toEqual(
        [
          'package.xml',
          `externalClientApps/${APP}.eca`,
          `extlClntAppGlobalOauthSets/${APP}_glbloauth.ecaGlblOauth`,
          `extlClntAppOauthSettings/${APP}_oauth.ecaOauth`,
          `extlClntAppPolicies/${APP}_plcy.ecaPlcy`
        ].sort()
      );
      const policy = await runAsZip
        .file(`extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy`)!
        .async('string');
      expect(rootOf(policy).clientCredentialsFlowUser).toBe(VALUES.runAsUsername);
      const manifest = await appZip.file('package.xml')!.async('string');
      expect(manifest).toContain('<version>64.0</version>');
      expect(manifest).toContain('<name>ExtlClntAppGlobalOauthSettings</name>');
    } finally {
      removeEcaProject(app);
      removeEcaProject(runAs);
    }
  });

  it('converts with the sf CLI (sf project convert source)', () => {
    const project = writeEcaProject('app', APP, VALUES);
    const runAs = writeEcaProject('run-as', APP, VALUES);
    fs.cpSync(runAs.sourceDir, project.sourceDir, { recursive: true });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'license-lens-eca-converted-'));
    try {
      const result = spawnSync(
        SF_BIN,
        [
          'project',
          'convert',
          'source',
          '--root-dir',
          'force-app',
          '--output-dir',
          path.join(out, 'mdapi'),
          '--json'
        ],
        { cwd: project.root, env: SF_ENV, encoding: 'utf8' }
      );
      expect({ exit: result.status, stdout: result.stdout }).toMatchObject({ exit: 0 });
      expect(JSON.parse(result.stdout).status).toBe(0);
      const converted = listFiles(path.join(out, 'mdapi'), () => true).map((f) =>
        path.relative(path.join(out, 'mdapi'), f)
      );
      expect(converted).toContain(`extlClntAppOauthPolicies/${APP}_oauthPlcy.ecaOauthPlcy`);
      expect(converted).toContain(`externalClientApps/${APP}.eca`);
    } finally {
      removeEcaProject(project);
      removeEcaProject(runAs);
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60000);
});

describe('config/integration-user-def.json', () => {
  it('loads with the profile, licenses, permission set and app the scripts use', () => {
    expect(loadIntegrationUserDefinition()).toMatchObject({
      profileName: 'Minimum Access - API Only Integrations',
      userLicenseName: 'Salesforce Integration',
      permissionSetLicense: 'SalesforceAPIIntegrationPsl',
      permissionSet: 'LL_Integration_User',
      externalClientApp: APP,
      user: expect.objectContaining({
        Alias: 'llinteg',
        LocaleSidKey: 'en_US',
        TimeZoneSidKey: 'GMT'
      })
    });
  });

  it('rejects a template that pre-fills a field the script sets, or lacks a required one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-lens-def-'));
    const original = JSON.parse(fs.readFileSync(INTEGRATION_USER_DEF, 'utf8'));
    const write = (value: unknown) => {
      const file = path.join(dir, 'def.json');
      fs.writeFileSync(file, JSON.stringify(value));
      return file;
    };
    try {
      expect(() =>
        loadIntegrationUserDefinition(
          write({ ...original, user: { ...original.user, Username: 'x@y.z' } })
        )
      ).toThrow('user.Username is set by the script');
      const { Alias: _alias, ...noAlias } = original.user;
      expect(() => loadIntegrationUserDefinition(write({ ...original, user: noAlias }))).toThrow(
        'user.Alias is required'
      );
      expect(() => loadIntegrationUserDefinition(write({ ...original, profileName: '' }))).toThrow(
        '"profileName"'
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
