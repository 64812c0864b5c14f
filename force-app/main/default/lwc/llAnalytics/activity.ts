import type {
  LoginWindowDto,
  SettingsDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import { addLoginGroup, apiShare, createLoginClassifier, successfulLogins } from './logins';
import type { LoginClassifier, LoginTotals } from './logins';
import { isIntegrationLicense } from './pricing';
import type { PriceBook, PriceLookup } from './pricing';
import { dayKeyFromNumber, parseInstant } from './time';
import type { OrgCalendar } from './time';

/**
 * Whether a person used the seat (mutually exclusive, in this order):
 * - `deactivated`: User.IsActive is false (holds no seat);
 * - `frozen`: active but UserLogin.IsFrozen (holds a seat nobody can use);
 * - `active`: an interactive login within the inactivity threshold (on a
 *   Salesforce Integration seat: any successful login);
 * - `new`: created within the grace days and no interactive login yet;
 * - `neverLoggedIn`: no login evidence at all (LastLoginDate null, nothing in
 *   the window) and created at least the grace days ago;
 * - `unknown`: LastLoginDate falls inside the login window but the window
 *   holds no successful login for the user, so its kind cannot be told;
 * - `inactive`: everything else: no interactive login within the threshold.
 */
export type ActivityStatus =
  | 'deactivated'
  | 'frozen'
  | 'active'
  | 'new'
  | 'neverLoggedIn'
  | 'unknown'
  | 'inactive';

/** Every ActivityStatus, in display order. */
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = Object.freeze([
  'active',
  'inactive',
  'neverLoggedIn',
  'new',
  'frozen',
  'unknown',
  'deactivated'
]);

/**
 * How the user signed in during the window (successful logins only):
 * `interactive` only, `apiOnly` (API / OAuth / client credentials only),
 * `mixed` (both), or `none`. Logins of class `other` alone give `none`.
 */
export type UsageProfile = 'interactive' | 'apiOnly' | 'mixed' | 'none';

/**
 * Where lastSeatLogin comes from:
 * - `loginHistory`: newest successful interactive login in the window (any
 *   successful login for a Salesforce Integration seat);
 * - `lastLoginDate`: no interactive login in the window and User.LastLoginDate
 *   is older than the window start, so it is used; it may have been an API login;
 * - `none`: nothing usable (never logged in, or LastLoginDate is explained by
 *   API logins in the window, or LastLoginDate is unverifiable: see `unknown`).
 */
export type LastLoginSource = 'loginHistory' | 'lastLoginDate' | 'none';

/** Share of successful logins (0-1) from which a user counts as used by an integration. */
export const INTEGRATION_API_SHARE = 0.9;

/** Successful logins in the window a user needs before the API share is judged. */
export const INTEGRATION_MIN_SUCCESSFUL_LOGINS = 5;

/** Profile names treated as administrators. */
export const ADMIN_PROFILE_NAMES: readonly string[] = Object.freeze(['System Administrator']);

/**
 * One user with every rule applied; the row the dashboards render. The login
 * counters (LoginTotals) cover successful logins in the window by class, and
 * failures; lastInteractiveLogin / lastApiLogin come from the window only.
 */
export interface UserInsight extends LoginTotals {
  /** User.Id (the datatable key). */
  id: string;
  user: UserDto;
  activity: ActivityStatus;
  usage: UsageProfile;
  /** Share (0-1) of successful logins that were API or client credentials. */
  apiShare: number;
  /**
   * The login inactivity is judged on (epoch ms); see lastLoginSource. On a
   * human seat only interactive logins count; on a Salesforce Integration seat
   * (meant for API use) any successful login counts.
   */
  lastSeatLogin: number | null;
  lastLoginSource: LastLoginSource;
  /** Org-calendar days from lastSeatLogin to now; null when lastSeatLogin is null. */
  daysSinceLastSeatLogin: number | null;
  /** Org-calendar days from CreatedDate to now; null when CreatedDate is unreadable. */
  daysSinceCreated: number | null;
  /** The user's license is not the Salesforce Integration license. */
  onHumanSeat: boolean;
  /** Profile is in ADMIN_PROFILE_NAMES. */
  adminProfile: boolean;
  /**
   * Active, unfrozen, on a human seat, at least INTEGRATION_MIN_SUCCESSFUL_LOGINS
   * successful logins and an API share of at least INTEGRATION_API_SHARE.
   */
  integrationOnHumanSeat: boolean;
  /** Monthly list price of the user's license; 0 when unpriced. */
  monthlyPrice: number;
  priced: boolean;
}

/** What the per-user rules need besides the users. */
export interface ActivityOptions {
  loginGroups: readonly UserLoginGroupDto[];
  /** The LoginHistory window the groups cover; null when no login history was read. */
  window: LoginWindowDto | null;
  settings: SettingsDto;
  /** Overrides settings.inactivityDays (the threshold picker). */
  inactivityDays?: number;
  calendar: OrgCalendar;
  priceBook: PriceBook;
  /** Epoch ms of "now". */
  now: number;
  classifier?: LoginClassifier;
}

/** The instants the inactivity rules compare against, computed once per run. */
export interface ActivityCutoffs {
  /** Org-local day of now. */
  today: string;
  /** Threshold in days. */
  inactivityDays: number;
  /** A seat login at or after this instant is "active": start of day (today - threshold + 1). */
  activeSince: number;
  /** A user created before this instant is past the grace period: start of day (today - grace + 1). */
  graceEndsBefore: number;
  /** Window start (epoch ms); null when no login history was read. */
  windowStart: number | null;
}

/** The cut-off instants for a run (see ActivityCutoffs). */
export function activityCutoffs(
  calendar: OrgCalendar,
  now: number,
  inactivityDays: number,
  graceDays: number,
  window: LoginWindowDto | null
): ActivityCutoffs {
  const today = calendar.dayNumber(now);
  return {
    today: dayKeyFromNumber(today),
    inactivityDays,
    activeSince: calendar.startOfDay(today - inactivityDays + 1),
    graceEndsBefore: calendar.startOfDay(today - graceDays + 1),
    windowStart: window ? parseInstant(window.windowStart) : null
  };
}

const ADMIN_PROFILES_LOWER = new Set(ADMIN_PROFILE_NAMES.map((name) => name.toLowerCase()));

/** True when a profile name is an administrator profile (ADMIN_PROFILE_NAMES, any case). */
export function isAdminProfile(profileName: string | null): boolean {
  return !!profileName && ADMIN_PROFILES_LOWER.has(profileName.trim().toLowerCase());
}

/** What a user's license means, worked out once per distinct license. */
interface LicenseFacts {
  price: PriceLookup;
  /** The Salesforce Integration license: judged on any login, never "on a human seat". */
  integrationSeat: boolean;
  /** A known license that is not the integration license. */
  humanSeat: boolean;
}

function newInsight(user: UserDto, license: LicenseFacts, adminProfile: boolean): UserInsight {
  return {
    id: user.id,
    user,
    activity: 'inactive',
    usage: 'none',
    interactiveLogins: 0,
    apiLogins: 0,
    clientCredentialsLogins: 0,
    otherLogins: 0,
    failedLogins: 0,
    lastInteractiveLogin: null,
    lastApiLogin: null,
    lastSuccessfulLogin: null,
    mainApplication: null,
    mainApplicationLogins: 0,
    apiShare: 0,
    lastSeatLogin: null,
    lastLoginSource: 'none',
    daysSinceLastSeatLogin: null,
    daysSinceCreated: null,
    onHumanSeat: license.humanSeat,
    adminProfile,
    integrationOnHumanSeat: false,
    monthlyPrice: license.price.monthlyPrice,
    priced: license.price.priced
  };
}

/** License facts per (license name, definition key), without a key string per user. */
function createLicenseFacts(priceBook: PriceBook): (user: UserDto) => LicenseFacts {
  const byName = new Map<string | null, Map<string | null, LicenseFacts>>();
  return (user) => {
    let byKey = byName.get(user.licenseName);
    if (!byKey) {
      byKey = new Map();
      byName.set(user.licenseName, byKey);
    }
    let facts = byKey.get(user.licenseDefinitionKey);
    if (!facts) {
      const integrationSeat = isIntegrationLicense(user.licenseName, user.licenseDefinitionKey);
      facts = {
        price: priceBook.priceOf(user.licenseName, user.licenseDefinitionKey),
        integrationSeat,
        humanSeat:
          (user.licenseName !== null || user.licenseDefinitionKey !== null) && !integrationSeat
      };
      byKey.set(user.licenseDefinitionKey, facts);
    }
    return facts;
  };
}

/** isAdminProfile memoised per profile name. */
function createAdminProfileCheck(): (profileName: string | null) => boolean {
  const byName = new Map<string | null, boolean>();
  return (profileName) => {
    let admin = byName.get(profileName);
    if (admin === undefined) {
      admin = isAdminProfile(profileName);
      byName.set(profileName, admin);
    }
    return admin;
  };
}

/**
 * Adds every group to its user's insight. Groups usually come clustered by
 * user, so the map is consulted once per run of one user's groups.
 */
function addGroups(
  groups: readonly UserLoginGroupDto[],
  byId: Map<string, UserInsight>,
  classifier: LoginClassifier
): void {
  let currentId: string | null = null;
  let current: UserInsight | undefined;
  for (const group of groups) {
    if (group.userId !== currentId) {
      currentId = group.userId;
      current = byId.get(currentId);
    }
    if (current) addLoginGroup(current, group, classifier);
  }
}

function usageProfile(insight: UserInsight): UsageProfile {
  const interactive = insight.interactiveLogins > 0;
  const api = insight.apiLogins + insight.clientCredentialsLogins > 0;
  if (interactive && api) return 'mixed';
  if (interactive) return 'interactive';
  return api ? 'apiOnly' : 'none';
}

/** Sets lastSeatLogin / lastLoginSource; returns true when LastLoginDate is unexplained. */
function applyLastSeatLogin(
  insight: UserInsight,
  integrationSeat: boolean,
  windowStart: number | null
): boolean {
  const fromHistory = integrationSeat ? insight.lastSuccessfulLogin : insight.lastInteractiveLogin;
  if (fromHistory !== null) {
    insight.lastSeatLogin = fromHistory;
    insight.lastLoginSource = 'loginHistory';
    return false;
  }
  const lastLoginDate = parseInstant(insight.user.lastLoginDate);
  if (lastLoginDate !== null && (windowStart === null || lastLoginDate < windowStart)) {
    insight.lastSeatLogin = lastLoginDate;
    insight.lastLoginSource = 'lastLoginDate';
    return false;
  }
  insight.lastSeatLogin = null;
  insight.lastLoginSource = 'none';
  return lastLoginDate !== null && insight.lastSuccessfulLogin === null;
}

function activityOf(
  insight: UserInsight,
  unexplainedLastLogin: boolean,
  createdAt: number | null,
  cutoffs: ActivityCutoffs
): ActivityStatus {
  const { user } = insight;
  if (!user.isActive) return 'deactivated';
  if (user.isFrozen) return 'frozen';
  const seatLogin = insight.lastSeatLogin;
  if (seatLogin !== null && seatLogin >= cutoffs.activeSince) return 'active';
  if (unexplainedLastLogin) return 'unknown';
  const withinGrace = createdAt !== null && createdAt >= cutoffs.graceEndsBefore;
  if (seatLogin === null && withinGrace) return 'new';
  const neverLoggedIn =
    seatLogin === null && user.lastLoginDate === null && insight.lastSuccessfulLogin === null;
  return neverLoggedIn ? 'neverLoggedIn' : 'inactive';
}

function isIntegrationOnHumanSeat(insight: UserInsight): boolean {
  return (
    insight.user.isActive &&
    !insight.user.isFrozen &&
    insight.onHumanSeat &&
    successfulLogins(insight) >= INTEGRATION_MIN_SUCCESSFUL_LOGINS &&
    insight.apiShare >= INTEGRATION_API_SHARE
  );
}

/**
 * Applies every per-user rule: one pass over the users, one over the groups
 * and one over the results; the result keeps the users' order. Login groups of
 * unknown users are ignored; a repeated user id gets its groups on its last row.
 */
export function analyzeUsers(users: readonly UserDto[], options: ActivityOptions): UserInsight[] {
  const { calendar, now, settings } = options;
  const inactivityDays = options.inactivityDays ?? settings.inactivityDays;
  const cutoffs = activityCutoffs(
    calendar,
    now,
    inactivityDays,
    settings.neverLoggedInGraceDays,
    options.window
  );
  const today = calendar.dayNumber(now);
  const licenseFacts = createLicenseFacts(options.priceBook);
  const adminProfile = createAdminProfileCheck();
  const insights: UserInsight[] = new Array(users.length);
  const byId = new Map<string, UserInsight>();
  for (let index = 0; index < users.length; index++) {
    const user = users[index];
    const insight = newInsight(user, licenseFacts(user), adminProfile(user.profileName));
    insights[index] = insight;
    byId.set(user.id, insight);
  }
  addGroups(options.loginGroups, byId, options.classifier ?? createLoginClassifier());
  for (const insight of insights) {
    const { user } = insight;
    const createdAt = parseInstant(user.createdDate);
    const integrationSeat = licenseFacts(user).integrationSeat;
    const unexplained = applyLastSeatLogin(insight, integrationSeat, cutoffs.windowStart);
    insight.apiShare = apiShare(insight);
    insight.usage = usageProfile(insight);
    insight.daysSinceLastSeatLogin =
      insight.lastSeatLogin === null ? null : today - calendar.dayNumber(insight.lastSeatLogin);
    insight.daysSinceCreated = createdAt === null ? null : today - calendar.dayNumber(createdAt);
    insight.activity = activityOf(insight, unexplained, createdAt, cutoffs);
    insight.integrationOnHumanSeat = isIntegrationOnHumanSeat(insight);
  }
  return insights;
}
