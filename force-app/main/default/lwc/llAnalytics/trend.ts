import type { LoginTrendDto } from '../../../../types/contract';
import { createLoginClassifier, isSuccessfulLogin } from './logins';
import { dayKeyFromNumber, dayNumberFromKey, parseInstant } from './time';
import type { OrgCalendar } from './time';

/** Logins on one org-local day. */
export interface LoginTrendPoint {
  /** "YYYY-MM-DD" in the org's time zone. */
  day: string;
  /** Successful interactive logins. */
  interactive: number;
  /** Successful API, OAuth and client-credentials logins. */
  api: number;
  /** Successful logins of an unknown type. */
  other: number;
  /** Failed logins of any class. */
  failures: number;
  /** Distinct users with any login that day. */
  uniqueUsers: number;
  /** uniqueUsers is a lower bound (the nightly summary had more users than it could track). */
  uniqueUsersCapped: boolean;
  /** The day could not be read (a gap or a cancelled read): its figures are zeros, not facts. */
  missing: boolean;
}

/** The four login counters of a point. */
export type LoginTrendCounts = Pick<LoginTrendPoint, 'interactive' | 'api' | 'other' | 'failures'>;

/** The trend as parallel series (for a chart) and as rows (for a table / screen readers). */
export interface LoginTrendSeries {
  /** Every day of the covered window, oldest first, missing days filled with zeros. */
  days: string[];
  interactive: number[];
  api: number[];
  other: number[];
  failures: number[];
  uniqueUsers: number[];
  /** The same figures one row per day, for an accessible table. */
  points: LoginTrendPoint[];
  totals: LoginTrendCounts;
  /** Buckets dated outside the covered window (dropped from the series). */
  droppedBuckets: number;
  /** The answer covers fewer days than the window (window.truncated). */
  truncated: boolean;
  /** Days of the series that could not be read, oldest first. */
  missingDays: string[];
  /** Days whose unique users are a lower bound, oldest first. */
  cappedDays: string[];
  /** Plain-language summary for a table caption or aria-label. */
  summary: string;
}

function emptyPoint(day: string, missing: ReadonlySet<string>): LoginTrendPoint {
  return {
    day,
    interactive: 0,
    api: 0,
    other: 0,
    failures: 0,
    uniqueUsers: 0,
    uniqueUsersCapped: false,
    missing: missing.has(day)
  };
}

function daysText(days: readonly string[]): string {
  return days.length === 1 ? days[0] : `${days.length} days (${days.join(', ')})`;
}

function dayNumberOrNull(day: string): number | null {
  try {
    return dayNumberFromKey(day);
  } catch {
    return null;
  }
}

/** Days the series covers: the window's days, else the span of the buckets' days. */
function coveredDays(trend: LoginTrendDto, calendar: OrgCalendar): string[] {
  const start = parseInstant(trend.window?.windowStart);
  const end = parseInstant(trend.window?.windowEnd);
  if (start !== null && end !== null) return calendar.daysInWindow(start, end);
  let first = Infinity;
  let last = -Infinity;
  for (const bucket of [...trend.daily, ...trend.dailyUniqueUsers]) {
    const dayNumber = dayNumberOrNull(bucket.day);
    if (dayNumber === null) continue;
    first = Math.min(first, dayNumber);
    last = Math.max(last, dayNumber);
  }
  if (first > last) return [];
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(dayKeyFromNumber(day));
  return days;
}

function describe(series: Omit<LoginTrendSeries, 'summary'>): string {
  const { days, totals } = series;
  if (!days.length) return 'No login data for this window.';
  const span = `${days.length} day${days.length === 1 ? '' : 's'}`;
  const text =
    `Logins per day from ${days[0]} to ${days[days.length - 1]} (${span}): ` +
    `${totals.interactive} interactive, ${totals.api} API, ${totals.other} other, ` +
    `${totals.failures} failed.`;
  const notes: string[] = [];
  if (series.missingDays.length) {
    notes.push(`Not read: ${daysText(series.missingDays)}, shown as zero.`);
  } else if (series.truncated) {
    notes.push('Some days of the window could not be read.');
  }
  if (series.cappedDays.length) {
    notes.push(`Unique users are a lower bound on ${daysText(series.cappedDays)}.`);
  }
  return [text, ...notes].join(' ');
}

/**
 * Builds the day-by-day series: every org-local day from window start to the
 * day of the instant before window end, each with interactive / API / other
 * logins, failures and unique users. Without a valid window the buckets'
 * own first and last days bound the series. `missingDays` (the read
 * planner's gaps and unread days) are marked, never passed off as quiet days.
 */
export function buildLoginTrend(
  trend: LoginTrendDto,
  calendar: OrgCalendar,
  missingDays: readonly string[] = []
): LoginTrendSeries {
  const days = coveredDays(trend, calendar);
  const missing = new Set(missingDays);
  const points = days.map((day) => emptyPoint(day, missing));
  const byDay = new Map(points.map((point) => [point.day, point]));
  const classifier = createLoginClassifier();
  let droppedBuckets = 0;
  for (const bucket of trend.daily) {
    const point = byDay.get(bucket.day);
    if (!point) {
      droppedBuckets++;
      continue;
    }
    const logins = bucket.logins > 0 && Number.isFinite(bucket.logins) ? bucket.logins : 0;
    if (!isSuccessfulLogin(bucket.status)) {
      point.failures += logins;
      continue;
    }
    const loginClass = classifier(bucket.loginType, bucket.loginSubType, bucket.application);
    if (loginClass === 'interactive') point.interactive += logins;
    else if (loginClass === 'other') point.other += logins;
    else point.api += logins;
  }
  for (const unique of trend.dailyUniqueUsers) {
    const point = byDay.get(unique.day);
    if (!point) {
      droppedBuckets++;
    } else if (unique.uniqueUsers >= point.uniqueUsers) {
      point.uniqueUsersCapped =
        unique.uniqueUsers > point.uniqueUsers
          ? !!unique.uniqueUsersCapped
          : point.uniqueUsersCapped || !!unique.uniqueUsersCapped;
      point.uniqueUsers = unique.uniqueUsers;
    }
  }
  const totals = { interactive: 0, api: 0, other: 0, failures: 0 };
  for (const point of points) {
    totals.interactive += point.interactive;
    totals.api += point.api;
    totals.other += point.other;
    totals.failures += point.failures;
  }
  const series = {
    days,
    interactive: points.map((point) => point.interactive),
    api: points.map((point) => point.api),
    other: points.map((point) => point.other),
    failures: points.map((point) => point.failures),
    uniqueUsers: points.map((point) => point.uniqueUsers),
    points,
    totals,
    droppedBuckets,
    truncated: !!trend.window?.truncated,
    missingDays: points.filter((point) => point.missing).map((point) => point.day),
    cappedDays: points.filter((point) => point.uniqueUsersCapped).map((point) => point.day)
  };
  return { ...series, summary: describe(series) };
}
