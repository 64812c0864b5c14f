/**
 * The org-local days of a MemoryLoginTable's rows, for reads by day: which day
 * a LoginTime falls on (a table of the days' midnights instead of a time-zone
 * lookup per row) and the rows of each day, grouped user by user. Built once
 * per table and time zone, on first use, in two passes over the rows.
 */
import type { OrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import { MS_PER_DAY } from '../../../force-app/main/default/lwc/llAnalytics/time';
import type { LoginDayIndex, LoginRows, LoginTable, TimeRange } from './login-store';
import type { MemoryLoginTable } from './login-table';

/** The first instants of days firstDay .. firstDay + dayCount, and dayOf over them. */
export class DayStarts {
  /** startOfDay(firstDay + i) for i = 0 .. dayCount. */
  private readonly starts: Float64Array;

  /**
   * @param oldest oldest LoginTime (epoch ms), null when there is no row
   * @param newest newest LoginTime (epoch ms), null when there is no row
   */
  constructor(
    private readonly calendar: OrgCalendar,
    oldest: number | null,
    newest: number | null
  ) {
    this.firstDay = oldest === null ? 0 : calendar.dayNumber(oldest);
    this.dayCount =
      oldest === null || newest === null ? 0 : calendar.dayNumber(newest) - this.firstDay + 1;
    this.starts = new Float64Array(this.dayCount + 1);
    for (let i = 0; i <= this.dayCount; i++)
      this.starts[i] = calendar.startOfDay(this.firstDay + i);
  }

  /** Day number of the oldest row's day (0 when the table is empty). */
  readonly firstDay: number;
  /** Days from the oldest row's day to the newest row's day (0 when empty). */
  readonly dayCount: number;

  /** First instant of an org-local day (epoch ms). */
  startOfDay(day: number): number {
    const index = day - this.firstDay;
    return index >= 0 && index <= this.dayCount
      ? this.starts[index]
      : this.calendar.startOfDay(day);
  }

  /** The org-local day number of an instant. */
  dayOf(time: number): number {
    const { starts, dayCount } = this;
    if (dayCount === 0 || time < starts[0] || time >= starts[dayCount]) {
      return this.calendar.dayNumber(time);
    }
    // A local day lasts 23 to 25 hours: the guess is off by at most one day.
    let index = Math.min(dayCount - 1, Math.floor((time - starts[0]) / MS_PER_DAY));
    while (time < starts[index]) index--;
    while (time >= starts[index + 1]) index++;
    return this.firstDay + index;
  }

  byteLength(): number {
    return this.starts.byteLength;
  }
}

/** Oldest and newest LoginTime of a table's rows (one pass). */
function timeRange(table: MemoryLoginTable): { oldest: number | null; newest: number | null } {
  let oldest = Infinity;
  let newest = -Infinity;
  for (let row = 0; row < table.size; row++) {
    const time = table.time[row];
    if (time < oldest) oldest = time;
    if (time > newest) newest = time;
  }
  return table.size ? { oldest, newest } : { oldest: null, newest: null };
}

/** Org-local days of one MemoryLoginTable. */
export class LoginDays extends DayStarts implements LoginDayIndex {
  private byDay: { start: Int32Array; rows: Int32Array } | null = null;

  constructor(
    private readonly table: MemoryLoginTable,
    calendar: OrgCalendar
  ) {
    const { oldest, newest } = timeRange(table);
    super(calendar, oldest, newest);
  }

  countOfDay(day: number, within?: TimeRange): number {
    const own = this.indexesOfDay(day);
    if (!within) return own.length;
    const { time } = this.table;
    let count = 0;
    for (let i = 0; i < own.length; i++) {
      const at = time[own[i]];
      if (at >= within.from && at < within.to) count += 1;
    }
    return count;
  }

  /**
   * The rows on an org-local day (those in `within` when given): all rows of
   * one user together, users in the table's order, each user's rows in table
   * order. Empty outside the table's days.
   */
  rowsOfDay(day: number, within?: TimeRange): LoginRows {
    let own = this.indexesOfDay(day);
    if (within) {
      const { time } = this.table;
      own = own.filter((row) => time[row] >= within.from && time[row] < within.to);
    }
    return this.table.view(own);
  }

  /** The table's row indexes on a day (a view of the grouping; empty outside the days). */
  private indexesOfDay(day: number): Int32Array {
    const index = day - this.firstDay;
    if (index < 0 || index >= this.dayCount) return new Int32Array(0);
    const { start, rows } = this.groupByDay();
    return rows.subarray(start[index], start[index + 1]);
  }

  override byteLength(): number {
    return (
      super.byteLength() +
      (this.byDay ? this.byDay.start.byteLength + this.byDay.rows.byteLength : 0)
    );
  }

  /**
   * A counting sort of the rows by day, walking the table user by user (in
   * row order when each user's rows are already together, as in the demo org).
   */
  private groupByDay(): { start: Int32Array; rows: Int32Array } {
    if (this.byDay) return this.byDay;
    const { table, firstDay, dayCount } = this;
    const { time, user } = table;
    // Day of each row (as an offset from firstDay), computed once.
    const dayIndex = new Int32Array(table.size);
    const start = new Int32Array(dayCount + 1);
    const userDone = new Uint8Array(table.userIds.length);
    let userMajor = true;
    for (let row = 0; row < table.size; row++) {
      const index = this.dayOf(time[row]) - firstDay;
      dayIndex[row] = index;
      start[index + 1] += 1;
      if (row > 0 && user[row] !== user[row - 1]) {
        userDone[user[row - 1]] = 1;
        if (userDone[user[row]]) userMajor = false;
      }
    }
    for (let i = 0; i < dayCount; i++) start[i + 1] += start[i];
    const next = start.slice(0, dayCount);
    const rows = new Int32Array(table.size);
    const place = (row: number) => (rows[next[dayIndex[row]]++] = row);
    if (userMajor) {
      for (let row = 0; row < table.size; row++) place(row);
    } else {
      for (const userId of table.userIds) {
        const own = table.rowIndexesOfUser(userId);
        for (let i = 0; i < own.length; i++) place(own[i]);
      }
    }
    this.byDay = { start, rows };
    return this.byDay;
  }
}

/** The days of a table in a time zone, built once per table and zone (LoginTable.days). */
export function loginDaysOf(table: LoginTable, calendar: OrgCalendar): LoginDayIndex {
  return table.days(calendar);
}
