/**
 * The two ways the pull reads an object, page by page:
 *
 * REST query: GET /query?q=<SOQL>, then each `nextRecordsUrl` until `done`.
 * A response holds at most 2,000 records ("If the number of results ...
 * exceeds the 2,000 record limit, the response contains the first set of
 * 2,000 results, a false value for done, and a query locator",
 * https://developer.salesforce.com/docs/atlas.en-us.240.0.api_rest.meta/api/resources_query_more_results.htm),
 * so a REST collector spends one request per 2,000 rows.
 *
 * Bulk API 2.0 query job (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm):
 * 1. create: POST /jobs/query {operation: 'query', query} ("Create a Query
 *    Job": no GROUP BY, LIMIT, ORDER BY, OFFSET, TYPEOF or aggregate functions
 *    such as COUNT(); child-to-parent relationship fields are supported,
 *    https://developer.salesforce.com/docs/platform/api-asynch/guide/query-create-job.md);
 * 2. poll: GET /jobs/query/{id} until the state is JobComplete; Failed ("The
 *    job couldn't be processed successfully") and Aborted ("canceled by the
 *    job creator, or by a user with the Manage Data Integrations permission")
 *    end it ("Job States",
 *    https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_bulk_v2/bulk_api_2_job_states.htm);
 * 3. results: GET /jobs/query/{id}/results?maxRecords=N[&locator=L], CSV, with
 *    the next set's locator in the Sforce-Locator header and the string
 *    "null" after the last set; "As long as the associated job exists, the
 *    locator string for a set of results does not change. You can use the
 *    locator to retrieve a set of results multiple times" — which is what lets
 *    a dropped page be read again; the same API version as the job's must be
 *    used, else 409 ("Get Results for a Query Job",
 *    https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm).
 * Each query job counts toward DailyBulkV2QueryJobs (10,000 per rolling 24 hours).
 * 4. abort: when the pull stops waiting for a job that is still UploadComplete or
 *    InProgress (the budget, a timeout, a dropped connection, Ctrl-C), it aborts it with
 *    PATCH /jobs/query/{id} {"state": "Aborted"}
 *    (https://developer.salesforce.com/docs/platform/api-asynch/guide/query-abort-job.md),
 *    with the request the budget kept for it from before the job was created. A
 *    completed job cannot be aborted: one stopped while its results are read stays.
 */
import type { SfRecord } from '../../preview/data/sf-export-format';
import type { OrgClient } from './org-client';
import {
  ExpiredLoginError,
  QueryJobError,
  SalesforceError,
  UnreachableOrgError
} from './pull-errors';

/**
 * How the pull sizes its reads. Tests lower these to reach the Bulk path and
 * several results pages with a small stand-in org.
 */
export const QUERY_SIZES = {
  /** Above this many rows User and LoginHistory are read with Bulk API 2.0 (issue 14). */
  bulkThresholdRows: 10_000,
  /** Rows per Bulk results request (maxRecords): each request is one API call; rows are streamed. */
  bulkMaxRecords: 50_000
};
/** Waits between job status polls: first, then doubling up to the last. */
export const POLL_DELAYS_MS = { first: 250, max: 10_000 };
/** Give up on a job that has not completed after this long. */
export const JOB_TIMEOUT_MS = 30 * 60_000;

interface QueryAnswer {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SfRecord[];
}

/** SELECT COUNT() ...: the number of rows (one request). */
export async function countRows(client: OrgClient, soql: string): Promise<number> {
  const answer = await client.json<QueryAnswer>('GET', `/query?q=${encodeURIComponent(soql)}`);
  return answer.totalSize;
}

/** Runs a REST query, handing over each batch of records. */
export async function restQuery(
  client: OrgClient,
  soql: string,
  onPage: (records: SfRecord[]) => void
): Promise<number> {
  let answer = await client.json<QueryAnswer>('GET', `/query?q=${encodeURIComponent(soql)}`);
  let rows = 0;
  for (;;) {
    const records = answer.records.map(
      ({ attributes: _attributes, ...fields }) => fields as SfRecord
    );
    rows += records.length;
    onPage(records);
    if (answer.done || !answer.nextRecordsUrl) return rows;
    answer = await client.json<QueryAnswer>('GET', answer.nextRecordsUrl);
  }
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
}

