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

/**
 * The calendar of an IANA time zone. Calendars are cached per zone, so calling
 * this repeatedly is cheap; offsets are cached per UTC day inside.
 * @throws Error naming the zone when the runtime does not know it.
 */
export function createOrgCalendar(timeZone: string): OrgCalendar {
  throw new Error(`not implemented: ${timeZone}`);
}

/**
 * Epoch ms of an instant.
 * @throws Error when the value is not a valid instant.
 */
export function toEpochMs(instant: Instant): number {
  throw new Error(`not implemented: ${String(instant)}`);
}

/** Epoch ms of an ISO instant; null for null, undefined, empty or unparseable text. */
export function parseInstant(iso: string | null | undefined): number | null {
  throw new Error(`not implemented: ${String(iso)}`);
}

/** "YYYY-MM-DD" of a day number (days since 1970-01-01); pure arithmetic. */
export function dayKeyFromNumber(dayNumber: number): string {
  throw new Error(`not implemented: ${dayNumber}`);
}

/**
 * Day number (days since 1970-01-01) of a "YYYY-MM-DD" key.
 * @throws Error when the key is not a valid calendar date.
 */
export function dayNumberFromKey(dayKey: string): number {
  throw new Error(`not implemented: ${dayKey}`);
}

/** The day key `days` calendar days after (negative: before) `dayKey`. */
export function addDaysToKey(dayKey: string, days: number): string {
  throw new Error(`not implemented: ${dayKey} ${days}`);
}
