import type { LoginTrendDto } from '../../../../types/contract';
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

/**
 * Builds the day-by-day series: every org-local day from window start to the
 * day of the instant before window end, each with interactive / API / other
 * logins, failures and unique users.
 */
export function buildLoginTrend(trend: LoginTrendDto, calendar: OrgCalendar): LoginTrendSeries {
  throw new Error(`not implemented: ${trend.daily.length} ${calendar.timeZone}`);
}
