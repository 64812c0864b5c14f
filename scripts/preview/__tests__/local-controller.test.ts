import * as fs from 'node:fs';
import { inMemory } from './in-memory';
import * as path from 'node:path';
import { readOrgMetadata } from '../controller/custom-metadata';
import {
  ApexError,
  type ApexCallUse,
  DEFAULT_PAGE_SIZE,
  invokeApex,
  LocalController,
  MAX_PAGE_SIZE,
  QUERY_ROWS_LIMIT,
  RESERVE_ROWS
} from '../controller/local-controller';
import { OrgDataBuilder, type OrgData } from '../data/org-data';
import { readExportFolder } from '../data/read-export';
import { sfAttributes, toSfDateTime, type SfRecord } from '../data/sf-export-format';
import {
  decodeUserPage,
  readTrend
} from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import {
  cleanUp,
  copyOfSmallExport,
  FIXTURE_METADATA,
  FIXTURE_NOW,
  FIXTURE_USERS,
  fixtureController,
  SMALL_EXPORT
} from './helpers';

afterEach(cleanUp);

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

describe('getLicenseSeats', () => {
  const seats = fixtureController().getLicenseSeats();

  it('lists active pools with seats, user licenses first, each sorted by label', () => {
    expect(seats.map((seat) => `${seat.source}:${seat.name}`)).toEqual([
      'UserLicense:Salesforce',
      'UserLicense:Salesforce Integration',
      'UserLicense:Salesforce Platform',
      'PermissionSetLicense:SalesConsoleUser',
      'PermissionSetLicense:SalesforceAPIIntegrationPsl'
    ]);
  });

  it('shapes counts like LL_LicenseService (free never negative, percent half up to one decimal)', () => {
    const byName = Object.fromEntries(seats.map((seat) => [seat.name, seat]));
    expect(byName['Salesforce Platform']).toEqual({
      id: '100000000000002AAA',
      source: 'UserLicense',
      name: 'Salesforce Platform',
      label: 'Salesforce Platform',
      licenseDefinitionKey: 'AUL',
      total: 3,
      used: 1,
      free: 2,
      percentUsed: 33.3
    });
    expect(byName.SalesConsoleUser.percentUsed).toBe(66.7);
    expect(byName.SalesforceAPIIntegrationPsl.percentUsed).toBe(12.5);
    expect(byName.SalesforceAPIIntegrationPsl.licenseDefinitionKey).toBeNull();
  });
});

describe('getOrgContext', () => {
  it('answers the org time zone, now, and settings and prices from custom metadata', () => {
    expect(fixtureController().getOrgContext()).toEqual({
      orgTimeZone: 'America/Los_Angeles',
      generatedAt: '2026-11-23T20:00:00.000Z',
      settings: {
        inactivityDays: 60,
        neverLoggedInGraceDays: 14,
        defaultWindowDays: 180,
        maxWindowDays: 180,
        freeIntegrationSeats: 5,
        apiBudgetPercent: 80,
        currencyIsoCode: 'EUR'
      },
      prices: [
        { licenseKey: 'Salesforce', label: 'Salesforce (fixture)', monthlyPrice: 150 },
        { licenseKey: 'Salesforce Platform', label: 'Platform (fixture)', monthlyPrice: 25.5 }
      ]
    });
  });

  it('fails with the reason when the metadata could not be read', () => {
    const controller = new LocalController({
      data: readExportFolder(SMALL_EXPORT),
      metadata: new Error('LL_Setting.Default.md-meta.xml: not valid XML.'),
      clock: () => FIXTURE_NOW
    });
    expect(() => controller.getOrgContext()).toThrow(
      'License Lens could not read the org time zone and License Lens settings: LL_Setting.Default.md-meta.xml: not valid XML.'
    );
  });
});

