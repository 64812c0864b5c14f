/**
 * Reads a user's export folder: one `sf data query --json` file per object
 * (see EXPORT_FILES). Whatever can be read is served; each problem is named by
 * file and field, and an object that cannot be read at all is marked
 * unavailable so the Apex calls that need it answer with that reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXPORT_FILES,
  EXPORT_OBJECTS,
  exportCommand,
  type ExportObject,
  type SfRecord
} from './sf-export-format';
import { OrgDataBuilder, type OrgData } from './org-data';

/** Records, or the reason a file's content is not query results. */
type Extracted = { records: SfRecord[]; totalSize: number | null } | { error: string };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const UTF16LE_BOM = [0xff, 0xfe];

/**
 * A file's text: UTF-8 (a leading BOM dropped), or UTF-16LE with its BOM,
 * which Windows PowerShell 5 writes for `sf data query ... > File.json`.
 */
export function readText(file: string): string {
  const bytes = fs.readFileSync(file);
  if (bytes[0] === UTF16LE_BOM[0] && bytes[1] === UTF16LE_BOM[1])
    return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Finds the records in `sf data query --json` output (or a bare query result). */
export function extractRecords(parsed: unknown): Extracted {
  if (!parsed || typeof parsed !== 'object') {
    return { error: 'is not a JSON object; expected the output of "sf data query --json".' };
  }
  const output = parsed as { status?: unknown; message?: unknown; result?: unknown };
  if (typeof output.status === 'number' && output.status !== 0) {
    const detail = typeof output.message === 'string' ? `: ${output.message}` : '';
    return {
      error: `holds an sf CLI error (status ${output.status}) instead of query results${detail}`
    };
  }
  const result = (output.result ?? parsed) as { records?: unknown; totalSize?: unknown };
  if (!Array.isArray(result.records)) {
    return {
      error: 'has no "result.records" array; expected the output of "sf data query --json".'
    };
  }
  const records = result.records.filter(
    (record): record is SfRecord => !!record && typeof record === 'object'
  );
  const totalSize = typeof result.totalSize === 'number' ? result.totalSize : null;
  return { records, totalSize };
}

function wrongObjectType(records: SfRecord[], object: ExportObject): string | null {
  const type = records.find((record) => record.attributes?.type)?.attributes?.type;
  return type && type !== object ? type : null;
}

/** Reads, parses and checks one file; adds its records or marks the object unavailable. */
function readObjectFile(builder: OrgDataBuilder, folder: string, object: ExportObject): void {
  const spec = EXPORT_FILES[object];
  const file = path.join(folder, spec.file);
  const unusable = (message: string) => {
    builder.log.fileProblem(spec.file, spec.required ? 'error' : 'warning', message);
    builder.markUnavailable(object, `${spec.file} ${message}`);
  };
  if (!fs.existsSync(file)) {
    if (spec.required)
      unusable(`is missing from ${folder}. Create it with: ${exportCommand(object)}`);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file));
  } catch (error) {
    unusable(`could not be read as JSON (${errorMessage(error)}).`);
    return;
  }
  const extracted = extractRecords(parsed);
  if ('error' in extracted) {
    unusable(extracted.error);
    return;
  }
  const otherType = wrongObjectType(extracted.records, object);
  if (otherType) {
    unusable(
      `holds ${otherType} records; expected ${object}. Create it with: ${exportCommand(object)}`
    );
    return;
  }
  if (extracted.totalSize !== null && extracted.totalSize > extracted.records.length) {
    builder.log.fileProblem(
      spec.file,
      'warning',
      `holds ${extracted.records.length} of ${extracted.totalSize} records: sf data query stopped at its record limit. ` +
        `Set SF_ORG_MAX_QUERY_LIMIT=${extracted.totalSize} and export again.`
    );
  }
  builder.addRecords(object, extracted.records);
}

/**
 * Reads every export file in a folder. Throws only when the folder itself
 * cannot be read; file and record problems end up in OrgData.problems.
 */
export function readExportFolder(folder: string): OrgData {
  const resolved = path.resolve(folder);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
    throw new Error(`--data ${folder}: no such folder.`);
  }
  const builder = new OrgDataBuilder();
  for (const object of EXPORT_OBJECTS) readObjectFile(builder, resolved, object);
  return builder.build(`export in ${resolved}`);
}
