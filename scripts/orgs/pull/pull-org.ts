/**
 * One org's live pull: the seven queries of the README's export ("Preview
 * your own org"), each object's records fed into the preview's
 * OrgDataBuilder, so the same validation and rules apply as to an export.
 *
 *   connect ─ /limits (budget) ─ Organization (org Id → cache folder)
 *     ─ User (COUNT(): REST up to 10,000 rows, else a Bulk API 2.0 job)
 *     ─ UserLicense, PermissionSetLicense, PermissionSetLicenseAssign, UserLogin (REST)
 *     ─ LoginHistory: cached rows still in the window, then COUNT() of the rows
 *       from the newest cached second (or the window start): REST up to 10,000,
 *       else Bulk API 2.0 jobs of LOGIN_WINDOW_DAYS each, newest first.
 *
 * What stops a pull: an expired login or an unreachable org (the rest of the
 * org is not pulled), the API budget (stops before the request that would pass
 * it), an interruption (options.signal: Ctrl-C). What loses one object: a
 * refused query, a failed query job, a connection that keeps dropping. Each becomes a sentence in `failures`
 * naming the object (and for LoginHistory the days) not pulled.
 *
 * PermissionSetLicenseAssign and UserLogin are optional in the preview: when the
 * login may not read them (UserLogin needs Manage Users, which the integration
 * user does not have), the preview's banner says so and the pull still counts
 * as complete.
 */
import type { OrgData } from '../../preview/data/org-data';
import { DiskLoginTableBuilder } from '../../preview/data/disk-login-table';
import { OrgDataBuilder, SCHEMAS, plausibleLoginTimes } from '../../preview/data/org-data';
import {
  EXPORT_FILES,
  type ExportObject,
  type SfRecord
} from '../../preview/data/sf-export-format';
import { FlatRecordReader } from '../../preview/data/flat-record';
import { parseDateTime } from '../../preview/data/record-schema';
import { ApiBudget } from './api-budget';
import {
  CacheWriter,
  LOGIN_COLUMNS,
  LoginCache,
  cacheRefusal,
  CACHE_FORMAT_VERSION,
  loginKey
} from './login-cache';
import { OrgClient } from './org-client';
import type { OrgPull, PullOptions, PullProgress } from './pull-orgs';
import {
  BudgetReachedError,
  ExpiredLoginError,
  InterruptedError,
  SalesforceError,
  UnreachableOrgError,
  errorText
} from './pull-errors';
import { QUERY_SIZES, bulkQuery, countRows, restQuery } from './queries';

const MS_PER_DAY = 86_400_000;
const MS_PER_SECOND = 1000;
/**
 * LoginHistory rows aimed at per Bulk API 2.0 job: a large history is read in
 * windows of whole days (newest first), so a stop names the days not pulled,
 * while each job (3 requests or more) still carries many 50,000-row pages.
 */
export const LOGIN_ROWS_PER_WINDOW = 1_000_000;
const OPTIONAL_OBJECTS: ReadonlySet<ExportObject> = new Set([
  'PermissionSetLicenseAssign',
  'UserLogin'
]);
const SMALL_OBJECTS: ExportObject[] = [
  'User',
  'UserLicense',
  'PermissionSetLicense',
  'PermissionSetLicenseAssign',
  'UserLogin'
];
const NUMBER = new Intl.NumberFormat('en-US');

type CheckedOptions = Required<Omit<PullOptions, 'onProgress'>> & Pick<PullOptions, 'onProgress'>;

/**
 * A SOQL date-time literal: whole seconds, the YYYY-MM-DDThh:mm:ssZ form, unquoted
 * (Date Formats and Date Literals in WHERE,
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-dateformats.md).
 */
