/**
 * The controller contract (force-app/types/apex.d.ts, contract.ts) implemented
 * over an OrgData, for the local preview. Like the Apex controllers it only
 * selects, groups, counts, windows and pages; what a login or a seat means is
 * decided by the analytics modules in the page, never here.
 */
import type {
  DailyLoginBucketDto,
  DailyUniqueUsersDto,
  LicenseSeatDto,
  LoginTrendDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto,
  UserPageDto
} from '../../../force-app/types/contract';
import { createOrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import type { OrgData } from '../data/org-data';
import { orgTimeZone } from '../data/org-data';
import type { ExportObject } from '../data/sf-export-format';
import type { PermissionSetLicenseRow, UserLicenseRow, UserRow } from '../data/schemas';
import type { OrgMetadata } from './custom-metadata';

/** Governor-limit stand-ins: the Apex reads at most this many LoginHistory rows per call. */
export const LOGIN_ROW_BUDGET = 40_000;
/** Largest page of users one getUserPage call returns. */
export const MAX_PAGE_SIZE = 2_000;
/** Status of the license pools that are listed. */
export const ACTIVE_STATUS = 'Active';

const MS_PER_DAY = 86_400_000;
const PERCENT = 100;
const ONE_DECIMAL = 10;

/** An error the controller answers with, as an AuraHandledException would be. */
export class ApexError extends Error {
  constructor(
    message: string,
    /** HTTP status the preview server answers with. */
    readonly statusCode = 400,
    readonly exceptionType = 'System.AuraHandledException'
  ) {
    super(message);
  }
}

export interface LocalControllerOptions {
  data: OrgData;
  /** Settings and prices, or why they could not be read. */
  metadata: OrgMetadata | Error;
  /** "Now" in epoch ms: the end of every login window. */
  clock: () => number;
}

export interface UserPageParams {
  afterUserId: string | null;
  pageSize: number;
  windowDays: number;
}

export interface LoginTrendParams {
  windowDays: number;
}

function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

function roundOneDecimal(value: number): number {
  return Math.round(value * ONE_DECIMAL) / ONE_DECIMAL;
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
    percentUsed: total > 0 ? roundOneDecimal((used / total) * PERCENT) : 0
  };
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ApexError(
      `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`
    );
  }
  return value;
}

/**
 * Counts LoginHistory rows per day counted back from the window end, to find
 * how many whole days fit the row budget (as the Apex narrows its window).
 */
export class RowsPerDay {
  private readonly perDay: number[];
  private readonly windowEnd: number;
  /** First instant of the requested window (inclusive). */
  readonly requestedStart: number;

  constructor(
    windowEnd: number,
    readonly requestedDays: number
  ) {
    this.windowEnd = windowEnd;
    this.requestedStart = windowEnd - requestedDays * MS_PER_DAY;
    this.perDay = new Array<number>(requestedDays).fill(0);
  }

  /** Counts a row when its time is inside the requested window. */
  add(time: number): void {
    if (time < this.requestedStart || time >= this.windowEnd) return;
    this.perDay[Math.ceil((this.windowEnd - time) / MS_PER_DAY) - 1] += 1;
  }

  /** The most whole days (up to the requested ones) whose rows fit the budget. */
  fit(budget: number): { coveredDays: number; rows: number } {
    let rows = 0;
    for (let day = 0; day < this.requestedDays; day++) {
      if (rows + this.perDay[day] > budget) return { coveredDays: day, rows };
      rows += this.perDay[day];
    }
    return { coveredDays: this.requestedDays, rows };
  }
}

/** Local implementation of LL_LicenseController and LL_InsightsController. */
export class LocalController {
  private readonly data: OrgData;
  private readonly metadata: OrgMetadata | Error;
  private readonly clock: () => number;

  constructor(options: LocalControllerOptions) {
    this.data = options.data;
    this.metadata = options.metadata;
    this.clock = options.clock;
  }

  /** LL_LicenseController.getLicenseSeats: active UserLicense and PermissionSetLicense pools. */
  getLicenseSeats(): LicenseSeatDto[] {
    this.requireObjects('UserLicense', 'PermissionSetLicense');
    const byLabel = (a: LicenseSeatDto, b: LicenseSeatDto) => a.label.localeCompare(b.label);
    const userLicenses = this.data.userLicenses
      .filter((row) => row.status === ACTIVE_STATUS)
      .map((row) => seatDto('UserLicense', row, row.name, row.licenseDefinitionKey))
      .sort(byLabel);
    const permissionSetLicenses = this.data.permissionSetLicenses
      .filter((row) => row.status === ACTIVE_STATUS)
      .map((row) => seatDto('PermissionSetLicense', row, row.developerName, null))
      .sort(byLabel);
    return [...userLicenses, ...permissionSetLicenses];
  }

  /** LL_InsightsController.getOrgContext: time zone, settings, prices. */
  getOrgContext(): OrgContextDto {
    const metadata = this.requireMetadata();
    return {
      orgTimeZone: orgTimeZone(this.data),
      generatedAt: new Date(this.clock()).toISOString(),
      settings: metadata.settings,
      prices: metadata.prices
    };
  }

