/**
 * Day arithmetic on org-local day keys ("YYYY-MM-DD") and the day slices the
 * read planner asks for. A key is a calendar date, never an instant: the
 * arithmetic runs on whole days since 1970-01-01 (UTC calendar maths), so no
 * time zone or DST change can move a day.
 */

/** An inclusive range of org-local days, oldest first ("YYYY-MM-DD"). */
export interface DaySlice {
  readonly firstDay: string;
  readonly lastDay: string;
}

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD" key. @throws RangeError on a malformed or impossible date */
export function dayNumber(day: string): number {
  const match = DAY_KEY.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a day (YYYY-MM-DD).`);
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    throw new RangeError(`"${day}" is not a calendar date.`);
  }
  return Math.round(ms / MS_PER_DAY);
}

/** The "YYYY-MM-DD" key of a day number (days since 1970-01-01). */
export function dayKey(dayNo: number): string {
  return new Date(dayNo * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day `count` days after `day` (before it when negative). */
export function addDays(day: string, count: number): string {
  return dayKey(dayNumber(day) + count);
}

/** A checked slice. @throws RangeError when a day is malformed or lastDay precedes firstDay */
export function daySlice(firstDay: string, lastDay: string): DaySlice {
  if (dayNumber(lastDay) < dayNumber(firstDay)) {
    throw new RangeError(`The slice ${firstDay}..${lastDay} ends before it starts.`);
  }
  return { firstDay, lastDay };
}

/** Days in a slice, both ends included. */
export function dayCount(slice: DaySlice): number {
  return dayNumber(slice.lastDay) - dayNumber(slice.firstDay) + 1;
}

/** Every day of a slice, oldest first. */
export function daysOf(slice: DaySlice): string[] {
  const first = dayNumber(slice.firstDay);
  const days: string[] = [];
  for (let dayNo = first; dayNo <= dayNumber(slice.lastDay); dayNo++) days.push(dayKey(dayNo));
  return days;
}

/** True when `inner` lies within `outer` (both ends included). */
export function sliceContains(outer: DaySlice, inner: DaySlice): boolean {
  return (
    dayNumber(outer.firstDay) <= dayNumber(inner.firstDay) &&
    dayNumber(inner.lastDay) <= dayNumber(outer.lastDay)
  );
}

/**
 * Splits a slice of at least two days in two. When the slice holds both
 * rolled-up days (up to rolledUpThroughDay) and live days (after it), it is
 * split there, so the cheap rollup part and the costly live part are asked
 * apart; otherwise in halves (the older half gets the extra day of an odd count).
 * @throws RangeError for a single-day slice
 */
export function splitSlice(
  slice: DaySlice,
  rolledUpThroughDay: string | null
): [DaySlice, DaySlice] {
  const first = dayNumber(slice.firstDay);
  const last = dayNumber(slice.lastDay);
  if (last <= first)
    throw new RangeError(`The slice ${slice.firstDay} has one day: it cannot be split.`);
  let olderLast = first + Math.floor((last - first) / 2);
  if (rolledUpThroughDay !== null) {
    const rolled = dayNumber(rolledUpThroughDay);
    if (rolled >= first && rolled < last) olderLast = rolled;
  }
  return [
    { firstDay: slice.firstDay, lastDay: dayKey(olderLast) },
    { firstDay: dayKey(olderLast + 1), lastDay: slice.lastDay }
  ];
}

/**
 * Days of the slice read from the nightly rollups (those up to
 * rolledUpThroughDay); the rest are read live.
 */
export function rollupDaysOf(slice: DaySlice, rolledUpThroughDay: string | null): number {
  if (rolledUpThroughDay === null) return 0;
  const through = Math.min(dayNumber(rolledUpThroughDay), dayNumber(slice.lastDay));
  return Math.max(0, through - dayNumber(slice.firstDay) + 1);
}

/**
 * Days as short text, consecutive days joined into ranges:
 * "2026-11-01 to 2026-11-03, 2026-11-20".
 */
export function describeDays(days: readonly string[]): string {
  const numbers = [...new Set(days.map(dayNumber))].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = 0;
  for (let index = 1; index <= numbers.length; index++) {
    if (index < numbers.length && numbers[index] === numbers[index - 1] + 1) continue;
    const [from, to] = [numbers[start], numbers[index - 1]];
    parts.push(from === to ? dayKey(from) : `${dayKey(from)} to ${dayKey(to)}`);
    start = index;
  }
  return parts.join(', ');
}
