/**
 * Time in the org's time zone. Every day-level rule (inactivity, trends,
 * "created N days ago") is counted in org-local calendar days, never in
 * 24-hour slices of UTC, so a day boundary is local midnight even across DST.
 *
 * Day numbers are integers counting org-local calendar days from 1970-01-01
 * (so day arithmetic is integer arithmetic); day keys are "YYYY-MM-DD".
 * Instants are epoch milliseconds. `now` is always passed in by the caller.
 */

/** An instant as the callers hold it: epoch ms, an ISO-8601 string or a Date. */
export type Instant = number | string | Date;

/** Milliseconds in one 24-hour slice (not a calendar day in a DST zone). */
export const MS_PER_DAY = 86_400_000;

/** Org-local calendar arithmetic for one IANA time zone. */
export interface OrgCalendar {
  /** The IANA zone, e.g. "America/Los_Angeles". */
  readonly timeZone: string;
  /** Offset of the zone from UTC at an instant (ms, east positive). */
  offsetMs(epochMs: number): number;
  /** Org-local calendar day of an instant, as days since 1970-01-01. */
  dayNumber(epochMs: number): number;
  /** Org-local calendar day of an instant as "YYYY-MM-DD". */
  dayKey(epochMs: number): string;
  /** First instant (epoch ms) of an org-local day; local midnight unless DST skips it. */
  startOfDay(dayNumber: number): number;
  /** Calendar days from the local day of `fromMs` to the local day of `toMs` (may be negative). */
  daysBetween(fromMs: number, toMs: number): number;
  /**
   * Every org-local day touched by the window [startMs, endMs) as "YYYY-MM-DD",
   * oldest first; empty when endMs <= startMs.
   */
  daysInWindow(startMs: number, endMs: number): string[];
  /** Org-local wall-clock "YYYY-MM-DD HH:mm" of an instant (for exports). */
  formatLocal(epochMs: number): string;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Widest UTC offsets in use are -12:00 and +14:00; search a little beyond. */
const START_OF_DAY_SEARCH_BEFORE_MS = 15 * MS_PER_HOUR;
const START_OF_DAY_SEARCH_AFTER_MS = 13 * MS_PER_HOUR;
/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_SHIFT_DAYS = 719_468;
const DAYS_PER_ERA = 146_097;
const YEARS_PER_ERA = 400;
const DAY_KEY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS_PER_YEAR = 12;

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function pad4(value: number): string {
  return String(value).padStart(4, '0');
}

/** Civil date (proleptic Gregorian) of a day number; after H. Hinnant's algorithm. */
function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + EPOCH_SHIFT_DAYS;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * YEARS_PER_ERA + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Day number of a civil date; inverse of civilFromDays. */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / YEARS_PER_ERA);
  const yearOfEra = shiftedYear - era * YEARS_PER_ERA;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT_DAYS;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FEBRUARY = 2;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === FEBRUARY && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** The zone's offset at an instant, straight from Intl (slow: cache the results). */
function createOffsetReader(timeZone: string): (epochMs: number) => number {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
  } catch {
    throw new Error(
      `Unknown time zone "${timeZone}": expected an IANA name such as "Europe/Paris".`
    );
  }
  return (epochMs: number): number => {
    const fields: Record<string, number> = {};
    for (const part of formatter.formatToParts(epochMs)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const hour = fields.hour === 24 ? 0 : fields.hour;
    const wallClock =
      daysFromCivil(fields.year, fields.month, fields.day) * MS_PER_DAY +
      hour * MS_PER_HOUR +
      fields.minute * MS_PER_MINUTE +
      fields.second * MS_PER_SECOND;
    return wallClock - Math.floor(epochMs / MS_PER_SECOND) * MS_PER_SECOND;
  };
}

/** Offsets of one UTC day: constant, or one change at `changeAt`. */
interface UtcDayOffsets {
  before: number;
  after: number;
  /** First instant with `after`; Infinity when the offset is constant all day. */
  changeAt: number;
}

/** First second in [from, to] whose offset differs from `before` (to is known to differ). */
function findOffsetChange(
  readOffset: (epochMs: number) => number,
  from: number,
  to: number,
  before: number
): number {
  let low = Math.floor(from / MS_PER_SECOND);
  let high = Math.floor(to / MS_PER_SECOND);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (readOffset(middle * MS_PER_SECOND) === before) low = middle + 1;
    else high = middle;
  }
  return low * MS_PER_SECOND;
}

/** UTC days (about 90 years around the first instant asked for) kept in flat arrays. */
const CACHED_UTC_DAYS = 32_768;

