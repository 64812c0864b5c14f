/**
 * Writes manifest/package.xml from the source in force-app: every component the
 * sf CLI would deploy (resolved by @salesforce/source-deploy-retrieve, honouring
 * .forceignore), the project's API version, and <fullName>, which names the
 * unmanaged package a deploy creates or updates. Only force-app: the
 * integration user's own deploy unit (integration-user/) is deployed by
 * `npm run provision` and never listed here.
 *
 * Usage: ts-node scripts/build/generate-manifest.ts [--check]
 *   --check  exits 1 when the committed manifest differs (used by the tests).
 */
import * as fs from 'node:fs';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { formatForRepo } from '../lib/format';
import { FORCE_APP, MANIFEST, SFDX_PROJECT } from '../lib/paths';

/** The unmanaged package's name, as shown in Setup > Installed Packages. */
export const PACKAGE_NAME = 'License Lens';

/** The project's sourceApiVersion. */
export function sourceApiVersion(): string {
  return JSON.parse(fs.readFileSync(SFDX_PROJECT, 'utf8')).sourceApiVersion;
}

/** Metadata type → sorted member names (child types such as CustomField included), for force-app. */
export async function manifestEntries(sourceDir = FORCE_APP): Promise<Record<string, string[]>> {
  const manifest = await ComponentSet.fromSource(sourceDir).getObject();
  const entries: Record<string, string[]> = {};
  for (const type of manifest.Package.types) entries[type.name] = [...type.members].sort();
  return entries;
}

/** package.xml text for everything under force-app. */
export async function buildManifest(sourceDir = FORCE_APP): Promise<string> {
  const components = ComponentSet.fromSource(sourceDir);
  components.apiVersion = sourceApiVersion();
  components.sourceApiVersion = sourceApiVersion();
  components.fullName = PACKAGE_NAME;
  return formatForRepo(MANIFEST, await components.getPackageXml(4));
}

if (require.main === module) {
  buildManifest()
    .then((xml) => {
      const current = fs.existsSync(MANIFEST) ? fs.readFileSync(MANIFEST, 'utf8') : '';
      if (process.argv.includes('--check')) {
        if (current !== xml) {
          console.error('manifest/package.xml is out of date: run `npm run manifest`.');
          process.exitCode = 1;
        }
        return;
      }
      fs.writeFileSync(MANIFEST, xml);
      console.log(`Wrote ${MANIFEST}`);
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    });
}
