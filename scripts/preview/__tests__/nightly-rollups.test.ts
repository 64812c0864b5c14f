/**
 * The preview's nightly rows: the coverage walk over LL_Snapshot_Run__c, the
 * demo org's rollups "as if the job had run every night" (activity rows and
 * daily summaries from its own LoginHistory), the day index they rest on, and
 * the history card's day totals that now agree with the LoginHistory.
 */
import { inMemory } from './in-memory';
import { decodeUserPage } from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import { readOrgMetadata } from '../controller/custom-metadata';
import { LocalController } from '../controller/local-controller';
import {
  coverageOf,
  MAX_COVERAGE_RUNS,
  NO_ROLLUPS,
  summarizeRows,
  type RollupStore,
  type SnapshotRunRow
} from '../controller/rollup-store';
import { loginDaysOf } from '../data/login-days';
import { LoginTableBuilder } from '../data/login-table';
import { OrgDataBuilder, type OrgData } from '../data/org-data';
import { sfAttributes, toSfDateTime, type SfRecord } from '../data/sf-export-format';
import { createDemoHistory } from '../demo-org/history';
import { loadDemoOrg, loadDemoOrgQuickly } from '../demo-org/load-demo-org';
import {
  createNightlyRollups,
  loginDaySummaries,
  MAX_ROLLUP_DAYS
} from '../demo-org/nightly-rollups';
import {
  createOrgCalendar,
  dayKeyFromNumber,
  dayNumberFromKey
} from '../../../force-app/main/default/lwc/llAnalytics/time';

const NOW = Date.parse('2026-11-23T20:00:00.000Z');
const TZ = 'America/Los_Angeles';
const calendar = createOrgCalendar(TZ);
const TODAY = calendar.dayNumber(NOW);
const MS_PER_DAY = 86_400_000;

function runsStore(runs: SnapshotRunRow[]): RollupStore {
  return {
    ...NO_ROLLUPS,
    runs: (first, end) => runs.filter((run) => run.day >= first && run.day < end)
  };
}

const completed = (day: number, wroteActivity = true): SnapshotRunRow => ({
  day,
  status: 'Completed',
  wroteActivity
});

describe('coverage (LL_RollupCoverage)', () => {
  const first = TODAY - 9;

  it('is the newest day with a completed run on every day from the first day, else null', () => {
    const every = Array.from({ length: 9 }, (_, i) => completed(first + i));
    expect(coverageOf(runsStore(every), first, TODAY, true)).toEqual({
      rows: 9,
      rolledUpThroughDay: TODAY - 1
    });
    expect(coverageOf(NO_ROLLUPS, first, TODAY, true)).toEqual({
      rows: 0,
      rolledUpThroughDay: null
    });
    const missingFirst = every.slice(1);
    expect(coverageOf(runsStore(missingFirst), first, TODAY, false).rolledUpThroughDay).toBeNull();
  });

  it('stops at a gap, a failed day, or (for the user page only) a run that did not roll up', () => {
    const runs = [
      completed(first),
      completed(first + 1),
      { day: first + 2, status: 'Failed', wroteActivity: false } as SnapshotRunRow,
      completed(first + 2, false),
      completed(first + 3),
      completed(first + 5)
    ];
    const page = coverageOf(runsStore(runs), first, TODAY, true);
    const trend = coverageOf(runsStore(runs), first, TODAY, false);
    // Every run is read, whatever its status (the latest run of a day decides for the page).
    expect(page).toEqual({ rows: 6, rolledUpThroughDay: first + 1 });
    expect(trend).toEqual({ rows: 6, rolledUpThroughDay: first + 3 });
    // Two runs of one day: the later one decides for the page.
    const twice = [completed(first, false), completed(first), completed(first + 1)];
    expect(coverageOf(runsStore(twice), first, TODAY, true).rolledUpThroughDay).toBe(first + 1);
    // A re-run that failed after a completed run takes the day out of the page's rollup (its
    // chunks may have half rewritten the activity rows), not out of the trend's.
    const rerunFailed = [
      completed(first),
      completed(first + 1),
      { day: first + 1, status: 'Failed', wroteActivity: false } as SnapshotRunRow,
      completed(first + 2)
    ];
    expect(coverageOf(runsStore(rerunFailed), first, TODAY, true).rolledUpThroughDay).toBe(first);
    expect(coverageOf(runsStore(rerunFailed), first, TODAY, false).rolledUpThroughDay).toBe(
      first + 2
    );
  });

  it('reads at most MAX_COVERAGE_RUNS runs (its LIMIT)', () => {
    const many = Array.from({ length: MAX_COVERAGE_RUNS + 5 }, () => completed(first));
    expect(coverageOf(runsStore(many), first, TODAY, true)).toEqual({
      rows: MAX_COVERAGE_RUNS,
      rolledUpThroughDay: first
    });
  });

  it('reads the days after a gap live, and answers the same groups', () => {
    const data = loadDemoOrg({ users: 120, seed: 3, now: NOW });
    const metadata = readOrgMetadata();
    const clock = () => NOW;
    const nightly = createNightlyRollups({ data, clock });
    const gapDay = TODAY - 6;
    const withGap: RollupStore = {
      ...nightly,
      runs: (firstDay, end) => nightly.runs(firstDay, end).filter((run) => run.day !== gapDay)
    };
    const ask = { pageSize: 200, windowDays: 30 };
    const gapped = new LocalController({ data, metadata, clock, rollups: withGap });
    const live = new LocalController({ data, metadata, clock, rollups: false });
    const page = decodeUserPage(gapped.getUserPage(ask));
    expect(page.window).toMatchObject({
      rolledUpThroughDay: dayKeyFromNumber(gapDay - 1),
      rollupDays: 23,
      liveDays: 7
    });
    expect(page.loginGroups).toEqual(decodeUserPage(live.getUserPage(ask)).loginGroups);
    const trend = gapped.getLoginTrend({ windowDays: 30 });
    expect(trend.window).toMatchObject({ rollupDays: 23, liveDays: 7 });
    expect(trend.daily).toEqual(live.getLoginTrend({ windowDays: 30 }).daily);
  });
});

