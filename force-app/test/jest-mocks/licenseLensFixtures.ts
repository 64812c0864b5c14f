/**
 * A small, hand-checked org for component tests: controller DTOs exactly as
 * the Apex controllers return them (see force-app/types/contract.ts); users
 * and login groups also decoded (UserDto, UserLoginGroupDto), as the
 * analytics read them.
 *
 * Users (org time zone America/New_York, data read at GENERATED_AT):
 * - Ada Active: interactive logins yesterday (Sales)          → active
 * - Ivan Idle: last login in August 2025 (Sales)              → inactive
 * - Olga Old: last login in October 2025 (Support, EMEA)      → inactive
 * - Nina Never: never logged in, created in 2025 (Support)    → never logged in
 * - Wendy Welcome: created two days ago (Support)             → new (grace period)
 * - Xavier Xfer: 200 OAuth logins, System Administrator (IT)  → integration on a human seat
 */
import type { UserPage } from 'c/llReadPlanner';
import type {
  LicenseSeatDto,
  LoginTrendDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto,
  UserPageDto
} from '../../types/contract';
import { encodeUserPage } from './encodeUserPage';

export const GENERATED_AT = '2026-03-02T15:00:00.000Z';
export const ORG_TIME_ZONE = 'America/New_York';
export const WINDOW_DAYS = 30;

/** The Salesforce user license's list price per month in CONTEXT. */
export const SALESFORCE_MONTHLY_PRICE = 175;
/** A Salesforce Integration seat's list price per month in CONTEXT. */
export const INTEGRATION_MONTHLY_PRICE = 10;

export function orgContext(overrides: Partial<OrgContextDto> = {}): OrgContextDto {
  return {
    orgTimeZone: ORG_TIME_ZONE,
    generatedAt: GENERATED_AT,
    settings: {
      inactivityDays: 90,
      neverLoggedInGraceDays: 14,
      defaultWindowDays: WINDOW_DAYS,
      maxWindowDays: 90,
      freeIntegrationSeats: 5,
      apiBudgetPercent: 75,
      currencyIsoCode: 'USD'
    },
    prices: [
      { licenseKey: 'Salesforce', label: 'Salesforce', monthlyPrice: SALESFORCE_MONTHLY_PRICE },
      {
        licenseKey: 'Salesforce Integration',
        label: 'Salesforce Integration',
        monthlyPrice: INTEGRATION_MONTHLY_PRICE
      }
    ],
    ...overrides
  };
}

export function seats(): LicenseSeatDto[] {
  return [
    {
      id: '100000000000001AAA',
      source: 'UserLicense',
      name: 'Salesforce',
      label: 'Salesforce',
      licenseDefinitionKey: 'SFDC',
      total: 10,
      used: 6,
      free: 4,
      percentUsed: 60
    },
    {
      id: '100000000000002AAA',
      source: 'UserLicense',
      name: 'Salesforce Integration',
      label: 'Salesforce Integration',
      licenseDefinitionKey: 'PID_Integration_User',
      total: 5,
      used: 1,
      free: 4,
      percentUsed: 20
    },
    {
      id: '0PL000000000001AAA',
      source: 'PermissionSetLicense',
      name: 'SalesforceAPIIntegrationPsl',
      label: 'Salesforce API Integration',
      licenseDefinitionKey: null,
      total: 5,
      used: 1,
      free: 4,
      percentUsed: 20
    }
  ];
}

/** The first day of the default window: 30 New York days ending 2026-03-02. */
export const FIRST_DAY = '2026-02-01';
/** Today in New York at GENERATED_AT: the last day of every window. */
export const TODAY = '2026-03-02';
/** The nightly rollups cover the window through yesterday. */
export const ROLLED_UP_THROUGH = '2026-03-01';

/**
 * The whole default window, answered in full: 29 days from the nightly
 * rollups, today live.
 */
export function loginWindow(overrides: Partial<LoginWindowDto> = {}): LoginWindowDto {
  return {
    requestedDays: WINDOW_DAYS,
    coveredDays: WINDOW_DAYS,
    truncated: false,
    windowStart: '2026-02-01T05:00:00.000Z',
    windowEnd: GENERATED_AT,
    rowsRead: 212,
    firstDay: FIRST_DAY,
    lastDay: TODAY,
    sliceFirstDay: FIRST_DAY,
    sliceLastDay: TODAY,
    rolledUpThroughDay: ROLLED_UP_THROUGH,
    rollupDays: WINDOW_DAYS - 1,
    liveDays: 1,
    ...overrides
  };
}

function user(id: string, name: string, fields: Partial<UserDto>): UserDto {
  const login = name.toLowerCase().replace(/\s+/g, '.');
  return {
    id,
    username: `${login}@example.com`,
    name,
    isActive: true,
    isFrozen: false,
    userType: 'Standard',
    department: null,
    division: null,
    profileId: '00e000000000001AAA',
    profileName: 'Standard User',
    licenseName: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    roleName: null,
    forecastEnabled: false,
    lastLoginDate: null,
    createdDate: '2024-01-15T12:00:00.000Z',
    permissionSetLicenses: [],
    ...fields
  };
}

