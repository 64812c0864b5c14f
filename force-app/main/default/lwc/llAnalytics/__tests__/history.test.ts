import {
  addMonths,
  buildHistoryView,
  coverageLabel,
  daysInMonth,
  defaultHistoryLicense,
  monthIndex,
  monthOfDay,
  monthsBetween,
  readHistory
} from '../llAnalytics';
import type { HistoryRead } from '../llAnalytics';
import type {
  HistorySliceDto,
  LicenseMonthDto,
  LoginMonthDto
} from '../../../../../types/contract';

function license(month: string, name: string, used: number, total = 100): LicenseMonthDto {
  return {
    month,
    source: 'UserLicense',
    name,
    label: `${name} label`,
    total,
    used,
    peakUsed: used + 1,
    lastDay: `${month}-28`,
    daysCaptured: 28
  };
}

function logins(month: string, count: number): LoginMonthDto {
  return {
    month,
    logins: count,
    userDays: 300,
    peakDailyUniqueUsers: 15,
    daysRecorded: 30,
    uniqueUsersCapped: false
  };
}

/**
 * A fake getHistory over kept months: every month from earliest to latest has
 * one license entry and one login entry; a call over more than maxMonths
 * answers tooManyRows, like the Apex. Records each call.
 */
function fakeServer(earliest: string, latest: string, maxMonths = 12) {
  const calls: Array<{ lastMonth: string | null; months: number }> = [];
  const read = (lastMonth: string | null, months: number): Promise<HistorySliceDto> => {
    calls.push({ lastMonth, months });
    const last = lastMonth ?? latest;
    const first = addMonths(last, 1 - months);
    const kept = monthsBetween(first, last).filter((month) => month >= earliest && month <= latest);
    const slice: HistorySliceDto = {
      firstMonth: first,
      lastMonth: last,
      earliestSnapshotDay: `${earliest}-03`,
      latestSnapshotDay: `${latest}-09`,
      earliestLoginDay: `${earliest}-05`,
      latestLoginDay: `${latest}-09`,
      tooManyRows: months > maxMonths,
      rowsRead: 4,
      licenseMonths: [],
      loginMonths: []
    };
    if (!slice.tooManyRows) {
      slice.licenseMonths = kept.map((month) => license(month, 'Salesforce', 50));
      slice.loginMonths = kept.map((month) => logins(month, 1000));
    }
    return Promise.resolve(slice);
  };
  return { read, calls };
}

describe('history months', () => {
  it('does month arithmetic across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
    expect(monthIndex('2026-03') - monthIndex('2024-03')).toBe(24);
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02'
    ]);
    expect(monthOfDay('2026-02-28')).toBe('2026-02');
  });

  it('counts the days of each month, leap years included', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2026-12')).toBe(31);
    expect(daysInMonth('2026-04')).toBe(30);
  });

  it('refuses what is not a month or a day', () => {
    expect(() => monthIndex('2026-13')).toThrow('Not a month');
    expect(() => monthIndex('2026-3')).toThrow('Not a month');
    expect(() => monthOfDay('2026-03')).toThrow('Not a day');
  });

  it('labels coverage', () => {
    expect(coverageLabel(28, 31)).toBe('28 of 31 days');
    expect(coverageLabel(0, 31)).toBe('not recorded');
  });
});

describe('readHistory', () => {
  it('walks back in 12-month slices to the oldest kept month, never past it', async () => {
    const server = fakeServer('2024-04', '2026-03');
    const progress: number[] = [];

    const read = await readHistory(server.read, undefined, (step) =>
      progress.push(step.monthsRead)
    );

    expect(server.calls).toEqual([
      { lastMonth: null, months: 12 },
      { lastMonth: '2025-03', months: 12 }
    ]);
    expect(read.earliestMonth).toBe('2024-04');
    expect(read.latestMonth).toBe('2026-03');
    expect(read.firstMonthRead).toBe('2024-04');
    expect(read.truncated).toBe(false);
    expect(progress).toEqual([12, 24]);
  });

  it('asks only for the months left before the oldest kept one', async () => {
    const server = fakeServer('2024-11', '2026-03');
    await readHistory(server.read);
    expect(server.calls[1]).toEqual({ lastMonth: '2025-03', months: 5 });
  });

  it('halves the months when a slice is too big and keeps the smaller size', async () => {
    const server = fakeServer('2025-01', '2026-03', 5);

    const read = await readHistory(server.read);

    expect(server.calls.map((call) => [call.lastMonth, call.months])).toEqual([
      [null, 12],
      ['2026-03', 6],
      ['2026-03', 3],
      ['2025-12', 3],
      ['2025-09', 3],
      ['2025-06', 3],
      ['2025-03', 3]
    ]);
    expect(read.slices).toHaveLength(5);
    const view = buildHistoryView(read);
    expect(view.months).toHaveLength(15);
    expect(view.licenses[0].points.every((point) => point !== null)).toBe(true);
  });

  it('names a single month that no call can read', async () => {
    const server = fakeServer('2025-01', '2026-03', 0);
    await expect(readHistory(server.read)).rejects.toThrow(
      '2026-03 holds more license snapshots than one request can read'
    );
  });

  it('stops at maxMonths and says older months were left out', async () => {
    const server = fakeServer('2020-01', '2026-03');
    const read = await readHistory(server.read, { monthsPerRead: 12, maxMonths: 18, maxCalls: 10 });
    expect(server.calls.map((call) => call.months)).toEqual([12, 6]);
    expect(read.truncated).toBe(true);
    expect(buildHistoryView(read).summary).toContain('Older months are kept but not shown.');
  });

  it('stops at maxCalls', async () => {
    const server = fakeServer('2020-01', '2026-03');
    const read = await readHistory(server.read, { monthsPerRead: 1, maxMonths: 120, maxCalls: 3 });
    expect(server.calls).toHaveLength(3);
    expect(read.truncated).toBe(true);
  });

  it('answers an empty read when nothing is kept', async () => {
    const empty: HistorySliceDto = {
      firstMonth: null,
      lastMonth: null,
      earliestSnapshotDay: null,
      latestSnapshotDay: null,
      earliestLoginDay: null,
      latestLoginDay: null,
      tooManyRows: false,
      rowsRead: 4,
      licenseMonths: [],
      loginMonths: []
    };
    const read = await readHistory(() => Promise.resolve(empty));
    expect(read.slices).toEqual([]);
    const view = buildHistoryView(read);
    expect(view.hasData).toBe(false);
    expect(view.months).toEqual([]);
    expect(defaultHistoryLicense(view)).toBeNull();
  });

  it('fails on an answer that is not a slice, and on bad options', async () => {
    await expect(readHistory(() => Promise.resolve(undefined as never))).rejects.toThrow(
      'no history'
    );
    const server = fakeServer('2025-01', '2026-03');
    await expect(
      readHistory(server.read, { monthsPerRead: 13, maxMonths: 1, maxCalls: 1 })
    ).rejects.toThrow('monthsPerRead');
    await expect(
      readHistory(server.read, { monthsPerRead: 1, maxMonths: 0, maxCalls: 1 })
    ).rejects.toThrow('maxMonths');
    await expect(
      readHistory(server.read, { monthsPerRead: 1, maxMonths: 1, maxCalls: 0 })
    ).rejects.toThrow('maxCalls');
  });
});

