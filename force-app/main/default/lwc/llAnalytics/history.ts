/**
 * The kept history (nightly license snapshots and login day totals) as the
 * history card shows it: the read plan that walks back month slice by month
 * slice to the oldest kept day, and the shaping of the slices into one series
 * per license and one for logins, month by month.
 *
 * Months are "YYYY-MM" of org-local days (the job stores Date values, so no
 * time zone arithmetic is needed here).
 */
import type {
  HistorySliceDto,
  LicenseMonthDto,
  LoginMonthDto,
  SeatSource
} from '../../../../types/contract';

/** Months one getHistory call covers at most (LL_HistoryService.MAX_MONTHS_PER_READ). */
export const HISTORY_MONTHS_PER_READ = 12;
/** Most months the card reads back (ten years); older months are left out and said so. */
export const HISTORY_MAX_MONTHS = 120;
/** Most getHistory calls one load makes, retries with fewer months included. */
export const HISTORY_MAX_CALLS = 60;

const MONTHS_PER_YEAR = 12;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const DAY_PATTERN = /^(\d{4}-\d{2})-\d{2}$/;
const ONE_DECIMAL = 10;
const PERCENT = 100;

// ---- months ----

/** A month as a number of months since year 0, for arithmetic. */
export function monthIndex(month: string): number {
  const match = MONTH_PATTERN.exec(month);
  const monthOfYear = match ? Number(match[2]) : 0;
  if (!match || monthOfYear < 1 || monthOfYear > MONTHS_PER_YEAR) {
    throw new Error(`Not a month ("YYYY-MM"): ${JSON.stringify(month)}.`);
  }
  return Number(match[1]) * MONTHS_PER_YEAR + monthOfYear - 1;
}

/** The "YYYY-MM" of a month index. */
export function monthOfIndex(index: number): string {
  const year = Math.floor(index / MONTHS_PER_YEAR);
  const monthOfYear = index - year * MONTHS_PER_YEAR + 1;
  return `${String(year).padStart(4, '0')}-${String(monthOfYear).padStart(2, '0')}`;
}

/** The month n months after (or before, when negative) a month. */
export function addMonths(month: string, months: number): string {
  return monthOfIndex(monthIndex(month) + months);
}

/** The month of a "YYYY-MM-DD" day. */
export function monthOfDay(day: string): string {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new Error(`Not a day ("YYYY-MM-DD"): ${JSON.stringify(day)}.`);
  return match[1];
}

/** Calendar days in a month (leap years included). */
export function daysInMonth(month: string): number {
  const index = monthIndex(month) + 1;
  const year = Math.floor(index / MONTHS_PER_YEAR);
  const nextMonth = index - year * MONTHS_PER_YEAR;
  return new Date(Date.UTC(year, nextMonth, 0)).getUTCDate();
}

/** Every month from first to last, both included, oldest first. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let index = monthIndex(first); index <= monthIndex(last); index += 1) {
    months.push(monthOfIndex(index));
  }
  return months;
}

// ---- the read plan ----

/** One getHistory call: the months ending with lastMonth (null: the newest kept month). */
export type ReadHistorySlice = (
  lastMonth: string | null,
  months: number
) => Promise<HistorySliceDto>;

export interface HistoryReadOptions {
  /** Months asked per call at first (1..12). */
  monthsPerRead: number;
  /** Most months read back from the newest. */
  maxMonths: number;
  /** Most calls, retries included. */
  maxCalls: number;
}

export const DEFAULT_HISTORY_READ_OPTIONS: Readonly<HistoryReadOptions> = Object.freeze({
  monthsPerRead: HISTORY_MONTHS_PER_READ,
  maxMonths: HISTORY_MAX_MONTHS,
  maxCalls: HISTORY_MAX_CALLS
});

/** Where a read stands, for "Reading history: 12 of 24 months". */
export interface HistoryReadProgress {
  monthsRead: number;
  /** Months from the oldest kept day to the newest, once known (capped at maxMonths). */
  monthsToRead: number | null;
  calls: number;
}

/** What a read found. */
export interface HistoryRead {
  /** The slices that answered, newest months first. */
  slices: HistorySliceDto[];
  /** Oldest month with a kept row; null when nothing is kept. */
  earliestMonth: string | null;
  /** Newest month read; null when nothing is kept. */
  latestMonth: string | null;
  /** Oldest month read; null when nothing is kept. */
  firstMonthRead: string | null;
  /** True when older kept months were left out (maxMonths or maxCalls reached). */
  truncated: boolean;
  calls: number;
}

function earliestMonthOf(slice: HistorySliceDto): string | null {
  const months = [slice.earliestSnapshotDay, slice.earliestLoginDay]
    .filter((day): day is string => typeof day === 'string')
    .map(monthOfDay)
    .sort();
  return months[0] ?? null;
}

function requireSlice(answer: unknown): HistorySliceDto {
  const slice = answer as HistorySliceDto | null | undefined;
  if (!slice || typeof slice !== 'object' || !Array.isArray(slice.licenseMonths)) {
    throw new Error('The server answered the history request with no history.');
  }
  return slice;
}

