/**
 * The stand-in's answers for the export objects (export-org.ts): REST query
 * with query locators, and Bulk API 2.0 query jobs, as Salesforce documents
 * them. Each rule names its page; "unverified" marks what the pages leave open
 * (the stand-in then takes the strict side).
 *
 * REST query (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_query_more_results.htm):
 * at most 2,000 records per response, then `done: false` and a
 * `nextRecordsUrl` (/services/data/vXX.X/query/<locator>) to the next batch.
 * COUNT() answers `totalSize` with no records (SOQL COUNT(): unverified shape
 * beyond totalSize/done/records).
 *
 * Bulk API 2.0 query jobs (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm):
 * - POST /jobs/query {operation: 'query', query} → job info, state UploadComplete
 *   ("Create a Query Job"). Refused: GROUP BY, LIMIT, ORDER BY, OFFSET,
 *   TYPEOF and aggregate functions such as COUNT() (the query-job page lists them).
 * - GET /jobs/query/{id} → state UploadComplete | InProgress | JobComplete |
 *   Failed | Aborted ("Job States":
 *   https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_bulk_v2/bulk_api_2_job_states.htm);
 *   a Failed job carries errorMessage.
 * - GET /jobs/query/{id}/results[?locator=&maxRecords=] → CSV; headers
 *   Sforce-Locator (next set, the string "null" after the last) and
 *   Sforce-NumberOfRecords; a locator can be read again as long as the job
 *   exists; the job must be JobComplete; a different API version than the
 *   job's answers 409 ("Get Results for a Query Job":
 *   https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm).
 * - DailyBulkV2QueryJobs: 10,000 query jobs per rolling 24 hours, shown by /limits
 *   (Bulk API 2.0 limits page, https://developer.salesforce.com/docs/atlas.en-us.228.0.api_bulk_v2.meta/api_bulk_v2/bulk_api_2_limits.htm).
 * Unverified, strict side: the error codes of a refused job query and of
 * results asked before JobComplete (400 API_ERROR here); how many records a
 * results request returns without maxRecords (100,000 here); how a null value
 * is written in the CSV (an empty, unquoted cell here).
 */
import { ApiError } from './fake-org';
import { MalformedQueryError, parseSoql, type ParsedQuery } from './mini-soql';
import { isExportObject, valueAt, type ExportOrg } from './export-org';
import type { ExportObject, SfRecord } from '../../preview/data/sf-export-format';
import { sfAttributes, toSfDateTime } from '../../preview/data/sf-export-format';

/** Records per REST query response (the documented default batch). */
export const REST_QUERY_BATCH = 2000;
/** Records per Bulk results request when maxRecords is not given (unverified). */
export const BULK_DEFAULT_MAX_RECORDS = 100_000;
/** Rows per piece of a streamed CSV answer. */
const CSV_CHUNK_ROWS = 1000;
/** DailyBulkV2QueryJobs Max. */
export const BULK_QUERY_JOBS_PER_DAY = 10_000;

const HTTP_OK = 200;
const HTTP_BAD_REQUEST = 400;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;

/** A reply; `text` with `headers` for CSV, `body` for JSON. */
export interface RouteReply {
  status: number;
  body?: unknown;
  text?: string;
  /** A long text answer generated piece by piece. */
  chunks?: Iterable<string>;
  headers?: Record<string, string>;
}

type Selection = { logins: Int32Array } | { records: SfRecord[] };

interface Cursor {
  query: ParsedQuery;
  object: ExportObject;
  selection: Selection;
}

/** A Bulk API 2.0 query job as the stand-in keeps it. */
export interface BulkJob {
  id: string;
  object: ExportObject;
  query: ParsedQuery;
  soql: string;
  apiVersion: string;
  createdById: string;
  state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  errorMessage?: string;
  pollsLeft: number;
  selection: Selection | null;
  viewerId: string;
}

/** Fault knobs of the export routes. */
export interface ExportFaults {
  /** The next query job created ends Failed with this errorMessage. */
  failNextJob: string | null;
  /** The next query job created is aborted (as by a user with Manage Data Integrations). */
  abortNextJob: boolean;
  /** Status polls answered InProgress before a job completes. */
  jobPolls: number;
}

function selectionSize(selection: Selection): number {
  return 'logins' in selection ? selection.logins.length : selection.records.length;
}

function malformed(error: unknown): never {
  if (error instanceof MalformedQueryError)
    throw new ApiError(HTTP_BAD_REQUEST, 'MALFORMED_QUERY', error.message);
  throw error;
}

