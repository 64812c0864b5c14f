import { buildLoginTrend, createOrgCalendar } from 'c/llAnalytics';
import type { DailyLoginBucketDto, LoginTrendDto } from '../../../../../types/contract';

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

// Los Angeles: 2026-03-07 00:00 PST is 08:00 UTC; 2026-03-10 00:00 PDT is 07:00 UTC.
const window = {
  requestedDays: 3,
  coveredDays: 3,
  truncated: false,
  windowStart: '2026-03-07T08:00:00.000Z',
  windowEnd: '2026-03-10T07:00:00.000Z',
  rowsRead: 10
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
      { day: '2026-03-07', uniqueUsers: 6 },
      { day: '2026-03-09', uniqueUsers: 2 },
      { day: '2026-03-09', uniqueUsers: 3 },
      { day: '2026-04-01', uniqueUsers: 9 }
    ]
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
      uniqueUsers: 0
    });
    expect(series.points).toHaveLength(3);
    expect(series.summary).toBe(
      'Logins per day from 2026-03-07 to 2026-03-09 (3 days): 9 interactive, 12 API, 1 other, 3 failed.'
    );
    expect(series.truncated).toBe(false);
  });

  it('says when the window was narrowed', () => {
    const series = buildLoginTrend({ ...trend, window: { ...window, truncated: true } }, la);
    expect(series.truncated).toBe(true);
    expect(series.summary).toContain('narrowed to stay within limits');
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
        dailyUniqueUsers: [{ day: '2026-03-03', uniqueUsers: 1 }]
      },
      la
    );
    expect(series.days).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(series.droppedBuckets).toBe(1);
  });

  it('handles an empty trend and a one-day window', () => {
    const empty = buildLoginTrend(
      { window: { ...window, windowEnd: 'x' }, daily: [], dailyUniqueUsers: [] },
      la
    );
    expect(empty.days).toEqual([]);
    expect(empty.summary).toBe('No login data for this window.');
    const oneDay = buildLoginTrend(
      {
        window: { ...window, windowEnd: '2026-03-08T08:00:00.000Z' },
        daily: [bucket({ day: '2026-03-07' })],
        dailyUniqueUsers: []
      },
      la
    );
    expect(oneDay.days).toEqual(['2026-03-07']);
    expect(oneDay.summary).toContain('(1 day)');
  });
});
