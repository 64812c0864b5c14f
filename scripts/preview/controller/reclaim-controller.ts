/**
 * LL_ReclaimController (previewReclaim, reclaim, getReclaimStatus) implemented
 * over an OrgData, for the local preview. It mirrors the Apex
 * (LL_ReclaimRequest, LL_ReclaimAccessGuard, LL_ReclaimPolicy,
 * LL_ReclaimService) where the demo data can tell: the same argument checks
 * and messages, the same system permissions refused with the same message
 * (Manage Users for Freeze, Unfreeze and permission set license removal,
 * Manage Internal Users or Manage Users for Deactivate, View Setup and
 * Configuration for all; Freeze Users and Assign Permission Sets never count),
 * the same order of guardrails, Skipped for "nothing to do", an idempotent
 * requestId, previews that change nothing. An administrator whose frozen state
 * is unknown (no UserLogin row, or UserLogin not exported) never counts as one
 * who remains. What the data cannot tell is left out and said here:
 * - there is no "admin asking", so no user is refused as "yourself";
 * - the License Lens integration user (LL_Integration_User permission set) is
 *   not in the export, so that guardrail never fires;
 * - administrators are users on a profile named in ADMIN_PROFILE_NAMES (the
 *   Apex reads Modify All Data from permission set assignments).
 *
 * The issue-12 guardrails are enforced as in the Apex:
 * - logins since the page (finding 1): for Freeze and Deactivate, a
 *   successful login of any type (User.LastLoginDate, or a LoginHistory row
 *   with Status Success) newer than what the page showed skips the user, at
 *   request time and again in the job;
 * - a unique request key (finding 3): batch id + user + action, inserted
 *   before anything acts; a duplicate answers with the existing rows;
 * - the last administrator (finding 4): only administrators who are active,
 *   known unfrozen, not API-only (option `apiOnlyUserIds`: the export holds no
 *   permission sets) and Standard users count as remaining; the job checks
 *   again when it runs;
 * - no row stays Requested (finding 5): getReclaimStatus fails the Requested
 *   rows of a job that ended (Aborted at once; Completed or Failed after
 *   RECONCILE_GRACE_MS, when a finalizer would have run).
 *
 * A request writes its rows, then runs its "background job" at once on the
 * in-memory records (UserLogin frozen state, User.IsActive and its seat,
 * permission set license assignments and their seats), so the dashboard shows
 * the change after a refresh. Like the Apex it answers Requested with
 * `pending`; getReclaimStatus then returns the final outcomes. With
 * `holdJobs` the jobs wait until runHeldJobs() (tests of what happens while a
 * job waits).
 */
import type {
  ReclaimAction,
  ReclaimInactivityDto,
  ReclaimOutcome,
  ReclaimResultDto,
  ReclaimUserResultDto
} from '../../../force-app/types/contract';
import { ADMIN_PROFILE_NAMES } from '../../../force-app/main/default/lwc/llAnalytics/activity';
import { missingReclaimPermissions } from '../../../force-app/main/default/lwc/llAnalytics/reclaim';
import { randomUUID } from 'node:crypto';
import type { OrgData } from '../data/org-data';
import type { ExportObject } from '../data/sf-export-format';
import type { UserRow } from '../data/schemas';
import { ApexError } from './apex-error';

/** LL_ReclaimRequest.MAX_USERS_PER_REQUEST. */
export const MAX_USERS_PER_REQUEST = 200;
/** LL_ReclaimRequest.MAX_REASON_LENGTH. */
export const MAX_REASON_LENGTH = 1000;
/** LL_ReclaimRequest.MAX_BATCH_ID_LENGTH. */
export const MAX_BATCH_ID_LENGTH = 64;

const ACTIONS: readonly ReclaimAction[] = [
  'Freeze',
  'Unfreeze',
  'Deactivate',
  'RemovePermissionSetLicense'
];
const BATCH_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const DEVELOPER_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const PLATFORM_USER_TYPES: readonly string[] = ['Guest', 'AutomatedProcess'];
/** Apex String.abbreviate appends this when it cuts. */
const ELLIPSIS = '...';

/** LL_ReclaimService.CHANGED_PREFIX: rows the job re-checked and found changed. */
export const CHANGED_PREFIX = 'Changed since the request: ';

/**
 * LL_ReclaimService.RECONCILE_GRACE_MINUTES: how long after a Completed or
 * Failed job its Requested rows are left for the finalizer before they are
 * failed.
 */
export const RECONCILE_GRACE_MS = 5 * 60_000;

/** AsyncApexJob.Status values a job ends with (object reference). */
export type EndedJobStatus = 'Aborted' | 'Completed' | 'Failed';

/**
 * LL_ReclaimPolicy.newerLoginMessage: a successful login newer than the
 * baseline the request was checked against (what the page showed, or
 * LastLoginDate when the request was made). It does not claim the page could
 * have seen that login: LoginHistory may hold logins the page never read.
 */
