import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { checkMetadataXml } from '../../check/metadata-xml';
import { manifestEntries, PACKAGE_NAME, sourceApiVersion } from '../../build/generate-manifest';
import { formatFinding } from '../../lib/files';
import { MANIFEST, PROJECT_ROOT } from '../../lib/paths';
import { sourceMetadataFiles } from '../policy-helpers';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
const files = sourceMetadataFiles();
const relative = (file: string) => path.relative(PROJECT_ROOT, file);

describe('metadata source', () => {
  it('has metadata to check', () => {
    expect(files.length).toBeGreaterThan(0);
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
});