export function soqlDateTime(epochMs: number): string {
  return new Date(floorToSecond(epochMs)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function floorToSecond(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_SECOND) * MS_PER_SECOND;
}

function day(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The fields of an object's export query. */
function fieldList(object: ExportObject): string {
  return /^SELECT\s+(.+?)\s+FROM\s/i.exec(EXPORT_FILES[object].soql)![1];
}

/** Errors that end the org's pull rather than one object. */
function isFatal(error: unknown): boolean {
  return (
    error instanceof ExpiredLoginError ||
    error instanceof UnreachableOrgError ||
    error instanceof BudgetReachedError ||
    error instanceof InterruptedError ||
    (error instanceof SalesforceError && error.errorCode === 'REQUEST_LIMIT_EXCEEDED')
  );
}

/** A LoginHistory window [from, until), until null = open-ended. */
interface LoginWindow {
  from: number;
  until: number | null;
}

function describeWindow(window: LoginWindow, now: number): string {
  return `from ${day(window.from)} to ${day(window.until ?? now)} (UTC)`;
}

/** Tracks the newest LoginTime kept and the Ids within its second. */
class NewestLogin {
  second = -Infinity;
  time: number | null = null;
  ids: string[] = [];

  see(id: string, time: number): void {
    const second = floorToSecond(time);
    if (second > this.second) {
      this.second = second;
      this.ids = [];
    }
    if (second === this.second) this.ids.push(id);
    if (this.time === null || time > this.time) this.time = time;
  }
}

class OrgPuller {
  private readonly builder: OrgDataBuilder;
  private readonly failures: string[] = [];
  private readonly notes: string[] = [];
  private client: OrgClient | null = null;
  private orgId: string | null = null;
  private stoppedByBudget = false;
  private interrupted = false;
  /** Why the rest of the org is not pulled, once a fatal error happened. */
  private stopReason: string | null = null;
  private pulledSomething = false;
  /** LoginHistory was pulled for the whole window. */
  private loginsComplete = false;
  /** Writes the LoginHistory cache of a complete pull; run() calls it once the rows are trusted. */
  private pendingCache: (() => void) | null = null;
  /** The cache's key for the sf CLI login (loginKey), null when the connection names no user. */
  private login: string | null = null;
  /** Drops that cache instead. */
  private abandonCache: (() => void) | null = null;

  constructor(
    private readonly org: string,
    private readonly options: CheckedOptions,
    /** Organization Id → alias of the orgs pulled before this one. */
    private readonly pulledOrgIds: ReadonlyMap<string, string>
  ) {
    this.builder = new OrgDataBuilder({
      loginTimeBounds: plausibleLoginTimes(options.now),
      // LoginHistory on disk: memory stays flat as logins grow (disk-login-table.ts).
      loginSink: () => new DiskLoginTableBuilder()
    });
  }

  private emit(event: Omit<PullProgress, 'org' | 'message'> & { message: string }): void {
    this.options.onProgress?.({
      org: this.org,
      ...event,
      message: `${this.org}: ${event.message}`
    });
  }

  private result(status: OrgPull['status'], data: OrgData | null): OrgPull {
    return {
      org: this.org,
      orgId: this.orgId,
      status,
      data,
      failures: [...this.failures],
      apiCalls: this.client?.calls ?? 0,
      stoppedByBudget: this.stoppedByBudget,
      interrupted: this.interrupted,
      abandonedJobs: [...(this.client?.abandonedJobs ?? [])]
    };
  }

  private fail(message: string): OrgPull {
    this.failures.push(message);
    this.emit({ phase: 'failed', message });
    return this.result('failed', null);
  }

  /** Records a fatal error: the reason every later object gives. */
  private stop(error: unknown): void {
    if (
      error instanceof BudgetReachedError ||
      (error instanceof SalesforceError && error.errorCode === 'REQUEST_LIMIT_EXCEEDED')
    ) {
      this.stoppedByBudget = true;
      this.stopReason = `the API budget was reached (${errorText(error)})`;
    } else if (error instanceof ExpiredLoginError) {
      // An integration-user login (npm run integration-login) has no refresh token to renew it.
      this.stopReason = `${errorText(error)}; log in again: sf org login web --alias ${this.org} (the integration user: npm run integration-login -- --alias ${this.org} --instance-url <My Domain URL>)`;
    } else {
      this.interrupted = error instanceof InterruptedError;
      this.stopReason = errorText(error);
    }
  }

  async run(): Promise<OrgPull> {
    this.emit({ phase: 'connect', message: 'connecting through the sf CLI login' });
    let conn;
    try {
      conn = await this.options.connect(this.org);
    } catch (error) {
      return this.fail(`${this.org} was not pulled: ${errorText(error)}`);
    }
    const named = conn as { getUsername?: () => string | undefined };
    this.login = loginKey(
      typeof named.getUsername === 'function' ? (named.getUsername() ?? null) : null
    );
    this.client = new OrgClient(conn, new ApiBudget(this.options.maxApiShare), this.options.signal);
    try {
      await this.client.readLimits();
      this.client.budget.check();
    } catch (error) {
      if (isFatal(error)) this.stop(error);
      const reason =
        this.stopReason ??
        `its API usage could not be read from /limits (${errorText(error)}; reading it needs View Setup and Configuration), so no budget could be kept`;
      return this.fail(`${this.org} was not pulled: ${reason}.`);
    }
    this.emit({ phase: 'limits', message: this.client.budget.describe() });
    const client = this.client;
    client.onLimits = () => this.emit({ phase: 'limits', message: client.budget.describe() });

    await this.pullObject('Organization', () => this.restObject('Organization'));
    const sameOrg = this.orgId === null ? undefined : this.pulledOrgIds.get(this.orgId);
    if (sameOrg !== undefined) {
      // Merged twice, every seat and every cost of the org would count twice.
      return this.fail(
        `${this.org} is the same org as ${sameOrg} (Organization Id ${this.orgId}): it is pulled and counted once.`
      );
    }
    for (const object of SMALL_OBJECTS) {
      await this.pullObject(object, () =>
        object === 'User' ? this.countedObject('User') : this.restObject(object)
      );
    }
    await this.pullLogins();

    if (!this.pulledSomething) {
      this.emit({ phase: 'failed', message: this.failures[0] ?? 'nothing was pulled' });
      return this.result('failed', null);
    }
    for (const job of this.client.abandonedJobs) {
      this.notes.push(
        job.aborted
          ? `Bulk API 2.0 query job ${job.id} aborted (the pull stopped waiting for it)`
          : `Bulk API 2.0 query job ${job.id} could not be aborted (${job.reason})`
      );
    }
    const data = this.builder.build(
      `${this.org} (org ${this.orgId ?? 'unknown'}), pulled ${new Date(this.options.now).toISOString()}`
    );
    // Rows of a login that sees only its own are no base for a later run by another login.
    if (this.checkLoginVisibility(data)) this.pendingCache?.();
    else this.abandonCache?.();
    const status = this.failures.length ? 'partial' : 'complete';
    this.emit({
      phase: 'done',
      message: `${status}: ${NUMBER.format(data.users.length)} users, ${NUMBER.format(data.logins.size)} logins, ${NUMBER.format(this.client.calls)} API requests${this.notes.length ? `; ${this.notes.join('; ')}` : ''}`
    });
    return this.result(status, data);
  }

  /**
   * Without Monitor Login History (or Manage Users) Salesforce answers a
   * LoginHistory query with the running user's own rows only ("all users can
   * retrieve their own login history records", object reference, LoginHistory),
   * not an error. Seen as: several users logged in inside the window by their
   * LastLoginDate, but LoginHistory holds the logins of one user at most.
   * Returns whether the rows can be trusted (false: named as a failure).
   */
  private checkLoginVisibility(data: OrgData): boolean {
    if (!this.loginsComplete) return true;
    const windowStart = this.options.now - this.options.loginDays * MS_PER_DAY;
    const recent = data.users.filter(
      (u) => u.lastLoginDate !== null && u.lastLoginDate >= windowStart
    ).length;
    if (recent < 2 || data.logins.userIds.length > 1) return true;
    const message =
      `LoginHistory holds the logins of ${data.logins.userIds.length} user(s), while ${NUMBER.format(recent)} users logged in ` +
      `within the window by their LastLoginDate: this login seems to see only its own login history. Reading everyone's ` +
      `needs Monitor Login History or Manage Users`;
    this.failures.push(`${message}.`);
    data.problems.unshift({
      file: EXPORT_FILES.LoginHistory.file,
      field: null,
      severity: 'error',
      message: `${message}.`
    });
    return false;
  }

  /** Runs one object's pull; a failure is recorded and the object marked unavailable. */
  private async pullObject(object: ExportObject, pull: () => Promise<void>): Promise<void> {
    const file = EXPORT_FILES[object].file;
    if (this.stopReason) {
      this.missing(object, this.stopReason);
      return;
    }
    try {
      await pull();
    } catch (error) {
      if (isFatal(error)) {
        this.stop(error);
        this.missing(object, this.stopReason!);
        return;
      }
      const refused = error instanceof SalesforceError && error.errorCode === 'INVALID_TYPE';
      if (refused && OPTIONAL_OBJECTS.has(object)) {
        const reason = `${object} could not be read by this login (${errorText(error)})`;
        this.builder.log.fileProblem(file, 'warning', `${reason}.`);
        this.builder.markUnavailable(object, reason);
        this.notes.push(`${object} not readable by this login`);
        return;
      }
      this.missing(object, errorText(error));
    }
  }

  private missing(object: ExportObject, reason: string): void {
    const sentence = `${object} was not pulled: ${reason}.`;
    this.failures.push(sentence);
    this.builder.log.fileProblem(
      EXPORT_FILES[object].file,
      OPTIONAL_OBJECTS.has(object) ? 'warning' : 'error',
      `was not pulled: ${reason}.`
    );
    this.builder.markUnavailable(object, `${object} was not pulled from ${this.org}: ${reason}`);
  }

  /** A small object through REST query. */
  private async restObject(object: ExportObject): Promise<void> {
    const reading = this.builder.beginObject(object);
    try {
      await restQuery(this.client!, `SELECT ${fieldList(object)} FROM ${object}`, (records) => {
        for (const record of records) reading.add(record);
        if (object === 'Organization' && records[0] && typeof records[0].Id === 'string')
          this.orgId = records[0].Id;
        this.emit({
          phase: 'query',
          object,
          rows: reading.count,
          message: `${object} ${NUMBER.format(reading.count)} rows`
        });
      });
    } catch (error) {
      reading.discard();
      throw error;
    }
    reading.commit();
    this.pulledSomething = true;
  }

  /** User: REST up to QUERY_SIZES.bulkThresholdRows, else a Bulk API 2.0 job. */
  private async countedObject(object: ExportObject): Promise<void> {
    const rows = await countRows(this.client!, `SELECT COUNT() FROM ${object}`);
    if (rows <= QUERY_SIZES.bulkThresholdRows) {
      await this.restObject(object);
      return;
    }
    const reading = this.builder.beginObject(object);
    const flat = new FlatRecordReader(SCHEMAS[object], object);
    try {
      await bulkQuery(this.client!, `SELECT ${fieldList(object)} FROM ${object}`, {
        onRow: (row) => reading.add(flat.read(row)),
        onPage: () => {
          this.emit({
            phase: 'bulk',
            object,
            rows: reading.count,
            message: `${object} ${NUMBER.format(reading.count)} of ${NUMBER.format(rows)} rows (Bulk API 2.0)`
          });
        }
      });
    } catch (error) {
      reading.discard();
      throw error;
    }
    reading.commit();
    this.pulledSomething = true;
  }

  /** LoginHistory: the cache, then what is newer, window by window. */
  private async pullLogins(): Promise<void> {
    const object: ExportObject = 'LoginHistory';
    const { now, loginDays, cacheDir, useCache } = this.options;
    const windowStart = floorToSecond(now - loginDays * MS_PER_DAY);
    if (this.stopReason) {
      this.missing(object, this.stopReason);
      return;
    }
    let reading = this.builder.beginObject(object);
    const flat = new FlatRecordReader(SCHEMAS.LoginHistory, object);
    let newest = new NewestLogin();
    const cache = useCache && this.orgId ? new LoginCache(cacheDir, this.orgId) : null;
    let writer: CacheWriter | null = null;
    let from = windowStart;
    let skipIds: ReadonlySet<string> = new Set();
    const keep = (row: Record<string, string | null>): void => {
      const id = row.Id ?? '';
      if (skipIds.has(id)) return;
      const record = flat.read(row);
      reading.add(record);
      const time = typeof row.LoginTime === 'string' ? parseDateTime(row.LoginTime) : Number.NaN;
      if (!Number.isNaN(time)) newest.see(id, time);
      writer?.write(LOGIN_COLUMNS.map((column) => row[column] ?? null));
    };

    if (cache) {
      const meta = cache.readMeta();
      const refusal = cacheRefusal(meta, {
        orgId: this.orgId!,
        loginDays,
        windowStart,
        now,
        login: this.login
      });
      try {
        writer = cache.beginWrite();
        if (meta && refusal === null) {
          // A hint to the login sink (the pull's DiskLoginTableBuilder spools whatever comes).
          reading.expectMore(cache.plausibleRows(meta));
          let cached = 0;
          cache.readRows((row) => {
            const time = parseDateTime(row.LoginTime ?? '');
            if (!(time >= windowStart)) return;
            cached += 1;
            keep(row);
          });
          // Resume after the rows the file holds (not meta.json's word for them: a run stopped
          // between writing the rows and the meta would otherwise ask for rows held already).
          from = newest.time === null ? windowStart : Math.max(windowStart, newest.second);
          skipIds = new Set(newest.ids);
          this.emit({
            phase: 'cache',
            object,
            rows: cached,
            message: `${NUMBER.format(cached)} cached logins; fetching logins since ${new Date(from).toISOString()}`
          });
        } else {
          this.emit({
            phase: 'cache',
            object,
            rows: 0,
            message: `full LoginHistory pull (${refusal})`
          });
        }
      } catch (error) {
        // A damaged cache: forget what of it was read, and pull the whole window.
        writer?.abort();
        writer = null;
        try {
          writer = cache.beginWrite();
        } catch {
          // no cache this run
        }
        reading.discard();
        reading = this.builder.beginObject(object);
        newest = new NewestLogin();
        from = windowStart;
        skipIds = new Set();
        this.emit({
          phase: 'cache',
          object,
          rows: 0,
          message: `cache not used (${errorText(error)})`
        });
      }
    }

    const missing: { window: LoginWindow; reason: string }[] = [];
    try {
      const soqlFrom = `SELECT ${fieldList(object)} FROM ${object} WHERE LoginTime >= ${soqlDateTime(from)}`;
      let rows: number;
      try {
        rows = await countRows(
          this.client!,
          `SELECT COUNT() FROM ${object} WHERE LoginTime >= ${soqlDateTime(from)}`
        );
      } catch (error) {
        if (isFatal(error)) this.stop(error);
        throw error;
      }
      // A hint to the login sink: an in-memory one sizes its columns once; the pull's
      // DiskLoginTableBuilder ignores it (its spool grows a chunk at a time).
      reading.expectMore(rows);
      if (rows <= QUERY_SIZES.bulkThresholdRows) {
        try {
          await restQuery(this.client!, soqlFrom, (records) => {
            for (const record of records) keep(restLoginRow(record));
            this.emit({
              phase: 'query',
              object,
              rows: reading.count,
              message: `LoginHistory ${NUMBER.format(reading.count)} rows`
            });
          });
        } catch (error) {
          if (isFatal(error)) this.stop(error);
          missing.push({
            window: { from, until: null },
            reason: this.stopReason ?? errorText(error)
          });
        }
      } else {
        const windowDays = Math.max(1, Math.ceil((loginDays * LOGIN_ROWS_PER_WINDOW) / rows));
        for (const window of loginWindows(from, now, windowDays)) {
          if (this.stopReason) {
            missing.push({ window, reason: this.stopReason });
            continue;
          }
          const until =
            window.until === null ? '' : ` AND LoginTime < ${soqlDateTime(window.until)}`;
          try {
            await bulkQuery(
              this.client!,
              `${soqlFrom.replace(soqlDateTime(from), soqlDateTime(window.from))}${until}`,
              {
                onRow: keep,
                onPage: () => {
                  this.emit({
                    phase: 'bulk',
                    object,
                    rows: reading.count,
                    message: `LoginHistory ${NUMBER.format(reading.count)} rows (Bulk API 2.0, about ${NUMBER.format(rows)} to fetch)`
                  });
                }
              }
            );
          } catch (error) {
            if (isFatal(error)) this.stop(error);
            missing.push({ window, reason: this.stopReason ?? errorText(error) });
          }
        }
      }
    } catch (error) {
      missing.push({ window: { from, until: null }, reason: this.stopReason ?? errorText(error) });
    }

    reading.commit();
    this.pulledSomething = true;
    this.loginsComplete = missing.length === 0;
    for (const { window, reason } of missing) {
      const sentence = `LoginHistory ${describeWindow(window, now)} was not pulled completely: ${reason}.`;
      this.failures.push(sentence);
      this.builder.log.fileProblem(
        EXPORT_FILES.LoginHistory.file,
        'warning',
        `holds no or only some logins ${describeWindow(window, now)}: ${reason}.`
      );
    }
    if (writer && missing.length === 0) {
      // Kept only once the login is known to see everyone's logins (checkLoginVisibility).
      const complete = writer;
      this.pendingCache = () =>
        complete.commit({
          version: CACHE_FORMAT_VERSION,
          orgId: this.orgId!,
          loginDays,
          windowStart,
          newestLoginTime: newest.time,
          boundaryIds: newest.ids,
          rows: complete.rows,
          pulledAt: now,
          login: this.login
        });
      this.abandonCache = () => complete.abort();
    } else {
      writer?.abort();
    }
  }
}

/** A REST LoginHistory record as cache/CSV text cells. */
function restLoginRow(record: SfRecord): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  for (const column of LOGIN_COLUMNS) {
    const value = record[column];
    row[column] = value === null || value === undefined ? null : String(value);
  }
  return row;
}

/**
 * LoginHistory windows from `from`, `windowDays` each, newest first; the
 * newest is open-ended (logins arriving during the pull).
 */
export function loginWindows(from: number, now: number, windowDays: number): LoginWindow[] {
  const span = windowDays * MS_PER_DAY;
  const windows: LoginWindow[] = [];
  let start = from;
  while (start + span < now) {
    windows.push({ from: start, until: start + span });
    start += span;
  }
  windows.push({ from: start, until: null });
  return windows.reverse();
}

/** Pulls one org; never rejects. */
export async function pullOrg(
  org: string,
  options: CheckedOptions,
  pulledOrgIds: ReadonlyMap<string, string> = new Map()
): Promise<OrgPull> {
  const puller = new OrgPuller(org, options, pulledOrgIds);
  try {
    return await puller.run();
  } catch (error) {
    return {
      org,
      orgId: null,
      status: 'failed',
      data: null,
      failures: [`${org} was not pulled: ${errorText(error)}.`],
      apiCalls: 0,
      stoppedByBudget: false
    };
  }
}
