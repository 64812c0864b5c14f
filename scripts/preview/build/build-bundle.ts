/**
 * Bundles the app for the local preview with rollup and the LWC compiler.
 *
 * - Components are the generated .js in force-app/main/default/lwc (run
 *   `npm run build` first): exactly the code that deploys.
 * - lightning/* comes from lightning-base-components, `lwc` from @lwc/engine-dom.
 * - Every `@salesforce/apex/<Class>.<method>` import becomes a module that calls
 *   the preview server (scripts/preview/client/apex-client.ts);
 *   `@salesforce/resourceUrl/<name>` becomes "/resource/<name>" (served from
 *   staticresources) and `lightning/platformResourceLoader` a local loader.
 * - The root component is one choice: c/llDashboard when that bundle exists,
 *   else c/llLicenseUtilization (or the `rootBundle` option).
 *
 * The bundle is cached in node_modules/.cache: a build whose inputs hash the
 * same as the cached one is reused.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import ts from 'typescript';
import { LWC_DIR, PROJECT_ROOT } from '../../lib/paths';

/** Preferred root bundle (the dashboard), and the one used until it exists. */
export const DASHBOARD_BUNDLE = 'llDashboard';
export const FALLBACK_ROOT_BUNDLE = 'llLicenseUtilization';

/** Where built bundles are kept between runs. */
export const PREVIEW_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'll-preview');
/** The preview's browser-side sources. */
export const CLIENT_DIR = path.resolve(__dirname, '..', 'client');
const ENTRY_FILE = path.join(CLIENT_DIR, 'main.ts');
const APEX_CLIENT_FILE = path.join(CLIENT_DIR, 'apex-client.ts');

const APEX_PREFIX = '@salesforce/apex/';
const RESOURCE_URL_PREFIX = '@salesforce/resourceUrl/';
const VIRTUAL_RESOURCE_PREFIX = '\0ll-resource:';
/** Path prefix the preview server serves static resources under. */
export const RESOURCE_PATH_PREFIX = '/resource/';
const RESOURCE_LOADER_MODULE = 'lightning/platformResourceLoader';
const RESOURCE_LOADER_FILE = path.join(CLIENT_DIR, 'platform-resource-loader.ts');
const VIRTUAL_APEX_PREFIX = '\0ll-apex:';
const ROOT_MODULE = 'll-preview:root';
const VIRTUAL_ROOT = '\0ll-preview-root';
/** Packages whose versions are part of the cache key. */
const VERSIONED_PACKAGES = [
  'lwc',
  '@lwc/rollup-plugin',
  'lightning-base-components',
  'rollup',
  'esbuild'
];

export interface PreviewBuildOptions {
  /** LWC bundle mounted as the page root; default: see selectRootBundle. */
  rootBundle?: string;
  /** Rebuild even when the cache is fresh. */
  force?: boolean;
  /** Folder of the LWC bundles (tests point it elsewhere). */
  lwcDir?: string;
  /** Folder for the built bundle. */
  cacheDir?: string;
}

export interface PreviewBuildResult {
  /** Absolute path of the bundled JavaScript. */
  file: string;
  rootBundle: string;
  /** True when the cached bundle was reused. */
  cached: boolean;
  /** Milliseconds spent (hashing only, when cached). */
  ms: number;
}

