/**
 * Small builders for analytics tests: every DTO with harmless defaults,
 * overridden per test. Ids and usernames are invented (example.com).
 */
import type {
  LicensePriceDto,
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto,
  SettingsDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../../types/contract';

/** "Now" in most tests: Monday 2026-11-23 10:00 in Los Angeles (18:00 UTC). */
export const NOW = '2026-11-23T18:00:00.000Z';
export const NOW_MS = Date.parse(NOW);
export const LA = 'America/Los_Angeles';
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY_TEST = 86_400_000;

/** An instant `days` 24-hour slices before NOW, as ISO. */
export function daysAgo(days: number, from: number = NOW_MS): string {
  return new Date(from - days * MS_PER_DAY_TEST).toISOString();
}

export const SETTINGS: SettingsDto = {
  inactivityDays: 90,
  neverLoggedInGraceDays: 14,
  defaultWindowDays: 30,
  maxWindowDays: 90,
  freeIntegrationSeats: 5,
  apiBudgetPercent: 75,
  currencyIsoCode: 'USD'
};

export const PRICES: LicensePriceDto[] = [
  { licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 175 },
  { licenseKey: 'Salesforce Platform', label: 'Platform', monthlyPrice: 25 },
  { licenseKey: 'Salesforce Integration', label: 'Integration', monthlyPrice: 10 }
];

export function context(overrides: Partial<OrgContextDto> = {}): OrgContextDto {
  return {
    orgTimeZone: LA,
    generatedAt: NOW,
    settings: SETTINGS,
    prices: PRICES,
    ...overrides
  };
}

let nextId = 1;

/** A fresh 18-character-looking user id. */
export function userId(): string {
  return `005${String(nextId++).padStart(12, '0')}AAA`;
}

/** An active full-license user created a year ago who logged in yesterday. */
export function user(overrides: Partial<UserDto> = {}): UserDto {
  const id = overrides.id ?? userId();
  return {
    id,
    username: `${id.toLowerCase()}@example.com`,
    name: `User ${id.slice(-6)}`,
    isActive: true,
    isFrozen: false,
    userType: 'Standard',
    department: 'Sales',
    division: 'AMER',
    profileId: null,
    profileName: 'Standard User',
    licenseName: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    roleName: 'Rep',
    forecastEnabled: false,
    lastLoginDate: daysAgo(1),
    createdDate: daysAgo(365),
    permissionSetLicenses: [],
    ...overrides
  };
}

/** One successful UI login group for a user, one day ago. */
export function group(overrides: Partial<UserLoginGroupDto> = {}): UserLoginGroupDto {
  return {
    userId: 'missing',
    loginType: 'Application',
    loginSubType: null,
    status: 'Success',
    application: 'Browser',
    logins: 1,
    lastLoginTime: daysAgo(1),
    ...overrides
  };
}

/** The Los Angeles day of NOW. */
export const TODAY = '2026-11-23';

/** The day `days` calendar days before TODAY ("YYYY-MM-DD"). */
function dayBefore(days: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00.000Z`) - days * MS_PER_DAY_TEST)
    .toISOString()
    .slice(0, 10);
}

/**
 * A window of `days` 24-hour slices ending at NOW, with the day fields of a
 * whole-window answer (every day read live: no rollup).
 */
export function loginWindow(days = 30, overrides: Partial<LoginWindowDto> = {}): LoginWindowDto {
  const firstDay = dayBefore(days - 1);
  return {
    requestedDays: days,
    coveredDays: days,
    truncated: false,
    windowStart: daysAgo(days),
    windowEnd: NOW,
    rowsRead: 0,
    firstDay,
    lastDay: TODAY,
    sliceFirstDay: firstDay,
    sliceLastDay: TODAY,
    rolledUpThroughDay: null,
    rollupDays: 0,
    liveDays: days,
    ...overrides
  };
}

export function seat(overrides: Partial<LicenseSeatDto> = {}): LicenseSeatDto {
  const total = overrides.total ?? 10;
  const used = overrides.used ?? 5;
  return {
    id: '100000000000001AAA',
    source: 'UserLicense',
    name: 'Salesforce',
    label: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    total,
    used,
    free: Math.max(0, total - used),
    percentUsed: total ? Math.round((used / total) * 1000) / 10 : 0,
    ...overrides
  };
}
