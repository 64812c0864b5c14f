import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildInputsHash,
  builtBundles,
  DASHBOARD_BUNDLE,
  FALLBACK_ROOT_BUNDLE,
  selectRootBundle,
  shouldMinify,
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

  it('minifies unless LL_PREVIEW_MINIFY=0, and keeps the two builds apart in the cache', () => {
    expect(shouldMinify({})).toBe(true);
    expect(shouldMinify({ LL_PREVIEW_MINIFY: '1' })).toBe(true);
    expect(shouldMinify({ LL_PREVIEW_MINIFY: '0' })).toBe(false);
    const lwcDir = tempDir();
    bundle(lwcDir, FALLBACK_ROOT_BUNDLE);
    const saved = process.env.LL_PREVIEW_MINIFY;
    try {
      delete process.env.LL_PREVIEW_MINIFY;
      const minified = buildInputsHash(lwcDir, FALLBACK_ROOT_BUNDLE);
      process.env.LL_PREVIEW_MINIFY = '0';
      expect(buildInputsHash(lwcDir, FALLBACK_ROOT_BUNDLE)).not.toBe(minified);
    } finally {
      if (saved === undefined) delete process.env.LL_PREVIEW_MINIFY;
      else process.env.LL_PREVIEW_MINIFY = saved;
    }
  });
});