class IntlOrgCalendar implements OrgCalendar {
  readonly timeZone: string;
  private readonly readOffset: (epochMs: number) => number;
  /** Offsets of UTC days near the first one asked for, in flat arrays (NaN: not read yet). */
  private cacheFirstDay = NaN;
  private cachedBefore: Float64Array | null = null;
  private cachedAfter: Float64Array | null = null;
  private cachedChangeAt: Float64Array | null = null;
  /** Offsets of UTC days outside the flat arrays. */
  private readonly farOffsets = new Map<number, UtcDayOffsets>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.readOffset = createOffsetReader(timeZone);
  }

  offsetMs(epochMs: number): number {
    const utcDay = Math.floor(epochMs / MS_PER_DAY);
    if (this.cachedBefore === null) this.createFlatCache(utcDay);
    const slot = utcDay - this.cacheFirstDay;
    const before = this.cachedBefore as Float64Array;
    if (slot >= 0 && slot < CACHED_UTC_DAYS) {
      if (Number.isNaN(before[slot])) {
        const read = this.readUtcDay(utcDay);
        before[slot] = read.before;
        (this.cachedAfter as Float64Array)[slot] = read.after;
        (this.cachedChangeAt as Float64Array)[slot] = read.changeAt;
      }
      const changeAt = (this.cachedChangeAt as Float64Array)[slot];
      return epochMs < changeAt ? before[slot] : (this.cachedAfter as Float64Array)[slot];
    }
    let offsets = this.farOffsets.get(utcDay);
    if (!offsets) {
      offsets = this.readUtcDay(utcDay);
      this.farOffsets.set(utcDay, offsets);
    }
    return epochMs < offsets.changeAt ? offsets.before : offsets.after;
  }

  dayNumber(epochMs: number): number {
    return Math.floor((epochMs + this.offsetMs(epochMs)) / MS_PER_DAY);
  }

  dayKey(epochMs: number): string {
    return dayKeyFromNumber(this.dayNumber(epochMs));
  }

  startOfDay(dayNumber: number): number {
    const localMidnight = dayNumber * MS_PER_DAY;
    const guess = localMidnight - this.offsetMs(localMidnight - this.offsetMs(localMidnight));
    if (this.dayNumber(guess) === dayNumber && this.dayNumber(guess - 1) < dayNumber) return guess;
    // Midnight does not exist (DST starts at 00:00): the day starts at the change.
    let low = localMidnight - START_OF_DAY_SEARCH_BEFORE_MS;
    let high = localMidnight + START_OF_DAY_SEARCH_AFTER_MS;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (this.dayNumber(middle) >= dayNumber) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  daysBetween(fromMs: number, toMs: number): number {
    return this.dayNumber(toMs) - this.dayNumber(fromMs);
  }

  daysInWindow(startMs: number, endMs: number): string[] {
    if (!(endMs > startMs)) return [];
    const days: string[] = [];
    const last = this.dayNumber(endMs - 1);
    for (let day = this.dayNumber(startMs); day <= last; day++) days.push(dayKeyFromNumber(day));
    return days;
  }

  formatLocal(epochMs: number): string {
    const local = epochMs + this.offsetMs(epochMs);
    const dayNumber = Math.floor(local / MS_PER_DAY);
    const msOfDay = local - dayNumber * MS_PER_DAY;
    const hours = Math.floor(msOfDay / MS_PER_HOUR);
    const minutes = Math.floor((msOfDay - hours * MS_PER_HOUR) / MS_PER_MINUTE);
    return `${dayKeyFromNumber(dayNumber)} ${pad2(hours)}:${pad2(minutes)}`;
  }

  private createFlatCache(aroundUtcDay: number): void {
    this.cacheFirstDay = aroundUtcDay - CACHED_UTC_DAYS / 2;
    this.cachedBefore = new Float64Array(CACHED_UTC_DAYS).fill(NaN);
    this.cachedAfter = new Float64Array(CACHED_UTC_DAYS);
    this.cachedChangeAt = new Float64Array(CACHED_UTC_DAYS);
  }

  private readUtcDay(utcDay: number): UtcDayOffsets {
    const first = utcDay * MS_PER_DAY;
    const last = first + MS_PER_DAY - 1;
    const before = this.readOffset(first);
    const after = this.readOffset(last);
    const changeAt =
      before === after ? Infinity : findOffsetChange(this.readOffset, first, last, before);
    return { before, after, changeAt };
  }
}

const calendars = new Map<string, OrgCalendar>();

/**
 * The calendar of an IANA time zone. Calendars are cached per zone, so calling
 * this repeatedly is cheap; offsets are cached per UTC day inside.
 * @throws Error naming the zone when the runtime does not know it.
 */
export function createOrgCalendar(timeZone: string): OrgCalendar {
  let calendar = calendars.get(timeZone);
  if (!calendar) {
    calendar = new IntlOrgCalendar(timeZone);
    calendars.set(timeZone, calendar);
  }
  return calendar;
}

/**
 * Epoch ms of an instant.
 * @throws Error when the value is not a valid instant.
 */
export function toEpochMs(instant: Instant): number {
  let epochMs = NaN;
  if (typeof instant === 'number') epochMs = instant;
  else if (typeof instant === 'string') epochMs = parseInstant(instant) ?? NaN;
  else if (instant instanceof Date) epochMs = instant.getTime();
  if (!Number.isFinite(epochMs)) throw new Error(`Not a valid instant: ${String(instant)}`);
  return epochMs;
}

