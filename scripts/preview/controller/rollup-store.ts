/**
 * What the nightly job (LL_LoginSnapshotBatch) leaves in an org for the
 * page's reads, as the local controller sees it: the LL_Snapshot_Run__c rows
 * that say which days were rolled up, the LL_User_Activity__c rows of each
 * user (logins per day per login group, Day_Counts__c in columns) and the
 * LL_Login_Daily_Summary__c rows of each day. An export or an org where the
 * job never ran has none (NO_ROLLUPS): every day is read live.
 */
import type { LoginRows } from '../data/login-store';

/** LL_Snapshot_Run__c.Status__c values. */
export type SnapshotRunStatus = 'Running' | 'Completed' | 'Stopped (async budget)' | 'Failed';

/** One LL_Snapshot_Run__c row, as the coverage query reads it. */
export interface SnapshotRunRow {
  /** Day__c: the org-local day the run summarized, as a day number (days since 1970-01-01). */
  day: number;
  status: SnapshotRunStatus;
  /** Activity_Rows_Written__c != null: the run rolled up user activity. */
  wroteActivity: boolean;
}

/**
 * The LL_User_Activity__c rows of one user, one per login group, in columns.
 * Row r holds entries entryStart[r] .. entryStart[r + 1] - 1 (its Day_Counts__c),
 * oldest day first.
 */
export interface UserActivityRows {
  /** Rows held. */
  readonly size: number;
  /** Login group of each row: an index into the org's LoginTable.combos. */
  readonly combo: Int32Array;
  /** Newest_Day__c of each row (day number): the newest day with an entry. */
  readonly newestDay: Int32Array;
  readonly entryStart: Int32Array;
  /** Day number of each entry. */
  readonly entryDay: Int32Array;
  /** Logins of entries 0 .. i of all rows together (prefix sums): a range sums in O(1). */
  readonly loginsThrough: Float64Array;
  /** Seconds after the start of the entry's day of that day's newest login. */
  readonly newestSecond: Int32Array;
}

/** One LL_Login_Daily_Summary__c group row (Is_Day_Total__c = false). */
export interface DaySummaryGroup {
  /** Login group: an index into the org's LoginTable.combos. */
  combo: number;
  logins: number;
  uniqueUsers: number;
}

/** The LL_Login_Daily_Summary__c rows of one day: its groups and its day total. */
export interface DaySummaryRows {
  groups: readonly DaySummaryGroup[];
  /** The day-total row (Is_Day_Total__c = true). */
  logins: number;
  uniqueUsers: number;
  uniqueUsersCapped: boolean;
}

/** The nightly rows an org holds. */
export interface RollupStore {
  /** LL_Snapshot_Run__c rows with firstDay <= Day__c < endDay, ordered by Day__c. */
  runs(firstDay: number, endDay: number): readonly SnapshotRunRow[];
  /** The LL_User_Activity__c rows of one user (none when the user has no row). */
  activityOf(userId: string): UserActivityRows;
  /** The LL_Login_Daily_Summary__c rows of one day; null when none was written. */
  summaryOf(day: number): DaySummaryRows | null;
}

/** LL_User_Activity__c rows of a user who has none. */
export const NO_ACTIVITY: UserActivityRows = Object.freeze({
  size: 0,
  combo: new Int32Array(0),
  newestDay: new Int32Array(0),
  entryStart: new Int32Array(1),
  entryDay: new Int32Array(0),
  loginsThrough: new Float64Array(0),
  newestSecond: new Int32Array(0)
});

/** An org with no nightly rows: an export, a live org where the job never ran. */
export const NO_ROLLUPS: RollupStore = Object.freeze({
  runs: () => [],
  activityOf: () => NO_ACTIVITY,
  summaryOf: () => null
});

/** The coverage query's LIMIT: several runs per day are possible. */
export const MAX_COVERAGE_RUNS = 2_000;

/** What the coverage query found. */
export interface Coverage {
  /** LL_Snapshot_Run__c rows the query returned. */
  rows: number;
  /** Newest day rolled up without a gap from the window's first day; null when none. */
  rolledUpThroughDay: number | null;
}

/**
 * LL_RollupCoverage: every LL_Snapshot_Run__c row of [firstDay, today), by day
 * and, within a day, in start order (LIMIT MAX_COVERAGE_RUNS), walked for the
 * newest day D such that every day from firstDay to D is covered. The trend
 * needs any Completed run of the day (its summaries are written at once); the
 * user page needs the day's latest run to be Completed with user activity
 * rolled up (a re-run rewrites the activity rows chunk by chunk).
 * @param needsActivity true for the user page (Activity_Rows_Written__c != null), false for the trend
 */
export function coverageOf(
  store: RollupStore,
  firstDay: number,
  today: number,
  needsActivity: boolean
): Coverage {
  const runs = store.runs(firstDay, today).slice(0, MAX_COVERAGE_RUNS);
  const covered = new Map<number, boolean>();
  for (const run of runs) {
    const completed = run.status === 'Completed';
    if (needsActivity) covered.set(run.day, completed && run.wroteActivity);
    else if (completed) covered.set(run.day, true);
  }
  let expected = firstDay;
  while (covered.get(expected) === true) expected += 1;
  return { rows: runs.length, rolledUpThroughDay: expected > firstDay ? expected - 1 : null };
}

/**
 * What the nightly job writes for one day, and what the trend computes for a
 * day it reads live: logins and distinct users per login group, and the day
 * total. The rows must come user by user (all rows of one user together), as
 * LoginDays.rowsOfDay gives them: distinct users are then the runs of a user.
 */
export function summarizeRows(read: LoginRows, combos: number): DaySummaryRows {
  const logins = new Int32Array(combos);
  const users = new Int32Array(combos);
  /** The last user counted in each group. */
  const lastUser = new Int32Array(combos).fill(-1);
  const { rows, user: userOf, combo: comboOf } = read;
  let uniqueUsers = 0;
  let previousUser = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const user = userOf[row];
    const combo = comboOf[row];
    if (user !== previousUser) {
      previousUser = user;
      uniqueUsers += 1;
    }
    logins[combo] += 1;
    if (lastUser[combo] !== user) {
      lastUser[combo] = user;
      users[combo] += 1;
    }
  }
  const groups: DaySummaryGroup[] = [];
  for (let combo = 0; combo < combos; combo++) {
    if (logins[combo] > 0) groups.push({ combo, logins: logins[combo], uniqueUsers: users[combo] });
  }
  return { groups, logins: rows.length, uniqueUsers, uniqueUsersCapped: false };
}