export function newerLoginMessage(latest: number, baseline: number | null): string {
  const known = baseline === null ? 'none' : new Date(baseline).toISOString();
  return `The user has a successful login (${new Date(latest).toISOString()}, any login type) newer than the last login this request was checked against (${known}). Nothing was done.`;
}

/** LL_ReclaimService.requestIdInUseMessage (review D1). */
export function requestIdInUseMessage(batchId: string): string {
  return `The request id "${abbreviate(batchId, MAX_BATCH_ID_LENGTH)}" is already in use by a reclaim request you cannot read (another admin's, or one still being saved); send a new requestId. Nothing was done.`;
}

/** LL_ReclaimService.ORPHAN_WITHOUT_JOB_HOURS, in ms. */
export const ORPHAN_AFTER_MS = 24 * 3_600_000;

/** LL_ReclaimService.JOB_NOT_FOUND_MESSAGE (review R5). */
export const JOB_NOT_FOUND_MESSAGE =
  'The background job of this row could not be found 24 hours after the request (it is not visible to you, or Salesforce no longer keeps it); nothing is known to have changed.';

/** LL_ReclaimService.orphanMessage. */
export function orphanMessage(status: EndedJobStatus): string {
  return status === 'Completed'
    ? 'The background job ended (Completed) without recording an outcome for this user; nothing is known to have changed.'
    : `The background job ended (${status}) before acting; nothing was changed.`;
}

const ABLE_ADMINISTRATOR =
  'administrator who is active, not frozen, not API-only and able to log in interactively';

/** LL_ReclaimAccessGuard purposes, completing "could not ..." and "needs ... to ...". */
const PURPOSES: Readonly<Record<ReclaimAction, string>> = {
  Freeze: 'freeze users (change UserLogin.IsFrozen)',
  Unfreeze: 'unfreeze users (change UserLogin.IsFrozen)',
  Deactivate: 'deactivate users',
  RemovePermissionSetLicense: 'remove permission set licenses from users'
};
const PURPOSE_FROZEN_STATE = 'read and change whether users are frozen (UserLogin)';

/**
 * The system permissions (Setup labels) of a System Administrator profile that
 * matter here: the preview's default admin, who may do every action.
 */
export const SYSTEM_ADMINISTRATOR_PERMISSIONS: ReadonlySet<string> = new Set([
  'Manage Users',
  'Manage Internal Users',
  'Freeze Users',
  'Assign Permission Sets',
  'View Setup and Configuration',
  'Monitor Login History',
  'View All Users'
]);

/**
 * What an admin holds with only the License Lens Viewer and Reclaim Admin
 * permission sets (no Manage Users from the profile).
 */
export const RECLAIM_ADMIN_PERMISSIONS: ReadonlySet<string> = new Set([
  'Manage Internal Users',
  'View Setup and Configuration',
  'Monitor Login History',
  'View All Users'
]);

/** LL_MissingPermissionException.messageFor. */
export function missingPermissionMessage(permissions: readonly string[], purpose: string): string {
  const several = permissions.length > 1;
  const quoted = permissions.map((permission) => `"${permission}"`).join(' and ');
  return `License Lens needs the ${quoted} ${several ? 'permissions' : 'permission'} to ${purpose}. Ask your Salesforce admin for a permission set that grants ${several ? 'them' : 'it'}.`;
}

/** The objects each action reads or writes. */
const OBJECTS: Readonly<Record<ReclaimAction, readonly ExportObject[]>> = {
  Freeze: ['User', 'UserLogin'],
  Unfreeze: ['User', 'UserLogin'],
  Deactivate: ['User'],
  RemovePermissionSetLicense: ['User', 'PermissionSetLicenseAssign']
};

/** Parameters of previewReclaim, as the components send them. */
export interface PreviewReclaimParams {
  action?: unknown;
  userIds?: unknown;
  reason?: unknown;
  permissionSetLicense?: unknown;
  /** What the page showed of each user (newest login of any type); may be absent. */
  inactivity?: ReclaimInactivityDto[] | null;
}

/** Parameters of reclaim. */
export interface ReclaimParams extends PreviewReclaimParams {
  requestId?: unknown;
}

/** What the page showed of the request's users, by user Id (LL_ReclaimRequest.withInactivity). */
function shownOf(
  params: PreviewReclaimParams,
  userIds: readonly string[]
): Map<string, ReclaimInactivityDto> {
  const shown = new Map<string, ReclaimInactivityDto>();
  for (const facts of params?.inactivity ?? []) {
    if (facts && userIds.includes(facts.userId)) shown.set(facts.userId, facts);
  }
  return shown;
}