  /** LL_InsightsController.getUserPage: users after afterUserId (by Id) with their login groups. */
  getUserPage(params: UserPageParams): UserPageDto {
    this.requireObjects('User', 'UserLogin', 'LoginHistory');
    const pageSize = wholeNumber(params?.pageSize, 'pageSize', 1, MAX_PAGE_SIZE);
    const windowDays = this.windowDays(params?.windowDays);
    const afterUserId = params?.afterUserId ?? null;
    const start = afterUserId === null ? 0 : this.firstUserAfter(afterUserId);
    const pageRows = this.data.users.slice(start, start + pageSize);
    const hasMore = start + pageSize < this.data.users.length;
    const windowEnd = this.clock();
    const rowsOfPage = pageRows.map((user) => this.data.logins.rowsOfUser(user.id));
    const counter = new RowsPerDay(windowEnd, windowDays);
    for (const rows of rowsOfPage) for (const row of rows) counter.add(this.data.logins.time[row]);
    const { coveredDays, rows } = counter.fit(LOGIN_ROW_BUDGET);
    const window = this.window(windowDays, coveredDays, windowEnd, rows);
    const windowStart = windowEnd - coveredDays * MS_PER_DAY;
    return {
      users: pageRows.map((user) => this.userDto(user)),
      loginGroups: pageRows.flatMap((user, i) =>
        this.loginGroups(user.id, rowsOfPage[i], windowStart, windowEnd)
      ),
      window,
      nextAfterUserId: hasMore && pageRows.length ? pageRows[pageRows.length - 1].id : null
    };
  }

  /** LL_InsightsController.getLoginTrend: logins per org-local day over the window. */
  getLoginTrend(params: LoginTrendParams): LoginTrendDto {
    this.requireObjects('LoginHistory');
    const windowDays = this.windowDays(params?.windowDays);
    const { time, user, combo, combos, size } = this.data.logins;
    const windowEnd = this.clock();
    const counter = new RowsPerDay(windowEnd, windowDays);
    for (let row = 0; row < size; row++) counter.add(time[row]);
    const { coveredDays, rows } = counter.fit(LOGIN_ROW_BUDGET);
    const windowStart = windowEnd - coveredDays * MS_PER_DAY;
    const calendar = createOrgCalendar(orgTimeZone(this.data));
    const buckets = new Map<
      string,
      { day: string; combo: number; logins: number; users: Set<number> }
    >();
    const usersPerDay = new Map<string, Set<number>>();
    for (let row = 0; row < size; row++) {
      if (time[row] < windowStart || time[row] >= windowEnd) continue;
      const day = calendar.dayKey(time[row]);
      const key = `${day}|${combo[row]}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { day, combo: combo[row], logins: 0, users: new Set() };
        buckets.set(key, bucket);
      }
      bucket.logins += 1;
      bucket.users.add(user[row]);
      let dayUsers = usersPerDay.get(day);
      if (!dayUsers) usersPerDay.set(day, (dayUsers = new Set()));
      dayUsers.add(user[row]);
    }
    const daily: DailyLoginBucketDto[] = [...buckets.values()]
      .map((bucket) => ({
        day: bucket.day,
        ...combos[bucket.combo],
        logins: bucket.logins,
        uniqueUsers: bucket.users.size
      }))
      .sort((a, b) => a.day.localeCompare(b.day) || b.logins - a.logins);
    const dailyUniqueUsers: DailyUniqueUsersDto[] = [...usersPerDay.entries()]
      .map(([day, users]) => ({ day, uniqueUsers: users.size }))
      .sort((a, b) => a.day.localeCompare(b.day));
    return {
      window: this.window(windowDays, coveredDays, windowEnd, rows),
      daily,
      dailyUniqueUsers
    };
  }

  private window(
    requestedDays: number,
    coveredDays: number,
    windowEnd: number,
    rowsRead: number
  ): LoginWindowDto {
    return {
      requestedDays,
      coveredDays,
      truncated: coveredDays < requestedDays,
      windowStart: new Date(windowEnd - coveredDays * MS_PER_DAY).toISOString(),
      windowEnd: new Date(windowEnd).toISOString(),
      rowsRead
    };
  }

  private windowDays(value: unknown): number {
    return wholeNumber(value, 'windowDays', 1, this.requireMetadata().settings.maxWindowDays);
  }

  private loginGroups(
    userId: string,
    rows: Int32Array,
    windowStart: number,
    windowEnd: number
  ): UserLoginGroupDto[] {
    const { time, combo, combos } = this.data.logins;
    const groups = new Map<number, { logins: number; last: number }>();
    for (const row of rows) {
      if (time[row] < windowStart || time[row] >= windowEnd) continue;
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

  private userDto(user: UserRow): UserDto {
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      isActive: user.isActive,
      isFrozen: this.data.frozenUserIds.has(user.id),
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

  /** Index of the first user whose Id sorts after afterUserId (binary search). */
  private firstUserAfter(afterUserId: string): number {
    const users = this.data.users;
    let low = 0;
    let high = users.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (users[middle].id <= afterUserId) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private requireMetadata(): OrgMetadata {
    if (this.metadata instanceof Error) throw new ApexError(this.metadata.message, 500);
    return this.metadata;
  }

  private requireObjects(...objects: ExportObject[]): void {
    const reasons = objects
      .map((object) => this.data.unavailable.get(object))
      .filter((reason): reason is string => reason !== undefined);
    if (reasons.length) {
      throw new ApexError(`The preview data is incomplete: ${reasons.join(' ')}`, 500);
    }
  }
}

/** The Apex methods the preview answers, by `<Class>.<method>`. */
export const APEX_METHODS: Record<string, (controller: LocalController, params: never) => unknown> =
  {
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
  return method(controller, (params ?? {}) as never);
}