/** `llDashboard` → `c-ll-dashboard`. */
export function tagNameOf(bundle: string): string {
  return `c-${bundle.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function isBuiltBundle(lwcDir: string, bundle: string): boolean {
  return fs.existsSync(path.join(lwcDir, bundle, `${bundle}.js`));
}

/** The root bundle: the dashboard when it exists (and is built), else the fallback. */
export function selectRootBundle(lwcDir = LWC_DIR): string {
  return isBuiltBundle(lwcDir, DASHBOARD_BUNDLE) ? DASHBOARD_BUNDLE : FALLBACK_ROOT_BUNDLE;
}

/** Names of the LWC bundles that have generated .js. */
export function builtBundles(lwcDir = LWC_DIR): string[] {
  return fs
    .readdirSync(lwcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isBuiltBundle(lwcDir, entry.name))
    .map((entry) => entry.name)
    .sort();
}

function listFiles(dir: string, keep: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(keep)
    .sort();
}

function isBundleInput(file: string): boolean {
  return !file.includes(`${path.sep}__tests__${path.sep}`) && /\.(js|html|css)$/.test(file);
}

function packageVersion(name: string): string {
  const manifest = path.join(PROJECT_ROOT, 'node_modules', name, 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version as string;
}

/** Hash of everything the bundle is made from. */
export function buildInputsHash(lwcDir: string, rootBundle: string): string {
  const hash = crypto.createHash('sha256');
  hash.update(`root=${rootBundle}\nminify=${shouldMinify()}\n`);
  for (const name of VERSIONED_PACKAGES) hash.update(`${name}@${packageVersion(name)}\n`);
  const files = [
    ...listFiles(lwcDir, isBundleInput),
    ...listFiles(CLIENT_DIR, (file) => file.endsWith('.ts')),
    __filename
  ];
  for (const file of files) {
    hash.update(`${path.relative(PROJECT_ROOT, file)}\n`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Resolves the generated modules: Apex imports and the root component. */
function previewModulesPlugin(rootBundle: string): Plugin {
  return {
    name: 'll-preview-modules',
    resolveId(source) {
      if (source.startsWith(APEX_PREFIX)) {
        return `${VIRTUAL_APEX_PREFIX}${source.slice(APEX_PREFIX.length)}`;
      }
      if (source.startsWith(RESOURCE_URL_PREFIX)) {
        return `${VIRTUAL_RESOURCE_PREFIX}${source.slice(RESOURCE_URL_PREFIX.length)}`;
      }
      if (source === RESOURCE_LOADER_MODULE) return RESOURCE_LOADER_FILE;
      if (source === ROOT_MODULE) return VIRTUAL_ROOT;
      return null;
    },
    load(id) {
      if (id.startsWith(VIRTUAL_APEX_PREFIX)) {
        const qualifiedName = id.slice(VIRTUAL_APEX_PREFIX.length);
        return [
          `import { createApexMethod } from ${JSON.stringify(APEX_CLIENT_FILE)};`,
          `export default createApexMethod(${JSON.stringify(qualifiedName)});`
        ].join('\n');
      }
      if (id.startsWith(VIRTUAL_RESOURCE_PREFIX)) {
        const name = id.slice(VIRTUAL_RESOURCE_PREFIX.length);
        return `export default ${JSON.stringify(`${RESOURCE_PATH_PREFIX}${name}`)};`;
      }
      if (id === VIRTUAL_ROOT) {
        return [
          `import RootComponent from ${JSON.stringify(`c/${rootBundle}`)};`,
          `export const ROOT_TAG = ${JSON.stringify(tagNameOf(rootBundle))};`,
          'export default RootComponent;'
        ].join('\n');
      }
      return null;
    }
  };
}

/** Compiles the preview's own TypeScript (client/) to JavaScript. */
function clientTypeScriptPlugin(): Plugin {
  return {
    name: 'll-preview-client-ts',
    resolveId(source, importer) {
      if (!importer || !importer.startsWith(CLIENT_DIR) || !source.startsWith('.')) return null;
      const candidate = path.resolve(path.dirname(importer), `${source}.ts`);
      return fs.existsSync(candidate) ? candidate : null;
    },
    transform(code, id) {
      if (!id.startsWith(CLIENT_DIR) || !id.endsWith('.ts')) return null;
      const output = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext }
      });
      return { code: output.outputText, map: null };
    }
  };
}

function bundleAliases(lwcDir: string): { name: string; path: string }[] {
  return builtBundles(lwcDir).map((bundle) => ({
    name: `c/${bundle}`,
    path: path.join(lwcDir, bundle, `${bundle}.js`)
  }));
}

/** Warnings about third-party code (lightning-base-components, rollup internals), not ours. */
function isNoise(log: RollupLog): boolean {
  if (log.code === 'CIRCULAR_DEPENDENCY' || log.code === 'THIS_IS_UNDEFINED') return true;
  return `${log.id ?? ''} ${log.message}`.includes('node_modules');
}

async function bundle(lwcDir: string, rootBundle: string, outFile: string): Promise<void> {
  const warnings: string[] = [];
  const build = await rollup({
    input: ENTRY_FILE,
    onwarn(log) {
      if (!isNoise(log)) warnings.push(`${log.code ?? 'WARN'}: ${log.message}`);
    },
    plugins: [
      previewModulesPlugin(rootBundle),
      clientTypeScriptPlugin(),
      lwc({
        rootDir: lwcDir,
        exclude: [`${CLIENT_DIR}/**`],
        // lightning-datatable renders its sorting modal with lwc:component.
        enableDynamicComponents: true,
        // lightning-combobox and friends are form-associated (attachInternals) under synthetic shadow.
        enableSyntheticElementInternals: true,
        modules: [...bundleAliases(lwcDir), { npm: 'lightning-base-components' }]
      }),
      replace({
        preventAssignment: true,
        values: {
          'process.env.NODE_ENV': JSON.stringify('production'),
          'import.meta.env.SSR': 'false'
        }
      }),
      nodeResolve({ browser: true })
    ]
  });
  let code: string;
  try {
    const { output } = await build.generate({ format: 'iife', inlineDynamicImports: true });
    code = output[0].code;
  } finally {
    await build.close();
  }
  fs.writeFileSync(outFile, shouldMinify() ? await minified(code) : code);
  if (warnings.length) console.warn(`Preview build warnings:\n  ${warnings.join('\n  ')}`);
}

/** LL_PREVIEW_MINIFY=0 keeps the bundle readable (function names in a browser profile). */
export function shouldMinify(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LL_PREVIEW_MINIFY !== '0';
}

/**
 * The bundle minified, as Salesforce serves its own and the components'
 * JavaScript: about 6.8 MB of unminified code took the browser several
 * hundred ms to download and parse before the page could ask for anything.
 * Whitespace, syntax and local names only (esbuild); property names stay.
 */
async function minified(code: string): Promise<string> {
  const result = await transform(code, {
    loader: 'js',
    minify: true,
    target: 'es2022',
    legalComments: 'none'
  });
  return result.code;
}

/** Bundles kept in the cache (a running preview may still serve an older one). */
const CACHED_BUNDLES_KEPT = 3;

/** Deletes all but the newest CACHED_BUNDLES_KEPT bundles. */
function pruneCache(cacheDir: string): void {
  const bundles = fs
    .readdirSync(cacheDir)
    .filter((name) => /^preview-[0-9a-f]+\.js$/.test(name))
    .map((name) => ({
      file: path.join(cacheDir, name),
      mtime: fs.statSync(path.join(cacheDir, name)).mtimeMs
    }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of bundles.slice(CACHED_BUNDLES_KEPT)) fs.rmSync(old.file, { force: true });
}

/** Builds the preview bundle, or reuses the cached one when nothing changed. */
export async function buildPreviewBundle(
  options: PreviewBuildOptions = {}
): Promise<PreviewBuildResult> {
  const started = Date.now();
  const lwcDir = options.lwcDir ?? LWC_DIR;
  const rootBundle = options.rootBundle ?? selectRootBundle(lwcDir);
  if (!isBuiltBundle(lwcDir, rootBundle)) {
    throw new Error(
      `The root component c/${rootBundle} has no generated .js in ${lwcDir}: run "npm run build" first.`
    );
  }
  const cacheDir = options.cacheDir ?? PREVIEW_CACHE_DIR;
  const file = path.join(cacheDir, `preview-${buildInputsHash(lwcDir, rootBundle)}.js`);
  if (!options.force && fs.existsSync(file)) {
    return { file, rootBundle, cached: true, ms: Date.now() - started };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await bundle(lwcDir, rootBundle, partial);
  fs.renameSync(partial, file);
  pruneCache(cacheDir);
  return { file, rootBundle, cached: false, ms: Date.now() - started };
}

if (require.main === module) {
  buildPreviewBundle({ force: process.argv.includes('--force') })
    .then((result) => {
      const how = result.cached ? 'reused cached' : 'built';
      console.log(
        `Preview bundle ${how} (root c/${result.rootBundle}) in ${result.ms} ms: ${result.file}`
      );
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
