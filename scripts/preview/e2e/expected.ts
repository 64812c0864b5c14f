/**
 * What the page must show, computed in node straight from the raw demo
 * records (not through the preview's controller): a small, independent
 * selection of users, logins and seats, then the product's rules from
 * c/llAnalytics — the same rules the page runs.
 */
import type {
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto
} from '../../../force-app/types/contract';
import {
  analyzeOrg,
  createOrgCalendar,
  dayKeyFromNumber,
  DEFAULT_USER_SORT,
  filterUsers,
  sortUsers,
  toLicenseUsageRows,
  userColumn,
  usersToCsv,
  type OrgAnalysis,
  type UserFilters
} from '../../../force-app/main/default/lwc/llAnalytics/llAnalytics';
import type { OrgMetadata } from '../controller/custom-metadata';
import type { DemoOrg } from '../demo-org/demo-org';
import type { SfRecord } from '../data/sf-export-format';

/** The user table's columns and the activities of its default view (see c/llUserTable). */
export const TABLE_COLUMN_KEYS = [
  'name',
  'username',
  'profileName',
  'licenseName',
  'department',
  'activity',
  'lastSeatLogin',
  'lastLoginSource',
  'daysSinceLastSeatLogin',
  'daysSinceCreated',
  'monthlyPrice'
] as const;
export const DEFAULT_VIEW_ACTIVITIES = ['inactive', 'neverLoggedIn'] as const;

const PERCENT = 100;
const ONE_DECIMAL = 10;

/** An export's date-time text as epoch milliseconds (the Instant the decoded user page holds). */
function epochMs(text: unknown): number | null {
  return typeof text === 'string' ? Date.parse(text) : null;
}

type Nested = {
  Name?: string;
  UserLicense?: { Name?: string; LicenseDefinitionKey?: string };
} | null;

function userDto(record: SfRecord, frozen: Set<unknown>, psls: Map<unknown, string[]>): UserDto {
  const profile = record.Profile as Nested;
  return {
    id: record.Id as string,
    username: record.Username as string,
    name: record.Name as string,
    isActive: record.IsActive as boolean,
    isFrozen: frozen.has(record.Id),
    userType: record.UserType as string,
    department: (record.Department as string | null) ?? null,
    division: (record.Division as string | null) ?? null,
    profileId: (record.ProfileId as string | null) ?? null,
    profileName: profile?.Name ?? null,
    licenseName: profile?.UserLicense?.Name ?? null,
    licenseDefinitionKey: profile?.UserLicense?.LicenseDefinitionKey ?? null,
    roleName: (record.UserRole as { Name?: string } | null)?.Name ?? null,
    forecastEnabled: record.ForecastEnabled === true,
    lastLoginDate: epochMs(record.LastLoginDate),
    createdDate: epochMs(record.CreatedDate) as number,
    permissionSetLicenses: [...(psls.get(record.Id) ?? [])].sort()
  };
}

/** Active pools with seats, as LicenseSeatDto, from raw UserLicense / PermissionSetLicense records. */
export function seatsFromRecords(
  userLicenses: SfRecord[],
  permissionSetLicenses: SfRecord[]
): LicenseSeatDto[] {
  const seat = (
    record: SfRecord,
    source: LicenseSeatDto['source'],
    name: string,
    key: string | null
  ) => {
    const total = record.TotalLicenses as number;
    const used = record.UsedLicenses as number;
    return {
      id: record.Id as string,
      source,
      name,
      label: record.MasterLabel as string,
      licenseDefinitionKey: key,
      total,
      used,
      free: Math.max(0, total - used),
      percentUsed: total ? Math.round((used * PERCENT * ONE_DECIMAL) / total) / ONE_DECIMAL : 0
    };
  };
  const listed = (record: SfRecord) =>
    record.Status === 'Active' && (record.TotalLicenses as number) > 0;
  return [
    ...userLicenses
      .filter(listed)
      .map((r) => seat(r, 'UserLicense', r.Name as string, r.LicenseDefinitionKey as string)),
    ...permissionSetLicenses
      .filter(listed)
      .map((r) => seat(r, 'PermissionSetLicense', r.DeveloperName as string, null))
  ];
}

/** The license card's rows ("label: summary"), in its order (per section, most waste first). */
export function expectedLicenseRows(seats: LicenseSeatDto[]): string[] {
  const rows = toLicenseUsageRows(seats);
  return (['UserLicense', 'PermissionSetLicense'] as const).flatMap((source) =>
    rows
      .filter((row) => row.source === source)
      .map(
        (row) =>
          `${row.label}: ${row.used} of ${row.total} used, ${row.free} free (${row.percentUsed}%)`
      )
  );
}

