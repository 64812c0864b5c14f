/**
 * The logins of one demo user, generated on demand from the user's own seeded
 * stream: the same user always gets the same logins, in any order of asking,
 * and nothing needs to be kept in memory between asks.
 */
import type { OrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import { LOGIN_VALUES } from './catalog';
import { chance, intBetween, mulberry32, pick, weighted, type Random } from './prng';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** A person using the org: logs in on some days, in working hours. */
export interface HumanActivity {
  kind: 'human';
  /** Chance of logging in on a weekday / on a weekend day. */
  weekdayChance: number;
  weekendChance: number;
  /** Chance, on a weekday, of a Data Loader (SOAP API) session too. */
  dataLoaderChance: number;
  /** Stops logging in this many days before now (0: still active). */
  stopDaysAgo: number;
}

/** An integration: API logins every few hours around the clock. */
export interface IntegrationActivity {
  kind: 'integration';
  everyHours: number;
  /** Minute past the hour of each run. */
  minute: number;
  loginType: string;
  loginSubType: string | null;
  application: string;
  /** Days ago of a few interactive logins (someone set the integration up by hand). */
  setupLoginDaysAgo: number[];
}

/** Nobody logs in (never logged in, or only before the history starts). */
export interface NoActivity {
  kind: 'none';
}

export type Activity = HumanActivity | IntegrationActivity | NoActivity;

/** One generated login. */
export interface DemoLogin {
  time: number;
  loginType: string;
  loginSubType: string | null;
  status: string;
  application: string | null;
}

/** The span logins are generated for: [start, end), and the org's calendar. */
export interface HistorySpan {
  start: number;
  end: number;
  calendar: OrgCalendar;
}

const SUNDAY = 0;
const SATURDAY = 6;
/** 1970-01-01 was a Thursday. */
const EPOCH_WEEKDAY = 4;
const DAYS_PER_WEEK = 7;
const WORKDAY_START_MINUTES = 7 * 60 + 30;
const WORKDAY_END_MINUTES = 18 * 60 + 30;
const FAILED_LOGIN_CHANCE = 0.03;
const LOGINS_PER_ACTIVE_DAY: readonly (readonly [number, number])[] = [
  [1, 70],
  [2, 25],
  [3, 5]
];
const CHANNELS: readonly (readonly ['ui' | 'sso' | 'mobile', number])[] = [
  ['ui', 75],
  ['sso', 15],
  ['mobile', 10]
];
const RETRY_MINUTES_MAX = 3;
const INTEGRATION_JITTER_SECONDS = 50;
const MS_PER_SECOND = 1000;

function isWeekend(dayNumber: number): boolean {
  const weekday = (((dayNumber + EPOCH_WEEKDAY) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  return weekday === SUNDAY || weekday === SATURDAY;
}

function workdayTime(random: Random, dayStart: number): number {
  return dayStart + intBetween(random, WORKDAY_START_MINUTES, WORKDAY_END_MINUTES) * MS_PER_MINUTE;
}

function humanLogins(random: Random, time: number, out: DemoLogin[]): void {
  const channel = weighted(random, CHANNELS);
  if (channel === 'mobile') {
    out.push({
      time,
      loginType: LOGIN_VALUES.oauthType,
      loginSubType: null,
      status: LOGIN_VALUES.success,
      application: pick(random, LOGIN_VALUES.mobileApps)
    });
    return;
  }
  const loginType = channel === 'sso' ? LOGIN_VALUES.ssoType : LOGIN_VALUES.uiType;
  if (channel === 'ui' && chance(random, FAILED_LOGIN_CHANCE)) {
    out.push({
      time: time - intBetween(random, 1, RETRY_MINUTES_MAX) * MS_PER_MINUTE,
      loginType,
      loginSubType: null,
      status: LOGIN_VALUES.invalidPassword,
      application: LOGIN_VALUES.browserApp
    });
  }
  out.push({
    time,
    loginType,
    loginSubType: null,
    status: LOGIN_VALUES.success,
    application: LOGIN_VALUES.browserApp
  });
}

function humanDay(
  random: Random,
  activity: HumanActivity,
  dayNumber: number,
  dayStart: number,
  out: DemoLogin[]
): void {
  const loginChance = isWeekend(dayNumber) ? activity.weekendChance : activity.weekdayChance;
  if (chance(random, loginChance)) {
    const count = weighted(random, LOGINS_PER_ACTIVE_DAY);
    for (let i = 0; i < count; i++) humanLogins(random, workdayTime(random, dayStart), out);
  }
  if (!isWeekend(dayNumber) && chance(random, activity.dataLoaderChance)) {
    out.push({
      time: workdayTime(random, dayStart),
      loginType: LOGIN_VALUES.soapApiType,
      loginSubType: null,
      status: LOGIN_VALUES.success,
      application: LOGIN_VALUES.dataLoaderApp
    });
  }
}

function integrationDay(
  random: Random,
  activity: IntegrationActivity,
  dayStart: number,
  out: DemoLogin[]
): void {
  for (let hour = 0; hour < 24; hour += activity.everyHours) {
    const jitter = intBetween(random, 0, INTEGRATION_JITTER_SECONDS) * MS_PER_SECOND;
    out.push({
      time: dayStart + hour * MS_PER_HOUR + activity.minute * MS_PER_MINUTE + jitter,
      loginType: activity.loginType,
      loginSubType: activity.loginSubType,
      status: LOGIN_VALUES.success,
      application: activity.application
    });
  }
}

/**
 * Every login of one user in the span, after `createdAt`, in time order.
 * @param seed the user's own seed (see deriveSeed)
 */
export function loginsOfUser(
  activity: Activity,
  seed: number,
  createdAt: number,
  span: HistorySpan
): DemoLogin[] {
  if (activity.kind === 'none') return [];
  const random = mulberry32(seed);
  const { calendar } = span;
  const from = Math.max(span.start, createdAt);
  const until = activity.kind === 'human' ? span.end - activity.stopDaysAgo * MS_PER_DAY : span.end;
  const out: DemoLogin[] = [];
  const lastDay = calendar.dayNumber(span.end - 1);
  for (let day = calendar.dayNumber(span.start); day <= lastDay; day++) {
    const dayStart = calendar.startOfDay(day);
    if (activity.kind === 'human') humanDay(random, activity, day, dayStart, out);
    else integrationDay(random, activity, dayStart, out);
  }
  if (activity.kind === 'integration') {
    for (const daysAgo of activity.setupLoginDaysAgo) {
      const dayStart = calendar.startOfDay(calendar.dayNumber(span.end - daysAgo * MS_PER_DAY));
      humanLogins(random, workdayTime(random, dayStart), out);
    }
  }
  return out
    .filter((login) => login.time >= from && login.time < until)
    .sort((a, b) => a.time - b.time);
}
