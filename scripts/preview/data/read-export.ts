/**
 * Reads a user's export folder: one file per object (see EXPORT_FILES), either
 * `sf data query --json` output (<Object>.json), `sf data export bulk` JSON
 * (<Object>.json holding an array) or `sf data export bulk` CSV (<Object>.csv).
 * Files are stream-parsed chunk by chunk, so size is bounded by the rows kept,
 * not by the file (Node cannot hold a string of more than about 512 MB).
 * Whatever can be read is served; each problem is named by file and field, and
 * an object that cannot be read at all is marked unavailable so the Apex calls
 * that need it answer with that reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXPORT_FILES,
  EXPORT_OBJECTS,
  bulkExportCommand,
  csvFileName,
  exportCommand,
  type ExportObject,
  type SfRecord
} from './sf-export-format';
import {
  OrgDataBuilder,
  SCHEMAS,
  plausibleLoginTimes,
  type ObjectReading,
  type OrgData
} from './org-data';
import type { ProgressListener } from './file-chunks';
import { createProgressReporter } from './read-progress';
import { streamJsonExport } from './json-export-stream';
import { streamCsvExport } from './csv-export-stream';
import { FlatRecordReader } from './flat-record';
import type { FieldSpec } from './record-schema';

/** Records, or the reason a file's content is not query results. */
type Extracted = { records: SfRecord[]; totalSize: number | null } | { error: string };

export interface ReadExportOptions {
  /**
   * When the export is read (epoch ms, default now). A LoginTime more than a
   * day later, or before 2000, is reported and left out (plausibleLoginTimes).
   */
  readAt?: number;
  /** Progress of each file; by default throttled lines on stderr for big files; null for none. */
  progress?: ProgressListener | null;
}

const NOT_QUERY_OUTPUT =
  'has no "result.records" array; expected the output of "sf data query --json".';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Finds the records in parsed `sf data query --json` output (or a bare query result). */
export function extractRecords(parsed: unknown): Extracted {
  if (!parsed || typeof parsed !== 'object') {
    return { error: 'is not a JSON object; expected the output of "sf data query --json".' };
  }
  const output = parsed as { status?: unknown; message?: unknown; result?: unknown };
  if (typeof output.status === 'number' && output.status !== 0) {
    return { error: cliError(output.status, output.message) };
  }
  const result = (output.result ?? parsed) as { records?: unknown; totalSize?: unknown };
  if (!Array.isArray(result.records)) return { error: NOT_QUERY_OUTPUT };
  const records = result.records.filter(
    (record): record is SfRecord => !!record && typeof record === 'object'
  );
  const totalSize = typeof result.totalSize === 'number' ? result.totalSize : null;
  return { records, totalSize };
}

function cliError(status: number, message: unknown): string {
  const detail = typeof message === 'string' ? `: ${message}` : '';
  return `holds an sf CLI error (status ${status}) instead of query results${detail}`;
}

/** Thrown from inside the parser when the first typed record is of another object. */
class WrongObjectError extends Error {
  constructor(readonly type: string) {
    super(`holds ${type} records`);
  }
}

/** Reading one object's file: where problems and rows go. */
interface FileContext {
  builder: OrgDataBuilder;
  object: ExportObject;
  file: string;
  filePath: string;
  progress?: ProgressListener;
  /** Marks the object unavailable and reports why. */
  unusable(message: string): void;
}

function readJsonFile(context: FileContext): void {
  const { builder, object, file, filePath } = context;
  const reading = builder.beginObject(object);
  const flat = new FlatRecordReader(SCHEMAS[object], object);
  let otherTypes = 0;
  let summary;
  try {
    summary = streamJsonExport(
      filePath,
      file,
      (record, shape) => {
        if (shape === 'bulk-array') {
          reading.add(flat.read(record));
          return;
        }
        const type = record.attributes?.type;
        if (type && type !== object) {
          if (reading.count === 0) throw new WrongObjectError(type);
          otherTypes += 1;
          return;
        }
        reading.add(record);
      },
      context.progress
    );
  } catch (error) {
    reading.discard();
    if (error instanceof WrongObjectError) {
      context.unusable(
        `holds ${error.type} records; expected ${object}. Create it with: ${exportCommand(object)}`
      );
    } else {
      context.unusable(`could not be read as JSON (${errorMessage(error)}).`);
    }
    return;
  }
  if (summary.status !== null && summary.status !== 0) {
    reading.discard();
    context.unusable(cliError(summary.status, summary.message));
    return;
  }
  if (summary.shape === 'other') {
    reading.discard();
    context.unusable('is not a JSON object; expected the output of "sf data query --json".');
    return;
  }
  if (summary.shape === 'query-output' && !summary.hasRecordsArray) {
    reading.discard();
    context.unusable(NOT_QUERY_OUTPUT);
    return;
  }
  if (otherTypes > 0) {
    builder.log.fileProblem(
      file,
      'warning',
      `holds ${otherTypes} records of another object than ${object}; they were skipped.`
    );
  }
  if (summary.totalSize !== null && summary.totalSize > summary.records) {
    builder.log.fileProblem(
      file,
      'warning',
      `holds ${summary.records} of ${summary.totalSize} records: sf data query stopped at its record limit. ` +
        `Set SF_ORG_MAX_QUERY_LIMIT=${summary.totalSize} and export again, or use: ${bulkExportCommand(object)}`
    );
  }
  finish(context, reading);
}