export const ADA = '005000000000001AAA';
export const IVAN = '005000000000002AAA';
export const OLGA = '005000000000003AAA';
export const NINA = '005000000000004AAA';
export const WENDY = '005000000000005AAA';
export const XAVIER = '005000000000006AAA';

export function users(): UserDto[] {
  return [
    user(ADA, 'Ada Active', { department: 'Sales', lastLoginDate: '2026-03-01T14:00:00.000Z' }),
    user(IVAN, 'Ivan Idle', { department: 'Sales', lastLoginDate: '2025-08-01T14:00:00.000Z' }),
    user(OLGA, 'Olga Old', {
      department: 'Support',
      division: 'EMEA',
      lastLoginDate: '2025-10-15T14:00:00.000Z'
    }),
    user(NINA, 'Nina Never', { department: 'Support', createdDate: '2025-06-01T12:00:00.000Z' }),
    user(WENDY, 'Wendy Welcome', {
      department: 'Support',
      createdDate: '2026-02-28T15:00:00.000Z'
    }),
    user(XAVIER, 'Xavier Xfer', {
      department: 'IT',
      profileName: 'System Administrator',
      profileId: '00e000000000002AAA',
      lastLoginDate: '2026-03-02T12:00:00.000Z'
    })
  ];
}

export function loginGroups(): UserLoginGroupDto[] {
  return [
    {
      userId: ADA,
      loginType: 'Application',
      loginSubType: null,
      status: 'Success',
      application: 'Browser',
      logins: 12,
      lastLoginTime: '2026-03-01T14:00:00.000Z'
    },
    {
      userId: XAVIER,
      loginType: 'Remote Access 2.0',
      loginSubType: null,
      status: 'Success',
      application: 'Nightly ETL',
      logins: 200,
      lastLoginTime: '2026-03-02T12:00:00.000Z'
    },
    {
      userId: XAVIER,
      loginType: 'Remote Access 2.0',
      loginSubType: null,
      status: 'Failed: Invalid Password',
      application: 'Nightly ETL',
      logins: 3,
      lastLoginTime: '2026-02-20T12:00:00.000Z'
    }
  ];
}

/**
 * A getUserPage answer in the compact shape Apex sends, built from a decoded
 * page (every user on one page unless overridden). As in Apex, the page
 * carries the login groups of its own users only.
 */
export function userPage(overrides: Partial<UserPage> = {}): UserPageDto {
  const page: UserPage = {
    users: users(),
    loginGroups: loginGroups(),
    window: loginWindow(),
    nextAfterUserId: null,
    tooBig: false,
    tooBigReason: null,
    ...overrides
  };
  const onPage = new Set(page.users.map((user) => user.id));
  return encodeUserPage({
    ...page,
    loginGroups: page.loginGroups.filter((group) => onPage.has(group.userId))
  });
}

/** A three-day trend (2026-02-28 .. 2026-03-02 in New York). */
export function loginTrend(overrides: Partial<LoginWindowDto> = {}): LoginTrendDto {
  return {
    window: loginWindow({
      requestedDays: 3,
      coveredDays: 3,
      windowStart: '2026-02-28T05:00:00.000Z',
      windowEnd: '2026-03-02T15:00:00.000Z',
      firstDay: '2026-02-28',
      sliceFirstDay: '2026-02-28',
      rollupDays: 2,
      liveDays: 1,
      ...overrides
    }),
    daily: [
      {
        day: '2026-02-28',
        loginType: 'Application',
        loginSubType: null,
        status: 'Success',
        application: 'Browser',
        logins: 4,
        uniqueUsers: 2
      },
      {
        day: '2026-02-28',
        loginType: 'Remote Access 2.0',
        loginSubType: null,
        status: 'Success',
        application: 'Nightly ETL',
        logins: 60,
        uniqueUsers: 1
      },
      {
        day: '2026-03-01',
        loginType: 'Application',
        loginSubType: null,
        status: 'Failed: Invalid Password',
        application: 'Browser',
        logins: 2,
        uniqueUsers: 1
      },
      {
        day: '2026-03-02',
        loginType: 'Other Apex API',
        loginSubType: null,
        status: 'Success',
        application: null,
        logins: 7,
        uniqueUsers: 1
      }
    ],
    dailyUniqueUsers: [
      { day: '2026-02-28', uniqueUsers: 3, uniqueUsersCapped: false },
      { day: '2026-03-01', uniqueUsers: 1, uniqueUsersCapped: false },
      { day: '2026-03-02', uniqueUsers: 1, uniqueUsersCapped: false }
    ],
    tooBig: false,
    tooBigReason: null
  };
}

/** The three-day trend's buckets answered for the whole default window (30 days). */
export function windowTrend(): LoginTrendDto {
  return { ...loginTrend(), window: loginWindow() };
}

/** Many generated users (for paging and export tests): all inactive, named "User 00001" … */
export function manyInactiveUsers(count: number): UserDto[] {
  const list: UserDto[] = [];
  for (let index = 1; index <= count; index++) {
    const serial = String(index).padStart(5, '0');
    list.push(
      user(`0051000000${serial}AAA`, `User ${serial}`, {
        department: index % 2 ? 'Sales' : 'Support',
        lastLoginDate: '2025-06-01T14:00:00.000Z'
      })
    );
  }
  return list;
}
