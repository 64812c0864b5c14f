/**
 * The per-org LoginHistory cache: `<cacheDir>/<Organization Id>/` holds
 * LoginHistory.csv (the rows of the last complete pull, in the Bulk API CSV
 * layout the preview reads) and meta.json (what the rows cover).
 *
 * Keyed by the org's Id (read from Organization at the start of every pull,
 * so an alias that now points to another org, or a refreshed sandbox with a
 * new Id, never reuses another org's rows). Used only when meta.json has this
 * format version, the same org Id and the same login window (loginDays), and
 * its newest LoginTime is inside the window and not after `now`; otherwise
 * the pull starts over and the cache is rewritten. Rows older than the window
 * are dropped as it moves. A pull that did not complete leaves the previous
 * cache as it was. Only LoginHistory is cached: the small objects (users,
 * licenses, assignments, frozen state) change any time and are read again.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { streamCsvExport } from '../../preview/data/csv-export-stream';

export const CACHE_FORMAT_VERSION = 1;
export const CACHE_LOGIN_FILE = 'LoginHistory.csv';
export const CACHE_META_FILE = 'meta.json';
/** The LoginHistory columns of the export query, in order. */
export const LOGIN_COLUMNS = [
  'Id',
  'UserId',
  'LoginTime',
  'LoginType',
  'LoginSubType',
  'Status',
  'Application'
];
const FLUSH_BYTES = 1 << 20;
/** The fewest bytes a cached row takes: a quoted 15-character Id, six commas, a newline. */
const MIN_ROW_BYTES = 24;

export interface LoginCacheMeta {
  version: number;
  orgId: string;
  loginDays: number;
  /** Epoch ms: the start of the login window of that pull. */
  windowStart: number;
  /** Newest LoginTime held, epoch ms; null when no login was held. */
  newestLoginTime: number | null;
  /**
   * Ids of the rows within the second of newestLoginTime (for a reader; a re-run takes the
   * newest second and its Ids from the rows of LoginHistory.csv themselves).
   */
  boundaryIds: string[];
  rows: number;
  pulledAt: number;
  /**
   * Who pulled the rows: a SHA-256 of the sf CLI username (never the name itself), null when the
   * connection does not say. What LoginHistory shows depends on the login's permissions.
   */
  login?: string | null;
}

/** The `login` of LoginCacheMeta for a username. */
export function loginKey(username: string | null): string | null {
  return username === null ? null : createHash('sha256').update(username).digest('hex');
}

/** Why a cache cannot be used, or null when it can. */
export function cacheRefusal(
  meta: LoginCacheMeta | null,
  expected: {
    orgId: string;
    loginDays: number;
    windowStart: number;
    now: number;
    login: string | null;
  }
): string | null {
  if (!meta) return 'no cache yet';
  if (meta.version !== CACHE_FORMAT_VERSION)
    return `cache format ${meta.version} is not ${CACHE_FORMAT_VERSION}`;
  if (meta.orgId !== expected.orgId) return `cache belongs to org ${meta.orgId}`;
  // Another login may see other rows (only its own without Monitor Login History).
  if ((meta.login ?? null) !== expected.login) return 'cache was pulled by another login';
  if (meta.loginDays !== expected.loginDays)
    return `cache holds ${meta.loginDays} days of logins, not ${expected.loginDays}`;
  if (meta.newestLoginTime === null || meta.newestLoginTime < expected.windowStart)
    return 'cache holds no login inside the window';
  if (meta.newestLoginTime > expected.now) return 'cache holds logins after now';
  return null;
}

function csvCell(value: string | null): string {
  return value === null ? '' : `"${value.replace(/"/g, '""')}"`;
}

/**
 * Partial files of the writers still open: removed when the process exits
 * (a second Ctrl-C quits with process.exit, before any abort() could run).
 */
const openPartials = new Set<string>();
let exitCleanupInstalled = false;

function removeOnExit(partialPath: string): void {
  openPartials.add(partialPath);
  if (exitCleanupInstalled) return;
  exitCleanupInstalled = true;
  process.once('exit', () => {
    for (const file of openPartials) fs.rmSync(file, { force: true });
  });
}

/** Writes a new LoginHistory.csv beside the old one; commit() replaces it. */
export class CacheWriter {
  private readonly partialPath: string;
  private readonly fd: number;
  private buffer = '';
  rows = 0;
  private open = true;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    // A name of its own: two runs at once (npm start beside a cron report) never share a file.
    this.partialPath = path.join(
      dir,
      `${CACHE_LOGIN_FILE}.${process.pid}-${randomBytes(4).toString('hex')}.partial`
    );
    this.fd = fs.openSync(this.partialPath, 'w');
    removeOnExit(this.partialPath);
    this.buffer = `${LOGIN_COLUMNS.map((c) => csvCell(c)).join(',')}\n`;
  }

  write(values: (string | null)[]): void {
    this.buffer += `${values.map(csvCell).join(',')}\n`;
    this.rows += 1;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  commit(meta: LoginCacheMeta): void {
    this.flush();
    fs.closeSync(this.fd);
    this.open = false;
    fs.renameSync(this.partialPath, path.join(this.dir, CACHE_LOGIN_FILE));
    openPartials.delete(this.partialPath);
    const metaPartial = `${this.partialPath}.meta`;
    fs.writeFileSync(metaPartial, `${JSON.stringify(meta, null, 2)}\n`);
    fs.renameSync(metaPartial, path.join(this.dir, CACHE_META_FILE));
  }

  abort(): void {
    if (!this.open) return;
    this.open = false;
    fs.closeSync(this.fd);
    fs.rmSync(this.partialPath, { force: true });
    openPartials.delete(this.partialPath);
  }
}

/** One org's cache folder. */
export class LoginCache {
  readonly dir: string;

  constructor(cacheDir: string, orgId: string) {
    if (!/^[A-Za-z0-9]{15,18}$/.test(orgId)) throw new Error(`not an org Id: ${orgId}`);
    this.dir = path.join(cacheDir, orgId);
  }

  readMeta(): LoginCacheMeta | null {
    try {
      const meta = JSON.parse(
        fs.readFileSync(path.join(this.dir, CACHE_META_FILE), 'utf8')
      ) as LoginCacheMeta;
      return fs.existsSync(path.join(this.dir, CACHE_LOGIN_FILE)) ? meta : null;
    } catch {
      return null;
    }
  }

  /**
   * meta.json's row count when LoginHistory.csv can hold that many rows (each
   * row has at least a quoted Id and six commas, MIN_ROW_BYTES), else 0: a
   * damaged count never sizes the pull's columns (it only saves their doubling).
   */
  plausibleRows(meta: LoginCacheMeta): number {
    if (!Number.isSafeInteger(meta.rows) || meta.rows < 0) return 0;
    try {
      const bytes = fs.statSync(path.join(this.dir, CACHE_LOGIN_FILE)).size;
      return meta.rows <= bytes / MIN_ROW_BYTES ? meta.rows : 0;
    } catch {
      return 0;
    }
  }

  /** Streams the cached rows ({ column: text }); returns the rows read. */
  readRows(onRow: (row: Record<string, string>) => void): number {
    let bad = 0;
    const summary = streamCsvExport(
      path.join(this.dir, CACHE_LOGIN_FILE),
      CACHE_LOGIN_FILE,
      onRow,
      () => {
        bad += 1;
      }
    );
    if (bad) throw new Error(`${bad} cached rows are damaged`);
    return summary.records;
  }

  beginWrite(): CacheWriter {
    return new CacheWriter(this.dir);
  }
}