/** Each shown user's newest login as the page knew it (epoch ms; null: none). */
function baselinesOf(shown: ReadonlyMap<string, ReclaimInactivityDto>): Map<string, number | null> {
  const baselines = new Map<string, number | null>();
  for (const [userId, facts] of shown) baselines.set(userId, parseIso(facts.lastActivityTime));
  return baselines;
}

/** Parameters of getReclaimStatus. */
export interface ReclaimStatusParams {
  auditBatchId?: unknown;
}

/** One row of the in-memory audit trail (LL_Reclaim_Audit__c). */
export interface ReclaimAuditRow {
  batchId: string;
  /** LL_Reclaim_Audit__c.Request_Key__c: batch id, user and action; unique. */
  requestKey: string;
  /** The background job that acts on the row; null when nothing was requested. */
  jobId: string | null;
  action: ReclaimAction;
  userId: string;
  username: string | null;
  permissionSetLicense: string | null;
  reason: string;
  /** Requested until the job (or the reconciliation) completes the row. */
  outcome: ReclaimOutcome;
  message: string | null;
  /** What the dashboard showed, as sent. */
  lastLoginTime: string | null;
  daysInactive: number | null;
  /** Newest login of any type the page showed, as sent. */
  lastActivityTime: string | null;
  /** LastLoginDate read at request time (User_Last_Login_Date__c, ISO instant). */
  userLastLoginDate: string | null;
  /** When the request was made (ISO instant). */
  requestedAt: string;
}

export interface ReclaimControllerOptions {
  data: OrgData;
  /** "Now" in epoch ms, for the audit trail. */
  clock: () => number;
  /**
   * The admin's system permissions as Setup labels them (what
   * UserPermissionAccess says in the org). Default:
   * SYSTEM_ADMINISTRATOR_PERMISSIONS.
   */
  granted?: ReadonlySet<string>;
  /**
   * Users with the API Only User permission (PermissionSet.PermissionsApiUserOnly
   * through their profile or a permission set); the export holds no permission
   * sets, so a test or the demo says which.
   */
  apiOnlyUserIds?: ReadonlySet<string>;
  /** Leave jobs queued until runHeldJobs() instead of running them at once. */
  holdJobs?: boolean;
  /** Test hook: runs after the guardrails and before the audit rows are inserted. */
  beforeAuditInsert?: () => void;
  /**
   * Which audit rows the admin's reads (LL_ReclaimAuditStore.findBatch, with
   * sharing) return: false for a row another admin wrote when the org makes the
   * audit object Private, or for a row another transaction has not committed.
   * The unique index on the request key sees every row. Default: all rows.
   */
  isAuditRowVisible?: (row: ReclaimAuditRow) => boolean;
  /**
   * Set when the data is a copy of real orgs read through the API
   * (`npm start -- --target-org`): names them ("org-a", "2 orgs (a, b)").
   * Acting on the copy would change nothing in the org while the dialog said
   * "Succeeded", so previewReclaim and reclaim refuse with readOnlyCopyMessage
   * (an ApexError, as the org answers an error) before reading anything.
   */
  readOnlyCopyOf?: string;
}

/**
 * Why a preview over a copy of real orgs refuses to act: only License Lens
 * inside the org changes users.
 * @param copyOf the orgs the copy was read from
 * @param what what License Lens does only from inside the org ("reclaims")
 */
export function readOnlyCopyMessage(copyOf: string, what = 'reclaims'): string {
  return `This preview shows a copy of ${copyOf} read through the API; License Lens ${what} only from inside the org. Nothing was changed.`;
}

/** An in-memory AsyncApexJob with what LL_ReclaimJob carries. */
interface Job {
  id: string;
  status: 'Queued' | EndedJobStatus;
  /** When it ended (epoch ms); null while queued. */
  endedAt: number | null;
  request: Request;
  /** Per user, the newest login the re-check compares with (epoch ms; null for none). */
  baselines: Map<string, number | null>;
}

/** A validated request (LL_ReclaimRequest). */
interface Request {
  action: ReclaimAction;
  userIds: string[];
  reason: string;
  permissionSetLicense: string | null;
}

/** What the guardrails decided for one user (LL_ReclaimDecision). */
interface Decision {
  userId: string;
  user: UserRow | null;
  outcome: 'Ready' | 'Blocked' | 'Skipped';
  message: string | null;
}

/** Apex String.abbreviate(maxWidth). */
function abbreviate(text: string, maxWidth: number): string {
  return text.length <= maxWidth ? text : `${text.slice(0, maxWidth - ELLIPSIS.length)}${ELLIPSIS}`;
}

function invalid(message: string): ApexError {
  return new ApexError(message);
}

function parseAction(action: unknown): ReclaimAction {
  if (typeof action === 'string' && (ACTIONS as readonly string[]).includes(action)) {
    return action as ReclaimAction;
  }
  return fail(`action must be one of ${ACTIONS.join(', ')}; got "${String(action)}".`);
}

