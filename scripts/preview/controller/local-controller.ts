/**
 * The controller contract (force-app/types/apex.d.ts, contract.ts) implemented
 * over an OrgData, for the local preview. It mirrors the Apex
 * (LL_LicenseService, LL_UserPageService, LL_LoginTrendService): the same
 * filters, clamps, ordering, keyset paging, org-day windows and slices, the
 * same split of a slice into days from the nightly rollups and days read live
 * from LoginHistory, and the same answer when a slice does not fit in one
 * transaction (tooBig, never a narrower window). Every query the Apex runs is
 * charged to one ApexTransaction with the rows it touches. Like the Apex it
 * only selects, groups, counts, windows and pages; what a login or a seat
 * means is decided by the analytics modules in the page, never here.
 */
import type {
  DailyLoginBucketDto,
  DailyUniqueUsersDto,
  LicenseSeatDto,
  LoginTrendDto,
  LoginCountColumnsDto,
  LoginGroupKeyDto,
  OrgContextDto,
  PageProfileDto,
  PageUserColumnsDto,
  UserPageDto
} from '../../../force-app/types/contract';
import {
  createOrgCalendar,
  dayKeyFromNumber,
  type OrgCalendar
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import {
  emptyLoginCounts,
  emptyUserColumns
} from '../../../force-app/main/default/lwc/llReadPlanner/llReadPlanner';
import { loginDaysOf } from '../data/login-days';
import type { LoginDayIndex, LoginRows } from '../data/login-store';
import type { LoginCombo } from '../data/login-table';
import type { OrgData } from '../data/org-data';
import { orgTimeZone } from '../data/org-data';
import type { ExportObject } from '../data/sf-export-format';
import type { PermissionSetLicenseRow, UserLicenseRow, UserRow } from '../data/schemas';
import { compareCodeUnits, type OrgMetadata } from './custom-metadata';
import { ApexError } from './apex-error';
import {
  APEX_LIMITS,
  ApexTransaction,
  type SoqlUse,
  type TransactionUse
} from './apex-transaction';
import { LoginWindow, parseDayPart, parseSliceDay } from './login-window';
import {
  coverageOf,
  NO_ROLLUPS,
  summarizeRows,
  type DaySummaryRows,
  type RollupStore,
  type UserActivityRows
} from './rollup-store';

export { ApexError } from './apex-error';

/** Apex governor limit: rows one transaction may retrieve with SOQL. */
export const QUERY_ROWS_LIMIT = APEX_LIMITS.queryRows;
/** LL_QueryRowBudget.RESERVE_ROWS: rows License Lens leaves unused. */
export const RESERVE_ROWS = 1_000;
/** LL_UserPageService page sizes. */
export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 2_000;
/** LL_AssignedLicenseReader: PermissionSetLicenseAssign rows read per page. */
export const ASSIGNMENT_ROW_CAP = 10_000;
/** Status of the license pools that are listed (LL_LicenseSelector). */
export const ACTIVE_STATUS = 'Active';
/** What each method reads, for "could not ..." messages (LL_AccessGuard purposes). */
const PURPOSE = {
  licenses: 'read license seats (UserLicense and PermissionSetLicense)',
  context: 'read the org time zone and License Lens settings',
  userPage: 'read users with their logins and permission set licenses',
  logins: 'read the login history of all users'
};

const PERCENT = 100;
const ONE_DECIMAL = 10;
const USER_KEY_PREFIX = '005';
const MS_PER_SECOND = 1000;
/** LL_TooBig's advice. */
const FEWER_DAYS_OR_USERS = 'Ask for fewer days or fewer users.';
const FEWER_DAYS = 'Ask for fewer days.';
/** LL_TooBig.SHORTER_PART: a part of a day that did not fit. */
const SHORTER_PART = 'Ask for a shorter part of the day.';
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const ID15 = 15;

/** What one read call used, for benchmarks and tests (LocalControllerOptions.observe). */
export interface ApexCallUse extends TransactionUse {
  method: 'getUserPage' | 'getLoginTrend';
  /** Days of the slice the answer covers (0 when tooBig), and the days of the window asked for. */
  coveredDays: number;
  requestedDays: number;
  /** The slice did not fit in one call: nothing answered. */
  tooBig: boolean;
  /** Days of the slice asked for, and how many of them come from the rollups and live. */
  sliceDays: number;
  rollupDays: number;
  liveDays: number;
  /** The queries of the call, in the order the Apex runs them, with the rows each touched. */
  soql: readonly SoqlUse[];
}

export interface LocalControllerOptions {
  data: OrgData;
  /** Called after each getUserPage / getLoginTrend answer with what it used. */
  observe?: (use: ApexCallUse) => void;
  /** Settings and prices, or why they could not be read. */
  metadata: OrgMetadata | Error;
  /** "Now" in epoch ms: the end of every login window (LL_Clock.now()). */
  clock: () => number;
  /**
   * The nightly job's rows (LL_Snapshot_Run__c, LL_User_Activity__c,
   * LL_Login_Daily_Summary__c): the demo org's createNightlyRollups. Absent or
   * false: none (an export, an org where the job never ran), so every day is
   * read live from LoginHistory.
   */
  rollups?: RollupStore | false;
}

/** Parameters as the components send them (Apex Integer/String, null allowed). */
export interface UserPageParams {
  afterUserId?: string | null;
  pageSize?: number | null;
  windowDays?: number | null;
  /** Oldest day of the slice ("YYYY-MM-DD"); null/absent: the window's first day. */
  sliceFirstDay?: string | null;
  /** Newest day of the slice ("YYYY-MM-DD"); null/absent: today. */
  sliceLastDay?: string | null;
}

export interface LoginTrendParams {
  windowDays?: number | null;
  sliceFirstDay?: string | null;
  sliceLastDay?: string | null;
  /** With a one-day slice: read only [partStart, partEnd) of it (ISO instants); both or neither. */
  partStart?: string | null;
  partEnd?: string | null;
}

/** What one read's slice did: answered, or too big and why. */
interface SliceRead {
  tooBigReason: string | null;
  /** Logins counted. */
  logins: number;
}

/** Logins of one login group of one user: a count and the newest LoginTime (epoch ms). */
interface GroupTally {
  logins: number;
  last: number;
}

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/** used / total * 100 with one decimal, half up (Decimal.divide(total, 1, HALF_UP)). */
function percentUsed(used: number, total: number): number {
  return total === 0 ? 0 : Math.round((used * PERCENT * ONE_DECIMAL) / total) / ONE_DECIMAL;
}

function seatDto(
  source: LicenseSeatDto['source'],
  row: UserLicenseRow | PermissionSetLicenseRow,
  name: string,
  licenseDefinitionKey: string | null
): LicenseSeatDto {
  const total = row.totalLicenses;
  const used = row.usedLicenses;
  return {
    id: row.id,
    source,
    name,
    label: row.masterLabel,
    licenseDefinitionKey,
    total,
    used,
    free: Math.max(0, total - used),
    percentUsed: percentUsed(used, total)
  };
}

/** SOQL ORDER BY on text: case-insensitive first. */
function compareText(a: string, b: string): number {
  return compareCodeUnits(a.toLowerCase(), b.toLowerCase()) || compareCodeUnits(a, b);
}

/** An Apex Integer parameter: a whole number or null. */
function integerParam(value: unknown, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ApexError(`${name} must be a whole number; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** LL_UserPageService.clampPageSize. */
export function clampPageSize(pageSize: number | null): number {
  if (pageSize === null || pageSize < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(pageSize, MAX_PAGE_SIZE);
}

/** LL_UserPageService.parseAfterUserId: a User Id, or null for the first page. */
export function parseAfterUserId(afterUserId: unknown): string | null {
  if (afterUserId === null || afterUserId === undefined) return null;
  const text = String(afterUserId).trim();
  if (text === '') return null;
  if (!SALESFORCE_ID.test(text) || !text.startsWith(USER_KEY_PREFIX)) {
    throw new ApexError(`afterUserId must be a User Id or empty, got "${String(afterUserId)}".`);
  }
  return text;
}

/** Index of the first user whose Id sorts after afterUserId (15-character compare). */
function firstUserAfter(users: readonly UserRow[], afterUserId: string): number {
  const after = afterUserId.slice(0, ID15);
  let low = 0;
  let high = users.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (users[middle].id.slice(0, ID15) <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Logins of entries of one activity row in [first, last], and the newest such entry. */
function sumEntries(
  activity: UserActivityRows,
  row: number,
  first: number,
  last: number
): { logins: number; newestDay: number; newestSecond: number } | null {
  const { entryDay, loginsThrough } = activity;
  const from = firstIndexAtLeast(
    entryDay,
    first,
    activity.entryStart[row],
    activity.entryStart[row + 1]
  );
  const to = firstIndexAtLeast(entryDay, last + 1, from, activity.entryStart[row + 1]) - 1;
  if (to < from) return null;
  const before = from > 0 ? loginsThrough[from - 1] : 0;
  return {
    logins: loginsThrough[to] - before,
    newestDay: entryDay[to],
    newestSecond: activity.newestSecond[to]
  };
}

/** The first index in [low, high) whose value is >= wanted (values ascending), else high. */
function firstIndexAtLeast(values: Int32Array, wanted: number, low: number, high: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < wanted) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Merges logins into a user's group: counts add up, the newest time wins. */
function addToTally(
  tally: Map<number, GroupTally>,
  combo: number,
  logins: number,
  time: number
): void {
  const group = tally.get(combo);
  if (group) {
    group.logins += logins;
    if (time > group.last) group.last = time;
  } else {
    tally.set(combo, { logins, last: time });
  }
}

/**
 * LL_UserDtoMapper.profilesOf: one entry per distinct profileId, in the order
 * of the first user that has it; users without a profileId add none.
 */
function profilesOf(users: readonly UserRow[]): PageProfileDto[] {
  const profiles = new Map<string, PageProfileDto>();
  for (const user of users) {
    if (user.profileId === null || profiles.has(user.profileId)) continue;
    profiles.set(user.profileId, {
      profileId: user.profileId,
      profileName: user.profileName,
      licenseName: user.licenseName,
      licenseDefinitionKey: user.licenseDefinitionKey
    });
  }
  return [...profiles.values()];
}

/** Apex-style composite key of a login group: null parts sort before any value. */
function groupSortKey(combo: LoginCombo): string {
  const part = (value: string | null) => (value === null ? '0' : `1${value}`);
  return [
    part(combo.loginType),
    part(combo.loginSubType),
    part(combo.status),
    part(combo.application)
  ].join('\n');
}

/** Apex-style composite key of a trend bucket: the day, then the group's key. */
function bucketSortKey(day: string, combo: LoginCombo): string {
  return `${day}\n${groupSortKey(combo)}`;
}

/** Local implementation of LL_LicenseController and LL_InsightsController. */
export class LocalController {
  private readonly data: OrgData;
  private readonly metadata: OrgMetadata | Error;
  private readonly clock: () => number;
  private readonly observe?: (use: ApexCallUse) => void;
  private readonly rollups: RollupStore;

  constructor(options: LocalControllerOptions) {
    this.data = options.data;
    this.metadata = options.metadata;
    this.clock = options.clock;
    this.observe = options.observe;
    this.rollups = options.rollups || NO_ROLLUPS;
  }

  /** LL_LicenseController.getLicenseSeats: active pools with seats, UserLicense then PSL, by label. */
  getLicenseSeats(): LicenseSeatDto[] {
    this.requireObjects(PURPOSE.licenses, 'UserLicense', 'PermissionSetLicense');
    const listed = (row: { status: string; totalLicenses: number }) =>
      row.status === ACTIVE_STATUS && row.totalLicenses > 0;
    const byLabel = (a: { masterLabel: string }, b: { masterLabel: string }) =>
      compareText(a.masterLabel, b.masterLabel);
    return [
      ...this.data.userLicenses
        .filter(listed)
        .sort(byLabel)
        .map((row) => seatDto('UserLicense', row, row.name, row.licenseDefinitionKey)),
      ...this.data.permissionSetLicenses
        .filter(listed)
        .sort(byLabel)
        .map((row) => seatDto('PermissionSetLicense', row, row.developerName, null))
    ];
  }

  /** LL_InsightsController.getOrgContext: time zone, settings, prices. */
  getOrgContext(): OrgContextDto {
    const metadata = this.requireMetadata(PURPOSE.context);
    return {
      orgTimeZone: orgTimeZone(this.data),
      generatedAt: new Date(this.clock()).toISOString(),
      settings: metadata.settings,
      prices: metadata.prices
    };
  }

  /**
   * LL_InsightsController.getUserPage: active users after afterUserId (by Id)
   * with their login groups over the slice: days up to rolledUpThroughDay from
   * LL_User_Activity__c, later days live from LoginHistory, merged per group.
   * Answered in the compact shape of LL_UserPageDto (each profile and login
   * group once, counts by index; llReadPlanner's decodeUserPage expands it).
   * A slice whose rows do not fit in what the transaction has left answers
   * tooBig (the four lists empty, the cursor asked for).
   */
  getUserPage(params: UserPageParams): UserPageDto {
    const afterUserId = parseAfterUserId(params?.afterUserId);
    const size = clampPageSize(integerParam(params?.pageSize, 'pageSize'));
    const days = this.clampWindowDays(
      integerParam(params?.windowDays, 'windowDays'),
      PURPOSE.userPage
    );
    const askedFirstDay = parseSliceDay(params?.sliceFirstDay, 'sliceFirstDay');
    const askedLastDay = parseSliceDay(params?.sliceLastDay, 'sliceLastDay');
    this.requireObjects(PURPOSE.userPage, 'User', 'LoginHistory');
    const transaction = this.setupQueries();
    const window = new LoginWindow(
      this.calendar(),
      this.clock(),
      days,
      askedFirstDay,
      askedLastDay
    );

    const read = this.activeUsersAfter(afterUserId, size + 1);
    transaction.soql({ label: 'User', rowsTouched: read.length });
    const { users, assignmentRows } = this.completeUsers(read.slice(0, size));
    const hasMore = read.length > size || users.length < Math.min(read.length, size);
    if (users.length) {
      transaction.soql({ label: 'PermissionSetLicenseAssign', rowsTouched: assignmentRows });
      const userLoginRows = users.filter((user) => this.hasUserLogin(user.id)).length;
      transaction.soql({ label: 'UserLogin', rowsTouched: userLoginRows });
    }
    this.readCoverage(window, transaction, true);

    const tallies = users.map(() => new Map<number, GroupTally>());
    let slice: SliceRead = { tooBigReason: null, logins: 0 };
    if (users.length && window.rollupDays > 0) {
      slice = this.readActivityRollups(users, window, transaction, tallies);
    }
    if (users.length && window.liveDays > 0 && slice.tooBigReason === null) {
      const live = this.readLiveLogins(users, window, transaction, tallies);
      slice = { tooBigReason: live.tooBigReason, logins: slice.logins + live.logins };
    }
    const tooBig = slice.tooBigReason !== null;
    this.report('getUserPage', transaction, window, tooBig);
    if (tooBig) {
      return {
        users: this.userColumns([]),
        profiles: [],
        loginGroupKeys: [],
        loginCounts: emptyLoginCounts(),
        window: window.toDto(0, true),
        nextAfterUserId: afterUserId,
        tooBig: true,
        tooBigReason: slice.tooBigReason
      };
    }
    const { loginGroupKeys, loginCounts } = this.encodeLogins(tallies);
    const profiles = profilesOf(users);
    return {
      users: this.userColumns(users, profiles),
      profiles,
      loginGroupKeys,
      loginCounts,
      window: window.toDto(slice.logins, false),
      nextAfterUserId: hasMore && users.length ? users[users.length - 1].id : null,
      tooBig: false,
      tooBigReason: null
    };
  }

  /**
   * LL_InsightsController.getLoginTrend: logins per org-local day and group
   * over the slice, with distinct users per day: days up to rolledUpThroughDay
   * from LL_Login_Daily_Summary__c, later days live from LoginHistory. A slice
   * that does not fit answers tooBig with no day.
   */
  getLoginTrend(params: LoginTrendParams): LoginTrendDto {
    const days = this.clampWindowDays(
      integerParam(params?.windowDays, 'windowDays'),
      PURPOSE.logins
    );
    const askedFirstDay = parseSliceDay(params?.sliceFirstDay, 'sliceFirstDay');
    const askedLastDay = parseSliceDay(params?.sliceLastDay, 'sliceLastDay');
    const askedPart = parseDayPart(params?.partStart, params?.partEnd);
    this.requireObjects(PURPOSE.logins, 'LoginHistory');
    const transaction = this.setupQueries();
    const window = new LoginWindow(
      this.calendar(),
      this.clock(),
      days,
      askedFirstDay,
      askedLastDay,
      askedPart
    );
    this.readCoverage(window, transaction, false);

    const summaries = new Map<number, DaySummaryRows>();
    let slice: SliceRead = { tooBigReason: null, logins: 0 };
    if (window.rollupDays > 0) slice = this.readDailySummaries(window, transaction, summaries);
    if (window.liveDays > 0 && slice.tooBigReason === null) {
      const live = this.readLiveDays(window, transaction, summaries);
      slice = { tooBigReason: live.tooBigReason, logins: slice.logins + live.logins };
    }
    const tooBig = slice.tooBigReason !== null;
    this.report('getLoginTrend', transaction, window, tooBig);
    if (tooBig) {
      return {
        window: window.toDto(0, true),
        daily: [],
        dailyUniqueUsers: [],
        tooBig: true,
        tooBigReason: slice.tooBigReason
      };
    }
    return {
      window: window.toDto(slice.logins, false),
      daily: this.dailyBuckets(summaries),
      dailyUniqueUsers: window.sliceDayNumbers().map((day) => ({
        day: dayKeyFromNumber(day),
        uniqueUsers: summaries.get(day)?.uniqueUsers ?? 0,
        uniqueUsersCapped: summaries.get(day)?.uniqueUsersCapped ?? false
      })),
      tooBig: false,
      tooBigReason: null
    };
  }

  /**
   * LL_QueryRowBudget.remainingRows: rows the next query may keep, what the
   * transaction has left minus RESERVE_ROWS (never below 0). The query asks
   * for one row more (LIMIT budget + 1): reading it proves the slice does not
   * fit. A test subclass without this guard shows the transaction failing.
   */
  protected rowBudget(transaction: ApexTransaction): number {
    return Math.max(0, transaction.remainingRows() - RESERVE_ROWS);
  }

  /**
   * One bounded read, as the Apex runs it: no rows left -> too big without a
   * query; else the query with LIMIT budget + 1, charged with the rows it
   * returns; more than the budget -> too big (LL_TooBig's words).
   * @returns the reason it was too big, or null when the rows fit
   */
  private boundedRead(
    transaction: ApexTransaction,
    label: string,
    rows: number,
    what: string,
    advice: string
  ): string | null {
    const budget = this.rowBudget(transaction);
    if (budget < 1) return `No query rows were left in this call to read the ${what}. ${advice}`;
    transaction.soql({ label, rowsTouched: Math.min(rows, budget + 1) });
    if (rows <= budget) return null;
    return `More than ${budget} ${what}: more rows than one call may read. ${advice}`;
  }

  /**
   * The coverage query: LL_Snapshot_Run__c rows of [firstDay, today), ordered
   * by day (LIMIT 2,000), walked for the days rolled up without a gap.
   */
  private readCoverage(
    window: LoginWindow,
    transaction: ApexTransaction,
    needsActivity: boolean
  ): void {
    const coverage = coverageOf(this.rollups, window.firstDay, window.lastDay, needsActivity);
    transaction.soql({ label: 'LL_Snapshot_Run__c coverage', rowsTouched: coverage.rows });
    window.setRolledUpThrough(coverage.rolledUpThroughDay);
  }

  /**
   * The rollup part of a page: the LL_User_Activity__c rows of the page's
   * users with Newest_Day__c >= sliceFirstDay (LIMIT budget + 1), their
   * Day_Counts__c entries from sliceFirstDay to min(sliceLastDay, rolledUpThroughDay)
   * summed per group; the newest login is the newest such day's entry.
   */
  private readActivityRollups(
    users: readonly UserRow[],
    window: LoginWindow,
    transaction: ApexTransaction,
    tallies: Map<number, GroupTally>[]
  ): SliceRead {
    const first = window.sliceFirstDay;
    const last = window.rollupLastDay;
    const activities = users.map((user) => this.rollups.activityOf(user.id));
    let rows = 0;
    for (const activity of activities) {
      for (let r = 0; r < activity.size; r++) if (activity.newestDay[r] >= first) rows += 1;
    }
    const tooBigReason = this.boundedRead(
      transaction,
      'LL_User_Activity__c',
      rows,
      `LL_User_Activity__c rows of these ${users.length} users for the rollup days ` +
        `${dayKeyFromNumber(first)} to ${dayKeyFromNumber(last)}`,
      FEWER_DAYS_OR_USERS
    );
    if (tooBigReason !== null) return { tooBigReason, logins: 0 };
    const days = this.loginDays();
    let logins = 0;
    activities.forEach((activity, i) => {
      for (let r = 0; r < activity.size; r++) {
        if (activity.newestDay[r] < first) continue;
        const sum = sumEntries(activity, r, first, last);
        if (sum === null) continue;
        const newest = days.startOfDay(sum.newestDay) + sum.newestSecond * MS_PER_SECOND;
        addToTally(tallies[i], activity.combo[r], sum.logins, newest);
        logins += sum.logins;
      }
    });
    return { tooBigReason: null, logins };
  }

  /**
   * The live part of a page: a plain SOQL for-loop over the LoginHistory rows
   * of the page's users in [liveStart, sliceEnd) with LIMIT budget + 1,
   * counted per user and group (count, newest LoginTime).
   */
  private readLiveLogins(
    users: readonly UserRow[],
    window: LoginWindow,
    transaction: ApexTransaction,
    tallies: Map<number, GroupTally>[]
  ): SliceRead {
    const start = window.liveStart();
    const end = window.sliceEnd();
    const userIds = users.map((user) => user.id);
    // Counted before anything is read, so a page that cannot fit reads nothing
    // (the Apex query stops at LIMIT budget + 1).
    const rows = this.data.logins.countOfUsers(userIds, { from: start, to: end });
    const tooBigReason = this.boundedRead(
      transaction,
      'LoginHistory',
      rows,
      `LoginHistory rows of these ${users.length} users from ` +
        `${dayKeyFromNumber(window.liveFirstDay)} to ${dayKeyFromNumber(window.sliceLastDay)}`,
      FEWER_DAYS_OR_USERS
    );
    if (tooBigReason !== null) return { tooBigReason, logins: 0 };
    const rowsOfUsers = this.data.logins.rowsOfUsers(userIds, { from: start, to: end });
    rowsOfUsers.forEach(({ rows: own, time, combo }, u) => {
      for (let i = 0; i < own.length; i++) {
        const at = time[own[i]];
        if (at >= start && at < end) addToTally(tallies[u], combo[own[i]], 1, at);
      }
    });
    return { tooBigReason: null, logins: rows };
  }

  /**
   * The rollup part of the trend: the LL_Login_Daily_Summary__c rows (groups
   * and the day total) of sliceFirstDay .. min(sliceLastDay, rolledUpThroughDay),
   * LIMIT budget + 1.
   */
  private readDailySummaries(
    window: LoginWindow,
    transaction: ApexTransaction,
    summaries: Map<number, DaySummaryRows>
  ): SliceRead {
    let rows = 0;
    for (let day = window.sliceFirstDay; day <= window.rollupLastDay; day++) {
      const summary = this.rollups.summaryOf(day);
      if (!summary) continue;
      rows += summary.groups.length + 1;
      summaries.set(day, summary);
    }
    const tooBigReason = this.boundedRead(
      transaction,
      'LL_Login_Daily_Summary__c',
      rows,
      `LL_Login_Daily_Summary__c rows from ${dayKeyFromNumber(window.sliceFirstDay)} to ` +
        dayKeyFromNumber(window.rollupLastDay),
      FEWER_DAYS
    );
    if (tooBigReason !== null) {
      summaries.clear();
      return { tooBigReason, logins: 0 };
    }
    let logins = 0;
    for (const summary of summaries.values()) logins += summary.logins;
    return { tooBigReason: null, logins };
  }

  /**
   * The live part of the trend: every LoginHistory row in [liveStart, sliceEnd)
   * (a plain for-loop, LIMIT budget + 1), summarized per day like the nightly job.
   */
  private readLiveDays(
    window: LoginWindow,
    transaction: ApexTransaction,
    summaries: Map<number, DaySummaryRows>
  ): SliceRead {
    const days = this.loginDays();
    const start = window.liveStart();
    const end = window.sliceEnd();
    // Every day is counted before any is read (a part of a day, or the day the window's
    // end cuts, only within [start, end)), so a read that cannot fit reads nothing: the
    // Apex query stops at LIMIT budget + 1.
    const within = { from: start, to: end };
    const cutOf = (day: number) => (window.part || day === window.lastDay ? within : undefined);
    let rows = 0;
    for (let day = window.liveFirstDay; day <= window.sliceLastDay; day++) {
      rows += days.countOfDay(day, cutOf(day));
    }
    const rowsByDay = new Map<number, LoginRows>();
    if (rows <= this.rowBudget(transaction)) {
      for (let day = window.liveFirstDay; day <= window.sliceLastDay; day++) {
        rowsByDay.set(day, days.rowsOfDay(day, cutOf(day)));
      }
    }
    const what = window.part
      ? `LoginHistory rows from ${new Date(start).toISOString()} to ${new Date(end).toISOString()}`
      : `LoginHistory rows from ${dayKeyFromNumber(window.liveFirstDay)} to ` +
        dayKeyFromNumber(window.sliceLastDay);
    const tooBigReason = this.boundedRead(
      transaction,
      'LoginHistory',
      rows,
      what,
      window.part ? SHORTER_PART : FEWER_DAYS
    );
    if (tooBigReason !== null) {
      summaries.clear();
      return { tooBigReason, logins: 0 };
    }
    const groups = this.data.logins.combos.length;
    for (const [day, own] of rowsByDay) summaries.set(day, summarizeRows(own, groups));
    return { tooBigReason: null, logins: rows };
  }

  /** LL_LoginTrendDto.daily: one bucket per day and group, sorted like the Apex keys. */
  private dailyBuckets(summaries: ReadonlyMap<number, DaySummaryRows>): DailyLoginBucketDto[] {
    const { combos } = this.data.logins;
    const buckets: { sortKey: string; bucket: DailyLoginBucketDto }[] = [];
    for (const [dayNumber, summary] of summaries) {
      const day = dayKeyFromNumber(dayNumber);
      for (const group of summary.groups) {
        const combo = combos[group.combo];
        buckets.push({
          sortKey: bucketSortKey(day, combo),
          bucket: { day, ...combo, logins: group.logins, uniqueUsers: group.uniqueUsers }
        });
      }
    }
    return buckets
      .sort((a, b) => compareCodeUnits(a.sortKey, b.sortKey))
      .map(({ bucket }) => bucket);
  }

  /**
   * LL_UserLoginGroupAccumulator.encode: the users' counts in page order, each
   * user's groups by their sorted keys; each distinct group once in
   * loginGroupKeys, in the order the counts first refer to it.
   */
  private encodeLogins(
    tallies: ReadonlyArray<Map<number, GroupTally>>
  ): Pick<UserPageDto, 'loginGroupKeys' | 'loginCounts'> {
    const { combos } = this.data.logins;
    const keyIndexByCombo = new Map<number, number>();
    const loginGroupKeys: LoginGroupKeyDto[] = [];
    const loginCounts: LoginCountColumnsDto = emptyLoginCounts();
    tallies.forEach((tally, userIndex) => {
      const sorted = [...tally.entries()]
        .map(([combo, group]) => ({ sortKey: groupSortKey(combos[combo]), combo, group }))
        .sort((a, b) => compareCodeUnits(a.sortKey, b.sortKey));
      for (const { combo, group } of sorted) {
        let groupKeyIndex = keyIndexByCombo.get(combo);
        if (groupKeyIndex === undefined) {
          groupKeyIndex = loginGroupKeys.length;
          keyIndexByCombo.set(combo, groupKeyIndex);
          const { loginType, loginSubType, status, application } = combos[combo];
          loginGroupKeys.push({ loginType, loginSubType, status, application });
        }
        loginCounts.userIndexes.push(userIndex);
        loginCounts.groupKeyIndexes.push(groupKeyIndex);
        loginCounts.logins.push(group.logins);
        loginCounts.lastLoginTimes.push(group.last);
      }
    });
    return { loginGroupKeys, loginCounts };
  }

  private report(
    method: ApexCallUse['method'],
    transaction: ApexTransaction,
    window: LoginWindow,
    tooBig: boolean
  ): void {
    this.observe?.({
      method,
      ...transaction.use(),
      coveredDays: tooBig ? 0 : window.sliceDays,
      requestedDays: window.requestedDays,
      tooBig,
      sliceDays: window.sliceDays,
      rollupDays: window.rollupDays,
      liveDays: window.liveDays,
      soql: transaction.log()
    });
  }

  private loginDays(): LoginDayIndex {
    return loginDaysOf(this.data.logins, this.calendar());
  }

  /** LL_AccessGuard's UserPermissionAccess and LL_OrganizationSelector's queries: one row each. */
  private setupQueries(): ApexTransaction {
    const transaction = new ApexTransaction();
    transaction.soql({ label: 'UserPermissionAccess', rowsTouched: 1 });
    transaction.soql({ label: 'Organization', rowsTouched: 1 });
    return transaction;
  }

  /**
   * LL_AssignedLicenseReader: reads up to ASSIGNMENT_ROW_CAP + 1 assignments
   * ordered by user; when the cap is hit, the page ends before the user whose
   * assignments were cut (keeping at least one user).
   */
  private completeUsers(users: UserRow[]): { users: UserRow[]; assignmentRows: number } {
    let rows = 0;
    for (let i = 0; i < users.length; i++) {
      rows += this.data.permissionSetLicensesByUser.get(users[i].id)?.length ?? 0;
      if (rows > ASSIGNMENT_ROW_CAP) {
        return { users: users.slice(0, Math.max(1, i)), assignmentRows: ASSIGNMENT_ROW_CAP + 1 };
      }
    }
    return { users, assignmentRows: rows };
  }

  private hasUserLogin(userId: string): boolean {
    return !this.data.unavailable.has('UserLogin') && this.data.userLoginIds.has(userId);
  }

  /**
   * LL_UserDtoMapper.toColumns: the users as one list per field, in their
   * order; each user's profile by its index in `profiles` (profilesOf).
   */
  private userColumns(
    users: readonly UserRow[],
    profiles: readonly PageProfileDto[] = []
  ): PageUserColumnsDto {
    const profileIndex = new Map(profiles.map((profile, index) => [profile.profileId, index]));
    const columns: PageUserColumnsDto = emptyUserColumns();
    for (const user of users) {
      columns.ids.push(user.id);
      columns.usernames.push(user.username);
      columns.names.push(user.name);
      columns.isActive.push(user.isActive);
      // LL_UserLoginSelector.getFrozenByUserId: no UserLogin row (or none readable) = unknown.
      columns.isFrozen.push(
        this.hasUserLogin(user.id) ? this.data.frozenUserIds.has(user.id) : null
      );
      columns.userTypes.push(user.userType);
      columns.departments.push(user.department);
      columns.divisions.push(user.division);
      columns.profileIndexes.push(
        user.profileId === null ? null : (profileIndex.get(user.profileId) ?? null)
      );
      columns.roleNames.push(user.roleName);
      columns.forecastEnabled.push(user.forecastEnabled);
      // Datetime.getTime(): epoch milliseconds, as the rows already hold them.
      columns.lastLoginTimes.push(user.lastLoginDate);
      columns.createdTimes.push(user.createdDate);
      columns.permissionSetLicenses.push([
        ...(this.data.permissionSetLicensesByUser.get(user.id) ?? [])
      ]);
    }
    return columns;
  }

  /**
   * LL_UserSelector.getActiveUsersAfter: up to `limit` active users with an Id
   * after afterUserId, by Id. Read at each call: a reclaim may have
   * deactivated some since.
   */
  private activeUsersAfter(afterUserId: string | null, limit: number): UserRow[] {
    const { users } = this.data;
    const read: UserRow[] = [];
    let index = afterUserId === null ? 0 : firstUserAfter(users, afterUserId);
    for (; index < users.length && read.length < limit; index++) {
      if (users[index].isActive) read.push(users[index]);
    }
    return read;
  }

  /** LL_SettingsService.clampWindowDays. */
  private clampWindowDays(requested: number | null, purpose: string): number {
    const { settings } = this.requireMetadata(purpose);
    if (requested === null || requested < 1) return settings.defaultWindowDays;
    return Math.min(requested, settings.maxWindowDays);
  }

  private calendar(): OrgCalendar {
    return createOrgCalendar(orgTimeZone(this.data));
  }

  private requireMetadata(purpose: string): OrgMetadata {
    if (this.metadata instanceof Error) {
      throw new ApexError(`License Lens could not ${purpose}: ${this.metadata.message}`, 500);
    }
    return this.metadata;
  }

  private requireObjects(purpose: string, ...objects: ExportObject[]): void {
    const reasons = objects
      .map((object) => this.data.unavailable.get(object))
      .filter((reason): reason is string => reason !== undefined);
    if (reasons.length) {
      throw new ApexError(`License Lens could not ${purpose}: ${reasons.join(' ')}`, 500);
    }
  }
}

/** The Apex methods the preview answers, by `<Class>.<method>`. */
export const APEX_METHODS: Readonly<
  Record<string, (controller: LocalController, params: never) => unknown>
> = {
  'LL_LicenseController.getLicenseSeats': (controller) => controller.getLicenseSeats(),
  'LL_InsightsController.getOrgContext': (controller) => controller.getOrgContext(),
  'LL_InsightsController.getUserPage': (controller, params: UserPageParams) =>
    controller.getUserPage(params),
  'LL_InsightsController.getLoginTrend': (controller, params: LoginTrendParams) =>
    controller.getLoginTrend(params)
};

/**
 * Calls `<Class>.<method>` with JSON params.
 * @throws ApexError (404) for a method the preview does not implement.
 */
export function invokeApex(
  controller: LocalController,
  qualifiedName: string,
  params: unknown
): unknown {
  const method = Object.hasOwn(APEX_METHODS, qualifiedName)
    ? APEX_METHODS[qualifiedName]
    : undefined;
  if (!method) {
    throw new ApexError(
      `The local preview has no Apex method ${qualifiedName}.`,
      404,
      'System.NoSuchMethodException'
    );
  }
  const body = params && typeof params === 'object' ? params : {};
  return method(controller, body as never);
}
