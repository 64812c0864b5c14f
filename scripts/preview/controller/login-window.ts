/**
 * One read's login window, as the Apex keeps it: N org-local days ending
 * today (firstDay .. lastDay), the slice of it the read was asked for
 * (sliceFirstDay .. sliceLastDay, the whole window by default), and where each
 * day of the slice comes from: the nightly rollups for days up to
 * rolledUpThroughDay, LoginHistory (live) for the days after it. A read covers
 * its whole slice or, when it is too big, none of it: nothing is narrowed.
 */
import type { LoginWindowDto } from '../../../force-app/types/contract';
import {
  dayKeyFromNumber,
  dayNumberFromKey,
  type OrgCalendar
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import { ApexError } from './apex-error';

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

function malformedDay(name: string, shown: string): ApexError {
  return new ApexError(`${name} must be a day written YYYY-MM-DD, or empty; got ${shown}.`);
}

/**
 * LL_LoginSlice.parseDay: a slice day as sent, as a day number; null for
 * blank or absent (the default).
 * @throws ApexError (400) when it is not a calendar day written YYYY-MM-DD
 */
export function parseSliceDay(value: unknown, name: string): number | null {
  if (value === null || value === undefined) return null;
  // Apex receives a String: anything else does not deserialize.
  if (typeof value !== 'string') throw malformedDay(name, JSON.stringify(value));
  const text = value.trim();
  if (text === '') return null;
  if (DAY_KEY.test(text)) {
    try {
      return dayNumberFromKey(text);
    } catch {
      // not a calendar day: reported below
    }
  }
  throw malformedDay(name, `"${value}"`);
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

const LAST_HOUR = 23;
/** LL_LoginSlice: parts outside 1700-4000 (the years Salesforce stores) are refused. */
const FIRST_YEAR = 1700;
const LAST_YEAR = 4000;
const LAST_MINUTE = 59;

/**
 * LL_LoginSlice.instantOf: the instant INSTANT matched, NaN when a field is
 * out of range (month 13, day 31 of a 30-day month, hour 24: JavaScript would
 * roll some of these over, Apex refuses them).
 */
function instantOf(match: RegExpExecArray | null): number {
  if (!match) return NaN;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    year < FIRST_YEAR ||
    year > LAST_YEAR ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > LAST_HOUR ||
    minute > LAST_MINUTE ||
    second > LAST_MINUTE
  ) {
    return NaN;
  }
  const millis = match[7] ? Number(match[7].padEnd(3, '0')) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second) + millis;
}

/** A part of one day: [start, end) in epoch ms. */
export interface DayPartBounds {
  start: number;
  end: number;
}

/**
 * LL_LoginSlice.parsePart: partStart and partEnd as sent (ISO instants in
 * UTC, e.g. 2026-11-20T06:00:00.000Z); null when both are blank or absent.
 * @throws ApexError (400) when only one is given or either is not such an instant
 */
export function parseDayPart(start: unknown, end: unknown): DayPartBounds | null {
  const blank = (value: unknown) =>
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
  if (blank(start) && blank(end)) return null;
  if (blank(start) || blank(end)) {
    throw new ApexError('partStart and partEnd go together: give both, or neither.');
  }
  const parse = (value: unknown, name: string): number => {
    const text = typeof value === 'string' ? value.trim() : '';
    const ms = instantOf(INSTANT.exec(text));
    if (Number.isNaN(ms)) {
      throw new ApexError(
        `${name} must be an instant written like 2026-11-20T06:00:00.000Z; got ${JSON.stringify(value)}.`
      );
    }
    return ms;
  };
  return { start: parse(start, 'partStart'), end: parse(end, 'partEnd') };
}

export class LoginWindow {
  /** Today in the org time zone: the window's newest day (day number). */
  readonly lastDay: number;
  /** The window's oldest day. */
  readonly firstDay: number;
  readonly sliceFirstDay: number;
  readonly sliceLastDay: number;
  /** Newest day the rollups cover without a gap from firstDay; null: every day is live. */
  private rolledUpThrough: number | null = null;
  /** A part of the slice's one day; null: whole days. */
  readonly part: DayPartBounds | null;

  /**
   * LL_LoginSlice.
   * @param windowEnd "now" (epoch ms): the window ends there
   * @param requestedDays days of the window, already clamped
   * @param askedFirstDay the slice's first day (parseSliceDay); null: firstDay
   * @param askedLastDay the slice's last day; null: today
   * @param askedPart a part of the slice's one day (parseDayPart); null: whole days.
   * A part is always read live (a day too big to read whole has no rollup).
   * @throws ApexError (400) when a slice day is outside the window, first is
   * after last, or a part is asked of more than one day or outside its day
   */
  constructor(
    private readonly calendar: OrgCalendar,
    readonly windowEnd: number,
    readonly requestedDays: number,
    askedFirstDay: number | null = null,
    askedLastDay: number | null = null,
    askedPart: DayPartBounds | null = null
  ) {
    this.lastDay = calendar.dayNumber(windowEnd);
    this.firstDay = this.lastDay - requestedDays + 1;
    this.sliceFirstDay = askedFirstDay ?? this.firstDay;
    this.sliceLastDay = askedLastDay ?? this.lastDay;
    this.requireInsideWindow('sliceFirstDay', this.sliceFirstDay);
    this.requireInsideWindow('sliceLastDay', this.sliceLastDay);
    if (this.sliceFirstDay > this.sliceLastDay) {
      throw new ApexError(
        `sliceFirstDay ${dayKeyFromNumber(this.sliceFirstDay)} is after sliceLastDay ` +
          `${dayKeyFromNumber(this.sliceLastDay)}: a slice runs from its first day to its last.`
      );
    }
    this.part = null;
    if (askedPart) this.part = this.checkPart(askedPart);
  }