describe('getUserPage', () => {
  const controller = fixtureController();

  it('pages active users by Id and never returns inactive ones', () => {
    const first = controller.getUserPage({ afterUserId: null, pageSize: 2, windowDays: 30 });
    expect(first.users.ids).toEqual([FIXTURE_USERS.ada, FIXTURE_USERS.ben]);
    expect(first.nextAfterUserId).toBe(FIXTURE_USERS.ben);
    const second = controller.getUserPage({
      afterUserId: first.nextAfterUserId,
      pageSize: 2,
      windowDays: 30
    });
    expect(second.users.ids).toEqual([FIXTURE_USERS.dan]);
    expect(second.nextAfterUserId).toBeNull();
  });

  it('answers the compact shape: columns, each profile and login group once, counts by index', () => {
    const page = controller.getUserPage({ afterUserId: null, pageSize: 3, windowDays: 30 });
    expect(page.users.ids).toEqual([FIXTURE_USERS.ada, FIXTURE_USERS.ben, FIXTURE_USERS.dan]);
    expect(page.users.profileIndexes).toEqual([0, 1, 2]);
    expect(Object.keys(page.users)).not.toEqual(
      expect.arrayContaining(['profileNames', 'licenseNames', 'licenseDefinitionKeys'])
    );
    for (const column of Object.values(page.users)) expect(column).toHaveLength(3);
    expect(page.users.createdTimes.every((time) => Number.isInteger(time))).toBe(true);
    expect(page.profiles).toEqual([
      expect.objectContaining({ profileId: '00e000000000001AAA' }),
      expect.objectContaining({ profileId: '00e000000000002AAA' }),
      {
        profileId: '00e000000000004AAA',
        profileName: 'Standard User',
        licenseName: 'Salesforce',
        licenseDefinitionKey: 'SFDC'
      }
    ]);
    expect(page.loginGroupKeys.map((key) => `${key.loginType}/${key.status}`)).toEqual([
      'Application/Invalid Password',
      'Application/Success',
      'Other Apex API/Success',
      'Remote Access 2.0/Success'
    ]);
    expect(page.loginCounts.userIndexes).toEqual([0, 0, 0, 1]);
    expect(page.loginCounts.groupKeyIndexes).toEqual([0, 1, 2, 3]);
    expect(page.loginCounts.logins[1]).toBe(2);
    expect(page.loginCounts.lastLoginTimes[1]).toBe(Date.parse('2026-11-23T17:00:00.000Z'));
    expect(decodeUserPage(page).users.map((user) => [user.id, user.profileId])).toEqual([
      [FIXTURE_USERS.ada, '00e000000000001AAA'],
      [FIXTURE_USERS.ben, '00e000000000002AAA'],
      [FIXTURE_USERS.dan, '00e000000000004AAA']
    ]);
  });

  it('maps users like LL_UserDtoMapper, with frozen state and PSLs', () => {
    const page = decodeUserPage(
      controller.getUserPage({
        afterUserId: FIXTURE_USERS.ben,
        pageSize: 10,
        windowDays: 30
      })
    );
    expect(page.users).toEqual([
      {
        id: FIXTURE_USERS.dan,
        username: 'dan.frozen@fixture.example.com',
        name: 'Dan Frozen',
        isActive: true,
        isFrozen: true,
        userType: 'Standard',
        department: 'Sales',
        division: 'EMEA',
        profileId: '00e000000000004AAA',
        profileName: 'Standard User',
        licenseName: 'Salesforce',
        licenseDefinitionKey: 'SFDC',
        roleName: null,
        forecastEnabled: false,
        lastLoginDate: null,
        createdDate: Date.parse('2026-11-18T10:00:00.000Z'),
        permissionSetLicenses: []
      }
    ]);
    expect(page.loginGroups).toEqual([]);
  });

  it('groups the window logins per user and combination (sorted like the Apex keys), with count and newest time', () => {
    const page = decodeUserPage(
      controller.getUserPage({ afterUserId: null, pageSize: 2, windowDays: 30 })
    );
    expect(page.loginGroups).toEqual([
      {
        userId: FIXTURE_USERS.ada,
        loginType: 'Application',
        loginSubType: null,
        status: 'Invalid Password',
        application: 'Browser',
        logins: 1,
        lastLoginTime: Date.parse('2026-11-20T17:58:00.000Z')
      },
      {
        userId: FIXTURE_USERS.ada,
        loginType: 'Application',
        loginSubType: null,
        status: 'Success',
        application: 'Browser',
        logins: 2,
        lastLoginTime: Date.parse('2026-11-23T17:00:00.000Z')
      },
      {
        userId: FIXTURE_USERS.ada,
        loginType: 'Other Apex API',
        loginSubType: null,
        status: 'Success',
        application: 'Data Loader',
        logins: 1,
        lastLoginTime: Date.parse('2026-11-02T06:30:00.000Z')
      },
      {
        userId: FIXTURE_USERS.ben,
        loginType: 'Remote Access 2.0',
        loginSubType: 'OauthClientCredentials',
        status: 'Success',
        application: 'ERP Sync',
        logins: 2,
        lastLoginTime: Date.parse('2026-11-23T19:00:00.000Z')
      }
    ]);
    expect(page.window).toEqual({
      requestedDays: 30,
      coveredDays: 30,
      truncated: false,
      windowStart: '2026-10-25T07:00:00.000Z',
      windowEnd: '2026-11-23T20:00:00.000Z',
      rowsRead: 6,
      firstDay: '2026-10-25',
      lastDay: '2026-11-23',
      sliceFirstDay: '2026-10-25',
      sliceLastDay: '2026-11-23',
      // An export has no nightly rollups: every day is read live.
      rolledUpThroughDay: null,
      rollupDays: 0,
      liveDays: 30
    });
    expect(page).toMatchObject({ tooBig: false, tooBigReason: null });
  });

  it('answers a slice of the window: its days only, windowStart and windowEnd of the slice', () => {
    const page = decodeUserPage(
      controller.getUserPage({
        pageSize: 2,
        windowDays: 30,
        sliceFirstDay: '2026-11-02',
        sliceLastDay: '2026-11-20'
      })
    );
    expect(page.window).toMatchObject({
      requestedDays: 30,
      coveredDays: 19,
      truncated: false,
      // Daylight saving time ended on 2026-11-01 in Los Angeles.
      windowStart: '2026-11-02T08:00:00.000Z',
      windowEnd: '2026-11-21T08:00:00.000Z',
      rowsRead: 2,
      firstDay: '2026-10-25',
      lastDay: '2026-11-23',
      sliceFirstDay: '2026-11-02',
      sliceLastDay: '2026-11-20',
      liveDays: 19
    });
    // 2026-11-02T06:30Z is still 2026-11-01 in Los Angeles: outside the slice.
    expect(
      page.loginGroups.map(
        (g) => `${g.status}:${g.logins}:${new Date(g.lastLoginTime).toISOString()}`
      )
    ).toEqual([
      'Invalid Password:1:2026-11-20T17:58:00.000Z',
      'Success:1:2026-11-20T18:00:00.000Z'
    ]);
    const today = controller.getUserPage({
      pageSize: 2,
      windowDays: 30,
      sliceFirstDay: '2026-11-23',
      sliceLastDay: ''
    });
    expect(today.window).toMatchObject({
      coveredDays: 1,
      windowStart: '2026-11-23T08:00:00.000Z',
      windowEnd: '2026-11-23T20:00:00.000Z',
      sliceLastDay: '2026-11-23'
    });
  });

  it('rejects a malformed, reversed or outside slice with a clear message, as LL_LoginSlice does', () => {
    const ask =
      (sliceFirstDay: unknown, sliceLastDay: unknown = null) =>
      () =>
        controller.getUserPage({
          windowDays: 30,
          sliceFirstDay: sliceFirstDay as string,
          sliceLastDay: sliceLastDay as string
        });
    expect(ask('2026-11-31')).toThrow(
      'sliceFirstDay must be a day written YYYY-MM-DD, or empty; got "2026-11-31".'
    );
    expect(ask(null, 'yesterday')).toThrow(
      'sliceLastDay must be a day written YYYY-MM-DD, or empty; got "yesterday".'
    );
    expect(ask(20261101)).toThrow('sliceFirstDay must be a day written YYYY-MM-DD');
    expect(ask('2026-10-24')).toThrow(
      'sliceFirstDay 2026-10-24 is outside the 30-day window 2026-10-25..2026-11-23 (org time zone America/Los_Angeles).'
    );
    expect(ask(null, '2026-11-24')).toThrow('sliceLastDay 2026-11-24 is outside the 30-day window');
    expect(ask('2026-11-20', '2026-11-10')).toThrow(
      'sliceFirstDay 2026-11-20 is after sliceLastDay 2026-11-10: a slice runs from its first day to its last.'
    );
    for (const run of [ask('2026-11-31'), ask('2026-10-24'), ask('2026-11-20', '2026-11-10')]) {
      expect(run).toThrow(expect.objectContaining({ statusCode: 400 }));
    }
    expect(() => controller.getLoginTrend({ windowDays: 7, sliceFirstDay: '2026-11-01' })).toThrow(
      'sliceFirstDay 2026-11-01 is outside the 7-day window 2026-11-17..2026-11-23'
    );
  });

  it('starts a one-day window at org-local midnight of today', () => {
    const page = decodeUserPage(
      controller.getUserPage({ afterUserId: null, pageSize: 2, windowDays: 1 })
    );
    expect(page.window.windowStart).toBe('2026-11-23T08:00:00.000Z');
    expect(page.loginGroups.map((group) => group.logins)).toEqual([1, 2]);
  });

  it('clamps page size and window like the Apex', () => {
    const defaults = controller.getUserPage({ afterUserId: '', pageSize: null, windowDays: null });
    expect(defaults.window.requestedDays).toBe(180);
    expect(controller.getUserPage({ pageSize: 0 }).users.ids).toHaveLength(3);
    expect(controller.getUserPage({ windowDays: 9999 }).window.requestedDays).toBe(180);
    expect(DEFAULT_PAGE_SIZE).toBe(200);
    expect(MAX_PAGE_SIZE).toBe(2000);
  });

  it('reads the active users at each call, so a user deactivated since drops out', () => {
    const data = readExportFolder(SMALL_EXPORT);
    const live = fixtureController(data);
    expect(live.getUserPage({ pageSize: 10 }).users.ids).toHaveLength(3);
    data.users[0].isActive = false;
    expect(live.getUserPage({ pageSize: 10 }).users.ids).toEqual([
      FIXTURE_USERS.ben,
      FIXTURE_USERS.dan
    ]);
  });

  it('rejects an afterUserId that is not a User Id, as the Apex does', () => {
    expect(() => controller.getUserPage({ afterUserId: '00D000000000001AAA' })).toThrow(
      'afterUserId must be a User Id or empty, got "00D000000000001AAA".'
    );
    expect(() => controller.getUserPage({ pageSize: 2.5 as number })).toThrow(ApexError);
  });

  it('fails naming the file when LoginHistory could not be read', () => {
    const dir = copyOfSmallExport();
    fs.rmSync(path.join(dir, 'LoginHistory.json'));
    const broken = fixtureController(readExportFolder(dir));
    expect(() => broken.getUserPage({})).toThrow(
      /^License Lens could not read users with their logins and permission set licenses: LoginHistory\.json is missing/
    );
    expect(() => broken.getLicenseSeats()).not.toThrow();
  });
});

