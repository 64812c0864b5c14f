/**
 * The demo org's nightly rows, "as if LL_LoginSnapshotBatch had run every
 * night": a Completed run that rolled up user activity for each of the last
 * DEMO_HISTORY_DAYS days up to yesterday (org time zone, from the clock), and
 * the LL_User_Activity__c and LL_Login_Daily_Summary__c rows those runs would
 * have written, derived from the org's own LoginHistory for the days up to
 * yesterday. Nothing is computed up front: a user's activity rows are built
 * the first time a page reads that user, a day's summary the first time a
 * trend reads that day, and both are kept.
 */
import { createOrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import {
  NO_ACTIVITY,
  summarizeRows,
  type DaySummaryRows,
  type RollupStore,
  type SnapshotRunRow,
  type UserActivityRows
} from '../controller/rollup-store';
import { loginDaysOf } from '../data/login-days';
import type { LoginDayIndex, LoginRows } from '../data/login-store';
import { orgTimeZone, type OrgData } from '../data/org-data';
import { DEMO_HISTORY_DAYS } from './history';

/** LL_DayCounts.MAX_DAYS: days an activity row keeps, counted back from its newest entry. */
export const MAX_ROLLUP_DAYS = 180;

const MS_PER_SECOND = 1000;
/** Sort keys pack (combo, day, second of the day); a day has fewer than 2^17 seconds. */
const SECOND_SLOTS = 131_072;
/** Days a table may span in one key (2^16: 179 years). */
const DAY_SLOTS = 65_536;

/**
 * The LL_User_Activity__c rows of one user as of throughDay: one per login
 * group with a login on a day up to throughDay, entries per day with the
 * day's newest login to the second, at most MAX_ROLLUP_DAYS days back from
 * the row's newest entry. One sort of packed (group, day, second) keys.
 */
function buildActivity(read: LoginRows, days: LoginDayIndex, throughDay: number): UserActivityRows {
  const { rows } = read;
  const keys = new Float64Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const time = read.time[row];
    const day = days.dayOf(time);
    if (day > throughDay) continue;
    const second = Math.floor((time - days.startOfDay(day)) / MS_PER_SECOND);
    keys[count++] = (read.combo[row] * DAY_SLOTS + (day - days.firstDay)) * SECOND_SLOTS + second;
  }
  if (count === 0) return NO_ACTIVITY;
  const sorted = keys.subarray(0, count).sort();

  // Entries: one per (group, day), ascending; the last key of a day holds its newest second.
  const entryCombo = new Int32Array(count);
  const entryDay = new Int32Array(count);
  const entryLogins = new Int32Array(count);
  const entrySecond = new Int32Array(count);
  let entries = 0;
  let previousSlot = -1;
  for (let i = 0; i < count; i++) {
    const slot = Math.floor(sorted[i] / SECOND_SLOTS);
    if (slot !== previousSlot) {
      previousSlot = slot;
      entryCombo[entries] = Math.floor(slot / DAY_SLOTS);
      entryDay[entries] = (slot % DAY_SLOTS) + days.firstDay;
      entries += 1;
    }
    entryLogins[entries - 1] += 1;
    entrySecond[entries - 1] = sorted[i] - slot * SECOND_SLOTS;
  }

  // Rows: one per group; entries older than the row's newest day - MAX_ROLLUP_DAYS + 1 are pruned.
  const combo = new Int32Array(entries);
  const newestDay = new Int32Array(entries);
  const entryStart = new Int32Array(entries + 1);
  const kept = new Int32Array(entries);
  let rowCount = 0;
  let keptCount = 0;
  for (let start = 0; start < entries; ) {
    let end = start;
    while (end < entries && entryCombo[end] === entryCombo[start]) end++;
    const newest = entryDay[end - 1];
    for (let e = start; e < end; e++)
      if (entryDay[e] > newest - MAX_ROLLUP_DAYS) kept[keptCount++] = e;
    combo[rowCount] = entryCombo[start];
    newestDay[rowCount] = newest;
    rowCount += 1;
    entryStart[rowCount] = keptCount;
    start = end;
  }
  const loginsThrough = new Float64Array(keptCount);
  const keptDay = new Int32Array(keptCount);
  const keptSecond = new Int32Array(keptCount);
  let total = 0;
  for (let i = 0; i < keptCount; i++) {
    total += entryLogins[kept[i]];
    loginsThrough[i] = total;
    keptDay[i] = entryDay[kept[i]];
    keptSecond[i] = entrySecond[kept[i]];
  }
  return {
    size: rowCount,
    combo: combo.slice(0, rowCount),
    newestDay: newestDay.slice(0, rowCount),
    entryStart: entryStart.slice(0, rowCount + 1),
    entryDay: keptDay,
    loginsThrough,
    newestSecond: keptSecond
  };
}