/** The schema fields a record cannot do without (no fallback), as column names. */
function requiredColumns(object: ExportObject): string[] {
  return (Object.values(SCHEMAS[object].fields) as FieldSpec[])
    .filter((spec) => !('fallback' in spec))
    .map((spec) => spec.path);
}

function readCsvFile(context: FileContext): void {
  const { builder, object, file, filePath } = context;
  const reading = builder.beginObject(object);
  const flat = new FlatRecordReader(SCHEMAS[object], object);
  const badRows = { count: 0, first: 0, cells: 0, expected: 0 };
  let summary;
  try {
    summary = streamCsvExport(
      filePath,
      file,
      (row) => reading.add(flat.read(row)),
      (rowNumber, cells, expected) => {
        if (badRows.count === 0) Object.assign(badRows, { first: rowNumber, cells, expected });
        badRows.count += 1;
      },
      context.progress
    );
  } catch (error) {
    reading.discard();
    context.unusable(`could not be read as CSV (${errorMessage(error)}).`);
    return;
  }
  const present = new Set(summary.columns.map((column) => column.toLowerCase()));
  const missing = requiredColumns(object).filter((column) => !present.has(column.toLowerCase()));
  if (missing.length) {
    reading.discard();
    context.unusable(
      `has no ${missing.map((column) => `"${column}"`).join(', ')} column${missing.length === 1 ? '' : 's'}. ` +
        `Create it with: ${bulkExportCommand(object)}`
    );
    return;
  }
  if (badRows.count) {
    builder.log.fileProblem(
      file,
      'warning',
      `has ${badRows.count} rows with the wrong number of values (first: data row ${badRows.first}, ` +
        `${badRows.cells} values for ${badRows.expected} columns); they were skipped.`
    );
  }
  finish(context, reading);
}

function finish(context: FileContext, reading: ObjectReading): void {
  reading.commit();
  if (context.progress) {
    const totalBytes = fs.statSync(context.filePath).size;
    context.progress({
      file: context.file,
      bytesRead: totalBytes,
      totalBytes,
      records: reading.count,
      done: true
    });
  }
}

/** Reads one object's file (JSON first, else CSV), or reports it missing. */
function readObjectFile(
  builder: OrgDataBuilder,
  folder: string,
  object: ExportObject,
  progress?: ProgressListener
): void {
  const spec = EXPORT_FILES[object];
  const jsonPath = path.join(folder, spec.file);
  const csvPath = path.join(folder, csvFileName(object));
  const hasJson = fs.existsSync(jsonPath);
  const hasCsv = fs.existsSync(csvPath);
  if (!hasJson && !hasCsv) {
    if (spec.required) {
      builder.log.fileProblem(
        spec.file,
        'error',
        `is missing from ${folder}. Create it with: ${exportCommand(object)}`
      );
      builder.markUnavailable(
        object,
        `${spec.file} is missing from ${folder}. Create it with: ${exportCommand(object)}`
      );
    } else if ('whenMissing' in spec && spec.whenMissing) {
      builder.log.fileProblem(
        spec.file,
        'warning',
        `is missing from ${folder}, ${spec.whenMissing}. Create it with: ${exportCommand(object)}`
      );
    }
    return;
  }
  const file = hasJson ? spec.file : csvFileName(object);
  if (hasJson && hasCsv) {
    builder.log.fileProblem(
      csvFileName(object),
      'warning',
      `was not read: ${spec.file} is in the same folder and was read instead. Keep one of the two.`
    );
  }
  const context: FileContext = {
    builder,
    object,
    file,
    filePath: hasJson ? jsonPath : csvPath,
    progress,
    unusable: (message) => {
      builder.log.fileProblem(file, spec.required ? 'error' : 'warning', message);
      builder.markUnavailable(object, `${file} ${message}`);
    }
  };
  if (hasJson) readJsonFile(context);
  else readCsvFile(context);
}

/**
 * Reads every export file in a folder. Throws only when the folder itself
 * cannot be read; file and record problems end up in OrgData.problems.
 */
export function readExportFolder(folder: string, options: ReadExportOptions = {}): OrgData {
  const resolved = path.resolve(folder);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) {
    throw new Error(`--data ${folder}: no such folder.`);
  }
  const readAt = options.readAt ?? Date.now();
  const progress =
    options.progress === undefined ? createProgressReporter() : (options.progress ?? undefined);
  const builder = new OrgDataBuilder({ loginTimeBounds: plausibleLoginTimes(readAt) });
  for (const object of EXPORT_OBJECTS) readObjectFile(builder, resolved, object, progress);
  return builder.build(`export in ${resolved}`);
}
