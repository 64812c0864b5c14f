import type {
  Instant,
  LoginWindowDto,
  SettingsDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import { GROUP_FAILED, GroupLedger, instantOrNull, LoginAccumulator } from './accumulate';
import type { KeptGroupSink } from './accumulate';
import { createLoginClassifier } from './logins';
import type { LoginClassifier, LoginTotals } from './logins';
import { GroupMatcher, NO_OWNER } from './joins';
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
 * - `integration`: no interactive login within the threshold, but the seat is
 *   driven by a program: integrationOnHumanSeat (active, unfrozen, on a human
 *   seat, at least INTEGRATION_MIN_SUCCESSFUL_LOGINS successful logins in the
 *   window, API share at least INTEGRATION_API_SHARE). Such a user is working,
 *   not idle: never `inactive`, so it is never listed for deactivation and its
 *   seat is not waste; moving it to an integration seat is the integration
 *   saving instead;
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
  | 'integration'
  | 'new'
  | 'neverLoggedIn'
  | 'unknown'
  | 'inactive';

/** Every ActivityStatus, in display order. */
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = Object.freeze([
  'active',
  'integration',
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

/**
 * Which kind of login lastActivity was: `interactive`, `api` (API or client
 * credentials), `other` (a successful login of another class) from the
 * LoginHistory window, or `lastLoginDate` when User.LastLoginDate is newer than
 * anything in the window (it may be any kind of login).
 */
export type ActivityKind = 'interactive' | 'api' | 'other' | 'lastLoginDate';

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
  /**
   * Newest successful login of any type the page knows (epoch ms): the newest
   * in the LoginHistory window or User.LastLoginDate, whichever is newer; null
   * for none. What the reclaim server re-checks against (issue 12, finding 1).
   */
  lastActivity: number | null;
  /** What kind of login lastActivity was; null when there is none. */
  lastActivityKind: ActivityKind | null;
  /** Org-calendar days from lastActivity to now; null when lastActivity is null. */
  daysSinceLastActivity: number | null;
  /**
   * lastActivity falls within the inactivity threshold (on or after
   * ActivityCutoffs.activeSince): somebody or something used the account
   * recently, whatever `activity` says about interactive use.
   */
  recentActivity: boolean;
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

function usageProfile(interactiveLogins: number, apiLogins: number): UsageProfile {
  if (interactiveLogins > 0 && apiLogins > 0) return 'mixed';
  if (interactiveLogins > 0) return 'interactive';
  return apiLogins > 0 ? 'apiOnly' : 'none';
}

/** The login inactivity is judged on, and where it came from. */
interface SeatLogin {
  at: number | null;
  source: LastLoginSource;
  /** LastLoginDate is inside the window and no successful login explains it. */
  unexplained: boolean;
}

const NO_SEAT_LOGIN: SeatLogin = Object.freeze({ at: null, source: 'none', unexplained: false });
const UNEXPLAINED_SEAT_LOGIN: SeatLogin = Object.freeze({
  at: null,
  source: 'none',
  unexplained: true
});

function seatLoginOf(
  fromHistory: number | null,
  lastLoginDate: Instant | null,
  lastSuccessfulLogin: number | null,
  windowStart: number | null
): SeatLogin {
  if (fromHistory !== null) return { at: fromHistory, source: 'loginHistory', unexplained: false };
  const fallback = parseInstant(lastLoginDate);
  if (fallback === null) return NO_SEAT_LOGIN;
  if (windowStart === null || fallback < windowStart) {
    return { at: fallback, source: 'lastLoginDate', unexplained: false };
  }
  return lastSuccessfulLogin === null ? UNEXPLAINED_SEAT_LOGIN : NO_SEAT_LOGIN;
}

function activityOf(
  user: UserDto,
  seatLogin: SeatLogin,
  anySuccessfulLogin: boolean,
  integrationOnHumanSeat: boolean,
  createdAt: number | null,
  cutoffs: ActivityCutoffs
): ActivityStatus {
  if (!user.isActive) return 'deactivated';
  if (user.isFrozen) return 'frozen';
  if (seatLogin.at !== null && seatLogin.at >= cutoffs.activeSince) return 'active';
  if (integrationOnHumanSeat) return 'integration';
  if (seatLogin.unexplained) return 'unknown';
  if (seatLogin.at === null && createdAt !== null && createdAt >= cutoffs.graceEndsBefore) {
    return 'new';
  }
  const neverLoggedIn = seatLogin.at === null && user.lastLoginDate === null && !anySuccessfulLogin;
  return neverLoggedIn ? 'neverLoggedIn' : 'inactive';
}

/** The newest successful login of any type, and its kind. */
interface Activity {
  at: number | null;
  kind: ActivityKind | null;
}

function activityFrom(
  lastSuccessfulLogin: number | null,
  lastInteractiveLogin: number | null,
  lastApiLogin: number | null,
  lastLoginDate: Instant | null
): Activity {
  const fromDate = parseInstant(lastLoginDate);
  if (lastSuccessfulLogin === null || (fromDate !== null && fromDate > lastSuccessfulLogin)) {
    return { at: fromDate, kind: fromDate === null ? null : 'lastLoginDate' };
  }
  if (lastApiLogin === lastSuccessfulLogin) return { at: lastSuccessfulLogin, kind: 'api' };
  if (lastInteractiveLogin === lastSuccessfulLogin) {
    return { at: lastSuccessfulLogin, kind: 'interactive' };
  }
  return { at: lastSuccessfulLogin, kind: 'other' };
}

/** Everything one user's rules need besides the user. */
interface UserRun {
  calendar: OrgCalendar;
  today: number;
  cutoffs: ActivityCutoffs;
  licenseFacts: (user: UserDto) => LicenseFacts;
  adminProfile: (profileName: string | null) => boolean;
}

/** Applies every rule to one user and builds the insight in one go. */
function insightOf(
  user: UserDto,
  logins: LoginAccumulator,
  owner: number,
  run: UserRun
): UserInsight {
  const { calendar, today, cutoffs } = run;
  const license = run.licenseFacts(user);
  const lastInteractiveLogin = instantOrNull(logins.lastInteractive[owner]);
  const lastSuccessfulLogin = instantOrNull(logins.lastSuccessful[owner]);
  const interactiveLogins = logins.interactive[owner];
  const apiLogins = logins.api[owner];
  const clientCredentialsLogins = logins.clientCredentials[owner];
  const otherLogins = logins.other[owner];
  const programLogins = apiLogins + clientCredentialsLogins;
  const successful = interactiveLogins + programLogins + otherLogins;
  const share = successful > 0 ? programLogins / successful : 0;
  const seatLogin = seatLoginOf(
    license.integrationSeat ? lastSuccessfulLogin : lastInteractiveLogin,
    user.lastLoginDate,
    lastSuccessfulLogin,
    cutoffs.windowStart
  );
  const createdAt = parseInstant(user.createdDate);
  const lastApiLogin = instantOrNull(logins.lastApi[owner]);
  const activity = activityFrom(
    lastSuccessfulLogin,
    lastInteractiveLogin,
    lastApiLogin,
    user.lastLoginDate
  );
  const integrationOnHumanSeat =
    user.isActive &&
    !user.isFrozen &&
    license.humanSeat &&
    successful >= INTEGRATION_MIN_SUCCESSFUL_LOGINS &&
    share >= INTEGRATION_API_SHARE;
  return {
    id: user.id,
    user,
    activity: activityOf(
      user,
      seatLogin,
      lastSuccessfulLogin !== null,
      integrationOnHumanSeat,
      createdAt,
      cutoffs
    ),
    usage: usageProfile(interactiveLogins, programLogins),
    interactiveLogins,
    apiLogins,
    clientCredentialsLogins,
    otherLogins,
    failedLogins: logins.failed[owner],
    lastInteractiveLogin,
    lastApiLogin,
    lastSuccessfulLogin,
    mainApplication: logins.mainApplication[owner],
    mainApplicationLogins: logins.mainApplicationLogins[owner],
    apiShare: share,
    lastSeatLogin: seatLogin.at,
    lastLoginSource: seatLogin.source,
    daysSinceLastSeatLogin: seatLogin.at === null ? null : today - calendar.dayNumber(seatLogin.at),
    lastActivity: activity.at,
    lastActivityKind: activity.kind,
    daysSinceLastActivity: activity.at === null ? null : today - calendar.dayNumber(activity.at),
    recentActivity: activity.at !== null && activity.at >= cutoffs.activeSince,
    daysSinceCreated: createdAt === null ? null : today - calendar.dayNumber(createdAt),
    onHumanSeat: license.humanSeat,
    adminProfile: run.adminProfile(user.profileName),
    integrationOnHumanSeat,
    monthlyPrice: license.price.monthlyPrice,
    priced: license.price.priced
  };
}

/**
 * Per user, the first index of the groups it may own: user `i`'s groups lie in
 * [starts[i], starts[i + 1]) (with, possibly, groups of unknown users, whose
 * id matches no user). Null when the groups do not come in the users' order.
 */
function groupRunsInUserOrder(
  users: readonly UserDto[],
  groups: readonly UserLoginGroupDto[]
): Int32Array | null {
  const matcher = new GroupMatcher(users);
  const starts = new Int32Array(users.length + 1);
  let next = 0;
  let previous = 0;
  for (let index = 0; index < groups.length; index++) {
    const owner = matcher.ownerOf(groups[index].userId);
    if (owner === NO_OWNER) continue;
    if (owner < previous) return null;
    while (next <= owner) starts[next++] = index;
    previous = owner;
  }
  while (next <= users.length) starts[next++] = groups.length;
  return starts;
}

/** Receives each insight as soon as it is built; true keeps the user's groups for the sink. */
export type InsightVisitor = (insight: UserInsight, index: number) => boolean;

/** The run-wide facts insightOf needs. */
function userRunOf(options: ActivityOptions): UserRun {
  const { calendar, now, settings } = options;
  return {
    calendar,
    today: calendar.dayNumber(now),
    cutoffs: activityCutoffs(
      calendar,
      now,
      options.inactivityDays ?? settings.inactivityDays,
      settings.neverLoggedInGraceDays,
      options.window
    ),
    licenseFacts: createLicenseFacts(options.priceBook),
    adminProfile: createAdminProfileCheck()
  };
}

/** Slots RunCodes starts with; it doubles when a user has more groups. */
const INITIAL_RUN_CODES = 64;

/** Codes of the current user's groups, reused from user to user. */
class RunCodes {
  codes = new Uint8Array(INITIAL_RUN_CODES);

  set(position: number, code: number): void {
    if (position >= this.codes.length) {
      const grown = new Uint8Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[position] = code;
  }
}

/**
 * Groups in the users' order (as the controller returns them): each user's
 * groups are counted in one reused slot, then its insight is built at once,
 * so nothing per user or per group is kept besides the insights.
 */
function buildInsightsStreaming(
  users: readonly UserDto[],
  groups: readonly UserLoginGroupDto[],
  starts: Int32Array,
  run: UserRun,
  classifier: LoginClassifier,
  visit: InsightVisitor | undefined,
  keptGroups: KeptGroupSink | undefined
): UserInsight[] {
  const slot = new LoginAccumulator(1);
  const runCodes = new RunCodes();
  const insights: UserInsight[] = new Array(users.length);
  for (let index = 0; index < users.length; index++) {
    const user = users[index];
    const first = starts[index];
    const end = starts[index + 1];
    slot.reset(0);
    for (let position = first; position < end; position++) {
      const group = groups[position];
      if (group.userId !== user.id) continue;
      runCodes.set(position - first, slot.add(0, group, classifier));
    }
    const insight = insightOf(user, slot, 0, run);
    insights[index] = insight;
    if (visit && visit(insight, index) && keptGroups) {
      const { codes } = runCodes;
      for (let position = first; position < end; position++) {
        const group = groups[position];
        if (group.userId === user.id) keptGroups.add(index, codes[position - first], group);
      }
    }
  }
  return insights;
}

/**
 * Groups in any order: one pass over the groups into per-user counters (and a
 * ledger of what each group was, when a sink wants the kept users' groups),
 * then one pass over the users.
 */
function buildInsightsFromCounters(
  users: readonly UserDto[],
  groups: readonly UserLoginGroupDto[],
  run: UserRun,
  classifier: LoginClassifier,
  visit: InsightVisitor | undefined,
  keptGroups: KeptGroupSink | undefined
): UserInsight[] {
  const matcher = new GroupMatcher(users);
  const logins = new LoginAccumulator(users.length);
  const ledger = keptGroups ? new GroupLedger(groups.length) : null;
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index];
    const owner = matcher.ownerOf(group.userId);
    const code = owner === NO_OWNER ? GROUP_FAILED : logins.add(owner, group, classifier);
    if (ledger) ledger.record(index, owner, code);
  }
  const kept = ledger ? new Uint8Array(users.length) : null;
  const insights: UserInsight[] = new Array(users.length);
  for (let index = 0; index < users.length; index++) {
    const insight = insightOf(users[index], logins, index, run);
    insights[index] = insight;
    if (visit && visit(insight, index) && kept) kept[index] = 1;
  }
  if (ledger && kept && keptGroups) ledger.replay(groups, users.length, kept, keptGroups);
  return insights;
}

/**
 * The per-user rules with hooks for analyzeOrg: `visit` sees each insight as
 * soon as it is built (while it is in cache) and says whether to keep the
 * user; `keptGroups` then receives the kept users' groups, owner by owner.
 * Groups in the users' order take a streaming path that allocates nothing per
 * user or group; any other order takes per-user counters. Both give the same
 * results. Internal to the bundle (analyzeUsers is the public form).
 * @param forceCounters take the per-user counters even for ordered groups (tests).
 */
export function buildInsights(
  users: readonly UserDto[],
  options: ActivityOptions,
  visit?: InsightVisitor,
  keptGroups?: KeptGroupSink,
  forceCounters = false
): UserInsight[] {
  const groups = options.loginGroups;
  const classifier = options.classifier ?? createLoginClassifier();
  const run = userRunOf(options);
  const starts = forceCounters ? null : groupRunsInUserOrder(users, groups);
  return starts
    ? buildInsightsStreaming(users, groups, starts, run, classifier, visit, keptGroups)
    : buildInsightsFromCounters(users, groups, run, classifier, visit, keptGroups);
}

/**
 * Applies every per-user rule: one pass over the groups into flat counters,
 * then one pass over the users; the result keeps the users' order. Login
 * groups of unknown users are ignored; a repeated user id gets its groups on
 * its first row. Groups in the users' order (both by user Id) are matched
 * without a map.
 */
export function analyzeUsers(users: readonly UserDto[], options: ActivityOptions): UserInsight[] {
  return buildInsights(users, options);
}
