/**
 * The local controller against a plain pass over the demo org's raw records:
 * whatever way a window is read (whole or in slices, from the nightly rollups
 * plus live rows, or live only), the login groups and the trend are those the
 * raw LoginHistory records hold for the same days.
 */
import { readOrgMetadata } from '../controller/custom-metadata';
import { type ApexCallUse, LocalController } from '../controller/local-controller';
import { createDemoOrg } from '../demo-org/demo-org';
import { loadDemoOrg } from '../demo-org/load-demo-org';
import { createNightlyRollups } from '../demo-org/nightly-rollups';
import { expectedInputs } from '../e2e/expected';
import {
  addDaysToKey,
  createOrgCalendar,
  dayNumberFromKey
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import { decodeUserPage } from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import type {
  DailyLoginBucketDto,
  LoginTrendDto,
  UserLoginGroupDto
} from '../../../force-app/types/contract';

const OPTIONS = { users: 400, seed: 11, now: Date.parse('2026-11-23T20:00:00.000Z') };
const WINDOW_DAYS = 30;
const PAGE_SIZE = 150;
const TODAY = '2026-11-23';
const YESTERDAY = '2026-11-22';
const FIRST_DAY = addDaysToKey(TODAY, 1 - WINDOW_DAYS);

interface RawLogin {
  userId: string;
  time: number;
  loginType: string;
  loginSubType: string | null;
  status: string;
  application: string | null;
}

function groupKey(group: Omit<RawLogin, 'time'>): string {
  return [group.userId, group.loginType, group.loginSubType, group.status, group.application].join(
    '|'
  );
}

function bucketKey(bucket: DailyLoginBucketDto): string {
  return [
    bucket.day,
    bucket.loginType,
    bucket.loginSubType,
    bucket.status,
    bucket.application
  ].join('|');
}

const byKey = (groups: UserLoginGroupDto[]) =>
  Object.fromEntries(groups.map((group) => [groupKey(group), group]));

describe('the local controller over the demo org', () => {
  const metadata = readOrgMetadata();
  const data = loadDemoOrg(OPTIONS);
  const demo = createDemoOrg(OPTIONS);
  const calendar = createOrgCalendar(data.organization?.timeZoneSidKey ?? 'UTC');
  const clock = () => OPTIONS.now;
  const uses: ApexCallUse[] = [];
  const observe = (use: ApexCallUse) => uses.push(use);
  const rolledUp = new LocalController({
    data,
    metadata,
    clock,
    observe,
    rollups: createNightlyRollups({ data, clock })
  });
  const live = new LocalController({ data, metadata, clock, observe, rollups: false });
  const oracle = expectedInputs(demo, metadata, WINDOW_DAYS);
  const activeIds = new Set(oracle.users.map((user) => user.id));
  const raw: RawLogin[] = [...demo.records('LoginHistory')].map((record) => ({
    userId: record.UserId as string,
    time: Date.parse(record.LoginTime as string),
    loginType: record.LoginType as string,
    loginSubType: (record.LoginSubType as string | null) ?? null,
    status: record.Status as string,
    application: (record.Application as string | null) ?? null
  }));

  /** [start, end) of a slice, as the window defines it. */
  function sliceSpan(first: string, last: string): [number, number] {
    const end = last === TODAY ? OPTIONS.now : calendar.startOfDay(dayNumberFromKey(last) + 1);
    return [calendar.startOfDay(dayNumberFromKey(first)), end];
  }

  /** Login groups of the active users from the raw records, in [start, end). */
  function rawGroups(first: string, last: string): Record<string, UserLoginGroupDto> {
    const [start, end] = sliceSpan(first, last);
    const groups = new Map<string, UserLoginGroupDto>();
    for (const login of raw) {
      if (!activeIds.has(login.userId) || login.time < start || login.time >= end) continue;
      const key = groupKey(login);
      const group = groups.get(key);
      const time = login.time;
      if (!group) {
        const { time: _, ...fields } = login;
        groups.set(key, { ...fields, logins: 1, lastLoginTime: time });
      } else {
        group.logins += 1;
        if (time > (group.lastLoginTime as number)) group.lastLoginTime = time;
      }
    }
    return Object.fromEntries(groups);
  }

  /** The trend from the raw records: buckets per day and group, distinct users per day. */
  function rawTrend(first: string, last: string) {
    const [start, end] = sliceSpan(first, last);
    const buckets = new Map<string, { logins: number; users: Set<string> }>();
    const usersPerDay = new Map<string, Set<string>>();
    for (const login of raw) {
      if (login.time < start || login.time >= end) continue;
      const day = calendar.dayKey(login.time);
      const key = [day, login.loginType, login.loginSubType, login.status, login.application].join(
        '|'
      );
      const bucket = buckets.get(key) ?? { logins: 0, users: new Set<string>() };
      bucket.logins += 1;
      bucket.users.add(login.userId);
      buckets.set(key, bucket);
      const users = usersPerDay.get(day) ?? new Set<string>();
      users.add(login.userId);
      usersPerDay.set(day, users);
    }
    const days: string[] = [];
    for (let day = first; day <= last; day = addDaysToKey(day, 1)) days.push(day);
    return {
      buckets: Object.fromEntries(
        [...buckets].map(([key, bucket]) => [
          key,
          { logins: bucket.logins, uniqueUsers: bucket.users.size }
        ])
      ),
      dailyUniqueUsers: days.map((day) => ({
        day,
        uniqueUsers: usersPerDay.get(day)?.size ?? 0,
        uniqueUsersCapped: false
      }))
    };
  }

  function trendBuckets(trend: LoginTrendDto) {
    return Object.fromEntries(
      trend.daily.map((bucket) => [
        bucketKey(bucket),
        { logins: bucket.logins, uniqueUsers: bucket.uniqueUsers }
      ])
    );
  }

  beforeEach(() => (uses.length = 0));

  it('pages through exactly the active users the raw records hold, with the same fields', () => {
    const users = [];
    let afterUserId: string | null = null;
    let pages = 0;
    do {
      const page = decodeUserPage(
        rolledUp.getUserPage({
          afterUserId,
          pageSize: PAGE_SIZE,
          windowDays: WINDOW_DAYS
        })
      );
      users.push(...page.users);
      afterUserId = page.nextAfterUserId;
      pages += 1;
    } while (afterUserId !== null);
    expect(pages).toBe(Math.ceil(oracle.users.length / PAGE_SIZE));
    expect(users).toEqual(oracle.users);
  });

  it('answers the whole window from the rollups up to yesterday and today live, as the raw records', () => {
    const page = decodeUserPage(rolledUp.getUserPage({ pageSize: 2000, windowDays: WINDOW_DAYS }));
    expect(page.window).toEqual(oracle.window);
    expect(page.window).toMatchObject({
      rolledUpThroughDay: YESTERDAY,
      rollupDays: WINDOW_DAYS - 1,
      liveDays: 1
    });
    expect(byKey(page.loginGroups)).toEqual(byKey(oracle.loginGroups));
    expect(byKey(page.loginGroups)).toEqual(rawGroups(FIRST_DAY, TODAY));
  });

  // [first, last, rollup days, live days] of slices of the 30-day window.
  const SLICES: [string, string, number, number][] = [
    [FIRST_DAY, TODAY, 29, 1],
    [FIRST_DAY, YESTERDAY, 29, 0],
    ['2026-11-18', TODAY, 5, 1],
    ['2026-11-03', '2026-11-03', 1, 0],
    ['2026-11-01', '2026-11-02', 2, 0],
    [TODAY, TODAY, 0, 1],
    ['2026-10-30', '2026-11-12', 14, 0]
  ];

  it.each(SLICES)(
    'groups the slice %s..%s from rollups and live rows as from the raw records, with or without rollups',
    (first, last, rollupDays, liveDays) => {
      const expected = rawGroups(first, last);
      const ask = {
        pageSize: 2000,
        windowDays: WINDOW_DAYS,
        sliceFirstDay: first,
        sliceLastDay: last
      };
      const fromRollups = decodeUserPage(rolledUp.getUserPage(ask));
      const fromLive = decodeUserPage(live.getUserPage(ask));
      expect(fromRollups.window).toMatchObject({
        sliceFirstDay: first,
        sliceLastDay: last,
        rolledUpThroughDay: YESTERDAY,
        rollupDays,
        liveDays,
        coveredDays: rollupDays + liveDays
      });
      expect(fromLive.window).toMatchObject({
        rolledUpThroughDay: null,
        rollupDays: 0,
        liveDays: rollupDays + liveDays
      });
      expect(byKey(fromRollups.loginGroups)).toEqual(expected);
      expect(byKey(fromLive.loginGroups)).toEqual(expected);
      const logins = Object.values(expected).reduce((sum, group) => sum + group.logins, 0);
      expect(fromRollups.window.rowsRead).toBe(logins);
      expect(fromLive.window.rowsRead).toBe(logins);
      // The rollup query runs only for rollup days, the LoginHistory query only for live days.
      const labels = uses[0].soql.map((query) => query.label);
      expect(labels.includes('LL_User_Activity__c')).toBe(rollupDays > 0);
      expect(labels.includes('LoginHistory')).toBe(liveDays > 0);
      expect(uses[0]).toMatchObject({ rollupDays, liveDays, sliceDays: rollupDays + liveDays });
    }
  );

  it.each(SLICES)(
    'trends the slice %s..%s from daily summaries and live rows as from the raw records',
    (first, last, rollupDays, liveDays) => {
      const expected = rawTrend(first, last);
      const ask = { windowDays: WINDOW_DAYS, sliceFirstDay: first, sliceLastDay: last };
      for (const trend of [rolledUp.getLoginTrend(ask), live.getLoginTrend(ask)]) {
        expect(trend.tooBig).toBe(false);
        expect(trendBuckets(trend)).toEqual(expected.buckets);
        expect(trend.dailyUniqueUsers).toEqual(expected.dailyUniqueUsers);
        const keys = trend.daily.map((bucket) => bucket.day);
        expect(keys).toEqual([...keys].sort());
      }
      const summaries = uses[0].soql.find((query) => query.label === 'LL_Login_Daily_Summary__c');
      // One row per group and day, plus one day-total row per rolled-up day.
      const groupRows = Object.keys(expected.buckets).filter(
        (key) => key.slice(0, 10) <= YESTERDAY
      );
      expect(summaries?.rowsTouched ?? 0).toBe(rollupDays ? groupRows.length + rollupDays : 0);
      expect(uses[0]).toMatchObject({ rollupDays, liveDays });
    }
  );

  it('groups the longest window the settings allow from the rollups as from the raw records', () => {
    const longest = metadata.settings.maxWindowDays;
    const page = decodeUserPage(rolledUp.getUserPage({ pageSize: 2000, windowDays: longest }));
    expect(page.window).toMatchObject({
      rollupDays: longest - 1,
      liveDays: 1,
      coveredDays: longest
    });
    expect(byKey(page.loginGroups)).toEqual(rawGroups(addDaysToKey(TODAY, 1 - longest), TODAY));
  });

  it('charges the rows each query of a page touches, as the Apex runs them', () => {
    rolledUp.getUserPage({ pageSize: 2000, windowDays: WINDOW_DAYS });
    const [use] = uses;
    expect(use.soql.map((query) => query.label)).toEqual([
      'UserPermissionAccess',
      'Organization',
      'User',
      'PermissionSetLicenseAssign',
      'UserLogin',
      'LL_Snapshot_Run__c coverage',
      'LL_User_Activity__c',
      'LoginHistory'
    ]);
    const rows = Object.fromEntries(use.soql.map((query) => [query.label, query.rowsTouched]));
    // One completed run per day from the window's first day to yesterday.
    expect(rows['LL_Snapshot_Run__c coverage']).toBe(WINDOW_DAYS - 1);
    // One activity row per user and login group with a login in the window up to yesterday.
    const rolledUpGroups = rawGroups(FIRST_DAY, YESTERDAY);
    expect(rows.LL_User_Activity__c).toBe(Object.keys(rolledUpGroups).length);
    // Today's rows of the page's users, read live.
    const [todayStart] = sliceSpan(TODAY, TODAY);
    expect(rows.LoginHistory).toBe(
      raw.filter((login) => activeIds.has(login.userId) && login.time >= todayStart).length
    );
    expect(use.queries).toBe(8);
  });

  it('lists the seats the raw UserLicense and PermissionSetLicense records hold', () => {
    const byId = (seats: { id: string }[]) => [...seats].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(rolledUp.getLicenseSeats())).toEqual(byId(oracle.seats));
  });
});
