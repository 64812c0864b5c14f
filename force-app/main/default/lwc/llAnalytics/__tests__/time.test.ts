import {
  addDaysToKey,
  createOrgCalendar,
  dayKeyFromNumber,
  dayNumberFromKey,
  MS_PER_DAY,
  parseInstant,
  toEpochMs
} from 'c/llAnalytics';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

describe('createOrgCalendar', () => {
  it('returns one cached calendar per zone and names an unknown zone', () => {
    expect(createOrgCalendar('UTC')).toBe(createOrgCalendar('UTC'));
    expect(() => createOrgCalendar('Mars/Olympus_Mons')).toThrow(
      'Unknown time zone "Mars/Olympus_Mons"'
    );
  });
});

describe('America/Los_Angeles across DST', () => {
  const la = createOrgCalendar('America/Los_Angeles');

  it('puts day boundaries at local midnight before and after spring-forward', () => {
    expect(la.dayKey(at('2026-03-08T07:59:59.999Z'))).toBe('2026-03-07');
    expect(la.dayKey(at('2026-03-08T08:00:00.000Z'))).toBe('2026-03-08');
    // After the jump local midnight is 07:00 UTC.
    expect(la.dayKey(at('2026-03-09T06:59:59.999Z'))).toBe('2026-03-08');
    expect(la.dayKey(at('2026-03-09T07:00:00.000Z'))).toBe('2026-03-09');
  });

  it('knows the offset on both sides of the 02:00 jumps', () => {
    expect(la.offsetMs(at('2026-03-08T09:59:59.000Z'))).toBe(-8 * HOUR);
    expect(la.offsetMs(at('2026-03-08T10:00:00.000Z'))).toBe(-7 * HOUR);
    expect(la.offsetMs(at('2026-11-01T08:59:59.000Z'))).toBe(-7 * HOUR);
    expect(la.offsetMs(at('2026-11-01T09:00:00.000Z'))).toBe(-8 * HOUR);
  });

  it('has a 23-hour spring-forward day and a 25-hour fall-back day', () => {
    const march8 = dayNumberFromKey('2026-03-08');
    expect(la.startOfDay(march8)).toBe(at('2026-03-08T08:00:00.000Z'));
    expect(la.startOfDay(march8 + 1) - la.startOfDay(march8)).toBe(23 * HOUR);
    const november1 = dayNumberFromKey('2026-11-01');
    expect(la.startOfDay(november1)).toBe(at('2026-11-01T07:00:00.000Z'));
    expect(la.startOfDay(november1 + 1) - la.startOfDay(november1)).toBe(25 * HOUR);
  });

  it('counts calendar days, not 24-hour slices', () => {
    // 20:00 local on both days, only 23 hours apart.
    expect(la.daysBetween(at('2026-03-08T04:00:00Z'), at('2026-03-09T03:00:00Z'))).toBe(1);
    // 23:30 to 00:30 the next local day: one day, one hour apart.
    expect(la.daysBetween(at('2026-11-24T07:30:00Z'), at('2026-11-24T08:30:00Z'))).toBe(1);
    expect(la.daysBetween(at('2026-11-24T08:30:00Z'), at('2026-11-24T07:30:00Z'))).toBe(-1);
    expect(la.daysBetween(at('2026-11-24T08:00:00Z'), at('2026-11-25T07:59:59Z'))).toBe(0);
  });

  it('lists every day a window touches, end exclusive', () => {
    const start = at('2026-03-07T08:00:00Z');
    expect(la.daysInWindow(start, at('2026-03-10T07:00:00Z'))).toEqual([
      '2026-03-07',
      '2026-03-08',
      '2026-03-09'
    ]);
    expect(la.daysInWindow(start, at('2026-03-10T07:00:00.001Z'))).toHaveLength(4);
    expect(la.daysInWindow(start, start)).toEqual([]);
    expect(la.daysInWindow(start, start - 1)).toEqual([]);
  });

  it('formats wall-clock time in the zone, including the repeated hour', () => {
    expect(la.formatLocal(at('2026-11-01T08:30:00Z'))).toBe('2026-11-01 01:30');
    expect(la.formatLocal(at('2026-11-01T09:30:00Z'))).toBe('2026-11-01 01:30');
    expect(la.formatLocal(at('2026-03-08T10:00:00Z'))).toBe('2026-03-08 03:00');
  });

  it('works for instants far from the first one it cached', () => {
    expect(la.dayKey(at('2300-07-01T00:00:00Z'))).toBe('2300-06-30');
    expect(la.dayKey(at('1850-07-01T12:00:00Z'))).toBe('1850-07-01');
  });
});

