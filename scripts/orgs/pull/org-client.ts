/**
 * The pull's HTTP client over a jsforce Connection (from connectWithSfLogin,
 * or a stand-in in tests): it takes the Connection's instance URL, access
 * token and API version, and sends every request itself so that each one is
 * counted against the API budget and a dropped connection can be retried.
 *
 * - Every request first passes the budget (api-budget.ts); /limits is read
 *   again every LIMITS_REFRESH_CALLS requests.
 * - A connection that drops (before an answer, or halfway through one) is
 *   retried with the same request up to MAX_ATTEMPTS times (a results page
 *   with the same locator: its rows already handed over are dropped by Id).
 * - 401 INVALID_SESSION_ID ("Session expired or invalid") asks the
 *   Connection to refresh its login when it can (@salesforce/core's
 *   Connection.refreshAuth, which uses the sf CLI's stored refresh token) and
 *   sends the request once more; otherwise, or if it fails again, the org's
 *   login has expired.
 * - Each answer's Sforce-Limit-Info header (api-usage=used/max) updates the
 *   budget between /limits reads (api-budget.ts).
 * - While a Bulk API 2.0 query job of the pull can still be aborted, one request
 *   of the budget is kept for abortQueryJob (`reserve`).
 * - The pull's AbortSignal (Ctrl-C) ends the request in flight and every wait
 *   at once with InterruptedError; two requests outlive it for a short while
 *   (INTERRUPT_TIMEOUTS): the abort of an open query job, and the creation of
 *   one already sent (so that its Id is known and it can be aborted).
 */
import type { Connection } from '@jsforce/jsforce-node';
import { CsvRowParser } from '../../preview/data/csv-export-stream';
import { setTimeout as wait } from 'node:timers/promises';
import { ApiBudget } from './api-budget';
import {
  DroppedConnectionError,
  ExpiredLoginError,
  SalesforceError,
  UnreachableOrgError,
  errorText,
  interruptionOf,
  isUnreachable,
  networkCode
} from './pull-errors';

/** Attempts per request when the connection drops. */
export const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;
const HTTP_UNAUTHORIZED = 401;
const HTTP_BAD_REQUEST = 400;
const LIMIT_INFO = /api-usage=(\d+)\/(\d+)/;

/**
 * How long the requests that outlive an interruption may take (tests lower
 * them): a dead network must not hold up the exit for more than a few seconds.
 */
export const INTERRUPT_TIMEOUTS = {
  /** The PATCH that aborts a query job (all its attempts together). */
  abortRequestMs: 5_000,
  /** A POST /jobs/query in flight when the pull is interrupted. */
  jobCreateGraceMs: 5_000
};

/** A signal that fires `ms` after `start` fires (or at once when no start), with `reason`. */
function deadline(
  ms: number,
  reason: () => Error,
  start: AbortSignal | null = null
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => controller.abort(reason()), ms);
  };
  if (start === null || start.aborted) arm();
  else start.addEventListener('abort', arm, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      start?.removeEventListener('abort', arm);
    }
  };
}

/** A CSV page of Bulk API 2.0 results, once read. */
export interface CsvPage {
  columns: string[];
  /** Data rows read on the attempt that completed. */
  rows: number;
  /** Sforce-Locator of the next page; null after the last ("null" in the header). */
  nextLocator: string | null;
}

type RefreshableConnection = Connection & { refreshAuth?: () => Promise<void> };

export class OrgClient {
  /** API requests sent (each attempt counts). */
  calls = 0;

  /** Called after every /limits reading (progress). */
  onLimits: (() => void) | null = null;

  /** Requests of the budget kept back for aborting an open query job (bulkQuery sets it). */
  reserve = 0;

  /** Query jobs the pull stopped waiting for, and whether aborting them worked. */
  readonly abandonedJobs: { id: string; aborted: boolean; reason: string | null }[] = [];

  constructor(
    private readonly conn: RefreshableConnection,
    readonly budget: ApiBudget,
    /** The pull's interruption (Ctrl-C); null: never interrupted. */
    private readonly signal: AbortSignal | null = null
  ) {}