describe('getLoginTrend', () => {
  const trend = fixtureController().getLoginTrend({ windowDays: 30 });

  it('buckets every user’s logins by org-local day and group, sorted like the Apex', () => {
    expect(
      trend.daily.map(
        (b) => `${b.day} ${b.loginType} ${b.status} ${b.application} ${b.logins}/${b.uniqueUsers}`
      )
    ).toEqual([
      '2026-11-01 Other Apex API Success Data Loader 1/1',
      '2026-11-10 Application Success Browser 1/1',
      '2026-11-20 Application Invalid Password Browser 1/1',
      '2026-11-20 Application Success Browser 1/1',
      '2026-11-23 Application Success Browser 1/1',
      '2026-11-23 Remote Access 2.0 Success ERP Sync 2/1'
    ]);
    expect(trend.window.rowsRead).toBe(7);
    expect(trend).toMatchObject({ tooBig: false, tooBigReason: null });
  });

  it('answers a slice of the trend with a bucket list and distinct users for its days only', () => {
    const slice = fixtureController().getLoginTrend({
      windowDays: 30,
      sliceFirstDay: '2026-11-10',
      sliceLastDay: '2026-11-20'
    });
    expect(slice.daily.map((b) => `${b.day} ${b.status}`)).toEqual([
      '2026-11-10 Success',
      '2026-11-20 Invalid Password',
      '2026-11-20 Success'
    ]);
    expect(slice.dailyUniqueUsers.map((d) => d.day)).toEqual(
      Array.from({ length: 11 }, (_, i) => `2026-11-${10 + i}`)
    );
    expect(slice.window).toMatchObject({ coveredDays: 11, rowsRead: 3, liveDays: 11 });
  });

  it('lists distinct users for every covered day, zeros included', () => {
    expect(trend.dailyUniqueUsers).toHaveLength(30);
    expect(trend.dailyUniqueUsers[0]).toEqual({
      day: '2026-10-25',
      uniqueUsers: 0,
      uniqueUsersCapped: false
    });
    expect(trend.dailyUniqueUsers[29]).toEqual({
      day: '2026-11-23',
      uniqueUsers: 2,
      uniqueUsersCapped: false
    });
    expect(trend.dailyUniqueUsers.reduce((sum, day) => sum + day.uniqueUsers, 0)).toBe(5);
  });
});