describe('buildHistoryView', () => {
  function readOf(slices: HistorySliceDto[], first: string, last: string): HistoryRead {
    return {
      slices,
      earliestMonth: first,
      latestMonth: last,
      firstMonthRead: first,
      truncated: false,
      calls: slices.length
    };
  }

  function slice(licenseMonths: LicenseMonthDto[], loginMonths: LoginMonthDto[]): HistorySliceDto {
    return {
      firstMonth: '2026-01',
      lastMonth: '2026-03',
      earliestSnapshotDay: '2026-01-01',
      latestSnapshotDay: '2026-03-31',
      earliestLoginDay: '2026-01-01',
      latestLoginDay: '2026-03-31',
      tooManyRows: false,
      rowsRead: 0,
      licenseMonths,
      loginMonths
    };
  }

  it('aligns every license and the logins on the same months, gaps as null', () => {
    const psl: LicenseMonthDto = {
      ...license('2026-02', 'SalesConsoleUser', 4, 5),
      source: 'PermissionSetLicense',
      label: 'Sales Console User'
    };
    const view = buildHistoryView(
      readOf(
        [
          slice(
            [license('2026-01', 'Salesforce', 40), license('2026-03', 'Salesforce', 45), psl],
            [logins('2026-02', 800)]
          )
        ],
        '2026-01',
        '2026-03'
      )
    );

    expect(view.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(view.licenses.map((item) => item.key)).toEqual([
      'UserLicense:Salesforce',
      'PermissionSetLicense:SalesConsoleUser'
    ]);
    const salesforce = view.licenses[0];
    expect(salesforce.points.map((point) => point?.used ?? null)).toEqual([40, null, 45]);
    expect(salesforce.points[2]).toEqual({
      month: '2026-03',
      used: 45,
      total: 100,
      free: 55,
      peakUsed: 46,
      percentUsed: 45,
      daysCaptured: 28,
      daysInMonth: 31
    });
    expect(view.licenses[1].label).toBe('Sales Console User');
    expect(view.logins.map((point) => point?.logins ?? null)).toEqual([null, 800, null]);
    expect(view.logins[1]).toMatchObject({ averageDailyUniqueUsers: 10, peakDailyUniqueUsers: 15 });
    expect(view.summary).toBe(
      'Monthly figures from 2026-01 to 2026-03 (3 months), from the nightly snapshots License Lens keeps.'
    );
    expect(view.hasData).toBe(true);
  });

  it('keeps the newest label and never shows negative free seats', () => {
    const older = { ...license('2026-01', 'Salesforce', 120, 100), label: 'Old label' };
    const newer = { ...license('2026-02', 'Salesforce', 10), label: 'New label' };
    const view = buildHistoryView(
      readOf([slice([newer], []), slice([older], [])], '2026-01', '2026-02')
    );
    expect(view.licenses[0].label).toBe('New label');
    expect(view.licenses[0].points[0]?.free).toBe(0);
    expect(view.licenses[0].points[0]?.percentUsed).toBe(120);
  });

  it('starts at the oldest kept month even when the first slice reached further back', () => {
    const read = readOf([slice([license('2026-03', 'Salesforce', 1)], [])], '2026-03', '2026-03');
    read.firstMonthRead = '2025-04';
    expect(buildHistoryView(read).months).toEqual(['2026-03']);
  });

  it('picks the license with the most seats used in its newest month first', () => {
    const view = buildHistoryView(
      readOf(
        [
          slice(
            [
              license('2026-01', 'Platform', 90),
              license('2026-03', 'Platform', 5),
              license('2026-03', 'Salesforce', 60)
            ],
            []
          )
        ],
        '2026-01',
        '2026-03'
      )
    );
    expect(defaultHistoryLicense(view)).toBe('UserLicense:Salesforce');
  });

  it('averages daily unique users over recorded days and passes a zero-day month as zero', () => {
    const view = buildHistoryView(
      readOf(
        [slice([], [{ ...logins('2026-01', 0), daysRecorded: 0, userDays: 0 }])],
        '2026-01',
        '2026-01'
      )
    );
    expect(view.logins[0]?.averageDailyUniqueUsers).toBe(0);
  });
});
