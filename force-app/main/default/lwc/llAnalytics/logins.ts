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
 * a type missing here is `other`. Person-driven sign-ins (UI, SAML / OpenID
 * SSO, communities, portals, passwordless) are interactive; credentials or
 * tokens used by a program (SOAP/REST with a password, OAuth 2.0, legacy
 * remote-access clients, partner products, sync clients) are API.
 */
export const LOGIN_TYPE_CLASSES: Readonly<Record<string, LoginClass>> = Object.freeze({
  Application: 'interactive',
  'SAML Idp Initiated SSO': 'interactive',
  'SAML Sfdc Initiated SSO': 'interactive',
  'SAML Site SSO': 'interactive',
  'SAML Portal SSO': 'interactive',
  'SAML Chatter Communities External User SSO': 'interactive',
  'Third Party SSO': 'interactive',
  'Portal Third Party SSO': 'interactive',
  'Chatter Communities External User': 'interactive',
  'Chatter Communities External User Third Party SSO': 'interactive',
  'Employee Login to Community': 'interactive',
  Portal: 'interactive',
  'Lightning Login': 'interactive',
  'Passwordless Login': 'interactive',
  'Certificate-based login': 'interactive',
  AppExchange: 'interactive',
  'Other Apex API': 'api',
  'Remote Access 2.0': 'api',
  'Remote Access Client': 'api',
  'Partner Product': 'api',
  'Networks Portal API Only': 'api',
  Sync: 'api'
} satisfies Record<string, LoginClass>);

/**
 * Applications (LoginHistory.Application) that are a person on a phone even
 * though they sign in over OAuth ("Remote Access 2.0"): the Salesforce mobile
 * apps. Their API-class logins count as interactive.
 */
export const INTERACTIVE_OAUTH_APPLICATIONS: readonly string[] = Object.freeze([
  'Salesforce for iOS',
  'Salesforce for Android',
  'Salesforce Field Service for iOS',
  'Salesforce Field Service for Android'
]);

const LOGIN_TYPES_LOWER = new Map<string, LoginClass>(
  Object.entries(LOGIN_TYPE_CLASSES).map(([type, loginClass]) => [type.toLowerCase(), loginClass])
);
const INTERACTIVE_APPLICATIONS_LOWER = new Set(
  INTERACTIVE_OAUTH_APPLICATIONS.map((application) => application.toLowerCase())
);
const CLIENT_CREDENTIALS_LOWER = CLIENT_CREDENTIALS_SUBTYPE.toLowerCase();
const SUCCESS_LOWER = SUCCESS_STATUS.toLowerCase();

function typeClass(loginType: string | null): LoginClass {
  if (!loginType) return 'other';
  const exact = LOGIN_TYPE_CLASSES[loginType];
  if (exact && Object.prototype.hasOwnProperty.call(LOGIN_TYPE_CLASSES, loginType)) return exact;
  return LOGIN_TYPES_LOWER.get(loginType.trim().toLowerCase()) ?? 'other';
}

function isClientCredentials(loginSubType: string | null): boolean {
  return !!loginSubType && loginSubType.trim().toLowerCase() === CLIENT_CREDENTIALS_LOWER;
}

function isInteractiveApplication(application: string | null | undefined): boolean {
  return !!application && INTERACTIVE_APPLICATIONS_LOWER.has(application.trim().toLowerCase());
}

/**
 * Classifies one login: the client-credentials sub-type wins; then the
 * LoginType table; an API login from a Salesforce mobile app is interactive.
 */
export function classifyLogin(
  loginType: string | null,
  loginSubType: string | null,
  application?: string | null
): LoginClass {
  if (isClientCredentials(loginSubType)) return 'clientCredentials';
  const loginClass = typeClass(loginType);
  return loginClass === 'api' && isInteractiveApplication(application) ? 'interactive' : loginClass;
}

/** True when a LoginHistory.Status means the login succeeded. */
export function isSuccessfulLogin(status: string | null): boolean {
  return status === SUCCESS_STATUS || (!!status && status.trim().toLowerCase() === SUCCESS_LOWER);
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

/** A memoising classifier (see LoginClassifier): one to three map look-ups per call. */
export function createLoginClassifier(): LoginClassifier {
  const classByType = new Map<string | null, LoginClass>();
  const clientCredentialsBySubType = new Map<string, boolean>();
  const interactiveByApplication = new Map<string, boolean>();
  return (loginType, loginSubType, application) => {
    if (loginSubType) {
      let clientCredentials = clientCredentialsBySubType.get(loginSubType);
      if (clientCredentials === undefined) {
        clientCredentials = isClientCredentials(loginSubType);
        clientCredentialsBySubType.set(loginSubType, clientCredentials);
      }
      if (clientCredentials) return 'clientCredentials';
    }
    let loginClass = classByType.get(loginType);
    if (loginClass === undefined) {
      loginClass = typeClass(loginType);
      classByType.set(loginType, loginClass);
    }
    if (loginClass !== 'api' || !application) return loginClass;
    let interactive = interactiveByApplication.get(application);
    if (interactive === undefined) {
      interactive = isInteractiveApplication(application);
      interactiveByApplication.set(application, interactive);
    }
    return interactive ? 'interactive' : 'api';
  };
}

/** Login counters of one user in the window; shared by summaries and insights. */
export interface LoginTotals {
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
  /** Successful logins of that group. */
  mainApplicationLogins: number;
}

/** Logins of one user in the window, by class. */
export interface UserLoginSummary extends LoginTotals {
  userId: string;
}

/** Successful logins of a summary (all classes). */
export function successfulLogins(summary: LoginTotals): number {
  return (
    summary.interactiveLogins +
    summary.apiLogins +
    summary.clientCredentialsLogins +
    summary.otherLogins
  );
}

/**
 * Share (0-1) of a user's successful logins that were API or client
 * credentials; 0 when the user has no successful login.
 */
export function apiShare(summary: LoginTotals): number {
  const successful = successfulLogins(summary);
  return successful > 0 ? (summary.apiLogins + summary.clientCredentialsLogins) / successful : 0;
}