/** An org with one user per entry of loginsPerDay, logging in that often every day for `days` days. */
function busyOrg(loginsPerUserPerDay: number[], days: number, now: number): OrgData {
  const builder = new OrgDataBuilder();
  const userId = (i: number) => `005${String(i + 1).padStart(12, '0')}AAA`;
  builder.addRecords('Organization', [
    { attributes: sfAttributes('Organization'), Name: 'Busy', TimeZoneSidKey: 'UTC' }
  ]);
  builder.addRecords(
    'User',
    loginsPerUserPerDay.map((_, i) => ({
      attributes: sfAttributes('User'),
      Id: userId(i),
      Username: `u${i}@busy.example.com`,
      Name: `User ${i}`,
      IsActive: true,
      UserType: 'Standard',
      Department: null,
      Division: null,
      ForecastEnabled: false,
      LastLoginDate: null,
      CreatedDate: toSfDateTime(now - 400 * MS_PER_DAY),
      ProfileId: null,
      Profile: null,
      UserRole: null
    }))
  );
  builder.addRecords('UserLicense', []);
  builder.addRecords('PermissionSetLicense', []);
  builder.addRecords('UserLogin', []);
  const logins: SfRecord[] = [];
  loginsPerUserPerDay.forEach((perDay, i) => {
    for (let day = 0; day < days; day++) {
      for (let n = 0; n < perDay; n++) {
        logins.push({
          UserId: userId(i),
          LoginTime: toSfDateTime(now - day * MS_PER_DAY - MS_PER_HOUR - n * 1000),
          LoginType: 'Remote Access 2.0',
          LoginSubType: 'OauthClientCredentials',
          Status: 'Success',
          Application: 'Firehose'
        });
      }
    }
  });
  builder.addRecords('LoginHistory', logins);
  return builder.build('busy org');
}