/** Daily login summaries computed from an org's LoginHistory, day by day on demand. */
export interface LoginDaySummaries {
  /** The summary rows of one day (zeros on a day without logins). */
  summaryOf(day: number): DaySummaryRows;
  /** The oldest day the LoginHistory covers whole: the day after its oldest login's day. */
  readonly firstWholeDay: number | null;
}

/** LoginDaySummaries over an org's LoginHistory (the days counted in the org time zone). */
export function loginDaySummaries(data: OrgData): LoginDaySummaries {
  const days = loginDaysOf(data.logins, createOrgCalendar(orgTimeZone(data)));
  const cache = new Map<number, DaySummaryRows>();
  return {
    firstWholeDay: days.dayCount ? days.firstDay + 1 : null,
    summaryOf(day) {
      let summary = cache.get(day);
      if (!summary) {
        summary = summarizeRows(days.rowsOfDay(day), data.logins.combos.length);
        cache.set(day, summary);
      }
      return summary;
    }
  };
}

export interface NightlyRollupOptions {
  data: OrgData;
  /** "Now" (epoch ms): the job has run every night up to yesterday of it. */
  clock: () => number;
  /** Nights the job ran, ending yesterday (default DEMO_HISTORY_DAYS). */
  nights?: number;
  /** Shared daily summaries (default: computed from data). */
  summaries?: LoginDaySummaries;
}

/** The nightly rows of an org whose job ran every night up to yesterday. */
export function createNightlyRollups(options: NightlyRollupOptions): RollupStore {
  const { data, clock } = options;
  const nights = options.nights ?? DEMO_HISTORY_DAYS;
  const calendar = createOrgCalendar(orgTimeZone(data));
  const days = loginDaysOf(data.logins, calendar);
  if (days.dayCount >= DAY_SLOTS) {
    throw new Error(`The login history spans ${days.dayCount} days; at most ${DAY_SLOTS - 1}.`);
  }
  const summaries = options.summaries ?? loginDaySummaries(data);
  let clockSeen = Number.NaN;
  let yesterdaySeen = 0;
  /** Yesterday of the clock, recomputed only when the clock moves. */
  const yesterday = () => {
    const now = clock();
    if (now !== clockSeen) {
      clockSeen = now;
      yesterdaySeen = calendar.dayNumber(now) - 1;
    }
    return yesterdaySeen;
  };
  let activityThrough = Number.NaN;
  const activity = new Map<string, UserActivityRows>();

  return {
    runs(firstDay, endDay) {
      const last = Math.min(endDay - 1, yesterday());
      const runs: SnapshotRunRow[] = [];
      for (let day = Math.max(firstDay, last - nights + 1); day <= last; day++) {
        runs.push({ day, status: 'Completed', wroteActivity: true });
      }
      return runs;
    },
    activityOf(userId) {
      const through = yesterday();
      if (through !== activityThrough) {
        activity.clear();
        activityThrough = through;
      }
      let rows = activity.get(userId);
      if (!rows) {
        rows = buildActivity(data.logins.rowsOfUser(userId), days, through);
        activity.set(userId, rows);
      }
      return rows;
    },
    summaryOf(day) {
      const last = yesterday();
      return day <= last && day > last - nights ? summaries.summaryOf(day) : null;
    }
  };
}
