/**
 * `npm run deploy -- --target-org <alias>`: deploys License Lens as the unmanaged
 * package named in manifest/package.xml. `npm run deploy` builds the LWC .js
 * first; this script then refuses to deploy a stale manifest and hands over to
 * `sf project deploy start`. Extra flags (e.g. --dry-run, --test-level) go to sf.
 *
 * The package is force-app only. The integration user's permission set
 * (integration-user/, licensed to SalesforceAPIIntegrationPsl) and its External
 * Client App are deployed afterwards by `npm run provision`, so this deploy
 * works in orgs without that license.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { MANIFEST, PROJECT_ROOT, SF_BIN, SF_ENV } from '../lib/paths';
import { manifestEntries } from './generate-manifest';
import { XMLParser } from 'fast-xml-parser';

const USAGE = `Usage: npm run deploy -- --target-org <alias> [sf deploy flags]

Builds the TypeScript components, checks manifest/package.xml lists every
component, then runs: sf project deploy start --manifest manifest/package.xml
Flags after --target-org are passed to sf (e.g. --dry-run, --test-level RunLocalTests).

The integration user (permission set LL_Integration_User and its External Client
App) is not part of this deploy: run npm run provision afterwards if you want it.`;

/** Members listed in the manifest that differ from what force-app holds. */
export async function manifestDrift(): Promise<string[]> {
  const parsed = new XMLParser({ parseTagValue: false }).parse(fs.readFileSync(MANIFEST, 'utf8'));
  const listed = new Set<string>();
  for (const type of [parsed.Package.types].flat()) {
    for (const member of [type.members].flat()) listed.add(`${type.name}:${member}`);
  }
  const wanted = new Set(
    Object.entries(await manifestEntries()).flatMap(([type, members]) =>
      members.map((m) => `${type}:${m}`)
    )
  );
  return [
    ...[...wanted].filter((m) => !listed.has(m)).map((m) => `missing ${m}`),
    ...[...listed].filter((m) => !wanted.has(m)).map((m) => `extra ${m}`)
  ];
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (!argv.some((a) => a === '--target-org' || a === '-o' || a.startsWith('--target-org='))) {
    console.error(`A target org is required.\n\n${USAGE}`);
    return 2;
  }
  const drift = await manifestDrift();
  if (drift.length) {
    console.error(
      `manifest/package.xml is out of date (${drift.join(', ')}). Run: npm run manifest`
    );
    return 1;
  }
  const result = spawnSync(
    SF_BIN,
    ['project', 'deploy', 'start', '--manifest', MANIFEST, ...argv],
    { cwd: PROJECT_ROOT, env: SF_ENV, stdio: 'inherit' }
  );
  if (result.status === 0 && !argv.includes('--dry-run')) {
    console.log(
      'License Lens is deployed. For the least-privilege integration user (needs the SalesforceAPIIntegrationPsl permission set license), run: npm run provision -- --help'
    );
  }
  return result.status ?? 1;
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    });
}
