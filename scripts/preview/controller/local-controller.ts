/**
 * The controller contract (force-app/types/apex.d.ts, contract.ts) implemented
 * over an OrgData, for the local preview. It mirrors the Apex
 * (LL_LicenseService, LL_UserPageService, LL_LoginTrendService): the same
 * filters, clamps, ordering, keyset paging, org-day windows and narrowing
 * within the query-row budget. Like the Apex it only selects, groups, counts,
 * windows and pages; what a login or a seat means is decided by the analytics
 * modules in the page, never here.
 */
import type {
  DailyLoginBucketDto,
  DailyUniqueUsersDto,
  LicenseSeatDto,
  LoginTrendDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto,
  UserPageDto
} from '../../../force-app/types/contract';
import {
  createOrgCalendar,
  dayKeyFromNumber,
  type OrgCalendar
} from '../../../force-app/main/default/lwc/llAnalytics/time';
import type { LoginCombo } from '../data/login-table';
import type { OrgData } from '../data/org-data';
import { orgTimeZone } from '../data/org-data';
import type { ExportObject } from '../data/sf-export-format';
import type { PermissionSetLicenseRow, UserLicenseRow, UserRow } from '../data/schemas';
import { compareCodeUnits, type OrgMetadata } from './custom-metadata';
import { ApexError } from './apex-error';
import { APEX_LIMITS, ApexTransaction, type TransactionUse } from './apex-transaction';
import { LoginWindow } from './login-window';

export { ApexError } from './apex-error';

/** Apex governor limit: rows one transaction may retrieve with SOQL. */
export const QUERY_ROWS_LIMIT = APEX_LIMITS.queryRows;
/** LL_LoginHistorySelector.MAX_AGGREGATE_ROWS_IN_LOOP: the LIMIT of the login-group query. */
export const MAX_AGGREGATE_ROWS_IN_LOOP = APEX_LIMITS.aggregateRowsInForLoop;
/** LL_LoginHistorySelector.MAX_GROUPS_PER_READ: more groups than this and the page is too big. */
export const MAX_GROUPS_PER_READ = MAX_AGGREGATE_ROWS_IN_LOOP - 1;
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
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const ID15 = 15;

/** What one read call used, for benchmarks and tests (LocalControllerOptions.observe). */
export interface ApexCallUse extends TransactionUse {
  method: 'getUserPage' | 'getLoginTrend';
  /** Days of the login window the answer covers, and the days asked for. */
  coveredDays: number;
  requestedDays: number;
}

export interface LocalControllerOptions {
  data: OrgData;
  /** Called after each getUserPage / getLoginTrend answer with what it used. */
  observe?: (use: ApexCallUse) => void;
  /** Settings and prices, or why they could not be read. */
  metadata: OrgMetadata | Error;
  /** "Now" in epoch ms: the end of every login window (LL_Clock.now()). */
  clock: () => number;
}

/** Parameters as the components send them (Apex Integer/String, null allowed). */
export interface UserPageParams {
  afterUserId?: string | null;
  pageSize?: number | null;
  windowDays?: number | null;
}

