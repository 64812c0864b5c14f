import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../../lib/files';
import { convertedDir } from '../policy-helpers';

describe('what `sf project convert source` would deploy', () => {
  const dir = convertedDir();
  const files = listFiles(dir, () => true).map((f) => path.relative(dir, f));

  it('produced a package.xml and the LWC bundles', () => {
    expect(files).toContain('package.xml');
    expect(files.some((f) => f.startsWith('lwc/'))).toBe(true);
  });

  it('ships no TypeScript, tsconfig, tests or jest mocks', () => {
    const leaked = files.filter((f) =>
      /\.ts$|tsconfig\.json$|__tests__|jest-mocks|\.test\./.test(f)
    );
    expect(leaked).toEqual([]);
  });

  it('ships no permission set tied to a license (the integration user set deploys on its own)', () => {
    const permissionSets = files.filter((f) => f.startsWith('permissionsets/'));
    expect(permissionSets.length).toBeGreaterThan(0);
    expect(permissionSets).not.toContain('permissionsets/LL_Integration_User.permissionset');
    const licensed = permissionSets.filter((f) =>
      /<license>/.test(fs.readFileSync(path.join(dir, f), 'utf8'))
    );
    expect(licensed).toEqual([]);
  });

  it('ships a compiled .js for every LWC bundle', () => {
    const bundles = new Set(files.filter((f) => f.startsWith('lwc/')).map((f) => f.split('/')[1]));
    const missing = [...bundles].filter((bundle) => !files.includes(`lwc/${bundle}/${bundle}.js`));
    expect(missing).toEqual([]);
  });
});
