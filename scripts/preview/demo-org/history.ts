/**
 * The demo org's kept history: two years of nightly rows, as if
 * LL_LoginSnapshotBatch had run every night: one LL_License_Snapshot__c row
 * per license pool per day and one login day total per day. Rows are computed
 * on demand from the seed, the pool and the day, never held in memory, so a
 * read of any range costs only what it iterates.
 *
 * Seats are synthetic: they grow towards today's counts (the last day equals
 * the org's current UsedLicenses and TotalLicenses) and seats bought step up
 * at a yearly renewal. Login day totals are those of the demo's LoginHistory
 * for the whole days it covers (when `loginSummaries` is given, as the
 * preview does), so the history card and the trend agree; older days are
 * synthetic: logins follow the users, with fewer on weekends, scaled to meet
 * the LoginHistory days without a step (calibrated on their first 28 days).
 */
import {
  createOrgCalendar,
  dayKeyFromNumber,
  dayNumberFromKey
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import type {
  DayRange,
  DayTotalRow,
  HistoryStore,
  LicenseSnapshotRow
} from '../controller/history-controller';
import { orgTimeZone, type OrgData } from '../data/org-data';
import type { LoginDaySummaries } from './nightly-rollups';
import { deriveSeed, mulberry32 } from './prng';

/** Days of history the demo org keeps: two years. */
export const DEMO_HISTORY_DAYS = 730;

/** A random stream of its own, so other demo data never shifts. */
const HISTORY_STREAM = 6;
const LICENSE_STREAM = 1;
const LOGIN_STREAM = 2;
const ACTIVE_STATUS = 'Active';
/** Share of today's seats used at the start of the history. */
const USED_AT_START = 0.72;
/** Share of today's seats bought before the renewal a year ago. */
const BOUGHT_BEFORE_RENEWAL = 0.85;
/** Day-to-day noise of seats used (share of the day's value). */
const USED_NOISE = 0.015;
/** Share of users who log in on a working day, at the start and today. */
const ACTIVE_AT_START = 0.45;
const ACTIVE_TODAY = 0.62;
const WEEKEND_SHARE = 0.12;
const LOGIN_NOISE = 0.07;
const LOGINS_PER_USER_MIN = 2.2;
const LOGINS_PER_USER_SPREAD = 0.9;
/** 1970-01-01 (day number 0) was a Thursday: 4 with Sunday = 0. */
const EPOCH_WEEKDAY = 4;
const DAYS_PER_WEEK = 7;
const SATURDAY = 6;
const SUNDAY = 0;
/** Whole LoginHistory days the synthetic history is calibrated on. */
const CALIBRATION_DAYS = 28;

export interface DemoHistoryOptions {
  /** The demo org's seed. */
  seed: number;
  /** The moment the demo org is read (epoch ms): the history ends the day before. */
  now: number;
  /** The demo org: its pools, users and time zone. */
  data: OrgData;
  /** Days kept (default two years). */
  days?: number;
  /** The LoginHistory's daily summaries: the day totals of the whole days it covers. */
  loginSummaries?: LoginDaySummaries;
}

interface Pool {
  source: LicenseSnapshotRow['source'];
  licenseName: string;
  label: string;
  total: number;
  used: number;
}

function poolsOf(data: OrgData): Pool[] {
  const listed = (row: { status: string; totalLicenses: number }) =>
    row.status === ACTIVE_STATUS && row.totalLicenses > 0;
  return [
    ...data.userLicenses.filter(listed).map((row) => ({
      source: 'UserLicense' as const,
      licenseName: row.name,
      label: row.masterLabel,
      total: row.totalLicenses,
      used: row.usedLicenses
    })),
    ...data.permissionSetLicenses.filter(listed).map((row) => ({
      source: 'PermissionSetLicense' as const,
      licenseName: row.developerName,
      label: row.masterLabel,
      total: row.totalLicenses,
      used: row.usedLicenses
    }))
  ];
}

function clampRange(
  firstDay: string,
  endDay: string,
  first: number,
  last: number
): [number, number] {
  return [
    Math.max(dayNumberFromKey(firstDay), first),
    Math.min(dayNumberFromKey(endDay), last + 1)
  ];
}

/**
 * The demo org's history store: DEMO_HISTORY_DAYS days ending yesterday in
 * the org's time zone, deterministic in (seed, now, data).
 */
export function createDemoHistory(options: DemoHistoryOptions): HistoryStore {
  const days = options.days ?? DEMO_HISTORY_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be at least 1; got ${days}.`);
  const calendar = createOrgCalendar(orgTimeZone(options.data));
  const lastDay = calendar.dayNumber(options.now) - 1;
  const firstDay = lastDay - days + 1;
  const renewalDay = lastDay - Math.floor(days / 2);
  const pools = poolsOf(options.data);
  const users = options.data.users.length;
  const range: DayRange = { first: dayKeyFromNumber(firstDay), last: dayKeyFromNumber(lastDay) };
  /** 0 on the first day, 1 on the last. */
  const progress = (day: number) => (days === 1 ? 1 : (day - firstDay) / (days - 1));

  function snapshot(pool: Pool, poolIndex: number, day: number): LicenseSnapshotRow {
    const boughtBefore = Math.max(1, Math.ceil(pool.total * BOUGHT_BEFORE_RENEWAL));
    const total = day > renewalDay ? pool.total : Math.min(pool.total, boughtBefore);
    let used = pool.used;
    if (day < lastDay) {
      const random = mulberry32(
        deriveSeed(options.seed, HISTORY_STREAM, LICENSE_STREAM, poolIndex, day)
      );
      const trend = pool.used * (USED_AT_START + (1 - USED_AT_START) * progress(day));
      used = Math.round(trend * (1 + (random() * 2 - 1) * USED_NOISE));
    }
    return {
      day: dayKeyFromNumber(day),
      source: pool.source,
      licenseName: pool.licenseName,
      label: pool.label,
      total,
      used: Math.max(0, Math.min(used, total))
    };
  }

  const firstLoginHistoryDay = options.loginSummaries?.firstWholeDay ?? null;

  /** The synthetic day total: users follow the org's growth, fewer on weekends. */
  function syntheticDayTotal(day: number): DayTotalRow {
    const random = mulberry32(deriveSeed(options.seed, HISTORY_STREAM, LOGIN_STREAM, day));
    const weekday = (((day + EPOCH_WEEKDAY) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
    const weekend = weekday === SATURDAY || weekday === SUNDAY;
    const active = ACTIVE_AT_START + (ACTIVE_TODAY - ACTIVE_AT_START) * progress(day);
    const noise = 1 + (random() * 2 - 1) * LOGIN_NOISE;
    const uniqueUsers = Math.round(users * active * (weekend ? WEEKEND_SHARE : 1) * noise);
    const perUser = LOGINS_PER_USER_MIN + random() * LOGINS_PER_USER_SPREAD;
    return {
      day: dayKeyFromNumber(day),
      logins: Math.round(uniqueUsers * perUser),
      uniqueUsers,
      uniqueUsersCapped: false
    };
  }

  /**
   * Scales of the synthetic days, so that they meet the days derived from
   * LoginHistory without a step: the ratio of the real to the synthetic totals
   * over the first CALIBRATION_DAYS whole days the LoginHistory covers.
   * Computed once, on the first synthetic day asked for.
   */
  let calibration: { logins: number; uniqueUsers: number } | null = null;
  function calibrate(): { logins: number; uniqueUsers: number } {
    if (calibration) return calibration;
    calibration = { logins: 1, uniqueUsers: 1 };
    const summaries = options.loginSummaries;
    if (!summaries || firstLoginHistoryDay === null) return calibration;
    const real = { logins: 0, uniqueUsers: 0 };
    const synthetic = { logins: 0, uniqueUsers: 0 };
    const last = Math.min(lastDay, firstLoginHistoryDay + CALIBRATION_DAYS - 1);
    for (let day = firstLoginHistoryDay; day <= last; day++) {
      const summary = summaries.summaryOf(day);
      const made = syntheticDayTotal(day);
      real.logins += summary.logins;
      real.uniqueUsers += summary.uniqueUsers;
      synthetic.logins += made.logins;
      synthetic.uniqueUsers += made.uniqueUsers;
    }
    if (synthetic.logins > 0 && synthetic.uniqueUsers > 0 && real.logins > 0) {
      calibration = {
        logins: real.logins / synthetic.logins,
        uniqueUsers: real.uniqueUsers / synthetic.uniqueUsers
      };
    }
    return calibration;
  }

  function dayTotal(day: number): DayTotalRow {
    if (options.loginSummaries && firstLoginHistoryDay !== null && day >= firstLoginHistoryDay) {
      const summary = options.loginSummaries.summaryOf(day);
      return {
        day: dayKeyFromNumber(day),
        logins: summary.logins,
        uniqueUsers: summary.uniqueUsers,
        uniqueUsersCapped: summary.uniqueUsersCapped
      };
    }
    const made = syntheticDayTotal(day);
    const scale = calibrate();
    return {
      ...made,
      logins: Math.round(made.logins * scale.logins),
      uniqueUsers: Math.round(made.uniqueUsers * scale.uniqueUsers)
    };
  }

  return {
    snapshotDays: () => (pools.length > 0 ? range : null),
    dayTotalDays: () => range,
    *snapshots(from: string, to: string): Iterable<LicenseSnapshotRow> {
      const [start, end] = clampRange(from, to, firstDay, lastDay);
      for (let day = start; day < end; day += 1) {
        for (let index = 0; index < pools.length; index += 1)
          yield snapshot(pools[index], index, day);
      }
    },
    *dayTotals(from: string, to: string): Iterable<DayTotalRow> {
      const [start, end] = clampRange(from, to, firstDay, lastDay);
      for (let day = start; day < end; day += 1) yield dayTotal(day);
    }
  };
}