const CHAR_ZERO = 48;
const CHAR_NINE = 57;
const CHAR_DASH = 45;
const CHAR_T = 84;
const CHAR_COLON = 58;
const CHAR_DOT = 46;
const CHAR_Z = 90;
const MAX_HOUR = 23;
const MAX_MINUTE = 59;
const MAX_SECOND = 59;
const DIGIT_MAX = 9;
/** "YYYY-MM-DDTHH:mm:ssZ" */
const SHORTEST_UTC_ISO = 20;
const FRACTION_START = 20;
/** Milliseconds of the first fraction digit. */
const MILLIS_PER_SECOND_DIGIT = 100;

/** The number written by two ASCII digits at `start`; -1 when either is not a digit. */
function twoDigitsAt(text: string, start: number): number {
  const tens = text.charCodeAt(start) - CHAR_ZERO;
  const ones = text.charCodeAt(start + 1) - CHAR_ZERO;
  return tens >= 0 && tens <= DIGIT_MAX && ones >= 0 && ones <= DIGIT_MAX ? tens * 10 + ones : -1;
}

function hasUtcIsoShape(text: string, length: number): boolean {
  return (
    length >= SHORTEST_UTC_ISO &&
    text.charCodeAt(4) === CHAR_DASH &&
    text.charCodeAt(7) === CHAR_DASH &&
    text.charCodeAt(10) === CHAR_T &&
    text.charCodeAt(13) === CHAR_COLON &&
    text.charCodeAt(16) === CHAR_COLON &&
    text.charCodeAt(length - 1) === CHAR_Z
  );
}

/** Milliseconds written after "ss": none, or "." and 1-3 digits before the Z; -1 otherwise. */
function fractionMillis(text: string, length: number): number {
  if (length === SHORTEST_UTC_ISO) return 0;
  const digits = length - FRACTION_START - 1;
  if (text.charCodeAt(FRACTION_START - 1) !== CHAR_DOT || digits < 1 || digits > 3) return -1;
  let millis = 0;
  let scale = MILLIS_PER_SECOND_DIGIT;
  for (let index = FRACTION_START; index < length - 1; index++) {
    const digit = text.charCodeAt(index) - CHAR_ZERO;
    if (digit < 0 || digit > DIGIT_MAX) return -1;
    millis += digit * scale;
    scale /= 10;
  }
  return millis;
}

/**
 * Fast path for the instants Salesforce and JSON.stringify write:
 * "YYYY-MM-DDTHH:mm:ss[.s|.ss|.sss]Z". Returns undefined for any other shape
 * (the caller then falls back to Date.parse) and NaN for that shape with an
 * impossible date or time (e.g. February 30, 24:00 or a 4-digit fraction),
 * which Date.parse would roll over or read differently.
 */
function parseUtcIso(text: string): number | undefined {
  const length = text.length;
  if (!hasUtcIsoShape(text, length)) return undefined;
  const century = twoDigitsAt(text, 0);
  const yearOfCentury = twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  const millis = fractionMillis(text, length);
  const year = century * 100 + yearOfCentury;
  const valid =
    century >= 0 &&
    yearOfCentury >= 0 &&
    month >= 1 &&
    month <= MONTHS_PER_YEAR &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour >= 0 &&
    hour <= MAX_HOUR &&
    minute >= 0 &&
    minute <= MAX_MINUTE &&
    second >= 0 &&
    second <= MAX_SECOND &&
    millis >= 0;
  if (!valid) return NaN;
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * MS_PER_SECOND +
    millis
  );
}

/**
 * Epoch ms of an instant: an ISO text, or epoch ms as they are (the columnar
 * user page's Instant); null for null, undefined, empty, unparseable or
 * impossible text and for a number that is not finite. UTC instants ("...Z")
 * take a fast path; other forms (offsets such as "+01:00") go to Date.parse.
 */
export function parseInstant(iso: string | number | null | undefined): number | null {
  if (typeof iso === 'number') return Number.isFinite(iso) ? iso : null;
  if (!iso) return null;
  const epochMs = parseUtcIso(iso) ?? Date.parse(iso);
  return Number.isFinite(epochMs) ? epochMs : null;
}

/** "YYYY-MM-DD" of a day number (days since 1970-01-01); pure arithmetic. */
export function dayKeyFromNumber(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Day number (days since 1970-01-01) of a "YYYY-MM-DD" key.
 * @throws Error when the key is not a valid calendar date.
 */
export function dayNumberFromKey(dayKey: string): number {
  const match = DAY_KEY_PATTERN.exec(dayKey);
  const year = match ? Number(match[1]) : NaN;
  const month = match ? Number(match[2]) : NaN;
  const day = match ? Number(match[3]) : NaN;
  if (!match || month < 1 || month > MONTHS_PER_YEAR || day < 1 || day > daysInMonth(year, month)) {
    throw new Error(`Not a calendar day "YYYY-MM-DD": ${dayKey}`);
  }
  return daysFromCivil(year, month, day);
}

/** The day key `days` calendar days after (negative: before) `dayKey`. */
export function addDaysToKey(dayKey: string, days: number): string {
  return dayKeyFromNumber(dayNumberFromKey(dayKey) + days);
}
