import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildInputsHash,
  builtBundles,
  DASHBOARD_BUNDLE,
  FALLBACK_ROOT_BUNDLE,
  selectRootBundle,
  tagNameOf
} from '../build/build-bundle';
import { cleanUp, tempDir } from './helpers';

afterEach(cleanUp);

function bundle(lwcDir: string, name: string, withJs = true): void {
  fs.mkdirSync(path.join(lwcDir, name), { recursive: true });
  fs.writeFileSync(path.join(lwcDir, name, `${name}.ts`), 'export default 1;');
  if (withJs) fs.writeFileSync(path.join(lwcDir, name, `${name}.js`), 'export default 1;');
}

describe('preview build inputs', () => {
  it('turns bundle names into custom element tags', () => {
    expect(tagNameOf('llDashboard')).toBe('c-ll-dashboard');
    expect(tagNameOf('llLicenseUtilization')).toBe('c-ll-license-utilization');
  });

  it('mounts the dashboard once it is built, the license card before', () => {
    const lwcDir = tempDir();
    bundle(lwcDir, FALLBACK_ROOT_BUNDLE);
    bundle(lwcDir, DASHBOARD_BUNDLE, false);
    expect(selectRootBundle(lwcDir)).toBe(FALLBACK_ROOT_BUNDLE);
    expect(builtBundles(lwcDir)).toEqual([FALLBACK_ROOT_BUNDLE]);
    bundle(lwcDir, DASHBOARD_BUNDLE);
    expect(selectRootBundle(lwcDir)).toBe(DASHBOARD_BUNDLE);
  });

  it('changes the cache key when a component or the root changes, not when tests change', () => {
    const lwcDir = tempDir();
    bundle(lwcDir, FALLBACK_ROOT_BUNDLE);
    const before = buildInputsHash(lwcDir, FALLBACK_ROOT_BUNDLE);
    fs.mkdirSync(path.join(lwcDir, FALLBACK_ROOT_BUNDLE, '__tests__'));
    fs.writeFileSync(path.join(lwcDir, FALLBACK_ROOT_BUNDLE, '__tests__', 'x.test.js'), '1');
    expect(buildInputsHash(lwcDir, FALLBACK_ROOT_BUNDLE)).toBe(before);
    expect(buildInputsHash(lwcDir, DASHBOARD_BUNDLE)).not.toBe(before);
    fs.writeFileSync(
      path.join(lwcDir, FALLBACK_ROOT_BUNDLE, `${FALLBACK_ROOT_BUNDLE}.html`),
      '<template></template>'
    );
    expect(buildInputsHash(lwcDir, FALLBACK_ROOT_BUNDLE)).not.toBe(before);
  });
});
