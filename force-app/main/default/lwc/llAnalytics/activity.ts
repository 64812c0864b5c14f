import type {
  LoginWindowDto,
  SettingsDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import type { LoginClassifier } from './logins';
import type { PriceBook } from './pricing';
import type { OrgCalendar } from './time';

/**
 * Whether a person used the seat (mutually exclusive, in this order):
 * - `deactivated`: User.IsActive is false (holds no seat);
 * - `frozen`: active but UserLogin.IsFrozen (holds a seat nobody can use);
 * - `active`: an interactive login within the inactivity threshold;
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
 * - `loginHistory`: newest successful interactive login in the window;
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

/** One user with every rule applied; the row the dashboards render. */
export interface UserInsight {
  /** User.Id (the datatable key). */
  id: string;
  user: UserDto;
  activity: ActivityStatus;
  usage: UsageProfile;
  /** Successful logins in the window by class, and failures. */
  interactiveLogins: number;
  apiLogins: number;
  clientCredentialsLogins: number;
  otherLogins: number;
  failedLogins: number;
  /** Share (0-1) of successful logins that were API or client credentials. */
  apiShare: number;
  /** Newest successful interactive login in the window (epoch ms). */
  lastInteractiveLogin: number | null;
  /** Newest successful API / OAuth / client-credentials login in the window (epoch ms). */
  lastApiLogin: number | null;
  /** The login inactivity is judged on (epoch ms); see lastLoginSource. */
  lastSeatLogin: number | null;
  lastLoginSource: LastLoginSource;
  /** Org-calendar days from lastSeatLogin to now; null when lastSeatLogin is null. */
  daysSinceLastSeatLogin: number | null;
  /** Org-calendar days from CreatedDate to now. */
  daysSinceCreated: number;
  /** Application of the user's largest successful login group. */
  mainApplication: string | null;
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
  throw new Error(
    `not implemented: ${calendar.timeZone} ${now} ${inactivityDays} ${graceDays} ${String(window)}`
  );
}

/** True when a profile name is an administrator profile (ADMIN_PROFILE_NAMES). */
export function isAdminProfile(profileName: string | null): boolean {
  throw new Error(`not implemented: ${profileName}`);
}

/**
 * Applies every per-user rule: one pass over the groups, one over the users;
 * the result keeps the users' order. Login groups of unknown users are ignored.
 */
export function analyzeUsers(users: readonly UserDto[], options: ActivityOptions): UserInsight[] {
  throw new Error(`not implemented: ${users.length} ${String(options)}`);
}