  private checkPart(part: DayPartBounds): DayPartBounds {
    if (this.sliceFirstDay !== this.sliceLastDay) {
      throw new ApexError(
        'partStart and partEnd read a part of one day: sliceFirstDay and sliceLastDay must be ' +
          `the same day, got ${dayKeyFromNumber(this.sliceFirstDay)}..${dayKeyFromNumber(this.sliceLastDay)}.`
      );
    }
    const dayStart = this.calendar.startOfDay(this.sliceFirstDay);
    const dayEnd = this.sliceEnd();
    if (part.start < dayStart || part.end > dayEnd || part.start >= part.end) {
      throw new ApexError(
        `The part ${new Date(part.start).toISOString()}..${new Date(part.end).toISOString()} ` +
          `must run forward inside ${dayKeyFromNumber(this.sliceFirstDay)} ` +
          `(${new Date(dayStart).toISOString()}..${new Date(dayEnd).toISOString()}).`
      );
    }
    return part;
  }

  private requireInsideWindow(name: string, day: number): void {
    if (day >= this.firstDay && day <= this.lastDay) return;
    throw new ApexError(
      `${name} ${dayKeyFromNumber(day)} is outside the ${this.requestedDays}-day window ` +
        `${dayKeyFromNumber(this.firstDay)}..${dayKeyFromNumber(this.lastDay)} ` +
        `(org time zone ${this.calendar.timeZone}).`
    );
  }

  /** Records what the coverage query found. */
  setRolledUpThrough(day: number | null): void {
    this.rolledUpThrough = day;
  }

  get rolledUpThroughDay(): number | null {
    return this.rolledUpThrough;
  }

  /** Days of the slice. */
  get sliceDays(): number {
    return this.sliceLastDay - this.sliceFirstDay + 1;
  }

  /** The newest day of the slice read from the rollups; below sliceFirstDay when none is. */
  get rollupLastDay(): number {
    return this.rolledUpThrough === null || this.part
      ? this.sliceFirstDay - 1
      : Math.min(this.sliceLastDay, this.rolledUpThrough);
  }

  /** Days of the slice read from the rollups. */
  get rollupDays(): number {
    return Math.max(0, this.rollupLastDay - this.sliceFirstDay + 1);
  }

  /** Days of the slice read live from LoginHistory. */
  get liveDays(): number {
    return this.sliceDays - this.rollupDays;
  }

  /** The oldest day read live (when liveDays > 0). */
  get liveFirstDay(): number {
    return Math.max(this.sliceFirstDay, this.rollupLastDay + 1);
  }

  /** Start of the slice (inclusive): midnight of sliceFirstDay, or the part's start. */
  sliceStart(): number {
    return this.part ? this.part.start : this.calendar.startOfDay(this.sliceFirstDay);
  }

  /**
   * End of the slice (exclusive): the part's end; else windowEnd when it ends
   * today, else the midnight after.
   */
  sliceEnd(): number {
    if (this.part) return this.part.end;
    return this.sliceLastDay === this.lastDay
      ? this.windowEnd
      : this.calendar.startOfDay(this.sliceLastDay + 1);
  }

  /** Start of the live part (inclusive): midnight of liveFirstDay, or the part's start. */
  liveStart(): number {
    return this.part ? this.part.start : this.calendar.startOfDay(this.liveFirstDay);
  }

  /** Day numbers of the slice, oldest first. */
  sliceDayNumbers(): number[] {
    return Array.from({ length: this.sliceDays }, (_, i) => this.sliceFirstDay + i);
  }

  /**
   * The window as the contract shows it.
   * @param rowsRead logins the answer counts
   * @param tooBig the slice did not fit: no day covered
   */
  toDto(rowsRead: number, tooBig: boolean): LoginWindowDto {
    return {
      requestedDays: this.requestedDays,
      // A part covers no whole day; the read planner merges the parts of a day.
      coveredDays: tooBig || this.part ? 0 : this.sliceDays,
      truncated: tooBig,
      windowStart: new Date(this.sliceStart()).toISOString(),
      windowEnd: new Date(this.sliceEnd()).toISOString(),
      rowsRead: tooBig ? 0 : rowsRead,
      firstDay: dayKeyFromNumber(this.firstDay),
      lastDay: dayKeyFromNumber(this.lastDay),
      sliceFirstDay: dayKeyFromNumber(this.sliceFirstDay),
      sliceLastDay: dayKeyFromNumber(this.sliceLastDay),
      rolledUpThroughDay:
        this.rolledUpThrough === null ? null : dayKeyFromNumber(this.rolledUpThrough),
      rollupDays: this.rollupDays,
      liveDays: this.liveDays
    };
  }
}
