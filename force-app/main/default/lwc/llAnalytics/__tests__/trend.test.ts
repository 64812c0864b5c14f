import { buildLoginTrend, createOrgCalendar } from 'c/llAnalytics';
import type {
  DailyLoginBucketDto,
  DailyUniqueUsersDto,
  LoginTrendDto,
  LoginWindowDto
} from '../../../../../types/contract';

function bucket(overrides: Partial<DailyLoginBucketDto>): DailyLoginBucketDto {
  return {
    day: '2026-03-08',
    loginType: 'Application',
    loginSubType: null,
    status: 'Success',
    application: 'Browser',
    logins: 1,
    uniqueUsers: 1,
    ...overrides
  };
}

function unique(day: string, uniqueUsers: number, uniqueUsersCapped = false): DailyUniqueUsersDto {
  return { day, uniqueUsers, uniqueUsersCapped };
}

// Los Angeles: 2026-03-07 00:00 PST is 08:00 UTC; 2026-03-10 00:00 PDT is 07:00 UTC.
const window: LoginWindowDto = {
  requestedDays: 3,
  coveredDays: 3,
  truncated: false,
  windowStart: '2026-03-07T08:00:00.000Z',
  windowEnd: '2026-03-10T07:00:00.000Z',
  rowsRead: 10,
  firstDay: '2026-03-07',
  lastDay: '2026-03-09',
  sliceFirstDay: '2026-03-07',
  sliceLastDay: '2026-03-09',
  rolledUpThroughDay: '2026-03-08',
  rollupDays: 2,
  liveDays: 1
};
const la = createOrgCalendar('America/Los_Angeles');

describe('buildLoginTrend', () => {
  const trend: LoginTrendDto = {
    window,
    daily: [
      bucket({ day: '2026-03-07', logins: 4 }),
      bucket({ day: '2026-03-07', loginType: 'Other Apex API', logins: 10 }),
      bucket({
        day: '2026-03-07',
        loginType: 'Remote Access 2.0',
        loginSubType: 'OauthClientCredentials',
        logins: 2
      }),
      bucket({ day: '2026-03-07', status: 'Invalid Password', logins: 3 }),
      bucket({ day: '2026-03-09', loginType: 'Mystery', logins: 1 }),
      bucket({
        day: '2026-03-09',
        loginType: 'Remote Access 2.0',
        application: 'Salesforce for iOS',
        logins: 5
      }),
      bucket({ day: '2026-02-01', logins: 99 })
    ],
    dailyUniqueUsers: [
      unique('2026-03-07', 6),
      unique('2026-03-09', 2),
      unique('2026-03-09', 3),
      unique('2026-04-01', 9)
    ],
    tooBig: false,
    tooBigReason: null
  };

  it('fills every day of the window, across DST, with zeros where nothing happened', () => {
    const series = buildLoginTrend(trend, la);
    expect(series.days).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(series.interactive).toEqual([4, 0, 5]);
    expect(series.api).toEqual([12, 0, 0]);
    expect(series.other).toEqual([0, 0, 1]);
    expect(series.failures).toEqual([3, 0, 0]);
    expect(series.uniqueUsers).toEqual([6, 0, 3]);
    expect(series.totals).toEqual({ interactive: 9, api: 12, other: 1, failures: 3 });
    expect(series.droppedBuckets).toBe(2);
  });

  it('gives one table row per day and a plain-language summary', () => {
    const series = buildLoginTrend(trend, la);
    expect(series.points[1]).toEqual({
      day: '2026-03-08',
      interactive: 0,
      api: 0,
      other: 0,
      failures: 0,
      uniqueUsers: 0,
      uniqueUsersCapped: false,
      missing: false
    });
    expect(series.points).toHaveLength(3);
    expect(series.summary).toBe(
      'Logins per day from 2026-03-07 to 2026-03-09 (3 days): 9 interactive, 12 API, 1 other, 3 failed.'
    );
    expect(series.truncated).toBe(false);
  });

  it('says when days of the window could not be read, without naming them when unknown', () => {
    const series = buildLoginTrend(
      { ...trend, window: { ...window, truncated: true, coveredDays: 2 } },
      la
    );
    expect(series.truncated).toBe(true);
    expect(series.missingDays).toEqual([]);
    expect(series.summary).toContain('Some days of the window could not be read.');
  });

  it('marks the days the read planner could not read and names them', () => {
    const series = buildLoginTrend(
      { ...trend, window: { ...window, truncated: true, coveredDays: 2 } },
      la,
      ['2026-03-08', '2026-02-01']
    );
    expect(series.points.map((point) => point.missing)).toEqual([false, true, false]);
    expect(series.missingDays).toEqual(['2026-03-08']);
    expect(series.summary).toContain('Not read: 2026-03-08, shown as zero.');
    const two = buildLoginTrend(trend, la, ['2026-03-07', '2026-03-08']);
    expect(two.summary).toContain('Not read: 2 days (2026-03-07, 2026-03-08), shown as zero.');
  });

  it('keeps the capped flag of the unique users it shows and says they are a lower bound', () => {
    const series = buildLoginTrend(
      {
        ...trend,
        dailyUniqueUsers: [
          unique('2026-03-07', 6, true),
          unique('2026-03-08', 4),
          unique('2026-03-08', 4, true),
          unique('2026-03-09', 3, true),
          unique('2026-03-09', 5)
        ]
      },
      la
    );
    expect(series.uniqueUsers).toEqual([6, 4, 5]);
    expect(series.points.map((point) => point.uniqueUsersCapped)).toEqual([true, true, false]);
    expect(series.cappedDays).toEqual(['2026-03-07', '2026-03-08']);
    expect(series.summary).toContain(
      'Unique users are a lower bound on 2 days (2026-03-07, 2026-03-08).'
    );
  });

  it('uses the org time zone for the window days', () => {
    // The same window is 3 UTC days touching 4 UTC dates.
    expect(
      buildLoginTrend({ ...trend, daily: [], dailyUniqueUsers: [] }, createOrgCalendar('UTC')).days
    ).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('without a valid window, spans the buckets own days and skips malformed ones', () => {
    const series = buildLoginTrend(
      {
        window: { ...window, windowStart: 'bad' },
        daily: [bucket({ day: '2026-03-01' }), bucket({ day: 'garbage' })],
        dailyUniqueUsers: [unique('2026-03-03', 1)],
        tooBig: false,
        tooBigReason: null
      },
      la
    );
    expect(series.days).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(series.droppedBuckets).toBe(1);
  });

  it('handles an empty trend and a one-day window', () => {
    const empty = buildLoginTrend(
      {
        window: { ...window, windowEnd: 'x' },
        daily: [],
        dailyUniqueUsers: [],
        tooBig: false,
        tooBigReason: null
      },
      la
    );
    expect(empty.days).toEqual([]);
    expect(empty.summary).toBe('No login data for this window.');
    const oneDay = buildLoginTrend(
      {
        window: { ...window, windowEnd: '2026-03-08T08:00:00.000Z' },
        daily: [bucket({ day: '2026-03-07' })],
        dailyUniqueUsers: [],
        tooBig: false,
        tooBigReason: null
      },
      la
    );
    expect(oneDay.days).toEqual(['2026-03-07']);
    expect(oneDay.summary).toContain('(1 day)');
  });
});
