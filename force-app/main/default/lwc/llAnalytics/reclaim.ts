import type {
  ReclaimAction,
  ReclaimInactivityDto,
  ReclaimOutcome,
  ReclaimUserResultDto,
  UserDto
} from '../../../../types/contract';
import type { ActivityKind, UserInsight } from './activity';

/**
 * Reclaim rules the UI uses to guide the admin: limits, which selected users an
 * action would change, outcome counts and summaries, the request id.
 *
 * The server (LL_ReclaimController and its guardrails) remains the authority:
 * it checks every rule again, adds the ones the page cannot see (the admin
 * asking, the last administrator, the License Lens integration user) and
 * decides each outcome. Nothing here allows or refuses anything on its own.
 */

/** Most users one reclaim request may name (LL_ReclaimRequest.MAX_USERS_PER_REQUEST). */
export const MAX_RECLAIM_USERS = 200;

/** Longest reason the audit trail keeps (LL_ReclaimRequest.MAX_REASON_LENGTH). */
export const MAX_RECLAIM_REASON_LENGTH = 1000;

/** Longest request id (LL_ReclaimRequest.MAX_BATCH_ID_LENGTH). */
export const MAX_RECLAIM_REQUEST_ID_LENGTH = 64;

/** What a request id may be made of (LL_ReclaimRequest's BATCH_ID_PATTERN). */
export const RECLAIM_REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Every action, in menu order. */
export const RECLAIM_ACTIONS: readonly ReclaimAction[] = Object.freeze([
  'Freeze',
  'Unfreeze',
  'Deactivate',
  'RemovePermissionSetLicense'
]);

/** What each action is called on screen. */
export const RECLAIM_ACTION_LABELS: Readonly<Record<ReclaimAction, string>> = Object.freeze({
  Freeze: 'Freeze',
  Unfreeze: 'Unfreeze',
  Deactivate: 'Deactivate',
  RemovePermissionSetLicense: 'Remove permission set license'
});

/** Every outcome, in the order summaries list them. */
export const RECLAIM_OUTCOMES: readonly ReclaimOutcome[] = Object.freeze([
  'Ready',
  'Requested',
  'Succeeded',
  'Failed',
  'Blocked',
  'Skipped'
]);

/** Lower-case words for summaries ("3 succeeded, 1 skipped"). */
const OUTCOME_WORDS: Readonly<Record<ReclaimOutcome, string>> = Object.freeze({
  Ready: 'ready',
  Requested: 'still running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Blocked: 'blocked',
  Skipped: 'skipped'
});

/** User types Salesforce runs itself; the server blocks every action on them. */
const PLATFORM_USER_TYPES: readonly string[] = Object.freeze(['Guest', 'AutomatedProcess']);

/** Setup label of the ManageUsers permission. */
export const MANAGE_USERS_PERMISSION = 'Manage Users';
/** Setup label of the ManageInternalUsers permission. */
export const MANAGE_INTERNAL_USERS_PERMISSION = 'Manage Internal Users';
/** Setup label of the ViewSetup permission. */
export const VIEW_SETUP_PERMISSION = 'View Setup and Configuration';

/**
 * The system permissions the server (LL_ReclaimAccessGuard) requires for each
 * action, as Setup labels them: a list of needs, each met by any one of its
 * permissions; a refusal names the first permission of every unmet need.
 * Sources (README, "Reclaim licenses safely"): UserLogin needs Manage Users
 * (object reference); assigning a permission set license needs Manage Users
 * (Salesforce Help; removal is treated the same, unverified); deactivating
 * needs Manage Internal Users (Salesforce Help); PermissionSetLicense.DeveloperName,
 * which every guardrail filters on, needs View Setup and Configuration.
 * Freeze Users and Assign Permission Sets meet none of these needs.
 */
export const RECLAIM_PERMISSION_NEEDS: Readonly<
  Record<ReclaimAction, readonly (readonly string[])[]>
> = Object.freeze({
  Freeze: [[MANAGE_USERS_PERMISSION], [VIEW_SETUP_PERMISSION]],
  Unfreeze: [[MANAGE_USERS_PERMISSION], [VIEW_SETUP_PERMISSION]],
  Deactivate: [
    [MANAGE_INTERNAL_USERS_PERMISSION, MANAGE_USERS_PERMISSION],
    [VIEW_SETUP_PERMISSION]
  ],
  RemovePermissionSetLicense: [[MANAGE_USERS_PERMISSION], [VIEW_SETUP_PERMISSION]]
});

/**
 * The permissions `granted` (Setup labels) lacks for `action`, in the order the
 * server names them; empty when the action is allowed.
 */