export interface LoginTrendParams {
  windowDays?: number | null;
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

/** The k-th newest time (k >= 1) among times, by sorting a copy newest first. */
function kthNewest(times: Float64Array, k: number): number {
  const sorted = times.slice().sort();
  return sorted[sorted.length - k];
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

/** Apex-style composite key of a trend bucket: null parts sort before any value. */
function bucketSortKey(day: string, combo: LoginCombo): string {
  const part = (value: string | null) => (value === null ? '0' : `1${value}`);
  return [
    day,
    part(combo.loginType),
    part(combo.loginSubType),
    part(combo.status),
    part(combo.application)
  ].join('\n');
}

/** Local implementation of LL_LicenseController and LL_InsightsController. */
export class LocalController {
  private readonly data: OrgData;
  private readonly metadata: OrgMetadata | Error;
  private readonly clock: () => number;
  private readonly observe?: (use: ApexCallUse) => void;

  constructor(options: LocalControllerOptions) {
    this.data = options.data;
    this.metadata = options.metadata;
    this.clock = options.clock;
    this.observe = options.observe;
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
   * with their login groups over the window, narrowed to fit the row budget.
   */
  getUserPage(params: UserPageParams): UserPageDto {
    const afterUserId = parseAfterUserId(params?.afterUserId);
    const size = clampPageSize(integerParam(params?.pageSize, 'pageSize'));
    const days = this.clampWindowDays(
      integerParam(params?.windowDays, 'windowDays'),
      PURPOSE.userPage
    );
    this.requireObjects(PURPOSE.userPage, 'User', 'LoginHistory');
    const transaction = this.setupQueries();
    const window = new LoginWindow(this.calendar(), this.clock(), days);

    const activeUsers = this.activeUsers();
    const start = afterUserId === null ? 0 : firstUserAfter(activeUsers, afterUserId);
    const read = activeUsers.slice(start, start + size + 1);
    transaction.soql({ label: 'User', rowsTouched: read.length });
    const { users, assignmentRows } = this.completeUsers(read.slice(0, size));
    const hasMore = read.length > size || users.length < Math.min(read.length, size);
    if (users.length) {
      transaction.soql({ label: 'PermissionSetLicenseAssign', rowsTouched: assignmentRows });
      const userLoginRows = users.filter((user) => this.hasUserLogin(user.id)).length;
      transaction.soql({ label: 'UserLogin', rowsTouched: userLoginRows });
    }

    const rowsOfUsers = users.map((user) => this.data.logins.rowsOfUser(user.id));
    this.narrowForPage(window, rowsOfUsers, transaction);

    const loginGroups: UserLoginGroupDto[] = [];
    if (users.length && window.coveredDays > 0) {
      let rowsAggregated = 0;
      users.forEach((user, i) => {
        const groups = this.loginGroups(user.id, rowsOfUsers[i], window);
        for (const group of groups) {
          rowsAggregated += group.logins;
          loginGroups.push(group);
        }
      });
      transaction.soql({
        label: 'LoginHistory aggregate',
        rowsTouched: rowsAggregated,
        // The query's LIMIT :MAX_AGGREGATE_ROWS_IN_LOOP: the loop never receives more.
        aggregateRowsInForLoop: Math.min(loginGroups.length, MAX_AGGREGATE_ROWS_IN_LOOP)
      });
    }
    this.report('getUserPage', transaction, window);
    if (loginGroups.length > MAX_GROUPS_PER_READ) {
      return {
        users: [],
        loginGroups: [],
        window: window.toDto(0),
        nextAfterUserId: afterUserId,
        tooManyLoginGroups: true
      };
    }
    return {
      users: users.map((user) => this.userDto(user)),
      loginGroups,
      window: window.toDto(loginGroups.reduce((sum, group) => sum + group.logins, 0)),
      nextAfterUserId: hasMore && users.length ? users[users.length - 1].id : null,
      tooManyLoginGroups: false
    };
  }

  /**
   * LL_InsightsController.getLoginTrend: logins per org-local day and group,
   * newest rows first within the row budget; a partly read day and every older
   * one are dropped.
   */
  getLoginTrend(params: LoginTrendParams): LoginTrendDto {
    const days = this.clampWindowDays(
      integerParam(params?.windowDays, 'windowDays'),
      PURPOSE.logins
    );
    this.requireObjects(PURPOSE.logins, 'LoginHistory');
    const calendar = this.calendar();
    const window = new LoginWindow(calendar, this.clock(), days);
    const transaction = this.setupQueries();
    const maxRows = transaction.remainingRows() - RESERVE_ROWS - 1;
    const { time } = this.data.logins;
    const inWindow = this.rowsIn(window.windowStart(), window.windowEnd);
    // LL_LoginHistorySelector.readNewestFirst: a plain (not aggregate) for-loop with LIMIT maxRows.
    transaction.soql({
      label: 'LoginHistory',
      rowsTouched: Math.min(inWindow.length, Math.max(0, maxRows))
    });
    if (maxRows < 1) window.coverNothing();
    else if (inWindow.length > maxRows) {
      const times = Float64Array.from(inWindow, (row) => time[row]);
      window.keepDaysAfter(kthNewest(times, maxRows + 1));
    }
    const covered =
      window.coveredDays === 0 ? [] : this.rowsIn(window.windowStart(), window.windowEnd);
    const { daily, usersPerDay } = this.dailyBuckets(covered, calendar);
    const dailyUniqueUsers: DailyUniqueUsersDto[] = window.coveredDayNumbers().map((dayNumber) => {
      const day = dayKeyFromNumber(dayNumber);
      return { day, uniqueUsers: usersPerDay.get(day)?.size ?? 0 };
    });
    this.report('getLoginTrend', transaction, window);
    return { window: window.toDto(covered.length), daily, dailyUniqueUsers };
  }

  private dailyBuckets(rows: readonly number[], calendar: OrgCalendar) {
    const { time, user, combo, combos } = this.data.logins;
    const buckets = new Map<
      string,
      { day: string; combo: number; logins: number; users: Set<number> }
    >();
    const usersPerDay = new Map<string, Set<number>>();
    for (const row of rows) {
      const day = calendar.dayKey(time[row]);
      const key = `${day}|${combo[row]}`;
      let bucket = buckets.get(key);
      if (!bucket)
        buckets.set(key, (bucket = { day, combo: combo[row], logins: 0, users: new Set() }));
      bucket.logins += 1;
      bucket.users.add(user[row]);
      let dayUsers = usersPerDay.get(day);
      if (!dayUsers) usersPerDay.set(day, (dayUsers = new Set()));
      dayUsers.add(user[row]);
    }
    const daily: DailyLoginBucketDto[] = [...buckets.values()]
      .map((bucket) => ({ sortKey: bucketSortKey(bucket.day, combos[bucket.combo]), bucket }))
      .sort((a, b) => compareCodeUnits(a.sortKey, b.sortKey))
      .map(({ bucket }) => ({
        day: bucket.day,
        ...combos[bucket.combo],
        logins: bucket.logins,
        uniqueUsers: bucket.users.size
      }));
    return { daily, usersPerDay };
  }

  /** Row indexes of all logins in [start, end). */
  private rowsIn(start: number, end: number): number[] {
    const { time, size } = this.data.logins;
    const rows: number[] = [];
    for (let row = 0; row < size; row++) if (time[row] >= start && time[row] < end) rows.push(row);
    return rows;
  }

  /**
   * LL_UserPageService.readLoginGroups' probe: with cap = half the remaining
   * budget - 1, when the page's users have more than cap rows in the window,
   * keep only the days after the (cap + 1)-th newest row.
   */
  private narrowForPage(
    window: LoginWindow,
    rowsOfUsers: readonly Int32Array[],
    transaction: ApexTransaction
  ): void {
    if (rowsOfUsers.length === 0) return;
    const cap = Math.floor(Math.max(0, transaction.remainingRows() - RESERVE_ROWS) / 2) - 1;
    if (cap < 1) {
      window.coverNothing();
      return;
    }
    const { time } = this.data.logins;
    const start = window.windowStart();
    const times: number[] = [];
    for (const rows of rowsOfUsers) {
      for (const row of rows)
        if (time[row] >= start && time[row] < window.windowEnd) times.push(time[row]);
    }
    transaction.soql({ label: 'LoginHistory probe', rowsTouched: Math.min(times.length, cap + 1) });
    if (times.length > cap) window.keepDaysAfter(kthNewest(Float64Array.from(times), cap + 1));
  }

  private report(method: ApexCallUse['method'], transaction: ApexTransaction, window: LoginWindow) {
    this.observe?.({
      method,
      ...transaction.use(),
      coveredDays: window.coveredDays,
      requestedDays: window.requestedDays
    });
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

  private loginGroups(userId: string, rows: Int32Array, window: LoginWindow): UserLoginGroupDto[] {
    const { time, combo, combos } = this.data.logins;
    const start = window.windowStart();
    const groups = new Map<number, { logins: number; last: number }>();
    for (const row of rows) {
      if (time[row] < start || time[row] >= window.windowEnd) continue;
      const group = groups.get(combo[row]);
      if (group) {
        group.logins += 1;
        if (time[row] > group.last) group.last = time[row];
      } else {
        groups.set(combo[row], { logins: 1, last: time[row] });
      }
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([comboIndex, group]) => ({
        userId,
        ...combos[comboIndex],
        logins: group.logins,
        lastLoginTime: new Date(group.last).toISOString()
      }));
  }

  /** LL_UserDtoMapper.toDtos for one user. */
  private userDto(user: UserRow): UserDto {
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      isActive: user.isActive,
      // LL_UserLoginSelector.getFrozenByUserId: no UserLogin row (or none readable) = unknown.
      isFrozen: this.hasUserLogin(user.id) ? this.data.frozenUserIds.has(user.id) : null,
      userType: user.userType,
      department: user.department,
      division: user.division,
      profileId: user.profileId,
      profileName: user.profileName,
      licenseName: user.licenseName,
      licenseDefinitionKey: user.licenseDefinitionKey,
      roleName: user.roleName,
      forecastEnabled: user.forecastEnabled,
      lastLoginDate: iso(user.lastLoginDate),
      createdDate: iso(user.createdDate) as string,
      permissionSetLicenses: [...(this.data.permissionSetLicensesByUser.get(user.id) ?? [])]
    };
  }

  /** Active users by Id, read at each call: a reclaim may have deactivated some since. */
  private activeUsers(): UserRow[] {
    return this.data.users.filter((user) => user.isActive);
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