/** An org of one user logging in at 09:15:07 and 16:40:59 local time on each of `days` days. */
function dailyUser(days: number): OrgData {
  const builder = new OrgDataBuilder();
  const userId = '005000000000001AAA';
  builder.addRecords('Organization', [
    { attributes: sfAttributes('Organization'), Name: 'Daily', TimeZoneSidKey: TZ }
  ]);
  builder.addRecords('User', [
    {
      attributes: sfAttributes('User'),
      Id: userId,
      Username: 'daily@example.com',
      Name: 'Daily',
      IsActive: true,
      UserType: 'Standard',
      Department: null,
      Division: null,
      ForecastEnabled: false,
      LastLoginDate: null,
      CreatedDate: toSfDateTime(NOW - 400 * MS_PER_DAY),
      ProfileId: null,
      Profile: null,
      UserRole: null
    }
  ]);
  const logins: SfRecord[] = [];
  for (let day = TODAY - days + 1; day <= TODAY; day++) {
    for (const seconds of [9 * 3600 + 15 * 60 + 7, 16 * 3600 + 40 * 60 + 59]) {
      const time = calendar.startOfDay(day) + seconds * 1000;
      if (time >= NOW) continue;
      logins.push({
        UserId: userId,
        LoginTime: toSfDateTime(time),
        LoginType: 'Application',
        LoginSubType: null,
        Status: 'Success',
        Application: 'Browser'
      });
    }
  }
  builder.addRecords('LoginHistory', logins);
  for (const object of ['UserLicense', 'PermissionSetLicense', 'UserLogin'] as const) {
    builder.addRecords(object, []);
  }
  return builder.build('daily user');
}