export function missingReclaimPermissions(
  action: ReclaimAction,
  granted: ReadonlySet<string>
): string[] {
  return RECLAIM_PERMISSION_NEEDS[action]
    .filter((anyOf) => !anyOf.some((permission) => granted.has(permission)))
    .map((anyOf) => anyOf[0]);
}

/** Where Manage Users must come from: License Lens never grants it. */
const MANAGE_USERS_SOURCE =
  'License Lens does not grant it: it must come from your profile or a permission set your Salesforce admin chooses.';

const FROZEN_STATE_NOTE = `Freeze and Unfreeze need the Manage Users permission: Salesforce requires it to change a user’s frozen state (UserLogin). ${MANAGE_USERS_SOURCE}`;

/** What the dialog says before the preview about each action's permissions. */
const PERMISSION_NOTES: Readonly<Record<ReclaimAction, string | null>> = Object.freeze({
  Freeze: FROZEN_STATE_NOTE,
  Unfreeze: FROZEN_STATE_NOTE,
  Deactivate: null,
  RemovePermissionSetLicense: `Removing a permission set license needs the Manage Users permission: Salesforce requires it to assign permission set licenses, and License Lens treats removal the same. ${MANAGE_USERS_SOURCE}`
});

/**
 * A note for the admin before the preview when the action needs a permission
 * that no License Lens permission set grants (Manage Users); null otherwise.
 */
export function reclaimPermissionNote(action: ReclaimAction): string | null {
  return PERMISSION_NOTES[action] ?? null;
}

/** Whether an action cannot be undone by License Lens: Deactivate frees the seat. */
export function isDestructiveAction(action: ReclaimAction): boolean {
  return action === 'Deactivate';
}

/** Where Salesforce documents how to assign a permission set license again. */
export const PSL_REASSIGN_SOURCE =
  'https://help.salesforce.com/s/articleView?id=platform.users_permissionset_licenses_assign.htm';

/** What an action cannot take back, and how an administrator restores it by hand. */
export interface IrreversibleWarning {
  /** One sentence: what is lost and that License Lens cannot undo it. */
  summary: string;
  /** The steps in Setup that give it back, in order. */
  steps: readonly string[];
  /** The Salesforce page the steps come from; null when there are no steps. */
  source: string | null;
}

const IRREVERSIBLE_WARNINGS: Readonly<Record<ReclaimAction, IrreversibleWarning | null>> =
  Object.freeze({
    Freeze: null,
    Unfreeze: null,
    Deactivate: {
      summary:
        'Deactivating ends these users’ access and frees their license seats. License Lens cannot undo it: an administrator must reactivate each user in Setup, and only while a seat is free.',
      steps: [],
      source: null
    },
    RemovePermissionSetLicense: {
      summary:
        'Removing a permission set license cannot be undone by License Lens: the users lose the features the license grants. To give it back, an administrator assigns it again in Setup, user by user, while a seat of that license is free:',
      // Salesforce Help, "Assign a Permission Set License to a User" (PSL_REASSIGN_SOURCE).
      steps: [
        'From Setup, enter Users in the Quick Find box, then select Users.',
        'Click the name of the user.',
        'In the Permission Set License Assignments related list, click Edit Assignments.',
        'Select the permission set license, then save.',
        'Assign again any permission set that needs the license.'
      ],
      source: PSL_REASSIGN_SOURCE
    }
  });

/**
 * What the action cannot undo and how to restore it by hand (Deactivate,
 * RemovePermissionSetLicense); null for Freeze and Unfreeze, which Unfreeze and
 * Freeze undo.
 */
export function irreversibleWarning(action: ReclaimAction): IrreversibleWarning | null {
  return IRREVERSIBLE_WARNINGS[action] ?? null;
}

/**
 * The statement the admin must tick before Confirm is enabled, or null when the
 * action needs none. Permission set license removal has no undo in Salesforce
 * besides assigning the license again user by user.
 */
export function reclaimAcknowledgement(action: ReclaimAction): string | null {
  return action === 'RemovePermissionSetLicense'
    ? 'I understand that removing this permission set license cannot be undone by License Lens, and how to re-assign it.'
    : null;
}

/** What a kind of login is called when the page explains a hold. */
const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, string>> = Object.freeze({
  api: 'API logins',
  interactive: 'Interactive logins',
  other: 'Logins',
  lastLoginDate: 'A login of some type (User.LastLoginDate)'
});

function daysAgoText(days: number | null): string {
  if (days === null) return 'at an unknown time';
  if (days <= 0) return 'earlier today';
  return `${plural(days, 'day')} ago`;
}

function plural(count: number, one: string): string {
  return `${count} ${count === 1 ? one : `${one}s`}`;
}