function fail(message: string): never {
  throw invalid(message);
}

function distinctUserIds(userIds: unknown): string[] {
  if (!Array.isArray(userIds) || userIds.length === 0) fail('Select at least one user.');
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const value of userIds as unknown[]) {
    if (value === null || value === undefined || value === '') {
      fail('userIds must not contain an empty value.');
    }
    const id = String(value);
    if (!SALESFORCE_ID.test(id)) fail(`userIds must hold Salesforce Ids; got "${id}".`);
    if (!seen.has(id)) {
      seen.add(id);
      ordered.push(id);
    }
  }
  if (ordered.length > MAX_USERS_PER_REQUEST) {
    fail(`Select at most ${MAX_USERS_PER_REQUEST} users per request; got ${ordered.length}.`);
  }
  return ordered;
}

function validReason(reason: unknown): string {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed.length === 0)
    fail('Give a reason: License Lens keeps it in the reclaim audit trail.');
  if (trimmed.length > MAX_REASON_LENGTH) {
    fail(`Keep the reason to ${MAX_REASON_LENGTH} characters; got ${trimmed.length}.`);
  }
  return trimmed;
}

function validDeveloperName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') fail('Name the permission set license to remove (its DeveloperName).');
  if (!DEVELOPER_NAME_PATTERN.test(trimmed)) {
    fail(
      'permissionSetLicense must be a DeveloperName such as SalesforceAPIIntegrationPsl; got "' +
        `${abbreviate(trimmed, MAX_BATCH_ID_LENGTH)}".`
    );
  }
  return trimmed;
}

/** LL_ReclaimRequest's constructor. */
function parseRequest(params: PreviewReclaimParams | undefined): Request {
  const action = parseAction(params?.action);
  return {
    action,
    userIds: distinctUserIds(params?.userIds),
    reason: validReason(params?.reason),
    permissionSetLicense:
      action === 'RemovePermissionSetLicense'
        ? validDeveloperName(params?.permissionSetLicense)
        : null
  };
}

/** LL_ReclaimRequest.withBatchId: the requestId sent, or a new UUID. */
function batchIdOf(requestId: unknown): string {
  const text = typeof requestId === 'string' ? requestId : '';
  if (text.trim() === '') return randomUUID();
  if (BATCH_ID_PATTERN.test(text)) return text;
  return fail(
    `requestId must be 1 to ${MAX_BATCH_ID_LENGTH} letters, digits, "-" or "_"; got "${abbreviate(text, MAX_BATCH_ID_LENGTH + 1)}".`
  );
}

/** The records a request changes, with a runtime check that they are the builder's own. */
function mutableSet(set: ReadonlySet<string>): Set<string> {
  if (set instanceof Set) return set;
  throw new Error('The preview data must hold real Sets to apply reclaim actions.');
}

function mutableMap(map: ReadonlyMap<string, string[]>): Map<string, string[]> {
  if (map instanceof Map) return map;
  throw new Error('The preview data must hold real Maps to apply reclaim actions.');
}

/** LL_ReclaimAuditStore.requestKeyOf: the unique key of one user's row of a request. */
export function requestKeyOf(batchId: string, userId: string, action: ReclaimAction): string {
  return `${batchId}:${userId}:${action}`;
}

