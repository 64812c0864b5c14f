/**
 * The demo org: a deterministic org (same users, seed and `now` → same records)
 * produced as queried records in the `sf data query --json` shape, so the
 * preview reads it exactly as it reads a user's export. LoginHistory is
 * generated user by user on demand, never held whole in memory.
 */
import { createOrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';
import {
  LOGIN_HISTORY_DAYS,
  sfAttributes,
  toSfDateTime,
  type ExportObject,
  type SfRecord
} from '../data/sf-export-format';
import {
  ANALYTICS_PSL,
  DEMO_EMAIL_DOMAIN,
  DEMO_ORG_NAME,
  DEMO_TIME_ZONE,
  INTEGRATION_PSL,
  PERMISSION_SET_LICENSES,
  PROFILE,
  PROFILES,
  SALES_CONSOLE_PSL,
  USER_LICENSES,
  type DemoProfile
} from './catalog';
import {
  loginsOfUser,
  MS_PER_DAY,
  MS_PER_HOUR,
  type DemoLogin,
  type HistorySpan
} from './login-activity';
import { chance, deriveSeed, intBetween, mulberry32 } from './prng';
import { isForecasting, planUsers, type UserPlan } from './population';
import { demoId } from './salesforce-ids';
import type { LoginHistoryRow } from '../data/schemas';

/** Users in the demo org unless told otherwise. */
export const DEFAULT_DEMO_USERS = 2500;
/** Seed of the demo org unless told otherwise. */
export const DEFAULT_DEMO_SEED = 42;
/** Largest demo org the generator makes. */
export const MAX_DEMO_USERS = 200_000;

/** Separate random streams, so adding draws to one never shifts another. */
const STREAM = { population: 1, logins: 2, licenses: 3, assignments: 4, lastLogin: 5 } as const;
const SALES_CONSOLE_SHARE = 0.6;
const ANALYTICS_SHARE = 0.02;
const WORKDAY_HOURS = 9;

export interface DemoOrgOptions {
  /** Number of users (default 2,500). */
  users?: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** End of the login history (epoch ms): the moment the demo org is "read". */
  now: number;
}

/** A demo org: its plans and its records, object by object. */
export interface DemoOrg {
  users: number;
  seed: number;
  now: number;
  plans: readonly UserPlan[];
  /** Records of one object; LoginHistory is generated as it is iterated. */
  records(object: ExportObject): Iterable<SfRecord>;
  /** Number of records of one object (LoginHistory is counted by generating it). */
  count(object: ExportObject): number;
  /**
   * The LoginHistory records as rows, in the same order, without the record
   * format (loading a large demo org quickly for tests and benchmarks); with
   * `users`, only the rows of the first that many users (by Id).
   */
  loginRows(users?: number): Iterable<LoginHistoryRow>;
}

function checkOptions(options: DemoOrgOptions): Required<DemoOrgOptions> {
  const users = options.users ?? DEFAULT_DEMO_USERS;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(users) || users < 1 || users > MAX_DEMO_USERS) {
    throw new Error(`--users must be a whole number from 1 to ${MAX_DEMO_USERS}; got ${users}.`);
  }
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number; got ${seed}.`);
  if (!Number.isFinite(options.now)) throw new Error('The demo org needs a valid "now".');
  return { users, seed, now: options.now };
}

/** Builds the demo org for the given size, seed and `now`. */
export function createDemoOrg(options: DemoOrgOptions): DemoOrg {
  const { users, seed, now } = checkOptions(options);
  const span: HistorySpan = {
    start: now - LOGIN_HISTORY_DAYS * MS_PER_DAY,
    end: now,
    calendar: createOrgCalendar(DEMO_TIME_ZONE)
  };
  const plans = planUsers(mulberry32(deriveSeed(seed, STREAM.population)), users, {
    now,
    historyStart: span.start
  });
  const userIds = plans.map((plan) => demoId('User', plan.index + 1));
  const loginsOf = (plan: UserPlan): DemoLogin[] =>
    loginsOfUser(plan.activity, deriveSeed(seed, STREAM.logins, plan.index), plan.createdAt, span);
  const assignments = assignPermissionSetLicenses(plans, seed);
  const records: Record<ExportObject, () => Iterable<SfRecord>> = {
    Organization: () => [organizationRecord()],
    // Generated as iterated: a reader of the first users pays for theirs only.
    User: function* () {
      for (const plan of plans) {
        yield userRecord(plan, userIds[plan.index], lastLoginOf(plan, loginsOf(plan), seed, now));
      }
    },
    UserLicense: () => userLicenseRecords(plans, seed),
    PermissionSetLicense: () => permissionSetLicenseRecords(assignments),
    PermissionSetLicenseAssign: () =>
      assignments.map((assignment, i) => ({
        attributes: sfAttributes(
          'PermissionSetLicenseAssign',
          demoId('PermissionSetLicenseAssign', i + 1)
        ),
        Id: demoId('PermissionSetLicenseAssign', i + 1),
        AssigneeId: userIds[assignment.userIndex],
        PermissionSetLicense: {
          attributes: sfAttributes('PermissionSetLicense', pslId(assignment.developerName)),
          DeveloperName: assignment.developerName
        }
      })),
    UserLogin: () =>
      plans.map((plan) => ({
        attributes: sfAttributes('UserLogin', demoId('UserLogin', plan.index + 1)),
        Id: demoId('UserLogin', plan.index + 1),
        UserId: userIds[plan.index],
        IsFrozen: plan.isFrozen
      })),
    LoginHistory: () => loginHistoryRecords(plans, userIds, loginsOf)
  };
  return {
    users,
    seed,
    now,
    plans,
    records: (object) => records[object](),
    count: (object) => countOf(records[object]()),
    *loginRows(count = plans.length) {
      for (const plan of plans.slice(0, count)) {
        const userId = userIds[plan.index];
        for (const login of loginsOf(plan)) {
          yield {
            userId,
            loginTime: login.time,
            loginType: login.loginType,
            loginSubType: login.loginSubType,
            status: login.status,
            application: login.application
          };
        }
      }
    }
  };
}

function countOf(items: Iterable<unknown>): number {
  let count = 0;
  for (const item of items) count += item === undefined ? 0 : 1;
  return count;
}

function organizationRecord(): SfRecord {
  const id = demoId('Organization', 1);
  return {
    attributes: sfAttributes('Organization', id),
    Id: id,
    Name: DEMO_ORG_NAME,
    TimeZoneSidKey: DEMO_TIME_ZONE
  };
}

function profileId(profile: DemoProfile): string {
  return demoId('Profile', PROFILES.indexOf(profile) + 1);
}

function userLicenseId(name: string): string {
  return demoId('UserLicense', USER_LICENSES.findIndex((license) => license.name === name) + 1);
}

function pslId(developerName: string): string {
  return demoId(
    'PermissionSetLicense',
    PERMISSION_SET_LICENSES.findIndex((psl) => psl.developerName === developerName) + 1
  );
}

function roleId(roleName: string): string {
  const roles = [...new Set(PROFILES.flatMap((profile) => profile.roles))].filter(
    (role) => role !== null
  );
  return demoId('UserRole', roles.indexOf(roleName) + 1);
}

/** LastLoginDate: the newest successful login of any kind, or one before the history. */
function lastLoginOf(
  plan: UserPlan,
  logins: readonly DemoLogin[],
  seed: number,
  now: number
): number | null {
  for (let i = logins.length - 1; i >= 0; i--)
    if (logins[i].status === 'Success') return logins[i].time;
  if (plan.priorLoginDaysAgo === null) return null;
  const random = mulberry32(deriveSeed(seed, STREAM.lastLogin, plan.index));
  return (
    now - plan.priorLoginDaysAgo * MS_PER_DAY + intBetween(random, 0, WORKDAY_HOURS) * MS_PER_HOUR
  );
}

function usernameOf(plan: UserPlan): string {
  const local = `${plan.firstName}.${plan.lastName}`.toLowerCase().replace(/[^a-z0-9.]+/g, '');
  return `${local}.${plan.index + 1}@${DEMO_EMAIL_DOMAIN}`;
}

function userRecord(plan: UserPlan, id: string, lastLogin: number | null): SfRecord {
  const { profile } = plan;
  const license = USER_LICENSES.find((candidate) => candidate.name === profile.license);
  if (!license) throw new Error(`Demo catalog has no license ${profile.license}.`);
  return {
    attributes: sfAttributes('User', id),
    Id: id,
    Username: usernameOf(plan),
    Name: `${plan.firstName} ${plan.lastName}`,
    IsActive: plan.isActive,
    UserType: profile.name === PROFILE.chatter ? 'CsnOnly' : 'Standard',
    Department: plan.department,
    Division: plan.division,
    ForecastEnabled: isForecasting(plan),
    LastLoginDate: lastLogin === null ? null : toSfDateTime(lastLogin),
    CreatedDate: toSfDateTime(plan.createdAt),
    ProfileId: profileId(profile),
    Profile: {
      attributes: sfAttributes('Profile', profileId(profile)),
      Name: profile.name,
      UserLicense: {
        attributes: sfAttributes('UserLicense', userLicenseId(license.name)),
        Name: license.name,
        LicenseDefinitionKey: license.licenseDefinitionKey
      }
    },
    UserRole:
      plan.roleName === null
        ? null
        : { attributes: sfAttributes('UserRole', roleId(plan.roleName)), Name: plan.roleName }
  };
}

/** UsedLicenses counts active users on the license; TotalLicenses adds spare seats. */
function userLicenseRecords(plans: readonly UserPlan[], seed: number): SfRecord[] {
  const random = mulberry32(deriveSeed(seed, STREAM.licenses));
  return USER_LICENSES.map((license) => {
    const used = plans.filter(
      (plan) => plan.isActive && plan.profile.license === license.name
    ).length;
    const spare = Math.round(used * license.spareShare * (0.5 + random()));
    const id = userLicenseId(license.name);
    return {
      attributes: sfAttributes('UserLicense', id),
      Id: id,
      Name: license.name,
      MasterLabel: license.masterLabel,
      LicenseDefinitionKey: license.licenseDefinitionKey,
      Status: license.status,
      TotalLicenses: Math.max(license.minimumTotal, used + spare),
      UsedLicenses: used
    };
  });
}

interface Assignment {
  userIndex: number;
  developerName: string;
}

/** PSL assignments: integration users get the API integration PSL; some people get add-ons. */
function assignPermissionSetLicenses(plans: readonly UserPlan[], seed: number): Assignment[] {
  const random = mulberry32(deriveSeed(seed, STREAM.assignments));
  const assignments: Assignment[] = [];
  for (const plan of plans) {
    if (plan.archetype === 'integrationUser')
      assignments.push({ userIndex: plan.index, developerName: INTEGRATION_PSL });
    if (plan.profile.name === PROFILE.service && chance(random, SALES_CONSOLE_SHARE)) {
      assignments.push({ userIndex: plan.index, developerName: SALES_CONSOLE_PSL });
    }
    if (
      plan.profile.license === 'Salesforce' &&
      plan.archetype !== 'adminSeatIntegration' &&
      chance(random, ANALYTICS_SHARE)
    ) {
      assignments.push({ userIndex: plan.index, developerName: ANALYTICS_PSL });
    }
  }
  return assignments;
}

/** UsedLicenses counts assignments; TotalLicenses adds the spare seats. */
function permissionSetLicenseRecords(assignments: readonly Assignment[]): SfRecord[] {
  return PERMISSION_SET_LICENSES.map((psl) => {
    const used = assignments.filter(
      (assignment) => assignment.developerName === psl.developerName
    ).length;
    const id = pslId(psl.developerName);
    return {
      attributes: sfAttributes('PermissionSetLicense', id),
      Id: id,
      DeveloperName: psl.developerName,
      MasterLabel: psl.masterLabel,
      Status: 'Active',
      TotalLicenses: used + psl.spareSeats,
      UsedLicenses: used
    };
  });
}

function* loginHistoryRecords(
  plans: readonly UserPlan[],
  userIds: readonly string[],
  loginsOf: (plan: UserPlan) => DemoLogin[]
): Generator<SfRecord> {
  let counter = 0;
  for (const plan of plans) {
    for (const login of loginsOf(plan)) {
      counter += 1;
      const id = demoId('LoginHistory', counter);
      yield {
        attributes: sfAttributes('LoginHistory', id),
        Id: id,
        UserId: userIds[plan.index],
        LoginTime: toSfDateTime(login.time),
        LoginType: login.loginType,
        LoginSubType: login.loginSubType,
        Status: login.status,
        Application: login.application
      };
    }
  }
}
