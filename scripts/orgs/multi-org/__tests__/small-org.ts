/**
 * A small org written by hand, whose figures were worked out on paper (see
 * the report tests): five active users on the Salesforce license, seats in
 * two pools, logins in the last 30 days.
 */
import { LoginTableBuilder } from '../../../preview/data/login-table';
import type { OrgData } from '../../../preview/data/org-data';
import type { UserLicenseRow, UserRow } from '../../../preview/data/schemas';
import { demoId } from '../../../preview/demo-org/salesforce-ids';
import type { OrgMetadata } from '../../../preview/controller/custom-metadata';
import { DEFAULT_SETTINGS } from '../../../../force-app/main/default/lwc/llAnalytics/settings';
import type { PulledOrg } from '../pulled-org';

/** "Now" of the small org: 2026-11-30 12:00 UTC. */
export const SMALL_NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const DAY = 86_400_000;

/** Settings as shipped (90-day threshold, 14 grace days, 30-day window) and two prices. */
export const SMALL_METADATA: OrgMetadata = {
  settings: { ...DEFAULT_SETTINGS },
  prices: [
    { licenseKey: 'SFDC', label: 'Salesforce', monthlyPrice: 150 },
    { licenseKey: 'Salesforce Integration', label: 'Salesforce Integration', monthlyPrice: 10 }
  ],
  warnings: []
};

/** A name and department built to break HTML and spreadsheets if written raw. */
export const HOSTILE_NAME = '<b>Eve</b> & "Co"';
export const HOSTILE_DEPARTMENT = "=cmd|' /C calc'!A0";

function user(
  n: number,
  name: string,
  lastLoginDate: number | null,
  department: string | null = null
): UserRow {
  return {
    id: demoId('User', n),
    username: `${name
      .replace(/\W+/g, '.')
      .replace(/^\.|\.$/g, '')
      .toLowerCase()}@small.example`,
    name,
    isActive: true,
    userType: 'Standard',
    department,
    division: null,
    forecastEnabled: false,
    lastLoginDate,
    createdDate: Date.UTC(2025, 0, 1),
    profileId: demoId('Profile', 1),
    profileName: 'Standard User',
    licenseName: 'Salesforce',
    licenseDefinitionKey: 'SFDC',
    roleName: null
  };
}

function pool(
  n: number,
  name: string,
  key: string | null,
  total: number,
  used: number
): UserLicenseRow {
  return {
    id: demoId('UserLicense', n),
    name,
    masterLabel: name,
    licenseDefinitionKey: key,
    status: 'Active',
    totalLicenses: total,
    usedLicenses: used
  };
}

export interface SmallOrgOptions {
  timeZone?: string;
  /** Seats bought in the Salesforce pool (default 10). */
  salesforceSeats?: number;
  source?: string;
}

/**
 * The small org:
 *   1 Ada Active     - an interactive login yesterday            -> active
 *   2 Ian Inactive   - LastLoginDate 2026-06-01, no login in window -> inactive
 *   3 Nora Never     - never logged in, created 2025-01-01       -> never logged in
 *   4 Ivan ETL       - 6 successful Remote Access 2.0 logins      -> integration on a human seat
 *   5 HOSTILE_NAME   - LastLoginDate 2026-05-01                   -> inactive
 * Pools: Salesforce (SFDC) 10 bought / 5 used; Salesforce Integration 5 / 0.
 */
export function smallOrg(options: SmallOrgOptions = {}): OrgData {
  const users = [
    user(1, 'Ada Active', SMALL_NOW - DAY),
    user(2, 'Ian Inactive', Date.UTC(2026, 5, 1)),
    user(3, 'Nora Never', null),
    user(4, 'Ivan ETL', SMALL_NOW - DAY),
    user(5, HOSTILE_NAME, Date.UTC(2026, 4, 1), HOSTILE_DEPARTMENT)
  ];
  const logins = new LoginTableBuilder();
  const login = (userId: string, loginTime: number, loginType: string, application: string) =>
    logins.add({
      userId,
      loginTime,
      loginType,
      loginSubType: null,
      status: 'Success',
      application
    });
  login(users[0].id, SMALL_NOW - DAY, 'Application', 'Browser');
  for (let i = 1; i <= 6; i++)
    login(users[3].id, SMALL_NOW - i * DAY, 'Remote Access 2.0', 'Nightly ETL');
  return {
    source: options.source ?? 'small org',
    organization: { name: 'Small', timeZoneSidKey: options.timeZone ?? 'UTC' },
    users,
    userLicenses: [
      pool(1, 'Salesforce', 'SFDC', options.salesforceSeats ?? 10, 5),
      pool(2, 'Salesforce Integration', 'PID_INTEGRATION', 5, 0)
    ],
    permissionSetLicenses: [],
    permissionSetLicensesByUser: new Map([[users[0].id, ['SalesUserPsl']]]),
    frozenUserIds: new Set(),
    userLoginIds: new Set(users.map((u) => u.id)),
    logins: logins.build(),
    unavailable: new Map(),
    problems: []
  };
}

/** A complete pull of a small org. */
export function pulled(
  org: string,
  data: OrgData | null,
  status: PulledOrg['status'] = 'complete',
  failures: string[] = []
): PulledOrg {
  return {
    org,
    orgId: null,
    status,
    data,
    failures,
    apiCalls: data ? 12 : 0,
    stoppedByBudget: false
  };
}
