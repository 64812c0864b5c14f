/**
 * What the preview's Apex stand-in reads of LoginHistory, whatever holds the
 * rows: a LoginTable answers reads per user (user pages, reclaim checks), per
 * org-local day (the trend, the nightly rollups) and as a whole (merging orgs),
 * each read returning LoginRows. Two tables implement it:
 * - MemoryLoginTable (login-table.ts): columns in typed arrays, for exports and
 *   the demo org; reads are views of its own columns;
 * - DiskLoginTable (disk-login-table.ts): columns in a file, for live pulls, so
 *   memory stays flat as logins grow; reads copy only the rows asked for, and
 *   the Apex stand-in never asks for more rows than a governor limit lets an
 *   Apex read touch (it counts first).
 */
import type { OrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import type { LoginHistoryRow } from './schemas';

/** The grouping fields of a login, shared by many rows. */
export interface LoginCombo {
  loginType: string;
  loginSubType: string | null;
  status: string;
  application: string | null;
}

type NestedIndex = Map<string | null, NestedIndex | number>;

function child(map: NestedIndex, key: string | null): NestedIndex {
  let next = map.get(key) as NestedIndex | undefined;
  if (next === undefined) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/** The distinct login combinations of a table, each with its index (first seen, first). */
export class LoginComboIndex {
  readonly combos: LoginCombo[] = [];
  private readonly index: NestedIndex = new Map();

  /** Index of the row's combination; nested maps avoid building a key string per row. */
  indexOf(row: LoginCombo): number {
    const bySubType = child(this.index, row.loginType);
    const byStatus = child(bySubType, row.loginSubType);
    const byApplication = child(byStatus, row.status) as Map<string | null, number>;
    let index = byApplication.get(row.application);
    if (index === undefined) {
      index = this.combos.length;
      this.combos.push({
        loginType: row.loginType,
        loginSubType: row.loginSubType,
        status: row.status,
        application: row.application
      });
      byApplication.set(row.application, index);
    }
    return index;
  }
}

/**
 * Rows of one read: `rows` indexes into the three columns, which may hold
 * other rows too (a MemoryLoginTable hands out its whole columns).
 * `for (const row of read.rows) read.time[row] ...`
 */
export interface LoginRows {
  readonly rows: Int32Array;
  /** Epoch ms of each row. */
  readonly time: Float64Array;
  /** Index into the table's combos. */
  readonly combo: Int32Array;
  /** Index into the table's userIds. */
  readonly user: Int32Array;
}

/** No rows. */
export const NO_LOGIN_ROWS: LoginRows = Object.freeze({
  rows: new Int32Array(0),
  time: new Float64Array(0),
  combo: new Int32Array(0),
  user: new Int32Array(0)
});

/** Instants [from, to) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** The org-local days of a table's rows (one time zone). */
export interface LoginDayIndex {
  /** Day number of the oldest row's day (0 when the table is empty). */
  readonly firstDay: number;
  /** Days from the oldest row's day to the newest row's day (0 when empty). */
  readonly dayCount: number;
  /** First instant of an org-local day (epoch ms). */
  startOfDay(day: number): number;
  /** The org-local day number of an instant. */
  dayOf(time: number): number;
  /**
   * Rows on the day, kept to `within` when given (a part of the day, or a day the
   * window's end cuts), counted without reading them from disk: what a governor
   * limit is checked against before anything is read.
   */
  countOfDay(day: number, within?: TimeRange): number;
  /**
   * The rows on an org-local day, kept to `within` when given, all rows of one
   * user together (distinct users are then the runs of a user). Empty outside
   * the table's days.
   */
  rowsOfDay(day: number, within?: TimeRange): LoginRows;
}

/** Read-only LoginHistory. */
export interface LoginTable {
  /** Rows held. */
  readonly size: number;
  readonly userIds: readonly string[];
  readonly combos: readonly LoginCombo[];
  /** The rows of one user (any order), empty when the user has none. */
  rowsOfUser(userId: string): LoginRows;
  /**
   * rowsOfUser of each user, in the order given (one read where the rows lie
   * together). With `within`, a table may leave out rows whose LoginTime is
   * outside [from, to) (a DiskLoginTable does, so a read holds only the
   * window's rows; a MemoryLoginTable hands out all): readers still filter.
   */
  rowsOfUsers(userIds: readonly string[], within?: TimeRange): LoginRows[];
  /**
   * Rows of the users given (each entry counted, as rowsOfUsers reads them) with
   * LoginTime in [within.from, within.to), counted without reading them from
   * disk (a DiskLoginTable binary-searches each user's rows, kept by time): what
   * a governor limit is checked against before a page is read.
   */
  countOfUsers(userIds: readonly string[], within: TimeRange): number;
  /** Newest LoginTime held (epoch ms), null when empty. */
  newestTime(): number | null;
  /** Walks every row, a bounded number at a time. */
  forEachChunk(visit: (rows: LoginRows) => void): void;
  /** The rows' org-local days in a calendar's time zone, built once per zone. */
  days(calendar: OrgCalendar): LoginDayIndex;
  /** Bytes held in memory and on disk (benchmarks). */
  footprint(): { memoryBytes: number; diskBytes: number };
  /** Releases what the table holds outside memory (its files); no read may follow. */
  dispose(): void;
}

/** Collects LoginHistory rows, then builds a LoginTable. */
export interface LoginTableSink {
  add(row: LoginHistoryRow): void;
  /** Rows added so far. */
  readonly rowCount: number;
  /** Room for `rows` rows in all (a COUNT() said how many come); a hint. */
  reserve(rows: number): void;
  /** Appends every row of a table (a file read apart, then kept). */
  addTable(table: LoginTable): void;
  build(): LoginTable;
  /** Drops what was collected (a reading discarded); build() may not follow. */
  dispose(): void;
}

/** Makes the sinks an OrgDataBuilder collects LoginHistory into. */
export type LoginSinkFactory = () => LoginTableSink;