describe('the nightly rollups of an org (createNightlyRollups)', () => {
  const data = dailyUser(200);
  const clock = () => NOW;
  const store = createNightlyRollups({ data, clock });

  it('has one completed run per night up to yesterday', () => {
    const runs = store.runs(TODAY - 30, TODAY + 5);
    expect(runs).toHaveLength(30);
    expect(runs[0]).toEqual(completed(TODAY - 30));
    expect(runs[29].day).toBe(TODAY - 1);
    expect(createNightlyRollups({ data, clock, nights: 3 }).runs(TODAY - 30, TODAY)).toHaveLength(
      3
    );
  });

  it('keeps an activity row per login group: days up to yesterday, the last 180, newest to the second', () => {
    const rows = store.activityOf('005000000000001AAA');
    expect(rows.size).toBe(1);
    expect(rows.newestDay[0]).toBe(TODAY - 1);
    const entries = rows.entryStart[1] - rows.entryStart[0];
    expect(entries).toBe(MAX_ROLLUP_DAYS);
    expect(rows.entryDay[0]).toBe(TODAY - MAX_ROLLUP_DAYS);
    expect(rows.loginsThrough[entries - 1]).toBe(2 * MAX_ROLLUP_DAYS);
    expect(Array.from(rows.newestSecond.subarray(0, 3))).toEqual([60059, 60059, 60059]);
    expect(store.activityOf('005000000000009AAA').size).toBe(0);
  });

  it('follows the clock: tomorrow, today is rolled up too', () => {
    let now = NOW;
    const moving = createNightlyRollups({ data, clock: () => now });
    expect(moving.activityOf('005000000000001AAA').newestDay[0]).toBe(TODAY - 1);
    now += MS_PER_DAY;
    expect(moving.activityOf('005000000000001AAA').newestDay[0]).toBe(TODAY);
    // Today's login at 09:15 happened before now (12:00); the one at 16:40 is still to come.
    expect(moving.summaryOf(TODAY)?.logins).toBe(1);
  });

  it('summarizes each day up to yesterday, none for today', () => {
    expect(store.summaryOf(TODAY)).toBeNull();
    expect(store.summaryOf(TODAY - 1)).toEqual({
      groups: [{ combo: 0, logins: 2, uniqueUsers: 1 }],
      logins: 2,
      uniqueUsers: 1,
      uniqueUsersCapped: false
    });
  });

  it('answers a 90-day page from 89 days of rollups and today live, newest login to the second', () => {
    const controller = new LocalController({
      data,
      metadata: readOrgMetadata(),
      clock,
      rollups: store
    });
    const page = decodeUserPage(
      controller.getUserPage({
        windowDays: 90,
        sliceLastDay: dayKeyFromNumber(TODAY - 1)
      })
    );
    expect(page.loginGroups).toEqual([
      expect.objectContaining({
        logins: 178,
        lastLoginTime: calendar.startOfDay(TODAY - 1) + 60059 * 1000
      })
    ]);
    const whole = controller.getUserPage({ windowDays: 90 });
    expect(whole.window).toMatchObject({ rollupDays: 89, liveDays: 1, rowsRead: 179 });
  });
});

describe('LoginDays', () => {
  const data = loadDemoOrg({ users: 150, seed: 4, now: NOW });
  const days = loginDaysOf(data.logins, calendar);
  const logins = inMemory(data.logins);

  it('finds the org-local day of every login, across daylight saving changes', () => {
    const wrong: number[] = [];
    for (let row = 0; row < data.logins.size; row++) {
      const time = logins.time[row];
      if (days.dayOf(time) !== calendar.dayNumber(time)) wrong.push(time);
    }
    expect(wrong).toEqual([]);
    // 2026-03-08 and 2026-11-01 change the clocks in Los Angeles.
    for (const key of ['2026-03-08', '2026-03-09', '2026-11-01', '2026-11-02']) {
      const start = calendar.startOfDay(dayNumberFromKey(key));
      expect(days.dayOf(start)).toBe(dayNumberFromKey(key));
      expect(days.dayOf(start - 1)).toBe(dayNumberFromKey(key) - 1);
    }
  });

  it('groups every row by day, all rows of a user together', () => {
    let total = 0;
    const problems: string[] = [];
    for (let day = days.firstDay; day < days.firstDay + days.dayCount; day++) {
      const { rows } = days.rowsOfDay(day);
      total += rows.length;
      const usersSeen = new Set<number>();
      let previous = -1;
      for (const row of rows) {
        if (days.dayOf(logins.time[row]) !== day) problems.push(`row ${row} not on ${day}`);
        const user = logins.user[row];
        if (user === previous) continue;
        if (usersSeen.has(user)) problems.push(`user ${user} split on ${day}`);
        usersSeen.add(user);
        previous = user;
      }
    }
    expect(problems).toEqual([]);
    expect(total).toBe(data.logins.size);
  });

  it('groups rows user by user on each day when the table interleaves users', () => {
    const table = new LoginTableBuilder();
    const start = calendar.startOfDay(TODAY - 2);
    // Rows alternate between two users, hour by hour, over two days.
    for (let hour = 0; hour < 48; hour++) {
      table.add({
        userId: hour % 2 ? '005000000000002AAA' : '005000000000001AAA',
        loginTime: start + hour * 3_600_000,
        loginType: 'Application',
        loginSubType: null,
        status: 'Success',
        application: 'Browser'
      });
    }
    const built = table.build();
    const interleaved = loginDaysOf(built, calendar);
    const users = Array.from(interleaved.rowsOfDay(TODAY - 2).rows, (row) => built.user[row]);
    expect(users).toEqual([...Array(12).fill(0), ...Array(12).fill(1)]);
    expect(summarizeRows(interleaved.rowsOfDay(TODAY - 1), built.combos.length)).toMatchObject({
      logins: 24,
      uniqueUsers: 2,
      groups: [{ combo: 0, logins: 24, uniqueUsers: 2 }]
    });
    expect(days.rowsOfDay(days.firstDay - 1).rows).toHaveLength(0);
    expect(days.countOfDay(days.firstDay - 1)).toBe(0);
    expect(interleaved.countOfDay(TODAY - 2)).toBe(24);
  });
});