  /** Throws InterruptedError once the pull's signal has fired. */
  throwIfInterrupted(): void {
    if (this.signal?.aborted) throw interruptionOf(this.signal);
  }

  /** Why a request's signal fired: the pull's interruption, or a deadline's own reason. */
  private stopError(signal: AbortSignal): Error {
    if (signal === this.signal || !(signal.reason instanceof Error)) return interruptionOf(signal);
    return signal.reason;
  }

  /** Waits `ms`; an interruption ends the wait at once with InterruptedError. */
  pause(ms: number): Promise<void> {
    return this.sleep(ms, this.signal);
  }

  private async sleep(ms: number, signal: AbortSignal | null): Promise<void> {
    try {
      await wait(ms, undefined, signal ? { signal } : undefined);
    } catch (error) {
      if (signal?.aborted) throw this.stopError(signal);
      throw error;
    }
  }

  private get dataUrl(): string {
    return `${this.conn.instanceUrl}/services/data/v${this.conn.version}`;
  }

  /** Reads DailyApiRequests from /limits into the budget. */
  async readLimits(): Promise<void> {
    const limits = await this.send<Record<string, { Max: number; Remaining: number }>>(
      'GET',
      '/limits',
      undefined,
      true
    );
    const daily = limits.DailyApiRequests;
    if (!daily || typeof daily.Max !== 'number' || typeof daily.Remaining !== 'number') {
      throw new Error('The /limits answer has no DailyApiRequests.');
    }
    this.budget.record({ max: daily.Max, remaining: daily.Remaining });
    this.onLimits?.();
  }