/** A record (or LoginHistory row) for the REST API: nested relationships, REST date-times. */
function restRecord(
  exportOrg: ExportOrg,
  object: ExportObject,
  selection: Selection,
  index: number,
  fields: readonly string[]
): SfRecord {
  const record =
    'logins' in selection
      ? exportOrg.loginRecord(selection.logins[index])
      : selection.records[index];
  const out: SfRecord = { attributes: sfAttributes(object, String(record.Id)) };
  for (const field of fields) {
    const segments = field.split('.');
    if (segments.length === 1) {
      out[field] = restValue(object, field, record[field]);
      continue;
    }
    // Relationship fields: a nested record, or null when the lookup is empty.
    const top = record[segments[0]] as SfRecord | null | undefined;
    if (top === null || top === undefined) {
      out[segments[0]] = null;
      continue;
    }
    let target = (out[segments[0]] ??= {
      attributes: top.attributes ?? { type: segments[0] }
    }) as SfRecord;
    let source: SfRecord | null = top;
    for (let i = 1; i < segments.length - 1 && source; i++) {
      source = (source[segments[i]] as SfRecord | null) ?? null;
      if (!source) {
        target[segments[i]] = null;
        break;
      }
      target = (target[segments[i]] ??= { attributes: source.attributes }) as SfRecord;
    }
    if (source)
      target[segments[segments.length - 1]] = source[segments[segments.length - 1]] ?? null;
  }
  return out;
}

function restValue(object: ExportObject, field: string, value: unknown): unknown {
  if (object === 'LoginHistory' && field === 'LoginTime') return toSfDateTime(value as number);
  return value === undefined ? null : value;
}

/** A CSV cell as Bulk API 2.0 writes it: quoted, quotes doubled; null as an empty cell. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return `"${String(value).replace(/"/g, '""')}"`;
}

const REST_DATE_TIME_LENGTH = '2026-05-01T12:34:56.000+0000'.length;

/** Bulk date-times: 2026-05-01T12:34:56.000Z. */
function bulkValue(object: ExportObject, field: string, value: unknown): unknown {
  if (object === 'LoginHistory' && field === 'LoginTime')
    return new Date(value as number).toISOString();
  // REST date-times (…T12:34:56.000+0000) are written the Bulk way (…T12:34:56.000Z).
  if (
    typeof value === 'string' &&
    value.length === REST_DATE_TIME_LENGTH &&
    value[10] === 'T' &&
    value.endsWith('+0000')
  )
    return `${value.slice(0, -5)}Z`;
  return value;
}

/** The export-object routes of one stand-in org. */
export class ExportRoutes {
  private readonly cursors = new Map<string, Cursor>();
  private readonly jobs = new Map<string, BulkJob>();
  private counter = 0;
  readonly faults: ExportFaults = { failNextJob: null, abortNextJob: false, jobPolls: 1 };
  bulkJobsToday = 0;

  constructor(private readonly exportOrg: ExportOrg) {}

  /** Whether a SOQL text targets an export object (the other queries stay with the FakeOrg). */
  handlesQuery(soql: string): boolean {
    const object = /\bFROM\s+(\w+)/i.exec(soql)?.[1];
    return !!object && isExportObject(object);
  }