describe('getLoginTrend over a part of one day', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');
  const metadata = readOrgMetadata(FIXTURE_METADATA);
  // 50,000 logins a day, one a second back from 11:00: about 50,000 rows fall on 2026-11-22.
  const data = busyOrg([50000], 3, now);
  const controller = new LocalController({ data, metadata, clock: () => now });
  const day = { windowDays: 10, sliceFirstDay: '2026-11-22', sliceLastDay: '2026-11-22' };
  const rowsOn = (from: string, to: string) => {
    const [start, end] = [Date.parse(from), Date.parse(to)];
    let rows = 0;
    const { time } = inMemory(data.logins);
    for (let row = 0; row < time.length; row++) {
      if (time[row] >= start && time[row] < end) rows++;
    }
    return rows;
  };

  it('reads a day too big as a whole in parts whose logins add up to the day', () => {
    expect(rowsOn('2026-11-22T00:00:00.000Z', '2026-11-23T00:00:00.000Z')).toBeGreaterThan(48998);
    expect(controller.getLoginTrend(day).tooBig).toBe(true);
    const morning = controller.getLoginTrend({
      ...day,
      partStart: '2026-11-22T00:00:00.000Z',
      partEnd: '2026-11-22T12:00:00.000Z'
    });
    const evening = controller.getLoginTrend({
      ...day,
      partStart: '2026-11-22T12:00:00.000Z',
      partEnd: '2026-11-23T00:00:00.000Z'
    });
    for (const [part, from, to] of [
      [morning, '2026-11-22T00:00:00.000Z', '2026-11-22T12:00:00.000Z'],
      [evening, '2026-11-22T12:00:00.000Z', '2026-11-23T00:00:00.000Z']
    ] as const) {
      expect(part).toMatchObject({ tooBig: false, tooBigReason: null });
      expect(part.window).toMatchObject({
        coveredDays: 0,
        truncated: false,
        windowStart: from,
        windowEnd: to,
        rowsRead: rowsOn(from, to),
        sliceFirstDay: '2026-11-22',
        sliceLastDay: '2026-11-22',
        rollupDays: 0,
        liveDays: 1
      });
      expect(part.daily.map((bucket) => [bucket.day, bucket.logins])).toEqual([
        ['2026-11-22', rowsOn(from, to)]
      ]);
      expect(part.dailyUniqueUsers).toEqual([
        { day: '2026-11-22', uniqueUsers: 1, uniqueUsersCapped: false }
      ]);
    }
  });

  it('lets the read planner cover every day, the big one in parts, with no call over a limit', async () => {
    const uses: ApexCallUse[] = [];
    const observed = new LocalController({
      data,
      metadata,
      clock: () => now,
      observe: (use) => uses.push(use)
    });
    const read = await readTrend((slice, part) =>
      Promise.resolve(
        observed.getLoginTrend({
          windowDays: 10,
          sliceFirstDay: slice?.firstDay ?? null,
          sliceLastDay: slice?.lastDay ?? null,
          partStart: part?.start ?? null,
          partEnd: part?.end ?? null
        })
      )
    );
    expect(read.gaps).toEqual([]);
    expect(read.trend!.window).toMatchObject({ coveredDays: 10, truncated: false });
    expect(read.trend!.window.rowsRead).toBe(data.logins.size);
    const big = read.trend!.dailyUniqueUsers.find((day) => day.day === '2026-11-22');
    expect(big).toEqual({ day: '2026-11-22', uniqueUsers: 1, uniqueUsersCapped: true });
    expect(uses.some((use) => use.tooBig)).toBe(true);
    expect(Math.max(...uses.map((use) => use.queryRows))).toBeLessThanOrEqual(QUERY_ROWS_LIMIT);
  });

  it('answers a part that does not fit tooBig, naming the part', () => {
    const whole = controller.getLoginTrend({
      ...day,
      partStart: '2026-11-22T00:00:00.000Z',
      partEnd: '2026-11-23T00:00:00.000Z'
    });
    expect(whole).toMatchObject({
      tooBig: true,
      tooBigReason:
        'More than 48998 LoginHistory rows from 2026-11-22T00:00:00.000Z to 2026-11-23T00:00:00.000Z: ' +
        'more rows than one call may read. Ask for a shorter part of the day.'
    });
  });

  it.each([
    [{ partStart: '2026-11-22T00:00:00.000Z' }, 'partStart and partEnd go together'],
    [
      { partStart: '2026-11-22', partEnd: '2026-11-22T12:00:00.000Z' },
      'partStart must be an instant'
    ],
    [
      { partStart: '2026-11-22T00:00:00.000Z', partEnd: '2026-11-22T24:00:00.000Z' },
      'partEnd must be an instant'
    ],
    [
      { partStart: '0001-11-22T00:00:00.000Z', partEnd: '2026-11-22T12:00:00.000Z' },
      'partStart must be an instant'
    ],
    [
      { partStart: '2026-11-22T00:00:00.000Z', partEnd: '2026-11-22T12:00:00+01:00' },
      'partEnd must be an instant'
    ],
    [
      { partStart: '2026-11-22T12:00:00.000Z', partEnd: '2026-11-22T06:00:00.000Z' },
      'must run forward inside 2026-11-22'
    ],
    [
      { partStart: '2026-11-21T23:00:00.000Z', partEnd: '2026-11-22T06:00:00.000Z' },
      'must run forward inside 2026-11-22'
    ],
    [
      {
        sliceLastDay: '2026-11-23',
        partStart: '2026-11-22T00:00:00.000Z',
        partEnd: '2026-11-22T06:00:00.000Z'
      },
      'sliceFirstDay and sliceLastDay must be the same day'
    ]
  ])('refuses a malformed part %j', (params, message) => {
    const call = () => controller.getLoginTrend({ ...day, ...params });
    expect(call).toThrow(ApexError);
    expect(call).toThrow(message);
  });
});

