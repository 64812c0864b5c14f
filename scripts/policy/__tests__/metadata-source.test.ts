import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { checkMetadataXml } from '../../check/metadata-xml';
import { manifestEntries, PACKAGE_NAME, sourceApiVersion } from '../../build/generate-manifest';
import { INTEGRATION_USER_DIR } from '../../integration/lib/integration-config';
import { formatFinding, listFiles } from '../../lib/files';
import { MANIFEST, PROJECT_ROOT, SFDX_PROJECT } from '../../lib/paths';
import { readPermissionSet, sourceMetadataFiles } from '../policy-helpers';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
/** The package's metadata (force-app) and the integration user's own deploy unit. */
const integrationUserFiles = listFiles(INTEGRATION_USER_DIR, (f) => f.endsWith('-meta.xml'));
const files = [...sourceMetadataFiles(), ...integrationUserFiles];
const relative = (file: string) => path.relative(PROJECT_ROOT, file);
const isPermissionSet = (file: string) => file.endsWith('.permissionset-meta.xml');

describe('metadata source (force-app and integration-user)', () => {
  it('has metadata to check in both deploy units', () => {
    expect(sourceMetadataFiles().length).toBeGreaterThan(0);
    expect(integrationUserFiles.map(relative)).toEqual([
      'integration-user/main/default/permissionsets/LL_Integration_User.permissionset-meta.xml'
    ]);
  });

  it('uses only elements the Metadata API schema knows', () => {
    const findings = files.flatMap((file) => checkMetadataXml(file).findings);
    expect(findings.map((f) => formatFinding(f, PROJECT_ROOT))).toEqual([]);
  });

  it('declares the project API version wherever a file carries one', () => {
    const version = sourceApiVersion();
    const wrong = files
      .map((file) => ({ file, xml: fs.readFileSync(file, 'utf8') }))
      .map(({ file, xml }) => ({ file, match: /<apiVersion>([^<]+)<\/apiVersion>/.exec(xml) }))
      .filter(({ match }) => match && match[1] !== version)
      .map(({ file, match }) => `${relative(file)}: ${match![1]}`);
    expect(wrong).toEqual([]);
  });

  it('names everything the package adds with the LL_ prefix (ll for LWC bundles)', () => {
    // Fields and other children live inside an LL_ object, which carries the prefix.
    const offenders = files
      .filter((file) => !/[\\/]objects[\\/]LL_[^\\/]+[\\/](fields|listViews)[\\/]/.test(file))
      .map((file) => path.basename(file).replace(/\..*$/, ''))
      .filter((name) => !/^(LL_|ll[A-Z])/.test(name));
    expect(offenders).toEqual([]);
  });
});

describe('deploy units', () => {
  it('sfdx-project.json lists only force-app: a plain `sf project deploy start` never takes the integration unit', () => {
    const project = JSON.parse(fs.readFileSync(SFDX_PROJECT, 'utf8'));
    expect(project.packageDirectories).toEqual([{ path: 'force-app', default: true }]);
  });

  it('no permission set in force-app names a license, so the package installs in any org', () => {
    const licensed = sourceMetadataFiles()
      .filter(isPermissionSet)
      .filter((file) => readPermissionSet(file).root.license !== undefined)
      .map(relative);
    expect(licensed).toEqual([]);
  });

  it('the integration permission set is licensed to SalesforceAPIIntegrationPsl and lives only in its own unit', () => {
    const [file] = integrationUserFiles.filter(isPermissionSet);
    expect(readPermissionSet(file).root.license).toBe('SalesforceAPIIntegrationPsl');
    expect(sourceMetadataFiles().filter((f) => path.basename(f) === path.basename(file))).toEqual(
      []
    );
  });
});

describe('manifest/package.xml', () => {
  const manifest = parser.parse(fs.readFileSync(MANIFEST, 'utf8')).Package;

  it('names the unmanaged package and uses the project API version', () => {
    expect(manifest.fullName).toBe(PACKAGE_NAME);
    expect(String(manifest.version)).toBe(sourceApiVersion());
  });

  it('lists exactly the components in force-app (run `npm run manifest` after adding one)', async () => {
    const listed: Record<string, string[]> = {};
    for (const type of [manifest.types].flat()) {
      listed[type.name] = [type.members].flat().map(String).sort();
    }
    expect(listed).toEqual(await manifestEntries());
  });

  it('leaves out the integration user permission set (deployed by npm run provision)', () => {
    const permissionSets = [manifest.types]
      .flat()
      .filter((type: { name: string }) => type.name === 'PermissionSet')
      .flatMap((type: { members: string | string[] }) => [type.members].flat());
    expect(permissionSets.length).toBeGreaterThan(0);
    expect(permissionSets).not.toContain('LL_Integration_User');
  });
});