  private parse(soql: string): { query: ParsedQuery; object: ExportObject } {
    let query: ParsedQuery;
    try {
      query = parseSoql(soql);
    } catch (error) {
      malformed(error);
    }
    if (!isExportObject(query.object)) {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'INVALID_TYPE',
        `sObject type '${query.object}' is not supported.`
      );
    }
    if (query.orderBy || query.limit !== null) {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'MALFORMED_QUERY',
        'the stand-in models no ORDER BY or LIMIT on export objects'
      );
    }
    return { query, object: query.object };
  }

  /** GET /query?q= on an export object. */
  query(soql: string, viewerId: string, base: string): RouteReply {
    const { query, object } = this.parse(soql);
    const selection = this.exportOrg.select(object, query.fields, query.where, viewerId);
    if (query.count) {
      return {
        status: HTTP_OK,
        body: { totalSize: selectionSize(selection), done: true, records: [] }
      };
    }
    const id = `01g${String(++this.counter).padStart(12, '0')}`;
    this.cursors.set(id, { query, object, selection });
    return this.page(id, 0, base);
  }

  /** GET /query/<locator>-<offset>: the next batch of a query. */
  queryMore(locator: string, base: string): RouteReply {
    const match = /^(\w+)-(\d+)$/.exec(locator);
    const cursor = match && this.cursors.get(match[1]);
    if (!match || !cursor) {
      throw new ApiError(HTTP_BAD_REQUEST, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return this.page(match[1], Number(match[2]), base);
  }

  private page(id: string, offset: number, base: string): RouteReply {
    const cursor = this.cursors.get(id)!;
    const total = selectionSize(cursor.selection);
    const end = Math.min(total, offset + REST_QUERY_BATCH);
    const records: SfRecord[] = [];
    for (let i = offset; i < end; i++) {
      records.push(
        restRecord(this.exportOrg, cursor.object, cursor.selection, i, cursor.query.fields)
      );
    }
    const done = end >= total;
    if (done) this.cursors.delete(id);
    return {
      status: HTTP_OK,
      body: {
        totalSize: total,
        done,
        ...(done ? {} : { nextRecordsUrl: `${new URL(base).pathname}/query/${id}-${end}` }),
        records
      }
    };
  }

  /** POST /jobs/query. */
  createJob(body: unknown, viewerId: string, apiVersion: string): RouteReply {
    const request = (body ?? {}) as { operation?: unknown; query?: unknown };
    if (request.operation !== 'query' && request.operation !== 'queryAll') {
      throw new ApiError(HTTP_BAD_REQUEST, 'API_ERROR', 'operation must be query or queryAll');
    }
    if (typeof request.query !== 'string') {
      throw new ApiError(HTTP_BAD_REQUEST, 'API_ERROR', 'query is required');
    }
    if (/\b(GROUP\s+BY|OFFSET|TYPEOF|ORDER\s+BY|LIMIT)\b|\bCOUNT\s*\(/i.test(request.query)) {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'API_ERROR',
        'Bulk API 2.0 query jobs do not support GROUP BY, LIMIT, ORDER BY, OFFSET, TYPEOF or aggregate functions'
      );
    }
    const { query, object } = this.parse(request.query);
    // Access and fields are checked when the job is created, as a REST query would (unverified timing).
    this.exportOrg.checkQuery(object, query.fields, query.where, viewerId);
    if (this.bulkJobsToday >= BULK_QUERY_JOBS_PER_DAY) {
      throw new ApiError(HTTP_BAD_REQUEST, 'API_ERROR', 'DailyBulkV2QueryJobs exceeded');
    }
    this.bulkJobsToday += 1;
    const id = `750${String(++this.counter).padStart(12, '0')}`;
    const job: BulkJob = {
      id,
      object,
      query,
      soql: request.query,
      apiVersion,
      createdById: viewerId,
      state: 'UploadComplete',
      pollsLeft: this.faults.jobPolls,
      selection: null,
      viewerId
    };
    if (this.faults.failNextJob !== null) {
      job.errorMessage = this.faults.failNextJob;
      this.faults.failNextJob = null;
    }
    this.jobs.set(id, job);
    const reply = { status: HTTP_OK, body: this.jobInfo(job) };
    if (this.faults.abortNextJob) {
      this.faults.abortNextJob = false;
      job.state = 'Aborted';
    }
    return reply;
  }

  private jobInfo(job: BulkJob): Record<string, unknown> {
    return {
      id: job.id,
      operation: 'query',
      object: job.object,
      createdById: job.createdById,
      state: job.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.apiVersion),
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      ...(job.state === 'JobComplete' && job.selection
        ? { numberRecordsProcessed: selectionSize(job.selection) }
        : {}),
      ...(job.state === 'Failed' ? { errorMessage: job.errorMessage } : {})
    };
  }

  private job(id: string): BulkJob {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError(HTTP_NOT_FOUND, 'NOT_FOUND', `No query job ${id}`);
    return job;
  }

  /** GET /jobs/query/{id}: moves the job on one step per poll. */
  jobStatus(id: string): RouteReply {
    const job = this.job(id);
    if (job.state === 'UploadComplete') job.state = 'InProgress';
    else if (job.state === 'InProgress') {
      if (job.pollsLeft > 1) job.pollsLeft -= 1;
      else if (job.errorMessage !== undefined) job.state = 'Failed';
      else {
        job.selection = this.exportOrg.select(
          job.object,
          job.query.fields,
          job.query.where,
          job.viewerId
        );
        job.state = 'JobComplete';
      }
    }
    return { status: HTTP_OK, body: this.jobInfo(job) };
  }

  /**
   * PATCH /jobs/query/{id} {state: 'Aborted'}: "To abort a job, you must be the
   * job's creator or have the Manage Data Integrations permission. You can only
   * abort jobs that are in the following states: UploadComplete, InProgress"
   * (https://developer.salesforce.com/docs/platform/api-asynch/guide/query-abort-job.md).
   * The error codes of a refusal are unverified.
   */
  abortJob(id: string, body: unknown, viewerId: string): RouteReply {
    const job = this.job(id);
    if ((body as { state?: unknown })?.state !== 'Aborted') {
      throw new ApiError(HTTP_BAD_REQUEST, 'API_ERROR', 'only state Aborted can be set');
    }
    if (
      job.createdById !== viewerId &&
      !this.exportOrg.hasPermission(viewerId, 'ManageDataIntegrations')
    ) {
      throw new ApiError(
        HTTP_FORBIDDEN,
        'INSUFFICIENT_ACCESS',
        'Only the creator of a job, or a user with Manage Data Integrations, can abort it.'
      );
    }
    if (job.state !== 'UploadComplete' && job.state !== 'InProgress') {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'INVALIDJOBSTATE',
        `Job ${id} is ${job.state}: only UploadComplete or InProgress jobs can be aborted.`
      );
    }
    job.state = 'Aborted';
    return { status: HTTP_OK, body: this.jobInfo(job) };
  }

  /** The state of a query job, null for an unknown Id (tests). */
  jobState(id: string): string | null {
    return this.jobs.get(id)?.state ?? null;
  }

  /** GET /jobs/query/{id}/results. */
  results(id: string, search: URLSearchParams, apiVersion: string): RouteReply {
    const job = this.job(id);
    if (job.apiVersion !== apiVersion) {
      throw new ApiError(
        HTTP_CONFLICT,
        'API_ERROR',
        'Use the API version the job was created with.'
      );
    }
    if (job.state !== 'JobComplete' || !job.selection) {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'API_ERROR',
        `The job is ${job.state}, not JobComplete.`
      );
    }
    const maxText = search.get('maxRecords');
    const maxRecords = maxText === null ? BULK_DEFAULT_MAX_RECORDS : Number(maxText);
    if (!Number.isInteger(maxRecords) || maxRecords < 1) {
      throw new ApiError(
        HTTP_BAD_REQUEST,
        'API_ERROR',
        `maxRecords must be a positive whole number: ${maxText}`
      );
    }
    const locator = search.get('locator');
    let offset = 0;
    if (locator !== null) {
      const decoded = Buffer.from(locator, 'base64url').toString();
      if (!/^\d+$/.test(decoded))
        throw new ApiError(HTTP_BAD_REQUEST, 'API_ERROR', `invalid locator ${locator}`);
      offset = Number(decoded);
    }
    const total = selectionSize(job.selection);
    const end = Math.min(total, offset + maxRecords);
    const fields = job.query.fields;
    const simple = fields.map((f) => !f.includes('.'));
    const selection = job.selection;
    const exportOrg = this.exportOrg;
    const line = (i: number): string => {
      const record =
        'logins' in selection ? exportOrg.loginRecord(selection.logins[i]) : selection.records[i];
      let text = '';
      for (let f = 0; f < fields.length; f++) {
        const value = simple[f] ? (record[fields[f]] ?? null) : valueAt(record, fields[f]);
        text += `${f ? ',' : ''}${csvCell(bulkValue(job.object, fields[f], value))}`;
      }
      return text;
    };
    function* chunks(): Generator<string> {
      yield `${fields.map((f) => csvCell(f)).join(',')}\n`;
      for (let start = offset; start < end; start += CSV_CHUNK_ROWS) {
        let text = '';
        for (let i = start; i < Math.min(end, start + CSV_CHUNK_ROWS); i++) text += `${line(i)}\n`;
        yield text;
      }
    }
    return {
      status: HTTP_OK,
      chunks: chunks(),
      headers: {
        'content-type': 'text/csv',
        'sforce-locator': end >= total ? 'null' : Buffer.from(String(end)).toString('base64url'),
        'sforce-numberofrecords': String(end - offset)
      }
    };
  }

  /** Routes one /services/data request, or returns null when it is not an export-object request. */
  route(
    method: string,
    resource: string,
    search: URLSearchParams,
    body: unknown,
    viewerId: string,
    apiVersion: string,
    base: string
  ): RouteReply | null {
    if (method === 'GET' && resource === '/query') {
      const soql = search.get('q') ?? '';
      return this.handlesQuery(soql) ? this.query(soql, viewerId, base) : null;
    }
    const more = /^\/query\/(01g[\w-]+)$/.exec(resource);
    if (method === 'GET' && more) return this.queryMore(more[1], base);
    if (method === 'POST' && resource === '/jobs/query')
      return this.createJob(body, viewerId, apiVersion);
    const job = /^\/jobs\/query\/(\w+)(\/results)?$/.exec(resource);
    if (job && method === 'GET' && job[2]) return this.results(job[1], search, apiVersion);
    if (job && method === 'GET') return this.jobStatus(job[1]);
    if (job && method === 'PATCH' && !job[2]) return this.abortJob(job[1], body, viewerId);
    return null;
  }
}