function parseIso(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

function isoOrNull(instant: number | null): string | null {
  return instant === null ? null : new Date(instant).toISOString();
}

/** Local implementation of LL_ReclaimController. */
export class ReclaimController {
  private readonly data: OrgData;
  private readonly clock: () => number;
  private readonly granted: ReadonlySet<string>;
  private readonly apiOnlyUserIds: ReadonlySet<string>;
  private readonly holdJobs: boolean;
  private readonly beforeAuditInsert: () => void;
  private readonly isAuditRowVisible: (row: ReclaimAuditRow) => boolean;
  private readonly usersById: Map<string, UserRow>;
  private readonly audit: ReclaimAuditRow[] = [];
  /** The unique index on Request_Key__c. */
  private readonly auditByKey = new Map<string, ReclaimAuditRow>();
  private readonly jobs = new Map<string, Job>();
  private nextJob = 1;
  private readonly readOnlyCopyOf: string | null;

  constructor(options: ReclaimControllerOptions) {
    this.readOnlyCopyOf = options.readOnlyCopyOf ?? null;
    this.data = options.data;
    this.clock = options.clock;
    this.granted = options.granted ?? SYSTEM_ADMINISTRATOR_PERMISSIONS;
    this.apiOnlyUserIds = options.apiOnlyUserIds ?? new Set();
    this.holdJobs = options.holdJobs ?? false;
    this.beforeAuditInsert = options.beforeAuditInsert ?? (() => undefined);
    this.isAuditRowVisible = options.isAuditRowVisible ?? (() => true);
    this.usersById = new Map(options.data.users.map((user) => [user.id, user]));
  }

  /** LL_ReclaimController.previewReclaim: Ready, Blocked or Skipped per user; nothing changes. */
  previewReclaim(params: PreviewReclaimParams): ReclaimResultDto {
    this.refuseOnReadOnlyCopy();
    const request = parseRequest(params);
    const decisions = this.decide(request, baselinesOf(shownOf(params, request.userIds)));
    return {
      action: request.action,
      dryRun: true,
      auditBatchId: null,
      pending: 0,
      results: decisions.map((decision) => this.resultOf(request, decision, decision.outcome))
    };
  }

  /**
   * LL_ReclaimController.reclaim: re-checks every user against what the page
   * showed, inserts one audit row per user under a unique request key (a key
   * already there means "already requested": the existing rows answer and
   * nothing acts again), then hands the Ready users to the background job and
   * answers Requested for them (pending > 0), like the Apex before its job runs.
   */
  reclaim(params: ReclaimParams): ReclaimResultDto {
    this.refuseOnReadOnlyCopy();
    const request = parseRequest(params);
    const batchId = batchIdOf(params?.requestId);
    if (this.visibleRowsOf(batchId).length) return this.statusOf(batchId);
    const shown = shownOf(params, request.userIds);
    const baselines = baselinesOf(shown);
    const decisions = this.decide(request, baselines);
    const requestedAt = new Date(this.clock()).toISOString();
    const rows = decisions.map((decision) => {
      const facts = shown.get(decision.userId);
      return {
        batchId,
        requestKey: requestKeyOf(batchId, decision.userId, request.action),
        jobId: null,
        action: request.action,
        userId: decision.userId,
        username: decision.user?.username ?? null,
        permissionSetLicense: request.permissionSetLicense,
        reason: request.reason,
        outcome: decision.outcome === 'Ready' ? 'Requested' : decision.outcome,
        message: decision.message,
        lastLoginTime: facts?.lastLoginTime ?? null,
        daysInactive: facts?.daysInactive ?? null,
        lastActivityTime: facts?.lastActivityTime ?? null,
        userLastLoginDate: isoOrNull(decision.user?.lastLoginDate ?? null),
        requestedAt
      } satisfies ReclaimAuditRow;
    });
    this.beforeAuditInsert();
    if (!this.insertUnique(rows)) {
      // A request with these keys exists; answer with its rows, or refuse when
      // none can be read (review D1): nothing acts either way.
      if (!this.visibleRowsOf(batchId).length) fail(requestIdInUseMessage(batchId));
      return this.statusOf(batchId);
    }
    const answer = this.resultOfRows(request.action, batchId, rows);
    this.startJob(request, rows, decisions, baselines);
    return answer;
  }

  /** Refuses to act on a copy of real orgs (readOnlyCopyOf); nothing is read or written. */
  private refuseOnReadOnlyCopy(): void {
    if (this.readOnlyCopyOf !== null) {
      throw new ApexError(readOnlyCopyMessage(this.readOnlyCopyOf));
    }
  }

  /** Runs every queued job (holdJobs), oldest first. */
  runHeldJobs(): void {
    for (const job of [...this.jobs.values()]) {
      if (job.status === 'Queued') this.runJob(job);
    }
  }

  /**
   * Ends the job of a request without any outcome, as when an admin aborts it
   * before it starts, or it dies and its finalizer's update fails: its rows
   * stay Requested until getReclaimStatus reconciles them.
   */
  endJobWithoutOutcome(batchId: string, status: EndedJobStatus): void {
    for (const row of this.rowsOf(batchId)) {
      const job = row.jobId === null ? undefined : this.jobs.get(row.jobId);
      if (job && job.status === 'Queued') {
        job.status = status;
        job.endedAt = this.clock();
      }
    }
  }

  /**
   * Removes the AsyncApexJob of a request, as when Salesforce no longer keeps
   * it or the admin cannot see it: its rows stay Requested until
   * getReclaimStatus fails them ORPHAN_AFTER_MS after the request.
   */
  forgetJob(batchId: string): void {
    for (const row of this.rowsOf(batchId)) {
      if (row.jobId !== null) this.jobs.delete(row.jobId);
    }
  }

  /** LL_ReclaimController.getReclaimStatus: the final outcomes of a request. */
  getReclaimStatus(params: ReclaimStatusParams): ReclaimResultDto {
    const id = typeof params?.auditBatchId === 'string' ? params.auditBatchId : '';
    if (id.trim() === '') fail('auditBatchId is required.');
    if (!this.visibleRowsOf(id).length) {
      fail(
        `No reclaim request with auditBatchId "${abbreviate(id, MAX_BATCH_ID_LENGTH)}" was found.`
      );
    }
    this.reconcile(id);
    return this.statusOf(id);
  }

  /** The audit rows written so far, oldest first (a copy). */
  auditTrail(): ReclaimAuditRow[] {
    return this.audit.map((row) => ({ ...row }));
  }

  // ---- the guardrails (LL_ReclaimPolicy) ----

  /**
   * @param baselines per user, the newest login of any type to re-check
   *   against (what the page showed, or LastLoginDate at request time in the
   *   job); users without an entry are not re-checked.
   */
  private decide(
    request: Request,
    baselines: ReadonlyMap<string, number | null> = new Map()
  ): Decision[] {
    this.requirePermissions(request.action);
    this.requireObjects(request.action);
    return request.userIds.map((userId) => this.decideOne(request, userId, baselines));
  }

  private decideOne(
    request: Request,
    userId: string,
    baselines: ReadonlyMap<string, number | null>
  ): Decision {
    const user = this.usersById.get(userId) ?? null;
    if (!user) {
      return this.blocked(
        userId,
        null,
        'This Id is not a user you can see, so License Lens does not act on it.'
      );
    }
    if (PLATFORM_USER_TYPES.includes(user.userType)) {
      return this.blocked(
        userId,
        user,
        `This is a ${user.userType} user that Salesforce runs itself; License Lens never changes it.`
      );
    }
    const newer = this.newerLogin(request.action, user, baselines);
    if (newer !== null) return this.skipped(user, newerLoginMessage(newer.latest, newer.baseline));
    switch (request.action) {
      case 'Freeze':
        return this.freeze(request, user);
      case 'Unfreeze':
        return this.isFrozen(user)
          ? this.ready(user)
          : this.skipped(user, 'The user is not frozen.');
      case 'Deactivate':
        if (!user.isActive) return this.skipped(user, 'The user is already inactive.');
        return this.lastAdministratorGuard(request, user) ?? this.ready(user);
      case 'RemovePermissionSetLicense':
        return this.licensesOf(user.id).includes(request.permissionSetLicense as string)
          ? this.ready(user)
          : this.skipped(
              user,
              `The user has no ${request.permissionSetLicense} permission set license.`
            );
    }
  }

  private freeze(request: Request, user: UserRow): Decision {
    if (!user.isActive) return this.skipped(user, 'The user is inactive: nothing to freeze.');
    if (!this.data.userLoginIds.has(user.id)) {
      return this.blocked(
        user.id,
        user,
        'Salesforce has no UserLogin record for this user, so it cannot be frozen.'
      );
    }
    if (this.isFrozen(user)) return this.skipped(user, 'The user is already frozen.');
    return this.lastAdministratorGuard(request, user) ?? this.ready(user);
  }

  /**
   * LL_ReclaimPolicy.newerLogin: for Freeze and Deactivate, the newest
   * successful login of any type (User.LastLoginDate, or LoginHistory with
   * Status Success) when it is newer than the baseline, with that baseline;
   * null otherwise, and for users without a baseline.
   */
  private newerLogin(
    action: ReclaimAction,
    user: UserRow,
    baselines: ReadonlyMap<string, number | null>
  ): { latest: number; baseline: number | null } | null {
    if ((action !== 'Freeze' && action !== 'Deactivate') || !baselines.has(user.id)) return null;
    const baseline = baselines.get(user.id) ?? null;
    const latest = this.latestLogin(user);
    return latest !== null && (baseline === null || latest > baseline)
      ? { latest, baseline }
      : null;
  }

  /** LL_ReclaimFacts.latestLoginByUserId: LastLoginDate or the newest successful LoginHistory row. */
  private latestLogin(user: UserRow): number | null {
    const { combos } = this.data.logins;
    const { rows, time: times, combo } = this.data.logins.rowsOfUser(user.id);
    let latest = user.lastLoginDate;
    for (const row of rows) {
      const time = times[row];
      if (combos[combo[row]].status === 'Success' && (latest === null || time > latest)) {
        latest = time;
      }
    }
    return latest;
  }

  /**
   * Freeze and Deactivate never leave the org without an administrator who is
   * active, known to be unfrozen, not API-only and a Standard user
   * (LL_ReclaimFacts + LL_ReclaimPolicy). An administrator whose frozen state
   * is unknown does not count as remaining. The job checks again when it runs
   * (the Apex under a FOR UPDATE lock), so two queued jobs cannot both remove
   * one of the last two.
   */
  private lastAdministratorGuard(request: Request, user: UserRow): Decision | null {
    if (!this.isAdministrator(user)) return null;
    const targets = new Set(request.userIds);
    const others = this.data.users.filter(
      (other) =>
        !targets.has(other.id) &&
        other.isActive &&
        other.userType === 'Standard' &&
        !this.apiOnlyUserIds.has(other.id) &&
        this.isAdministrator(other)
    );
    const states = others.map((other) => this.frozenState(other));
    if (states.includes('unfrozen')) return null;
    const why = states.includes('unknown')
      ? `License Lens cannot confirm that another ${ABLE_ADMINISTRATOR} remains (the frozen state of the other administrators could not be read)`
      : `no other ${ABLE_ADMINISTRATOR} would remain`;
    return this.blocked(
      user.id,
      user,
      `This user is an administrator (Modify All Data) and ${why}.`
    );
  }

  /** UserLogin.IsFrozen as far as the data can tell (LL_UserLoginSelector: absent = unknown). */
  private frozenState(user: UserRow): 'frozen' | 'unfrozen' | 'unknown' {
    if (this.data.unavailable.has('UserLogin') || !this.data.userLoginIds.has(user.id)) {
      return 'unknown';
    }
    return this.isFrozen(user) ? 'frozen' : 'unfrozen';
  }

  private isAdministrator(user: UserRow): boolean {
    return user.profileName !== null && ADMIN_PROFILE_NAMES.includes(user.profileName);
  }

  private isFrozen(user: UserRow): boolean {
    return this.data.frozenUserIds.has(user.id);
  }

  private licensesOf(userId: string): readonly string[] {
    return this.data.permissionSetLicensesByUser.get(userId) ?? [];
  }

  /** LL_ReclaimAccessGuard.require: names every missing permission at once. */
  private requirePermissions(action: ReclaimAction): void {
    const missing = missingReclaimPermissions(action, this.granted);
    if (missing.length) throw new ApexError(missingPermissionMessage(missing, PURPOSES[action]));
  }

  private requireObjects(action: ReclaimAction): void {
    const missing = OBJECTS[action].filter((object) => this.data.unavailable.has(object));
    if (missing.includes('UserLogin')) {
      throw new ApexError(missingPermissionMessage(['Manage Users'], PURPOSE_FROZEN_STATE));
    }
    if (missing.length) {
      const reasons = missing.map((object) => this.data.unavailable.get(object)).join(' ');
      throw new ApexError(`License Lens could not ${PURPOSES[action]}: ${reasons}`, 500);
    }
  }

  // ---- acting on the records ----

  private apply(request: Request, user: UserRow): void {
    switch (request.action) {
      case 'Freeze':
        mutableSet(this.data.frozenUserIds).add(user.id);
        return;
      case 'Unfreeze':
        mutableSet(this.data.frozenUserIds).delete(user.id);
        return;
      case 'Deactivate':
        user.isActive = false;
        this.releaseSeat(
          this.data.userLicenses.find((license) => license.name === user.licenseName)
        );
        return;
      case 'RemovePermissionSetLicense': {
        const name = request.permissionSetLicense as string;
        const byUser = mutableMap(this.data.permissionSetLicensesByUser);
        byUser.set(
          user.id,
          this.licensesOf(user.id).filter((held) => held !== name)
        );
        this.releaseSeat(
          this.data.permissionSetLicenses.find((license) => license.developerName === name)
        );
        return;
      }
    }
  }

  private releaseSeat(pool: { usedLicenses: number } | undefined): void {
    if (pool) pool.usedLicenses = Math.max(0, pool.usedLicenses - 1);
  }

  // ---- answers ----

  private ready(user: UserRow): Decision {
    return { userId: user.id, user, outcome: 'Ready', message: null };
  }

  private skipped(user: UserRow, message: string): Decision {
    return { userId: user.id, user, outcome: 'Skipped', message };
  }

  private blocked(userId: string, user: UserRow | null, message: string): Decision {
    return { userId, user, outcome: 'Blocked', message };
  }

  private resultOf(
    request: Request,
    decision: Decision,
    outcome: ReclaimOutcome
  ): ReclaimUserResultDto {
    return {
      userId: decision.userId,
      username: decision.user?.username ?? null,
      permissionSetLicense: request.permissionSetLicense,
      outcome,
      message: decision.message
    };
  }

  /**
   * Every row of a batch, whoever may read it. Batch ids compare without case,
   * as SOQL's = on Batch_Id__c does and as the case-insensitive unique
   * Request_Key__c does.
   */
  private rowsOf(batchId: string): ReclaimAuditRow[] {
    const wanted = batchId.toLowerCase();
    return this.audit.filter((row) => row.batchId.toLowerCase() === wanted);
  }

  /** LL_ReclaimAuditStore.findBatch: the rows of a batch the admin's sharing lets them read. */
  private visibleRowsOf(batchId: string): ReclaimAuditRow[] {
    return this.rowsOf(batchId).filter((row) => this.isAuditRowVisible(row));
  }

  // ---- the audit trail and the job (LL_ReclaimAuditStore, LL_ReclaimJob) ----

  /**
   * Inserts all rows or none: false when a request key exists already
   * (DUPLICATE_VALUE). The key is unique without regard to case
   * (Request_Key__c caseSensitive false).
   */
  private insertUnique(rows: ReclaimAuditRow[]): boolean {
    if (rows.some((row) => this.auditByKey.has(row.requestKey.toLowerCase()))) return false;
    for (const row of rows) {
      this.auditByKey.set(row.requestKey.toLowerCase(), row);
      this.audit.push(row);
    }
    return true;
  }

  private startJob(
    request: Request,
    rows: ReclaimAuditRow[],
    decisions: Decision[],
    shownBaselines: ReadonlyMap<string, number | null>
  ): void {
    const requested = rows.filter((row) => row.outcome === 'Requested');
    if (!requested.length) return;
    const baselines = new Map<string, number | null>();
    for (const decision of decisions) {
      if (decision.outcome !== 'Ready') continue;
      // What the page showed, else LastLoginDate as read at request time.
      baselines.set(
        decision.userId,
        shownBaselines.has(decision.userId)
          ? (shownBaselines.get(decision.userId) ?? null)
          : (decision.user?.lastLoginDate ?? null)
      );
    }
    const job: Job = {
      id: `707${String(this.nextJob++).padStart(12, '0')}AAA`,
      status: 'Queued',
      endedAt: null,
      request: { ...request, userIds: requested.map((row) => row.userId) },
      baselines
    };
    this.jobs.set(job.id, job);
    for (const row of requested) row.jobId = job.id;
    if (!this.holdJobs) this.runJob(job);
  }

  /** LL_ReclaimJob.run + its finalizer: re-checks, acts on the Ready users, completes the rows. */
  private runJob(job: Job): void {
    const rows = this.audit.filter((row) => row.jobId === job.id);
    let decisions: Decision[];
    try {
      decisions = this.decide(job.request, job.baselines);
    } catch (error) {
      for (const row of rows) {
        row.outcome = 'Failed';
        row.message = `Nothing was changed: ${(error as Error).message}`;
      }
      this.endJob(job, 'Completed');
      return;
    }
    for (const decision of decisions) {
      const row = rows.find((one) => one.userId === decision.userId);
      if (!row) continue;
      if (decision.outcome === 'Ready' && decision.user) {
        this.apply(job.request, decision.user);
        row.outcome = 'Succeeded';
        row.message = null;
      } else {
        row.outcome = decision.outcome;
        row.message = `${CHANGED_PREFIX}${decision.message}`;
      }
    }
    this.endJob(job, 'Completed');
  }

  private endJob(job: Job, status: EndedJobStatus): void {
    job.status = status;
    job.endedAt = this.clock();
  }

  /**
   * LL_ReclaimService.reconcile: Requested rows whose job ended without
   * completing them become Failed with the reason; Aborted at once,
   * Completed or Failed after RECONCILE_GRACE_MS; a job that cannot be found
   * ORPHAN_AFTER_MS after the request.
   */
  private reconcile(batchId: string): void {
    const now = this.clock();
    for (const row of this.visibleRowsOf(batchId)) {
      if (row.outcome !== 'Requested' || row.jobId === null) continue;
      const job = this.jobs.get(row.jobId);
      if (!job) {
        if (now - Date.parse(row.requestedAt) > ORPHAN_AFTER_MS) {
          row.outcome = 'Failed';
          row.message = JOB_NOT_FOUND_MESSAGE;
        }
        continue;
      }
      if (job.status === 'Queued' || job.endedAt === null) continue;
      if (job.status !== 'Aborted' && now - job.endedAt <= RECONCILE_GRACE_MS) continue;
      row.outcome = 'Failed';
      row.message = orphanMessage(job.status);
    }
  }

  private resultOfRows(
    action: ReclaimAction,
    batchId: string,
    rows: readonly ReclaimAuditRow[]
  ): ReclaimResultDto {
    return {
      action,
      dryRun: false,
      auditBatchId: batchId,
      pending: rows.filter((row) => row.outcome === 'Requested').length,
      results: rows.map((row) => ({
        userId: row.userId,
        username: row.username,
        permissionSetLicense: row.permissionSetLicense,
        outcome: row.outcome,
        message: row.message
      }))
    };
  }

  private statusOf(batchId: string): ReclaimResultDto {
    const rows = this.visibleRowsOf(batchId);
    return this.resultOfRows(rows[0].action, batchId, rows);
  }
}

/** The reclaim methods the preview answers, by `<Class>.<method>`. */
export const RECLAIM_APEX_METHODS: Readonly<
  Record<string, (controller: ReclaimController, params: never) => unknown>
> = {
  'LL_ReclaimController.previewReclaim': (controller, params: PreviewReclaimParams) =>
    controller.previewReclaim(params),
  'LL_ReclaimController.reclaim': (controller, params: ReclaimParams) => controller.reclaim(params),
  'LL_ReclaimController.getReclaimStatus': (controller, params: ReclaimStatusParams) =>
    controller.getReclaimStatus(params)
};