/** The actions that lock a user out; a recent login of any type holds them. */
const HELD_BY_RECENT_ACTIVITY: readonly ReclaimAction[] = Object.freeze(['Freeze', 'Deactivate']);

/**
 * Why a user is not offered for Freeze or Deactivate: a successful login of
 * any type (API and OAuth included) within the inactivity threshold, however
 * few (a low-frequency integration stays below
 * INTEGRATION_MIN_SUCCESSFUL_LOGINS and would otherwise look inactive).
 * "API logins, last 2 days ago"; null when there is no such login.
 */
export function recentActivityHold(insight: UserInsight): string | null {
  if (!insight.recentActivity || insight.lastActivityKind === null) return null;
  return `${ACTIVITY_KIND_LABELS[insight.lastActivityKind]}, last ${daysAgoText(insight.daysSinceLastActivity)}`;
}

/** A selected user the page does not offer for the action, and why. */
export interface HeldUser {
  insight: UserInsight;
  reason: string;
}

/** The selected users split into those offered for the action and those held back. */
export interface ReclaimOffer {
  offered: UserInsight[];
  held: HeldUser[];
}

/**
 * The one place that decides which selected users the dialog offers for an
 * action: Freeze and Deactivate never offer a user with a recent successful
 * login of any type (recentActivityHold); the other actions offer everyone.
 * The server re-checks logins again at request time and in the job.
 */
export function reclaimOffer(
  action: ReclaimAction,
  insights: readonly UserInsight[]
): ReclaimOffer {
  const offer: ReclaimOffer = { offered: [], held: [] };
  const holds = HELD_BY_RECENT_ACTIVITY.includes(action);
  for (const insight of insights) {
    const reason = holds ? recentActivityHold(insight) : null;
    if (reason === null) offer.offered.push(insight);
    else offer.held.push({ insight, reason });
  }
  return offer;
}

/** Whether an action needs the DeveloperName of a permission set license. */
export function needsPermissionSetLicense(action: ReclaimAction): boolean {
  return action === 'RemovePermissionSetLicense';
}

/**
 * Why a selection of `count` users cannot be sent, or null when it can
 * (1..MAX_RECLAIM_USERS).
 */
export function selectionProblem(count: number): string | null {
  if (count < 1) return 'Select at least one user.';
  if (count > MAX_RECLAIM_USERS) {
    return `Select at most ${MAX_RECLAIM_USERS} users per request; ${count} are selected.`;
  }
  return null;
}

/**
 * Why a reason cannot be sent, or null when it can: required, at most
 * MAX_RECLAIM_REASON_LENGTH characters once trimmed (as the server trims it).
 */
export function reasonProblem(reason: string | null | undefined): string | null {
  const length = (reason ?? '').trim().length;
  if (length === 0) return 'Give a reason: License Lens keeps it in the reclaim audit trail.';
  if (length > MAX_RECLAIM_REASON_LENGTH) {
    return `Keep the reason to ${MAX_RECLAIM_REASON_LENGTH} characters; it has ${length}.`;
  }
  return null;
}

/** What the page expects an action to do to one user (a guide; the preview is the answer). */
export interface ReclaimExpectation {
  userId: string;
  /** The action would change the user, as far as the page can tell. */
  eligible: boolean;
  /** Why not, when not eligible. */
  reason: string | null;
}

/**
 * What `action` would do to a user, judged on what the page holds (IsActive,
 * IsFrozen, user type, assigned permission set licenses). Mirrors the server's
 * "nothing to do" skips and its platform-user block; the server decides.
 */
export function expectReclaim(
  action: ReclaimAction,
  user: UserDto,
  permissionSetLicense: string | null = null
): ReclaimExpectation {
  const not = (reason: string): ReclaimExpectation => ({
    userId: user.id,
    eligible: false,
    reason
  });
  if (PLATFORM_USER_TYPES.includes(user.userType)) {
    return not(`A ${user.userType} user: Salesforce runs it itself.`);
  }
  if (action === 'Freeze' && !user.isActive) return not('Inactive: nothing to freeze.');
  // A null isFrozen is unknown: the server reads it again and decides.
  if (action === 'Freeze' && user.isFrozen === true) return not('Already frozen.');
  if (action === 'Unfreeze' && user.isFrozen === false) return not('Not frozen.');
  if (action === 'Deactivate' && !user.isActive) return not('Already inactive.');
  if (action === 'RemovePermissionSetLicense') {
    if (!permissionSetLicense) return not('Choose a permission set license.');
    if (!user.permissionSetLicenses.includes(permissionSetLicense)) {
      return not(`Has no ${permissionSetLicense} permission set license.`);
    }
  }
  return { userId: user.id, eligible: true, reason: null };
}

