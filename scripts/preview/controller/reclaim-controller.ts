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
 * A request acts at once on the in-memory records (UserLogin frozen state,
 * User.IsActive and its seat, permission set license assignments and their
 * seats), so the dashboard shows the change after a refresh. Like the Apex it
 * answers Requested with `pending`; getReclaimStatus then returns the final
 * outcomes straight away (the preview's "background job" is already done).
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
}

/** Parameters of reclaim. */
export interface ReclaimParams extends PreviewReclaimParams {
  requestId?: unknown;
  inactivity?: ReclaimInactivityDto[] | null;
}

/** Parameters of getReclaimStatus. */
export interface ReclaimStatusParams {
  auditBatchId?: unknown;
}

/** One row of the in-memory audit trail (LL_Reclaim_Audit__c). */
export interface ReclaimAuditRow {
  batchId: string;
  action: ReclaimAction;
  userId: string;
  username: string | null;
  permissionSetLicense: string | null;
  reason: string;
  /** Final status (the preview's job is done at once). */
  outcome: ReclaimOutcome;
  message: string | null;
  /** What the dashboard showed, as sent. */
  lastLoginTime: string | null;
  daysInactive: number | null;
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

/** Local implementation of LL_ReclaimController. */
export class ReclaimController {
  private readonly data: OrgData;
  private readonly clock: () => number;
  private readonly granted: ReadonlySet<string>;
  private readonly usersById: Map<string, UserRow>;
  private readonly audit: ReclaimAuditRow[] = [];

  constructor(options: ReclaimControllerOptions) {
    this.data = options.data;
    this.clock = options.clock;
    this.granted = options.granted ?? SYSTEM_ADMINISTRATOR_PERMISSIONS;
    this.usersById = new Map(options.data.users.map((user) => [user.id, user]));
  }

  /** LL_ReclaimController.previewReclaim: Ready, Blocked or Skipped per user; nothing changes. */
  previewReclaim(params: PreviewReclaimParams): ReclaimResultDto {
    const request = parseRequest(params);
    const decisions = this.decide(request);
    return {
      action: request.action,
      dryRun: true,
      auditBatchId: null,
      pending: 0,
      results: decisions.map((decision) => this.resultOf(request, decision, decision.outcome))
    };
  }

  /**
   * LL_ReclaimController.reclaim: audits every user, applies the action to the
   * Ready ones and answers Requested for them (pending > 0), like the Apex
   * before its job runs. A requestId seen before returns that request's state.
   */
  reclaim(params: ReclaimParams): ReclaimResultDto {
    const request = parseRequest(params);
    const batchId = batchIdOf(params?.requestId);
    if (this.rowsOf(batchId).length) return this.statusOf(batchId);
    const decisions = this.decide(request);
    const shown = new Map((params?.inactivity ?? []).map((facts) => [facts?.userId, facts]));
    const requestedAt = new Date(this.clock()).toISOString();
    const results: ReclaimUserResultDto[] = [];
    for (const decision of decisions) {
      const outcome: ReclaimOutcome = decision.outcome === 'Ready' ? 'Succeeded' : decision.outcome;
      if (decision.outcome === 'Ready' && decision.user) this.apply(request, decision.user);
      const facts = shown.get(decision.userId);
      this.audit.push({
        batchId,
        action: request.action,
        userId: decision.userId,
        username: decision.user?.username ?? null,
        permissionSetLicense: request.permissionSetLicense,
        reason: request.reason,
        outcome,
        message: decision.message,
        lastLoginTime: facts?.lastLoginTime ?? null,
        daysInactive: facts?.daysInactive ?? null,
        requestedAt
      });
      const answered = decision.outcome === 'Ready' ? 'Requested' : decision.outcome;
      results.push(this.resultOf(request, decision, answered));
    }
    return {
      action: request.action,
      dryRun: false,
      auditBatchId: batchId,
      pending: results.filter((result) => result.outcome === 'Requested').length,
      results
    };
  }

  /** LL_ReclaimController.getReclaimStatus: the final outcomes of a request. */
  getReclaimStatus(params: ReclaimStatusParams): ReclaimResultDto {
    const id = typeof params?.auditBatchId === 'string' ? params.auditBatchId : '';
    if (id.trim() === '') fail('auditBatchId is required.');
    if (!this.rowsOf(id).length) {
      fail(
        `No reclaim request with auditBatchId "${abbreviate(id, MAX_BATCH_ID_LENGTH)}" was found.`
      );
    }
    return this.statusOf(id);
  }

  /** The audit rows written so far, oldest first (a copy). */
  auditTrail(): ReclaimAuditRow[] {
    return this.audit.map((row) => ({ ...row }));
  }

  // ---- the guardrails (LL_ReclaimPolicy) ----

  private decide(request: Request): Decision[] {
    this.requirePermissions(request.action);
    this.requireObjects(request.action);
    return request.userIds.map((userId) => this.decideOne(request, userId));
  }

  private decideOne(request: Request, userId: string): Decision {
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
   * Freeze and Deactivate never leave the org without an active, unfrozen
   * administrator (LL_ReclaimFacts + LL_ReclaimPolicy). An administrator whose
   * frozen state is unknown does not count as remaining.
   */
  private lastAdministratorGuard(request: Request, user: UserRow): Decision | null {
    if (!this.isAdministrator(user)) return null;
    const targets = new Set(request.userIds);
    const others = this.data.users.filter(
      (other) => !targets.has(other.id) && other.isActive && this.isAdministrator(other)
    );
    const states = others.map((other) => this.frozenState(other));
    if (states.includes('unfrozen')) return null;
    const why = states.includes('unknown')
      ? 'License Lens cannot confirm that another active, unfrozen administrator remains (the frozen state of the other administrators could not be read)'
      : 'no other active, unfrozen administrator would remain';
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

  private rowsOf(batchId: string): ReclaimAuditRow[] {
    return this.audit.filter((row) => row.batchId === batchId);
  }

  private statusOf(batchId: string): ReclaimResultDto {
    const rows = this.rowsOf(batchId);
    return {
      action: rows[0].action,
      dryRun: false,
      auditBatchId: batchId,
      pending: 0,
      results: rows.map((row) => ({
        userId: row.userId,
        username: row.username,
        permissionSetLicense: row.permissionSetLicense,
        outcome: row.outcome,
        message: row.message
      }))
    };
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