export interface BulkQueryHooks {
  /**
   * Each row as { column: cell text }, streamed. The object is reused for the
   * next row: read it before returning.
   */
  onRow(row: Record<string, string>): void;
  /** After each results page. */
  onPage?(rowsSoFar: number): void;
  /** Called while waiting for the job. */
  onState?(state: string): void;
  /** Waits between polls (tests pass a faster schedule). */
  pollDelays?: { first: number; max: number };
}

const ABORTABLE_STATES = new Set(['UploadComplete', 'InProgress']);

/** Whether the pull could still reach the org to abort a job after this error. */
function canStillAsk(error: unknown): boolean {
  return !(
    error instanceof ExpiredLoginError ||
    error instanceof UnreachableOrgError ||
    (error instanceof SalesforceError && error.errorCode === 'REQUEST_LIMIT_EXCEEDED')
  );
}

/**
 * Polls a job until JobComplete. Failed and Aborted end it with QueryJobError;
 * when the pull stops waiting otherwise (the budget, a timeout, a dropped
 * connection, an interruption: the wait between polls ends at once), a job
 * still UploadComplete or InProgress is aborted first.
 */
async function waitForJob(client: OrgClient, job: JobInfo, hooks: BulkQueryHooks): Promise<void> {
  const delays = hooks.pollDelays ?? POLL_DELAYS_MS;
  const started = Date.now();
  let info = job;
  let delay = 0;
  try {
    while (info.state !== 'JobComplete') {
      client.throwIfInterrupted();
      if (info.state === 'Failed' || info.state === 'Aborted') {
        throw new QueryJobError(
          `Bulk API 2.0 query job ${job.id} ended ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}`
        );
      }
      if (Date.now() - started > JOB_TIMEOUT_MS) {
        throw new QueryJobError(
          `Bulk API 2.0 query job ${job.id} did not complete in ${JOB_TIMEOUT_MS / 60_000} minutes`
        );
      }
      if (delay) await client.pause(delay);
      delay = delay ? Math.min(delay * 2, delays.max) : delays.first;
      info = await client.json<JobInfo>('GET', `/jobs/query/${job.id}`);
      hooks.onState?.(info.state);
    }
  } catch (error) {
    if (ABORTABLE_STATES.has(info.state) && canStillAsk(error)) await client.abortQueryJob(job.id);
    throw error;
  }
}

/**
 * Runs a Bulk API 2.0 query job to the end; returns the rows handed over.
 * A page asked again after a dropped connection repeats rows already handed
 * over; they are recognised by Id within the page and dropped, so no row is
 * handed over twice (the query must select Id).
 */
export async function bulkQuery(
  client: OrgClient,
  soql: string,
  hooks: BulkQueryHooks
): Promise<number> {
  // From the job's creation until it completes, one request stays in reserve to abort it.
  client.reserve = 1;
  let job: JobInfo;
  try {
    job = await client.createQueryJob<JobInfo>({ operation: 'query', query: soql });
    await waitForJob(client, job, hooks);
  } finally {
    client.reserve = 0;
  }
  let locator: string | null = null;
  let rows = 0;
  const pageIds = new Set<string>();
  const row: Record<string, string> = {};
  let pageNumber = 0;
  do {
    pageNumber += 1;
    const query = `maxRecords=${QUERY_SIZES.bulkMaxRecords}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
    pageIds.clear();
    let idColumn = -1;
    const page = await client.csvPage(
      `/jobs/query/${job.id}/results?${query}`,
      (cells, columns) => {
        // A row that does not fit the header would be lost unseen: name the page instead.
        if (cells.length !== columns.length) {
          throw new QueryJobError(
            `results page ${pageNumber} of Bulk API 2.0 query job ${job.id} has a row of ${cells.length} values, not ${columns.length}`
          );
        }
        if (idColumn < 0) {
          idColumn = columns.findIndex((column) => column.toLowerCase() === 'id');
          if (idColumn < 0)
            throw new QueryJobError('Bulk results without an Id column cannot be resumed safely');
        }
        const id = cells[idColumn];
        if (pageIds.has(id)) return;
        pageIds.add(id);
        for (let i = 0; i < cells.length; i++) row[columns[i]] = cells[i];
        rows += 1;
        hooks.onRow(row);
      }
    );
    hooks.onPage?.(rows);
    locator = page.nextLocator;
  } while (locator !== null);
  return rows;
}