/** How many of `users` the action would change, as far as the page can tell. */
export function countEligible(
  action: ReclaimAction,
  users: readonly UserDto[],
  permissionSetLicense: string | null = null
): number {
  let eligible = 0;
  for (const user of users) {
    if (expectReclaim(action, user, permissionSetLicense).eligible) eligible++;
  }
  return eligible;
}

/** A permission set license held by some of the selected users. */
export interface PermissionSetLicenseChoice {
  /** PermissionSetLicense.DeveloperName. */
  developerName: string;
  /** Selected users holding it. */
  holders: number;
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The permission set licenses the users hold, by name, with how many hold each. */
export function permissionSetLicenseChoices(
  users: readonly UserDto[]
): PermissionSetLicenseChoice[] {
  const holders = new Map<string, number>();
  for (const user of users) {
    for (const developerName of new Set(user.permissionSetLicenses)) {
      holders.set(developerName, (holders.get(developerName) ?? 0) + 1);
    }
  }
  return [...holders.entries()]
    .map(([developerName, count]) => ({ developerName, holders: count }))
    .sort((a, b) => compareNames(a.developerName, b.developerName));
}

/** Users per outcome; every outcome present, zero when absent. */
export type ReclaimOutcomeCounts = Record<ReclaimOutcome, number>;

/** Counts results by outcome. */
export function countOutcomes(results: readonly ReclaimUserResultDto[]): ReclaimOutcomeCounts {
  const counts = Object.fromEntries(RECLAIM_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    ReclaimOutcome,
    number
  >;
  for (const result of results) {
    if (Object.hasOwn(counts, result.outcome)) counts[result.outcome]++;
  }
  return counts;
}

/** "3 succeeded, 1 failed, 2 skipped": the non-zero outcomes in RECLAIM_OUTCOMES order. */
export function outcomeSummary(counts: ReclaimOutcomeCounts): string {
  const parts = RECLAIM_OUTCOMES.filter((outcome) => counts[outcome] > 0).map(
    (outcome) => `${counts[outcome]} ${OUTCOME_WORDS[outcome]}`
  );
  return parts.length ? parts.join(', ') : 'no users';
}

function isoOrNull(instant: number | null): string | null {
  return instant === null ? null : new Date(instant).toISOString();
}

/**
 * What the dashboard showed about each user: the login inactivity is judged
 * on (ISO instant; null for never) and the days since it (null when unknown),
 * kept on the audit row as shown, and the newest successful login of any type
 * the page knew, which the server re-checks against (a newer login of any type
 * skips the user).
 */
export function inactivityFacts(users: readonly UserInsight[]): ReclaimInactivityDto[] {
  return users.map((insight) => ({
    userId: insight.id,
    lastLoginTime: isoOrNull(insight.lastSeatLogin),
    daysInactive: insight.daysSinceLastSeatLogin,
    lastActivityTime: isoOrNull(insight.lastActivity)
  }));
}

/** The parts of the Web Crypto API a request id can use. */
export interface RandomSource {
  randomUUID?: () => string;
  getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

const FALLBACK_ID_BYTES = 16;
const HEX = 16;
const BYTE_HEX_DIGITS = 2;
const BYTE_RANGE = 256;
/** Prefix of ids made without crypto.randomUUID (documents how they were made). */
const FALLBACK_PREFIX = 'll-';

function randomBytes(source: RandomSource | undefined): Uint8Array {
  const bytes = new Uint8Array(FALLBACK_ID_BYTES);
  if (source?.getRandomValues) return source.getRandomValues(bytes);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Math.floor(Math.random() * BYTE_RANGE);
  }
  return bytes;
}

/** Whether a value is a request id the server accepts (1..64 of A-Z a-z 0-9 - _). */
export function isReclaimRequestId(value: string): boolean {
  return RECLAIM_REQUEST_ID_PATTERN.test(value);
}

/**
 * A new idempotency key for one reclaim request: crypto.randomUUID when the
 * browser has it, else 16 random bytes as hex (crypto.getRandomValues, or
 * Math.random as a last resort) after the time in base 36. Only characters the
 * server accepts, never longer than MAX_RECLAIM_REQUEST_ID_LENGTH.
 */
export function createReclaimRequestId(
  source: RandomSource | undefined = globalThis.crypto as RandomSource | undefined,
  now: number = Date.now()
): string {
  const uuid = source?.randomUUID?.();
  if (uuid && isReclaimRequestId(uuid)) return uuid;
  const hex = Array.from(randomBytes(source), (byte) =>
    byte.toString(HEX).padStart(BYTE_HEX_DIGITS, '0')
  ).join('');
  return `${FALLBACK_PREFIX}${now.toString(36)}-${hex}`.slice(0, MAX_RECLAIM_REQUEST_ID_LENGTH);
}
