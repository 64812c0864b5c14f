/** Shared set-up of the preview tests: fixture paths, temp folders, fixture data. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOrgMetadata } from '../controller/custom-metadata';
import { LocalController } from '../controller/local-controller';
import { readExportFolder } from '../data/read-export';
import type { OrgData } from '../data/org-data';

export const FIXTURES = path.join(__dirname, 'fixtures');
/** A hand-written export: 4 users (1 inactive, 1 frozen), 8 logins, licenses with edge cases. */
export const SMALL_EXPORT = path.join(FIXTURES, 'small-export');
/** Custom metadata with values that exercise the Apex clamps. */
export const FIXTURE_METADATA = path.join(FIXTURES, 'custom-metadata');
/** "Now" of the small export: 12:00 in Los Angeles on 2026-11-23. */
export const FIXTURE_NOW = Date.parse('2026-11-23T20:00:00.000Z');

/** The fixture user Ids, in order. */
export const FIXTURE_USERS = {
  ada: '005000000000001AAA',
  ben: '005000000000002AAA',
  cleo: '005000000000003AAA',
  dan: '005000000000004AAA'
} as const;

/** A new empty temp folder, removed by cleanUp(). */
const created: string[] = [];
export function tempDir(prefix = 'll-preview-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A copy of the small export in a temp folder, to break. */
export function copyOfSmallExport(): string {
  const dir = tempDir();
  for (const file of fs.readdirSync(SMALL_EXPORT))
    fs.copyFileSync(path.join(SMALL_EXPORT, file), path.join(dir, file));
  return dir;
}

/** Reads an export file's JSON. */
export function readJson(
  dir: string,
  file: string
): { result: { records: Record<string, unknown>[]; totalSize: number } } {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** Writes an export file's JSON. */
export function writeJson(dir: string, file: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2));
}

/** A controller over the small export (or other data) with the fixture metadata and now. */
export function fixtureController(
  data: OrgData = readExportFolder(SMALL_EXPORT),
  now = FIXTURE_NOW
): LocalController {
  return new LocalController({
    data,
    metadata: readOrgMetadata(FIXTURE_METADATA),
    clock: () => now
  });
}
