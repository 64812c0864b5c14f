import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformSync } from '@lwc/compiler';
import { compileLwcSource, expectedPaths, listBundles } from '../build-lwc';
import { LWC_DIR } from '../../lib/paths';

/** Every non-test .ts source of every bundle. */
function lwcSources(): { bundle: string; file: string }[] {
  return listBundles().flatMap((bundle) =>
    fs
      .readdirSync(path.join(LWC_DIR, bundle))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((file) => ({ bundle, file: path.join(LWC_DIR, bundle, file) }))
  );
}

describe('compileLwcSource', () => {
  const component = `
import { LightningElement, api, track, wire } from 'lwc';
import getThings from '@salesforce/apex/Things.get';
import type { Thing } from './types';
export default class Things extends LightningElement {
  @api recordId: string | undefined;
  @track state: { items: Thing[] } = { items: [] };
  @wire(getThings, { id: '$recordId' }) things: unknown;
  get count(): number { return this.state.items.length; }
}`;

  it('keeps decorators and class fields as written and drops types', () => {
    const js = compileLwcSource(component, 'things.ts');
    expect(js).toContain('@api');
    expect(js).toContain('@track');
    expect(js).toContain("@wire(getThings, { id: '$recordId' })");
    expect(js).not.toContain('./types');
    expect(js).not.toMatch(/:\s*string/);
  });

  it('emits code the LWC compiler turns into registered decorators', () => {
    const js = compileLwcSource(component, 'things.ts');
    const { code } = transformSync(js, 'things.js', { namespace: 'c', name: 'things' });
    expect(code).toContain('publicProps');
    expect(code).toMatch(/recordId:\s*\{/);
    expect(code).toContain('track: {');
    expect(code).toContain('wire: {');
    expect(code).toContain('adapter: getThings');
  });

  it('rejects source that is not valid TypeScript', () => {
    expect(() => compileLwcSource('export const = ;', 'broken.ts')).toThrow(/broken\.ts/);
  });
});

describe('the project’s components', () => {
  const sources = lwcSources();

  it('has TypeScript sources to compile', () => {
    expect(sources.length).toBeGreaterThan(0);
  });

  it.each(sources.map((s) => [path.relative(LWC_DIR, s.file), s] as const))(
    '%s compiles with @lwc/compiler',
    (_name, { bundle, file }) => {
      const js = compileLwcSource(fs.readFileSync(file, 'utf8'), file);
      const jsName = path.basename(file).replace(/\.ts$/, '.js');
      expect(() =>
        transformSync(js, jsName, { namespace: 'c', name: bundle, isExplicitImport: false })
      ).not.toThrow();
    }
  );
});

describe('expectedPaths', () => {
  it('maps lwc and each bundle to its .ts entry', () => {
    expect(expectedPaths(['llA', 'llB'])).toEqual({
      lwc: ['../../../../node_modules/@lwc/engine-dom'],
      'c/llA': ['./llA/llA.ts'],
      'c/llB': ['./llB/llB.ts']
    });
  });
});