describe('a slice that does not fit answers tooBig, never a narrower window', () => {
  const now = Date.parse('2026-11-23T12:00:00.000Z');
  const metadata = readOrgMetadata(FIXTURE_METADATA);
  // Rows left for LoginHistory: 50,000 - 2 setup rows - 0 coverage rows - RESERVE_ROWS.
  const trendBudget = QUERY_ROWS_LIMIT - 2 - RESERVE_ROWS;

  it('answers a trend of 60,000 live rows tooBig with no day, and its slices of 8 days in full', () => {
    const uses: ApexCallUse[] = [];
    const controller = new LocalController({
      data: busyOrg([6000], 10, now),
      metadata,
      clock: () => now,
      observe: (use) => uses.push(use)
    });
    const trend = controller.getLoginTrend({ windowDays: 10 });
    expect(trendBudget).toBe(48998);
    expect(trend).toMatchObject({
      daily: [],
      dailyUniqueUsers: [],
      tooBig: true,
      tooBigReason:
        'More than 48998 LoginHistory rows from 2026-11-14 to 2026-11-23: more rows than one call may read. Ask for fewer days.'
    });
    expect(trend.window).toMatchObject({
      requestedDays: 10,
      coveredDays: 0,
      truncated: true,
      rowsRead: 0,
      windowStart: '2026-11-14T00:00:00.000Z',
      sliceFirstDay: '2026-11-14',
      sliceLastDay: '2026-11-23',
      liveDays: 10
    });
    // The LIMIT reads one row past the budget, and that is all it touches.
    expect(uses[0]).toMatchObject({ tooBig: true, coveredDays: 0, sliceDays: 10, liveDays: 10 });
    expect(uses[0].soql.at(-1)).toEqual({ label: 'LoginHistory', rowsTouched: trendBudget + 1 });

    const older = controller.getLoginTrend({
      windowDays: 10,
      sliceFirstDay: '2026-11-14',
      sliceLastDay: '2026-11-21'
    });
    const newer = controller.getLoginTrend({ windowDays: 10, sliceFirstDay: '2026-11-22' });
    expect(older.window).toMatchObject({ coveredDays: 8, truncated: false, rowsRead: 48000 });
    expect(newer.window).toMatchObject({ coveredDays: 2, truncated: false, rowsRead: 12000 });
    expect([...older.daily, ...newer.daily].map((bucket) => bucket.logins)).toEqual(
      Array(10).fill(6000)
    );
  });

  it('keeps the whole trend window when it fits', () => {
    const controller = new LocalController({
      data: busyOrg([4000], 10, now),
      metadata,
      clock: () => now
    });
    expect(controller.getLoginTrend({ windowDays: 10 }).window).toMatchObject({
      coveredDays: 10,
      truncated: false,
      rowsRead: 40000
    });
  });

  it('answers a user page tooBig with no users and the cursor asked for; fewer days fit', () => {
    const controller = new LocalController({
      data: busyOrg([2000, 2000, 2000], 20, now),
      metadata,
      clock: () => now
    });
    const first = controller.getUserPage({ pageSize: 1, windowDays: 20 });
    expect(first.nextAfterUserId).toBe('005000000000001AAA');
    const page = controller.getUserPage({
      afterUserId: ` ${first.nextAfterUserId} `,
      pageSize: 2,
      windowDays: 20
    });
    // rows used: 2 setup + 2 users (none after them) + 0 assignments, UserLogin and coverage
    // rows; RESERVE_ROWS kept.
    expect(page).toEqual({
      users: expect.objectContaining({ ids: [], usernames: [], createdTimes: [] }),
      profiles: [],
      loginGroupKeys: [],
      loginCounts: expect.objectContaining({ userIndexes: [], logins: [] }),
      window: expect.objectContaining({ coveredDays: 0, truncated: true, rowsRead: 0 }),
      nextAfterUserId: '005000000000001AAA',
      tooBig: true,
      tooBigReason:
        'More than 48996 LoginHistory rows of these 2 users from 2026-11-04 to 2026-11-23: more rows than one call may read. Ask for fewer days or fewer users.'
    });
    const week = decodeUserPage(
      controller.getUserPage({
        afterUserId: first.nextAfterUserId,
        pageSize: 2,
        windowDays: 20,
        sliceFirstDay: '2026-11-17'
      })
    );
    expect(week.window).toMatchObject({ coveredDays: 7, truncated: false, rowsRead: 28000 });
    expect(week.loginGroups.map((group) => group.logins)).toEqual([14000, 14000]);
    expect(week.users.map((user) => user.id)).toEqual(['005000000000002AAA', '005000000000003AAA']);
    expect(week.nextAfterUserId).toBeNull();
  });
});

describe('invokeApex', () => {
  const controller = fixtureController();

  it('dispatches by <Class>.<method> with the JSON params', () => {
    const page = invokeApex(controller, 'LL_InsightsController.getUserPage', { pageSize: 1 }) as {
      users: { ids: unknown[] };
    };
    expect(page.users.ids).toHaveLength(1);
    expect(invokeApex(controller, 'LL_LicenseController.getLicenseSeats', null)).toHaveLength(5);
  });

  it('answers 404 for a method the preview does not implement', () => {
    expect.assertions(2);
    try {
      invokeApex(controller, 'LL_InsightsController.toString', {});
    } catch (error) {
      expect(error).toBeInstanceOf(ApexError);
      expect((error as ApexError).statusCode).toBe(404);
    }
  });
});
