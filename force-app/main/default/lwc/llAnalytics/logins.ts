import type { DailyLoginBucketDto, UserLoginGroupDto } from '../../../../types/contract';

/**
 * What a login says about who used the seat:
 * - `interactive`: a person signed in (UI, SSO, communities, mobile app);
 * - `api`: a program signed in with the user's credentials or an OAuth token;
 * - `clientCredentials`: OAuth client-credentials flow (a server, never a person);
 * - `other`: a login type this table does not know; never counted as a person.
 */
export type LoginClass = 'interactive' | 'api' | 'clientCredentials' | 'other';

/** LoginHistory.Status of a successful login; anything else is a failure reason. */
export const SUCCESS_STATUS = 'Success';

/** LoginSubType of the OAuth client-credentials flow. */
export const CLIENT_CREDENTIALS_SUBTYPE = 'OauthClientCredentials';

/**
 * LoginHistory.LoginType → class. Matched exactly, then case-insensitively;
 * a type missing here is `other`.
 */
export const LOGIN_TYPE_CLASSES: Readonly<Record<string, LoginClass>> = Object.freeze({});

/**
 * Applications (LoginHistory.Application) that are a person on a phone even
 * though they sign in over OAuth ("Remote Access 2.0"): the Salesforce mobile
 * apps. Their OAuth logins count as interactive.
 */
export const INTERACTIVE_OAUTH_APPLICATIONS: readonly string[] = Object.freeze([]);

/** Classifies one login by type, sub-type and application. */
export function classifyLogin(
  loginType: string | null,
  loginSubType: string | null,
  application?: string | null
): LoginClass {
  throw new Error(`not implemented: ${loginType} ${loginSubType} ${application}`);
}

/** True when a LoginHistory.Status means the login succeeded. */
export function isSuccessfulLogin(status: string | null): boolean {
  throw new Error(`not implemented: ${status}`);
}

/**
 * A classifier that memoises per (type, sub-type, application): use one per
 * pipeline run so millions of groups cost a few map look-ups each.
 */
export type LoginClassifier = (
  loginType: string | null,
  loginSubType: string | null,
  application: string | null
) => LoginClass;

/** A memoising classifier (see LoginClassifier). */
export function createLoginClassifier(): LoginClassifier {
  throw new Error('not implemented');
}

/** Logins of one user in the window, by class. */
export interface UserLoginSummary {
  userId: string;
  /** Successful logins by class. */
  interactiveLogins: number;
  apiLogins: number;
  clientCredentialsLogins: number;
  otherLogins: number;
  /** Failed logins of any class. */
  failedLogins: number;
  /** Newest successful interactive login (epoch ms), null if none in the window. */
  lastInteractiveLogin: number | null;
  /** Newest successful API or client-credentials login (epoch ms), null if none. */
  lastApiLogin: number | null;
  /** Newest successful login of any class (epoch ms), null if none. */
  lastSuccessfulLogin: number | null;
  /** Application of the user's largest successful login group; null if none. */
  mainApplication: string | null;
  /** mainApplication's successful logins (the size of that group). */
  mainApplicationLogins: number;
}

/** Successful logins of a summary (all classes). */
export function successfulLogins(summary: UserLoginSummary): number {
  throw new Error(`not implemented: ${summary.userId}`);
}

/**
 * Share (0-1) of a user's successful logins that were API or client
 * credentials; 0 when the user has no successful login.
 */
export function apiShare(summary: UserLoginSummary): number {
  throw new Error(`not implemented: ${summary.userId}`);
}

/** Summaries keyed by userId, built in one pass over the groups. */
export function summarizeUserLogins(
  groups: readonly UserLoginGroupDto[],
  classifier?: LoginClassifier
): Map<string, UserLoginSummary> {
  throw new Error(`not implemented: ${groups.length} ${String(classifier)}`);
}

/** How much one application was used in the window. */
export interface ApplicationUsage {
  /** LoginHistory.Application; NO_APPLICATION_LABEL when null. */
  application: string;
  /** Successful logins by class. */
  interactiveLogins: number;
  apiLogins: number;
  clientCredentialsLogins: number;
  otherLogins: number;
  failedLogins: number;
  /** All logins, successful or not. */
  totalLogins: number;
  /** Distinct users with any login through it (only from per-user groups). */
  users: number;
}

/** Label used for logins without an Application value. */
export const NO_APPLICATION_LABEL = '(none)';

/** Default number of applications `topApplications` returns. */
export const DEFAULT_TOP_APPLICATIONS = 10;

/**
 * The most used applications, by total logins (then name). Accepts per-user
 * groups (users counted) or daily buckets (users stay 0: buckets hold no ids).
 * @param includeUser optional filter on userId (per-user groups only).
 */
export function topApplications(
  groups: readonly (UserLoginGroupDto | DailyLoginBucketDto)[],
  limit?: number,
  includeUser?: (userId: string) => boolean
): ApplicationUsage[] {
  throw new Error(`not implemented: ${groups.length} ${limit} ${String(includeUser)}`);
}