function checkOptions(options: HistoryReadOptions): void {
  const { monthsPerRead, maxMonths, maxCalls } = options;
  if (
    !Number.isInteger(monthsPerRead) ||
    monthsPerRead < 1 ||
    monthsPerRead > HISTORY_MONTHS_PER_READ
  ) {
    throw new Error(`monthsPerRead must be 1..${HISTORY_MONTHS_PER_READ}; got ${monthsPerRead}.`);
  }
  if (!Number.isInteger(maxMonths) || maxMonths < 1)
    throw new Error('maxMonths must be at least 1.');
  if (!Number.isInteger(maxCalls) || maxCalls < 1) throw new Error('maxCalls must be at least 1.');
}

/**
 * Reads the kept history back from the newest month to the oldest kept day,
 * one slice per call, in order. A slice that answers tooManyRows is asked
 * again with half the months (and later slices keep the smaller size); a
 * single month that is still too big is an error naming it. Months are never
 * skipped: the read stops only at the oldest kept month, or at maxMonths /
 * maxCalls, and then says so (truncated).
 * @throws Error when a call fails (the caller shows it), or when one month
 * holds more snapshots than one call may read
 */
export async function readHistory(
  read: ReadHistorySlice,
  options: HistoryReadOptions = DEFAULT_HISTORY_READ_OPTIONS,
  onProgress?: (progress: HistoryReadProgress) => void
): Promise<HistoryRead> {
  checkOptions(options);
  const result: HistoryRead = {
    slices: [],
    earliestMonth: null,
    latestMonth: null,
    firstMonthRead: null,
    truncated: false,
    calls: 0
  };
  let monthsPerRead = options.monthsPerRead;
  let lastMonth: string | null = null;
  let monthsRead = 0;
  let monthsToRead: number | null = null;
  for (;;) {
    if (result.calls >= options.maxCalls) {
      result.truncated = true;
      return result;
    }
    const wanted: number =
      lastMonth === null || result.earliestMonth === null
        ? monthsPerRead
        : Math.min(
            monthsPerRead,
            options.maxMonths - monthsRead,
            monthIndex(lastMonth) - monthIndex(result.earliestMonth) + 1
          );
    result.calls += 1;
    // Deliberate: each slice's months depend on the answer before it (oldest kept day, too big).
    // eslint-disable-next-line no-await-in-loop
    const slice = requireSlice(await read(lastMonth, wanted));
    if (slice.firstMonth === null || slice.lastMonth === null) return result;
    if (result.latestMonth === null) {
      result.latestMonth = slice.lastMonth;
      result.earliestMonth = earliestMonthOf(slice) ?? slice.firstMonth;
      const span = monthIndex(slice.lastMonth) - monthIndex(result.earliestMonth) + 1;
      monthsToRead = Math.max(1, Math.min(span, options.maxMonths));
    }
    if (slice.tooManyRows) {
      if (wanted === 1) {
        throw new Error(
          `${slice.lastMonth} holds more license snapshots than one request can read; the history card cannot show it.`
        );
      }
      monthsPerRead = Math.max(1, Math.floor(wanted / 2));
      lastMonth = slice.lastMonth;
      continue;
    }
    result.slices.push(slice);
    result.firstMonthRead = slice.firstMonth;
    monthsRead += monthIndex(slice.lastMonth) - monthIndex(slice.firstMonth) + 1;
    onProgress?.({ monthsRead, monthsToRead, calls: result.calls });
    if (monthIndex(slice.firstMonth) <= monthIndex(result.earliestMonth!)) return result;
    if (monthsRead >= options.maxMonths) {
      result.truncated = true;
      return result;
    }
    lastMonth = addMonths(slice.firstMonth, -1);
  }
}

// ---- shaping ----

/** One license pool in one month, ready to chart and tabulate. */
export interface LicenseHistoryPoint {
  month: string;
  used: number;
  total: number;
  /** total - used, never negative. */
  free: number;
  peakUsed: number;
  /** used / total * 100, one decimal; 0 when total is 0. */
  percentUsed: number;
  daysCaptured: number;
  daysInMonth: number;
}

/** One license pool over the months read. */
export interface LicenseHistory {
  /** "<source>:<name>": stable across months. */
  key: string;
  source: SeatSource;
  /** UserLicense.Name or PermissionSetLicense.DeveloperName. */
  licenseName: string;
  /** Latest label seen, else the licenseName. */
  label: string;
  /** Aligned with HistoryView.months; null where the month has no snapshot. */
  points: (LicenseHistoryPoint | null)[];
}

/** Logins of one month, ready to chart and tabulate. */
export interface LoginHistoryPoint {
  month: string;
  logins: number;
  /** userDays / daysRecorded, one decimal. */
  averageDailyUniqueUsers: number;
  peakDailyUniqueUsers: number;
  daysRecorded: number;
  daysInMonth: number;
  uniqueUsersCapped: boolean;
}

