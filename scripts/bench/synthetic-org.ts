/**
 * Deterministic synthetic orgs for benchmarks: the same seed and size always
 * give the same users, login groups, seats and prices. Shapes follow the
 * controller contract; values are invented (example.com usernames).
 */
import type {
  LicensePriceDto,
  LicenseSeatDto,
  LoginWindowDto,
  OrgContextDto,
  UserDto,
  UserLoginGroupDto
} from '../../force-app/types/contract';
import { createOrgCalendar } from '../../force-app/main/default/lwc/llAnalytics/time';

/** A synthetic org: everything analyzeOrg needs. */
export interface SyntheticOrg {
  users: UserDto[];
  loginGroups: UserLoginGroupDto[];
  seats: LicenseSeatDto[];
  context: OrgContextDto;
  window: LoginWindowDto;
  now: string;
}

/** "Now" of every synthetic org. */
export const SYNTHETIC_NOW = '2026-11-23T18:00:00.000Z';
/** Org time zone of every synthetic org. */
export const SYNTHETIC_TIME_ZONE = 'America/Los_Angeles';
/** Live window of the synthetic login groups (days). */
export const SYNTHETIC_WINDOW_DAYS = 30;

const MS_PER_DAY = 86_400_000;
const HISTORY_DAYS = 5 * 365;
const MAX_GROUPS_PER_USER = 4;
const ID_DIGITS = 12;