  /** A JSON request (path under /services/data/vXX.X, or a full /services/... path). */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body, false);
  }

  /**
   * POST /jobs/query. Not sent once the pull is interrupted; when interrupted
   * while it is in flight, it may still finish for INTERRUPT_TIMEOUTS.jobCreateGraceMs,
   * so the job it created is known and can be aborted.
   */
  async createQueryJob<T>(body: unknown): Promise<T> {
    this.throwIfInterrupted();
    const grace = this.signal
      ? deadline(
          INTERRUPT_TIMEOUTS.jobCreateGraceMs,
          () => interruptionOf(this.signal!),
          this.signal
        )
      : null;
    try {
      return await this.send<T>('POST', '/jobs/query', body, false, grace?.signal ?? null);
    } finally {
      grace?.dispose();
    }
  }

  /**
   * PATCH /jobs/query/{id} {"state": "Aborted"}: "Aborts a query job ... You can
   * only abort jobs that are in the following states: UploadComplete, InProgress"
   * (Abort a Query Job, https://developer.salesforce.com/docs/platform/api-asynch/guide/query-abort-job.md).
   * Sent with the request the budget kept in reserve (no /limits read first),
   * also after an interruption; it gives up after INTERRUPT_TIMEOUTS.abortRequestMs.
   * Never throws: the outcome is kept in abandonedJobs.
   */
  async abortQueryJob(id: string): Promise<boolean> {
    const reserve = this.reserve;
    this.reserve = 0;
    const ms = INTERRUPT_TIMEOUTS.abortRequestMs;
    const timeout = deadline(ms, () => new Error(`no answer within ${ms / 1000} s`));
    try {
      await this.withRetries('/jobs/query', timeout.signal, async () => {
        const response = await this.fetch('PATCH', `/jobs/query/${id}`, timeout.signal, {
          state: 'Aborted'
        });
        await response.text();
      });
      this.abandonedJobs.push({ id, aborted: true, reason: null });
      return true;
    } catch (error) {
      this.abandonedJobs.push({ id, aborted: false, reason: errorText(error) });
      return false;
    } finally {
      timeout.dispose();
      this.reserve = reserve;
    }
  }

  /**
   * A Bulk API 2.0 results page, streamed: `onRow` gets each row's cells as
   * they arrive (never the whole page). When the connection drops, the same
   * page is asked again, so `onRow` may see a row a second time: the caller
   * drops repeats by Id (bulkQuery does).
   */
  async csvPage(
    path: string,
    onRow: (cells: string[], columns: string[]) => void
  ): Promise<CsvPage> {
    if (this.budget.dueForRead) await this.readLimits();
    return this.withRetries(path, this.signal, async () => {
      const response = await this.fetch('GET', path, this.signal);
      let columns: string[] | null = null;
      let rows = 0;
      const parser = new CsvRowParser((cells) => {
        if (columns === null) columns = cells;
        else {
          rows += 1;
          onRow(cells, columns);
        }
      });
      const decoder = new TextDecoder();
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          parser.write(decoder.decode(chunk, { stream: true }));
        }
      }
      parser.write(decoder.decode());
      parser.end();
      const locator = response.headers.get('sforce-locator');
      return {
        columns: columns ?? [],
        rows,
        nextLocator: locator === null || locator === '' || locator === 'null' ? null : locator
      };
    });
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
    isLimitsRead: boolean,
    signal: AbortSignal | null = this.signal
  ): Promise<T> {
    if (!isLimitsRead && this.budget.dueForRead) await this.readLimits();
    return this.withRetries(path, signal, async () => {
      const response = await this.fetch(method, path, signal, body);
      const text = await response.text();
      return (text ? JSON.parse(text) : null) as T;
    });
  }

  /** Runs `attempt` again when the connection drops; a fired `signal` ends it with its reason. */
  private async withRetries<T>(
    path: string,
    signal: AbortSignal | null,
    attempt: () => Promise<T>
  ): Promise<T> {
    let lastError: unknown;
    for (let tries = 1; tries <= MAX_ATTEMPTS; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (signal?.aborted) throw this.stopError(signal);
        if (!(error instanceof TypeError) && networkCode(error) === null) throw error;
        if (isUnreachable(error)) {
          throw new UnreachableOrgError(
            `${this.conn.instanceUrl} cannot be reached (${networkCode(error)})`
          );
        }
        lastError = error;
        if (tries < MAX_ATTEMPTS) await this.sleep(RETRY_DELAY_MS * tries, signal);
      }
    }
    throw new DroppedConnectionError(
      `the connection dropped ${MAX_ATTEMPTS} times on ${path.split('?')[0]} (${networkCode(lastError) ?? errorText(lastError)})`
    );
  }

  /** One HTTP request, ended by `signal`; counts it; turns error answers into errors. */
  private async fetch(
    method: string,
    path: string,
    signal: AbortSignal | null,
    body?: unknown,
    afterRefresh = false
  ): Promise<Response> {
    if (signal?.aborted) throw this.stopError(signal);
    this.budget.check(this.reserve);
    this.budget.spend();
    this.calls += 1;
    const url = path.startsWith('/services/')
      ? `${this.conn.instanceUrl}${path}`
      : `${this.dataUrl}${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.conn.accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        accept: path.includes('/results') ? 'text/csv' : 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal
    });
    const usage = LIMIT_INFO.exec(response.headers.get('sforce-limit-info') ?? '');
    if (usage) this.budget.recordHeader(Number(usage[1]), Number(usage[2]));
    if (response.status === HTTP_UNAUTHORIZED) {
      await response.text().catch(() => '');
      // A session can time out during a long pull: refresh once per request when the login can.
      const expired =
        'the login has expired or was revoked (401 INVALID_SESSION_ID, "Session expired or invalid")';
      if (!afterRefresh && typeof this.conn.refreshAuth === 'function') {
        try {
          await this.conn.refreshAuth();
        } catch (error) {
          // A refresh token that is itself expired or revoked: the login is gone, end the org's pull.
          throw new ExpiredLoginError(
            `${expired} and could not be refreshed (${errorText(error)})`
          );
        }
        return this.fetch(method, path, signal, body, true);
      }
      throw new ExpiredLoginError(expired);
    }
    if (response.status >= HTTP_BAD_REQUEST) {
      const text = await response.text();
      let errorCode = `HTTP_${response.status}`;
      let message = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { errorCode?: string; message?: string }[];
        if (Array.isArray(parsed) && parsed[0]) {
          errorCode = parsed[0].errorCode ?? errorCode;
          message = parsed[0].message ?? message;
        }
      } catch {
        // not JSON: keep the text
      }
      throw new SalesforceError(response.status, errorCode, message);
    }
    return response;
  }
}