describe('other zones', () => {
  it('Pacific/Auckland: days start at local midnight on both sides of DST', () => {
    const auckland = createOrgCalendar('Pacific/Auckland');
    expect(auckland.dayKey(at('2026-04-04T10:59:59Z'))).toBe('2026-04-04');
    expect(auckland.dayKey(at('2026-04-04T11:00:00Z'))).toBe('2026-04-05');
    const april5 = dayNumberFromKey('2026-04-05');
    expect(auckland.startOfDay(april5 + 1) - auckland.startOfDay(april5)).toBe(25 * HOUR);
    const september27 = dayNumberFromKey('2026-09-27');
    expect(auckland.startOfDay(september27 + 1) - auckland.startOfDay(september27)).toBe(23 * HOUR);
    expect(auckland.daysInWindow(at('2026-04-04T00:00:00Z'), at('2026-04-07T00:00:00Z'))).toEqual([
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-04-07'
    ]);
  });

  it('Asia/Kolkata: a half-hour offset and no DST', () => {
    const kolkata = createOrgCalendar('Asia/Kolkata');
    expect(kolkata.dayKey(at('2026-01-01T18:29:59.999Z'))).toBe('2026-01-01');
    expect(kolkata.dayKey(at('2026-01-01T18:30:00.000Z'))).toBe('2026-01-02');
    expect(kolkata.startOfDay(dayNumberFromKey('2026-01-02'))).toBe(at('2026-01-01T18:30:00Z'));
    expect(kolkata.formatLocal(at('2026-06-15T00:00:00Z'))).toBe('2026-06-15 05:30');
  });

  it('UTC: days are UTC days', () => {
    const utc = createOrgCalendar('UTC');
    expect(utc.dayKey(at('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(utc.startOfDay(dayNumberFromKey('2027-01-01'))).toBe(at('2027-01-01T00:00:00Z'));
    expect(utc.offsetMs(at('2026-07-01T00:00:00Z'))).toBe(0);
  });

  it('America/Santiago: a day whose midnight does not exist starts at 01:00', () => {
    const santiago = createOrgCalendar('America/Santiago');
    const start = santiago.startOfDay(dayNumberFromKey('2026-09-06'));
    expect(start).toBe(at('2026-09-06T04:00:00Z'));
    expect(santiago.formatLocal(start)).toBe('2026-09-06 01:00');
    expect(santiago.dayKey(start - 1)).toBe('2026-09-05');
  });

  it('Australia/Adelaide: a DST change at a half hour in UTC', () => {
    const adelaide = createOrgCalendar('Australia/Adelaide');
    expect(adelaide.formatLocal(at('2026-10-03T16:29:00Z'))).toBe('2026-10-04 01:59');
    expect(adelaide.formatLocal(at('2026-10-03T16:30:00Z'))).toBe('2026-10-04 03:00');
  });
});

describe('instants', () => {
  it('parses UTC instants on the fast path, with or without milliseconds', () => {
    expect(parseInstant('2026-11-23T07:29:07.000Z')).toBe(Date.UTC(2026, 10, 23, 7, 29, 7));
    expect(parseInstant('2026-11-23T07:29:07Z')).toBe(Date.UTC(2026, 10, 23, 7, 29, 7));
    expect(parseInstant('2026-11-23T07:29:07.5Z')).toBe(Date.UTC(2026, 10, 23, 7, 29, 7, 500));
    expect(parseInstant('2026-11-23T07:29:07.12Z')).toBe(Date.UTC(2026, 10, 23, 7, 29, 7, 120));
    expect(parseInstant('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('falls back to Date.parse for offsets and rejects impossible dates', () => {
    expect(parseInstant('2026-11-23T08:29:07.000+01:00')).toBe(Date.UTC(2026, 10, 23, 7, 29, 7));
    expect(parseInstant('2026-02-30T00:00:00.000Z')).toBeNull();
    expect(parseInstant('2026-11-23T24:00:00.000Z')).toBeNull();
    expect(parseInstant('2026-11-23T07:29:07.1234Z')).toBeNull();
    expect(parseInstant('2026-1x-23T07:29:07.000Z')).toBeNull();
    expect(parseInstant('not a date')).toBeNull();
    expect(parseInstant('')).toBeNull();
    expect(parseInstant(null)).toBeNull();
    expect(parseInstant(undefined)).toBeNull();
  });

  it('agrees with Date.parse on every UTC instant the fast path accepts', () => {
    const instants = [
      '0000-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00Z',
      '1900-02-28T12:00:00.1Z',
      '2000-02-29T23:59:59.99Z',
      '2024-12-31T23:59:59.999Z',
      '9999-12-31T23:59:59.999Z'
    ];
    // Every month end and a spread of times over four centuries, with 0-3 fraction digits.
    for (let year = 1899; year <= 2301; year += 67) {
      for (let month = 1; month <= 12; month++) {
        const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const monthText = String(month).padStart(2, '0');
        const fraction = ['', '.7', '.07', '.007'][month % 4];
        instants.push(`${year}-${monthText}-${lastDay}T${monthText}:${lastDay}:59${fraction}Z`);
        instants.push(`${year}-${monthText}-01T00:00:00${fraction}Z`);
      }
    }
    for (const instant of instants)
      expect([instant, parseInstant(instant)]).toEqual([instant, Date.parse(instant)]);
  });

  it('leaves other shapes to Date.parse and rejects malformed fast-path text', () => {
    for (const text of ['2026-11-23T07:29:07+00:00', '2026-11-23T07:29Z', '2026-11-23']) {
      expect(parseInstant(text)).toBe(Date.parse(text));
    }
    for (const text of [
      '2026-11-23T07:29:07.Z',
      '2026-11-23T07:29:07,5Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-11-00T00:00:00Z',
      '2026-11-23T07:60:00Z',
      '2026-11-23T07:29:60Z',
      '2026-11-23T7:29:07.5Z',
      '+02026-11-23T07:29:07Z',
      '2026-11-23T07:29:07.x1Z'
    ]) {
      expect([text, parseInstant(text)]).toEqual([text, null]);
    }
  });

  it('accepts epoch ms, ISO text and Dates, and names an invalid instant', () => {
    const ms = Date.UTC(2026, 0, 1);
    expect(toEpochMs(ms)).toBe(ms);
    expect(toEpochMs('2026-01-01T00:00:00Z')).toBe(ms);
    expect(toEpochMs(new Date(ms))).toBe(ms);
    expect(() => toEpochMs('yesterday')).toThrow('Not a valid instant: yesterday');
    expect(() => toEpochMs(NaN)).toThrow('Not a valid instant');
    expect(() => toEpochMs(new Date('nope'))).toThrow('Not a valid instant');
  });
});

describe('day keys', () => {
  it('round-trips day numbers and keys', () => {
    expect(dayKeyFromNumber(0)).toBe('1970-01-01');
    expect(dayKeyFromNumber(-1)).toBe('1969-12-31');
    expect(dayNumberFromKey('2026-11-23')).toBe(Date.UTC(2026, 10, 23) / MS_PER_DAY);
    for (let day = -50_000; day < 150_000; day += 997) {
      expect(dayNumberFromKey(dayKeyFromNumber(day))).toBe(day);
    }
  });

  it('rejects keys that are not calendar days', () => {
    expect(() => dayNumberFromKey('2026-02-29')).toThrow('Not a calendar day');
    expect(dayNumberFromKey('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / MS_PER_DAY);
    expect(() => dayNumberFromKey('2026-13-01')).toThrow('2026-13-01');
    expect(() => dayNumberFromKey('2026-04-31')).toThrow();
    expect(() => dayNumberFromKey('2026-4-1')).toThrow();
  });

  it('adds days across months, years and leap days', () => {
    expect(addDaysToKey('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysToKey('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDaysToKey('2026-11-23', -90)).toBe('2026-08-25');
  });
});