/** The history card's figures. */
export interface HistoryView {
  /** Every month from the oldest read to the newest, oldest first. */
  months: string[];
  /** UserLicense pools first, then permission set licenses, each by label. */
  licenses: LicenseHistory[];
  /** Aligned with months; null where no day was recorded. */
  logins: (LoginHistoryPoint | null)[];
  /** True when some month has a license snapshot or a login day. */
  hasData: boolean;
  /** Older kept months were left out. */
  truncated: boolean;
  /** One sentence for the tables' caption. */
  summary: string;
}

function roundOneDecimal(value: number): number {
  return Math.round(value * ONE_DECIMAL) / ONE_DECIMAL;
}

function licensePoint(entry: LicenseMonthDto): LicenseHistoryPoint {
  return {
    month: entry.month,
    used: entry.used,
    total: entry.total,
    free: Math.max(0, entry.total - entry.used),
    peakUsed: entry.peakUsed,
    percentUsed: entry.total > 0 ? roundOneDecimal((entry.used * PERCENT) / entry.total) : 0,
    daysCaptured: entry.daysCaptured,
    daysInMonth: daysInMonth(entry.month)
  };
}

function loginPoint(entry: LoginMonthDto): LoginHistoryPoint {
  return {
    month: entry.month,
    logins: entry.logins,
    averageDailyUniqueUsers:
      entry.daysRecorded > 0 ? roundOneDecimal(entry.userDays / entry.daysRecorded) : 0,
    peakDailyUniqueUsers: entry.peakDailyUniqueUsers,
    daysRecorded: entry.daysRecorded,
    daysInMonth: daysInMonth(entry.month),
    uniqueUsersCapped: entry.uniqueUsersCapped
  };
}

const SOURCE_ORDER: Record<string, number> = { UserLicense: 0, PermissionSetLicense: 1 };

function compareLicenses(a: LicenseHistory, b: LicenseHistory): number {
  const bySource = (SOURCE_ORDER[a.source] ?? 2) - (SOURCE_ORDER[b.source] ?? 2);
  if (bySource !== 0) return bySource;
  const byLabel = a.label.toLowerCase().localeCompare(b.label.toLowerCase(), 'en');
  return byLabel !== 0 ? byLabel : a.key.localeCompare(b.key, 'en');
}

function pluralMonths(count: number): string {
  return `${count} month${count === 1 ? '' : 's'}`;
}

/** Shapes what readHistory found into aligned monthly series. */
export function buildHistoryView(read: HistoryRead): HistoryView {
  const last = read.latestMonth;
  const first =
    read.firstMonthRead && read.earliestMonth && read.earliestMonth > read.firstMonthRead
      ? read.earliestMonth
      : read.firstMonthRead;
  const months = first && last ? monthsBetween(first, last) : [];
  const position = new Map(months.map((month, index) => [month, index]));
  const licenses = new Map<string, LicenseHistory>();
  const logins: (LoginHistoryPoint | null)[] = months.map(() => null);
  const labelMonth = new Map<string, string>();
  for (const slice of read.slices) {
    for (const entry of slice.licenseMonths) {
      const index = position.get(entry.month);
      if (index === undefined) continue;
      const key = `${entry.source}:${entry.name}`;
      let license = licenses.get(key);
      if (!license) {
        license = {
          key,
          source: entry.source,
          licenseName: entry.name,
          label: entry.name,
          points: months.map(() => null)
        };
        licenses.set(key, license);
      }
      license.points[index] = licensePoint(entry);
      if (entry.label && entry.month >= (labelMonth.get(key) ?? '')) {
        license.label = entry.label;
        labelMonth.set(key, entry.month);
      }
    }
    for (const entry of slice.loginMonths) {
      const index = position.get(entry.month);
      if (index !== undefined) logins[index] = loginPoint(entry);
    }
  }
  const sorted = [...licenses.values()].sort(compareLicenses);
  const hasData = sorted.length > 0 || logins.some((point) => point !== null);
  const summary = hasData
    ? `Monthly figures from ${months[0]} to ${months[months.length - 1]} (${pluralMonths(months.length)}), from the nightly snapshots License Lens keeps.` +
      (read.truncated ? ` Older months are kept but not shown.` : '')
    : '';
  return { months, licenses: sorted, logins, hasData, truncated: read.truncated, summary };
}

/**
 * The license the card shows first: the most seats used in the newest month
 * it has, ties broken by the card's order. Null when there is none.
 */
export function defaultHistoryLicense(view: HistoryView): string | null {
  let best: { key: string; used: number } | null = null;
  for (const license of view.licenses) {
    const latest = [...license.points].reverse().find((point) => point !== null);
    const used = latest?.used ?? -1;
    if (!best || used > best.used) best = { key: license.key, used };
  }
  return best?.key ?? null;
}

/** "28 of 31 days", or "not recorded". */
export function coverageLabel(recorded: number, inMonth: number): string {
  return recorded > 0 ? `${recorded} of ${inMonth} days` : 'not recorded';
}
