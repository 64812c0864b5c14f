import { XMLParser } from 'fast-xml-parser';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles } from '../lib/files';
import { FORCE_APP, PROJECT_ROOT, SF_BIN, SF_ENV } from '../lib/paths';

/** Every metadata XML file in force-app (source format). */
export function sourceMetadataFiles(): string[] {
  return listFiles(FORCE_APP, (f) => f.endsWith('-meta.xml'));
}

/** Files git tracks (or would track: untracked but not ignored). */
export function repoFiles(): string[] {
  const result = spawnSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8'
    }
  );
  if (result.status !== 0) throw new Error(`git ls-files failed: ${result.stderr}`);
  return result.stdout
    .split('\0')
    .filter(Boolean)
    .map((f) => path.join(PROJECT_ROOT, f))
    .filter((f) => fs.existsSync(f));
}

let converted: string | undefined;

/**
 * The metadata-format folder `sf project convert source` produced. npm test
 * passes it in LL_CONVERTED_DIR; run alone, the tests convert once themselves.
 */
export function convertedDir(): string {
  if (process.env.LL_CONVERTED_DIR) return process.env.LL_CONVERTED_DIR;
  if (converted) return converted;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'license-lens-policy-'));
  const result = spawnSync(
    SF_BIN,
    ['project', 'convert', 'source', '--root-dir', 'force-app', '--output-dir', out],
    { cwd: PROJECT_ROOT, env: SF_ENV, encoding: 'utf8' }
  );
  if (result.status !== 0) throw new Error(`sf project convert source failed: ${result.stderr}`);
  converted = out;
  return out;
}

/** Names of the Apex classes in force-app (classes may sit in feature folders). */
export function apexClassNames(): Set<string> {
  return new Set(
    listFiles(FORCE_APP, (f) => f.endsWith('.cls')).map((f) => path.basename(f, '.cls'))
  );
}

/** One repeated entry of a permission set (userPermissions, classAccesses …), values as text. */
export interface PermissionSetEntry {
  [key: string]: string | undefined;
}

/** PermissionSet elements that repeat; parsed as arrays even when only one is present. */
const PERMISSION_SET_LISTS = new Set([
  'applicationVisibilities',
  'classAccesses',
  'customMetadataTypeAccesses',
  'customPermissions',
  'fieldPermissions',
  'objectPermissions',
  'pageAccesses',
  'recordTypeVisibilities',
  'tabSettings',
  'userPermissions'
]);

const permissionSetParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => PERMISSION_SET_LISTS.has(name)
});

/** Reads a permission set file: its top-level values and its repeated entries by element name. */
export function readPermissionSet(file: string): {
  root: Record<string, PermissionSetEntry[] | string | undefined>;
  entries: (key: string) => PermissionSetEntry[];
} {
  const root = permissionSetParser.parse(fs.readFileSync(file, 'utf8')).PermissionSet;
  return {
    root,
    entries: (key) => (Array.isArray(root[key]) ? root[key] : [])
  };
}