describe('the demo org', () => {
  it('loads quickly into the same OrgData as through its records', () => {
    const options = { users: 200, seed: 8, now: NOW };
    const slow = loadDemoOrg(options);
    const quick = loadDemoOrgQuickly(options);
    expect(quick.users).toEqual(slow.users);
    expect(quick.logins.size).toBe(slow.logins.size);
    const [quickRows, slowRows] = [inMemory(quick.logins), inMemory(slow.logins)];
    expect(Array.from(quickRows.time)).toEqual(Array.from(slowRows.time));
    expect(Array.from(quickRows.user)).toEqual(Array.from(slowRows.user));
    expect(Array.from(quickRows.combo)).toEqual(Array.from(slowRows.combo));
    expect(quick.logins.combos).toEqual(slow.logins.combos);
    expect(quick.logins.userIds).toEqual(slow.logins.userIds);
  });

  it('keeps history day totals equal to its LoginHistory for the whole days it covers', () => {
    const data = loadDemoOrg({ users: 150, seed: 4, now: NOW });
    const summaries = loginDaySummaries(data);
    const agreeing = createDemoHistory({ seed: 4, now: NOW, data, loginSummaries: summaries });
    const synthetic = createDemoHistory({ seed: 4, now: NOW, data });
    const firstWhole = summaries.firstWholeDay as number;
    expect(firstWhole).toBe(loginDaysOf(data.logins, calendar).firstDay + 1);
    const rows = [...agreeing.dayTotals('2000-01-01', '2100-01-01')];
    const older = [...synthetic.dayTotals('2000-01-01', dayKeyFromNumber(firstWhole))];
    const recent = rows.slice(older.length);
    // Older days keep their synthetic shape, scaled by one ratio per figure so that they meet the
    // LoginHistory days without a step: the ratio of the real to the synthetic sums over the
    // first 28 LoginHistory days.
    const calibrationDays = recent.slice(0, 28);
    const syntheticThen = [
      ...synthetic.dayTotals(calibrationDays[0].day, dayKeyFromNumber(firstWhole + 28))
    ];
    const sum = (list: typeof rows, key: 'logins' | 'uniqueUsers') =>
      list.reduce((total, row) => total + row[key], 0);
    const loginScale = sum(calibrationDays, 'logins') / sum(syntheticThen, 'logins');
    const userScale = sum(calibrationDays, 'uniqueUsers') / sum(syntheticThen, 'uniqueUsers');
    expect(rows.slice(0, older.length)).toEqual(
      older.map((row) => ({
        ...row,
        logins: Math.round(row.logins * loginScale),
        uniqueUsers: Math.round(row.uniqueUsers * userScale)
      }))
    );
    // Without the step: the 28 days before the LoginHistory average within 20% of the 28 after.
    const before = rows.slice(older.length - 28, older.length);
    expect(sum(before, 'logins') / sum(calibrationDays, 'logins')).toBeGreaterThan(0.8);
    expect(sum(before, 'logins') / sum(calibrationDays, 'logins')).toBeLessThan(1.2);
    expect(recent[0].day).toBe(dayKeyFromNumber(firstWhole));
    expect(recent.at(-1)?.day).toBe(dayKeyFromNumber(TODAY - 1));
    for (const row of recent) {
      const day = dayNumberFromKey(row.day);
      const start = calendar.startOfDay(day);
      const end = calendar.startOfDay(day + 1);
      let logins = 0;
      const users = new Set<number>();
      const table = inMemory(data.logins);
      for (let i = 0; i < table.size; i++) {
        if (table.time[i] >= start && table.time[i] < end) {
          logins += 1;
          users.add(table.user[i]);
        }
      }
      expect(row).toEqual({
        day: row.day,
        logins,
        uniqueUsers: users.size,
        uniqueUsersCapped: false
      });
    }
  });
});