/** Everything the dashboard reads, selected from the raw demo records for one window. */
export interface ExpectedInputs {
  users: UserDto[];
  loginGroups: UserLoginGroupDto[];
  seats: LicenseSeatDto[];
  context: OrgContextDto;
  window: LoginWindowDto;
}

/**
 * Active users with their logins in the last `windowDays` org-local days
 * (today included), grouped per user and (LoginType, LoginSubType, Status,
 * Application). Assumes the window was not narrowed (the check asserts that).
 */
export function expectedInputs(
  demo: DemoOrg,
  metadata: OrgMetadata,
  windowDays: number
): ExpectedInputs {
  const organization = [...demo.records('Organization')][0];
  const timeZone = organization.TimeZoneSidKey as string;
  const calendar = createOrgCalendar(timeZone);
  const windowStart = calendar.startOfDay(calendar.dayNumber(demo.now) - (windowDays - 1));
  const frozen = new Set(
    [...demo.records('UserLogin')].filter((r) => r.IsFrozen).map((r) => r.UserId)
  );
  const psls = new Map<unknown, string[]>();
  for (const assignment of demo.records('PermissionSetLicenseAssign')) {
    const names = psls.get(assignment.AssigneeId) ?? [];
    names.push((assignment.PermissionSetLicense as { DeveloperName: string }).DeveloperName);
    psls.set(assignment.AssigneeId, names);
  }
  const users = [...demo.records('User')]
    .filter((r) => r.IsActive)
    .map((r) => userDto(r, frozen, psls));
  const active = new Set(users.map((user) => user.id));
  const groups = new Map<string, UserLoginGroupDto>();
  let rowsRead = 0;
  for (const login of demo.records('LoginHistory')) {
    const time = Date.parse(login.LoginTime as string);
    if (!active.has(login.UserId as string) || time < windowStart || time >= demo.now) continue;
    rowsRead += 1;
    const key = [
      login.UserId,
      login.LoginType,
      login.LoginSubType,
      login.Status,
      login.Application
    ].join('\n');
    const group = groups.get(key);
    if (group) {
      group.logins += 1;
      if (time > (group.lastLoginTime as number)) group.lastLoginTime = time;
    } else {
      groups.set(key, {
        userId: login.UserId as string,
        loginType: login.LoginType as string,
        loginSubType: (login.LoginSubType as string | null) ?? null,
        status: login.Status as string,
        application: (login.Application as string | null) ?? null,
        logins: 1,
        lastLoginTime: time
      });
    }
  }
  return {
    users,
    loginGroups: [...groups.values()],
    seats: seatsFromRecords(
      [...demo.records('UserLicense')],
      [...demo.records('PermissionSetLicense')]
    ),
    context: {
      orgTimeZone: timeZone,
      generatedAt: new Date(demo.now).toISOString(),
      settings: metadata.settings,
      prices: metadata.prices
    },
    window: {
      requestedDays: windowDays,
      coveredDays: windowDays,
      truncated: false,
      windowStart: new Date(windowStart).toISOString(),
      windowEnd: new Date(demo.now).toISOString(),
      rowsRead,
      // The whole window in one read; the demo org's nightly rollups cover every day up to
      // yesterday (none when the window is today alone), today is read live.
      firstDay: calendar.dayKey(windowStart),
      lastDay: calendar.dayKey(demo.now),
      sliceFirstDay: calendar.dayKey(windowStart),
      sliceLastDay: calendar.dayKey(demo.now),
      rolledUpThroughDay:
        windowDays > 1 ? dayKeyFromNumber(calendar.dayNumber(demo.now) - 1) : null,
      rollupDays: windowDays - 1,
      liveDays: 1
    }
  };
}

/** The analysis the dashboard must show for these inputs and filters. */
export function expectedAnalysis(
  inputs: ExpectedInputs,
  filters: UserFilters | null = null
): OrgAnalysis {
  return analyzeOrg({ ...inputs, now: inputs.context.generatedAt, filters });
}

/** The user table's rows in its default view and sort, and their CSV export. */
export function expectedTable(
  inputs: ExpectedInputs,
  analysis: OrgAnalysis
): { total: number; csv: string } {
  const rows = sortUsers(
    filterUsers(analysis.filtered, { activities: [...DEFAULT_VIEW_ACTIVITIES] }),
    DEFAULT_USER_SORT
  );
  const calendar = createOrgCalendar(inputs.context.orgTimeZone);
  return {
    total: rows.length,
    csv: usersToCsv(
      rows,
      calendar,
      TABLE_COLUMN_KEYS.map((key) => userColumn(key))
    )
  };
}
