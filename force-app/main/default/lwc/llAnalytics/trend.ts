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
}

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
  totals: Omit<LoginTrendPoint, 'day' | 'uniqueUsers'>;
  /** Buckets dated outside the covered window (dropped from the series). */
  droppedBuckets: number;
  /** The window was narrowed to stay inside limits. */
  truncated: boolean;
  /** Plain-language summary for a table caption or aria-label. */
  summary: string;
}

function emptyPoint(day: string): LoginTrendPoint {
  return { day, interactive: 0, api: 0, other: 0, failures: 0, uniqueUsers: 0 };
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
  return series.truncated ? `${text} The window was narrowed to stay within limits.` : text;
}

/**
 * Builds the day-by-day series: every org-local day from window start to the
 * day of the instant before window end, each with interactive / API / other
 * logins, failures and unique users. Without a valid window the buckets'
 * own first and last days bound the series.
 */
export function buildLoginTrend(trend: LoginTrendDto, calendar: OrgCalendar): LoginTrendSeries {
  const days = coveredDays(trend, calendar);
  const points = days.map(emptyPoint);
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
    if (!point) droppedBuckets++;
    else point.uniqueUsers = Math.max(point.uniqueUsers, unique.uniqueUsers);
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
    truncated: !!trend.window?.truncated
  };
  return { ...series, summary: describe(series) };
}
