/**
 * Compiles the TypeScript LWC sources to the .js the platform deploys.
 *
 * - Every bundle folder (one with <name>.js-meta.xml) gets each non-test .ts
 *   compiled beside it with the options the LWC compiler accepts: ESNext
 *   target, so `@api`/`@wire`/`@track` decorators and class fields stay as written.
 * - `c/<name>` path mappings in the LWC tsconfig are kept in step with the
 *   bundles (tsconfig paths allow one `*`, so each bundle is mapped).
 * - .js files in a bundle with no .ts source are generated leftovers: removed.
 *
 * Type-checking is not done here (`npm run typecheck` does it); this only emits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { formatForRepo } from '../lib/format';
import { LWC_DIR, LWC_TSCONFIG } from '../lib/paths';

/** Compiler options for the emitted .js; see the toolchain notes in the README. */
export const LWC_EMIT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  useDefineForClassFields: true,
  experimentalDecorators: false,
  isolatedModules: true,
  verbatimModuleSyntax: false,
  removeComments: false,
  sourceMap: false
};

/** Names of LWC bundles: folders holding <name>/<name>.js-meta.xml. */
export function listBundles(lwcDir = LWC_DIR): string[] {
  return fs
    .readdirSync(lwcDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() &&
        fs.existsSync(path.join(lwcDir, entry.name, `${entry.name}.js-meta.xml`))
    )
    .map((entry) => entry.name)
    .sort();
}

function isSourceTs(file: string): boolean {
  return file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts');
}

/** Compiles one TypeScript source text to LWC-ready JavaScript. */
export function compileLwcSource(source: string, fileName: string): string {
  const output = ts.transpileModule(source, {
    compilerOptions: LWC_EMIT_OPTIONS,
    fileName,
    reportDiagnostics: true
  });
  const errors = (output.diagnostics ?? []).filter(
    (d) => d.category === ts.DiagnosticCategory.Error
  );
  if (errors.length) {
    const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
    throw new Error(`${fileName}: ${text}`);
  }
  return output.outputText;
}

/** The `paths` block the LWC tsconfig should hold for these bundles. */
export function expectedPaths(bundles: string[]): Record<string, string[]> {
  const paths: Record<string, string[]> = { lwc: ['../../../../node_modules/@lwc/engine-dom'] };
  for (const bundle of bundles) paths[`c/${bundle}`] = [`./${bundle}/${bundle}.ts`];
  return paths;
}

/** Rewrites the tsconfig paths when they differ; resolves true when it changed. */
export async function syncTsconfigPaths(
  bundles: string[],
  tsconfigPath = LWC_TSCONFIG
): Promise<boolean> {
  const config = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  const wanted = expectedPaths(bundles);
  if (JSON.stringify(config.compilerOptions.paths) === JSON.stringify(wanted)) return false;
  config.compilerOptions.paths = wanted;
  fs.writeFileSync(tsconfigPath, await formatForRepo(tsconfigPath, JSON.stringify(config)));
  return true;
}

export interface BuildResult {
  bundles: number;
  compiled: string[];
  removed: string[];
}

/** Compiles every bundle's TypeScript; resolves what it wrote and removed. */
export async function buildLwc(lwcDir = LWC_DIR): Promise<BuildResult> {
  const bundles = listBundles(lwcDir);
  const compiled: string[] = [];
  const removed: string[] = [];
  for (const bundle of bundles) {
    const dir = path.join(lwcDir, bundle);
    const files = fs.readdirSync(dir);
    for (const file of files.filter(isSourceTs)) {
      const source = path.join(dir, file);
      const target = source.replace(/\.ts$/, '.js');
      fs.writeFileSync(target, compileLwcSource(fs.readFileSync(source, 'utf8'), source));
      compiled.push(path.relative(lwcDir, target));
    }
    for (const file of files.filter(
      (f) => f.endsWith('.js') && !files.includes(f.replace(/\.js$/, '.ts'))
    )) {
      fs.rmSync(path.join(dir, file));
      removed.push(path.join(bundle, file));
    }
  }
  if (lwcDir === LWC_DIR) await syncTsconfigPaths(bundles);
  return { bundles: bundles.length, compiled, removed };
}

if (require.main === module) {
  buildLwc()
    .then((result) => {
      console.log(`Built ${result.compiled.length} .js files in ${result.bundles} LWC bundles.`);
      if (result.removed.length) console.log(`Removed stale files: ${result.removed.join(', ')}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