/** mulberry32: a small, fast, seeded PRNG returning [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Weighted<T> {
  value: T;
  weight: number;
}

function picker<T>(choices: Weighted<T>[], random: () => number): () => T {
  const total = choices.reduce((sum, choice) => sum + choice.weight, 0);
  return () => {
    let roll = random() * total;
    for (const choice of choices) {
      roll -= choice.weight;
      if (roll < 0) return choice.value;
    }
    return choices[choices.length - 1].value;
  };
}

interface LicenseShape {
  name: string;
  key: string;
  profiles: string[];
  userType: string;
}

const LICENSES: Weighted<LicenseShape>[] = [
  {
    value: {
      name: 'Salesforce',
      key: 'SFDC',
      profiles: ['Standard User', 'Sales User', 'System Administrator'],
      userType: 'Standard'
    },
    weight: 78
  },
  {
    value: {
      name: 'Salesforce Platform',
      key: 'AUL',
      profiles: ['Standard Platform User'],
      userType: 'Standard'
    },
    weight: 12
  },
  {
    value: {
      name: 'Salesforce Integration',
      key: 'PID_Integration_User',
      profiles: ['Minimum Access - API Only Integrations'],
      userType: 'Standard'
    },
    weight: 2
  },
  {
    value: {
      name: 'Customer Community',
      key: 'PID_Customer_Community',
      profiles: ['Customer Community User'],
      userType: 'CspLitePortal'
    },
    weight: 8
  }
];

const PRICES: LicensePriceDto[] = [
  { licenseKey: 'SFDC', label: 'Salesforce (Enterprise)', monthlyPrice: 175 },
  { licenseKey: 'Salesforce Platform', label: 'Salesforce Platform', monthlyPrice: 25 },
  { licenseKey: 'Salesforce Integration', label: 'Salesforce Integration', monthlyPrice: 10 }
];

interface LoginShape {
  loginType: string;
  loginSubType: string | null;
  application: string | null;
}

const HUMAN_LOGINS: Weighted<LoginShape>[] = [
  { value: { loginType: 'Application', loginSubType: null, application: 'Browser' }, weight: 6 },
  {
    value: { loginType: 'SAML Idp Initiated SSO', loginSubType: null, application: 'Browser' },
    weight: 3
  },
  {
    value: {
      loginType: 'Remote Access 2.0',
      loginSubType: 'OauthUserAgent',
      application: 'Salesforce for iOS'
    },
    weight: 1
  }
];

const API_LOGINS: Weighted<LoginShape>[] = [
  {
    value: { loginType: 'Other Apex API', loginSubType: null, application: 'Data Loader' },
    weight: 3
  },
  {
    value: {
      loginType: 'Remote Access 2.0',
      loginSubType: 'OauthRefreshToken',
      application: 'Workbench'
    },
    weight: 2
  },
  {
    value: {
      loginType: 'Remote Access 2.0',
      loginSubType: 'OauthClientCredentials',
      application: 'ERP Sync'
    },
    weight: 1
  }
];

const DEPARTMENTS = ['Sales', 'Support', 'Marketing', 'Finance', 'IT', 'Operations', 'Legal', 'HR'];
const DIVISIONS = ['EMEA', 'AMER', 'APAC'];

function syntheticId(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(ID_DIGITS, '0')}AAA`;
}

function isoDaysAgo(nowMs: number, days: number): string {
  return new Date(nowMs - days * MS_PER_DAY).toISOString();
}

/** Pick from a list with the PRNG; the list must not be empty. */
function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** Records per JSON round trip (keeps every JSON text far below V8's string limit). */
const JSON_CHUNK = 10_000;

/**
 * The records as a component receives them: parsed from JSON, so every string
 * is a flat, fresh string (not a shared literal or a concatenation), as from
 * an Apex controller.
 */
function asReceived<T>(records: T[]): T[] {
  const received: T[] = [];
  for (let start = 0; start < records.length; start += JSON_CHUNK) {
    const chunk = JSON.parse(JSON.stringify(records.slice(start, start + JSON_CHUNK))) as T[];
    for (const record of chunk) received.push(record);
  }
  return received;
}

/** Users, login groups, seats and prices of a synthetic org of `userCount` users. */
export function buildSyntheticOrg(userCount: number, seed = 42): SyntheticOrg {
  const random = createRandom(seed);
  const nowMs = Date.parse(SYNTHETIC_NOW);
  const windowStartMs = nowMs - SYNTHETIC_WINDOW_DAYS * MS_PER_DAY;
  const calendar = createOrgCalendar(SYNTHETIC_TIME_ZONE);
  const pickLicense = picker(LICENSES, random);
  const pickHuman = picker(HUMAN_LOGINS, random);
  const pickApi = picker(API_LOGINS, random);
  const users: UserDto[] = new Array(userCount);
  const loginGroups: UserLoginGroupDto[] = [];
  const assigned = new Map<string, number>();
  for (let index = 0; index < userCount; index++) {
    const license = pickLicense();
    const id = syntheticId('005', index);
    const createdDaysAgo = random() * HISTORY_DAYS;
    const roll = random();
    const isIntegration = license.name === 'Salesforce Integration' || roll < 0.03;
    const groupCount = roll < 0.25 ? 0 : 1 + Math.floor(random() * MAX_GROUPS_PER_USER);
    let lastLogin: number | null = null;
    for (let group = 0; group < groupCount; group++) {
      const shape = isIntegration ? pickApi() : random() < 0.85 ? pickHuman() : pickApi();
      const loginMs = windowStartMs + random() * (nowMs - windowStartMs);
      const failed = random() < 0.05;
      loginGroups.push({
        userId: id,
        loginType: shape.loginType,
        loginSubType: shape.loginSubType,
        status: failed ? 'Invalid Password' : 'Success',
        application: shape.application,
        logins: 1 + Math.floor(random() * 40),
        lastLoginTime: new Date(loginMs).toISOString()
      });
      if (!failed) lastLogin = Math.max(lastLogin ?? 0, loginMs);
    }
    const lastLoginDate =
      lastLogin !== null
        ? new Date(lastLogin).toISOString()
        : roll < 0.15
          ? null
          : isoDaysAgo(nowMs, SYNTHETIC_WINDOW_DAYS + random() * Math.min(createdDaysAgo, 400));
    const isActive = random() > 0.05;
    if (isActive) assigned.set(license.name, (assigned.get(license.name) ?? 0) + 1);
    users[index] = {
      id,
      username: `user${index}@example.com`,
      name: `User ${index}`,
      isActive,
      isFrozen: isActive && random() < 0.02,
      userType: license.userType,
      department: random() < 0.1 ? null : pick(DEPARTMENTS, random),
      division: random() < 0.3 ? null : pick(DIVISIONS, random),
      profileId: null,
      profileName: pick(license.profiles, random),
      licenseName: license.name,
      licenseDefinitionKey: license.key,
      roleName: random() < 0.2 ? null : `Role ${Math.floor(random() * 50)}`,
      forecastEnabled: random() < 0.1,
      lastLoginDate,
      createdDate: isoDaysAgo(nowMs, createdDaysAgo),
      permissionSetLicenses: []
    };
  }
  const seats: LicenseSeatDto[] = LICENSES.map(({ value }, index) => {
    const used = assigned.get(value.name) ?? 0;
    const total = Math.ceil(used * 1.1) + 5;
    return {
      id: syntheticId('100', index),
      source: 'UserLicense',
      name: value.name,
      label: value.name,
      licenseDefinitionKey: value.key,
      total,
      used,
      free: total - used,
      percentUsed: total ? Math.round((used / total) * 1000) / 10 : 0
    };
  });
  return {
    users: asReceived(users),
    loginGroups: asReceived(loginGroups),
    seats,
    context: {
      orgTimeZone: SYNTHETIC_TIME_ZONE,
      generatedAt: SYNTHETIC_NOW,
      settings: {
        inactivityDays: 90,
        neverLoggedInGraceDays: 14,
        defaultWindowDays: SYNTHETIC_WINDOW_DAYS,
        maxWindowDays: 90,
        freeIntegrationSeats: 5,
        apiBudgetPercent: 75,
        currencyIsoCode: 'USD'
      },
      prices: PRICES
    },
    window: {
      requestedDays: SYNTHETIC_WINDOW_DAYS,
      coveredDays: SYNTHETIC_WINDOW_DAYS,
      truncated: false,
      windowStart: new Date(windowStartMs).toISOString(),
      windowEnd: SYNTHETIC_NOW,
      rowsRead: loginGroups.length,
      // Read live as a whole, as from an org without nightly rollups.
      firstDay: calendar.dayKey(windowStartMs),
      lastDay: calendar.dayKey(nowMs),
      sliceFirstDay: calendar.dayKey(windowStartMs),
      sliceLastDay: calendar.dayKey(nowMs),
      rolledUpThroughDay: null,
      rollupDays: 0,
      liveDays: SYNTHETIC_WINDOW_DAYS
    },
    now: SYNTHETIC_NOW
  };
}
