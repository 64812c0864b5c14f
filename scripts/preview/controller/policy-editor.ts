/**
 * LL_PolicyEditController (getPolicyEdit, savePolicy, getPolicySaveStatus)
 * for the local preview: creating and editing a reclaim policy and its
 * exclusions, written to the in-memory custom metadata the PolicyController
 * reads, so that a policy created on the page previews, simulates and runs in
 * `npm start` like the records that deploy.
 *
 * As strict as the org:
 * - the same permission check and message as LL_PolicyEditAccessGuard
 *   ("Customize Application", "Manage Internal Users" (Manage Users stands in),
 *   "View Setup and Configuration"), so a Viewer or a Reclaim Admin without
 *   Customize Application is refused here too;
 * - the same input rules (llAnalytics/policyEdit.ts, which LL_PolicyEditRequest
 *   mirrors), refused with the same sentence;
 * - the save is asynchronous, as Metadata.Operations.enqueueDeployment: it
 *   answers Queued with a deployment id, and the records change only when the
 *   deployment completes. The preview completes it on the next status read
 *   (getPolicySaveStatus), as the collection controller moves its simulated
 *   job, so the page shows "deploying" before "saved";
 * - a retried save with the same requestId answers the first one, never a
 *   second deployment; every save is logged (who, which policy, what), as the
 *   Apex writes a PolicyChange audit row.
 */
import type {
  PolicyEditDto,
  PolicySaveResultDto,
  PolicySaveStatus
} from '../../../force-app/types/contract';
import {
  exclusionsOfPolicy,
  newPolicyDefaults,
  plannedExclusions,
  saveRefusal,
  validatePolicyEdit
} from '../../../force-app/main/default/lwc/llAnalytics/policyEdit';
import { ApexError } from './apex-error';
import type { ExclusionRecord, PolicyMetadata, PolicyRecord } from './custom-metadata';
import {
  SYSTEM_ADMINISTRATOR_PERMISSIONS,
  missingPermissionMessage,
  readOnlyCopyMessage
} from './reclaim-controller';

/** Setup labels of what LL_PolicyEditAccessGuard requires, in its order. */
export const CUSTOMIZE_APPLICATION = 'Customize Application';
export const MANAGE_INTERNAL_USERS = 'Manage Internal Users';
export const MANAGE_USERS = 'Manage Users';
export const VIEW_SETUP = 'View Setup and Configuration';
/** LL_PolicyEditAccessGuard.PURPOSE. */
export const POLICY_EDIT_PURPOSE = 'create and edit reclaim policies';
/** LL_PolicyEditRequest.MAX_REQUEST_ID_LENGTH. */
export const MAX_REQUEST_ID_LENGTH = 40;
/** LL_PolicyEditService.QUEUED_MESSAGE. */
export const QUEUED_MESSAGE =
  'Deploying the custom metadata records (Metadata API, asynchronous): the policy changes when the deployment completes.';

/** A System Administrator: SYSTEM_ADMINISTRATOR_PERMISSIONS and Customize Application. */
export const POLICY_ADMIN_PERMISSIONS: ReadonlySet<string> = new Set([
  ...SYSTEM_ADMINISTRATOR_PERMISSIONS,
  CUSTOMIZE_APPLICATION
]);

const REQUEST_ID = /^[A-Za-z0-9_-]+$/;

export interface PolicyEditorOptions {
  /** The PolicyController's records (the same object: a save changes what it reads). */
  metadata: () => PolicyMetadata;
  /** "Now" in epoch ms. */
  clock: () => number;
  /** Setup labels the admin holds; default POLICY_ADMIN_PERMISSIONS. */
  granted?: ReadonlySet<string>;
  /** The admin's user Id, kept as who asked; default "preview-admin". */
  actingUserId?: string | null;
  /** Set for a read-only copy of real orgs: saves are refused. */
  readOnlyCopyOf?: string;
}

/** What one save is, until and after it completes (the Apex keeps it in a PolicyChange audit row). */
export interface PolicyChangeRow {
  requestId: string;
  policyName: string;
  deploymentId: string;
  status: PolicySaveStatus;
  message: string;
  requestedBy: string;
  requestedAt: string;
  completedAt: string | null;
  /** The records the deployment writes. */
  policy: PolicyRecord;
  exclusions: ExclusionRecord[];
}

/** Parameters as the editor sends them. */
export interface GetPolicyEditParams {
  policyName?: unknown;
}
export interface SavePolicyParams {
  policy?: unknown;
  requestId?: unknown;
}
export interface PolicySaveStatusParams {
  requestId?: unknown;
}

/** Local implementation of LL_PolicyEditController. */
export class PolicyEditor {
  private readonly options: PolicyEditorOptions;
  private readonly granted: ReadonlySet<string>;
  private readonly changes = new Map<string, PolicyChangeRow>();
  private nextDeployment = 1;

  constructor(options: PolicyEditorOptions) {
    this.options = options;
    this.granted = options.granted ?? POLICY_ADMIN_PERMISSIONS;
  }

  /** LL_PolicyEditAccessGuard.missingPermissions. */
  missingPermissions(): string[] {
    const missing: string[] = [];
    if (!this.granted.has(CUSTOMIZE_APPLICATION)) missing.push(CUSTOMIZE_APPLICATION);
    if (!this.granted.has(MANAGE_INTERNAL_USERS) && !this.granted.has(MANAGE_USERS)) {
      missing.push(MANAGE_INTERNAL_USERS);
    }
    if (!this.granted.has(VIEW_SETUP)) missing.push(VIEW_SETUP);
    return missing;
  }

  private requireEdit(): void {
    const missing = this.missingPermissions();
    if (missing.length) {
      throw new ApexError(missingPermissionMessage(missing, POLICY_EDIT_PURPOSE));
    }
  }

  /**
   * LL_PolicyEditController.getPolicyEdit: the named policy as the form edits
   * it (its own exclusions, then those of every policy), or a new policy's
   * defaults for a blank name.
   */
  getPolicyEdit(params: GetPolicyEditParams | undefined): PolicyEditDto {
    this.requireEdit();
    const name = params?.policyName;
    const metadata = this.options.metadata();
    const current = metadata.exclusions.map((record) => ({ ...record, recordName: record.name }));
    if (name === undefined || name === null || (typeof name === 'string' && name.trim() === '')) {
      return { ...newPolicyDefaults(), exclusions: exclusionsOfPolicy('', current) };
    }
    const record = metadata.policies.find((policy) => policy.name === name);
    if (!record) {
      throw new ApexError(
        `No reclaim policy named "${String(name).slice(0, 64)}" (Setup, Custom Metadata Types, License Lens Reclaim Policy).`
      );
    }
    const whole = (value: unknown): number | null =>
      typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
    return {
      policyName: record.name,
      label: record.label ?? record.name,
      licenseKey: typeof record.licenseKey === 'string' ? record.licenseKey.trim() : '',
      inactivityDays: whole(record.inactivityDays),
      noticeDays: whole(record.noticeDays),
      deactivateAfterFrozenDays: whole(record.deactivateAfterFrozenDays),
      maxActionsPerRun: whole(record.maxActionsPerRun),
      dryRun: record.dryRun !== false && record.dryRun !== 'false',
      active: record.active === true || record.active === 'true',
      isNew: false,
      exclusions: exclusionsOfPolicy(record.name, current)
    };
  }

  /**
   * LL_PolicyEditController.savePolicy: checks the admin, the request id and
   * the input, then "enqueues the deployment" and answers Queued.
   */
  savePolicy(params: SavePolicyParams | undefined): PolicySaveResultDto {
    this.requireEdit();
    const requestId = requestIdOf(params?.requestId);
    const known = this.changes.get(requestId);
    if (known) {
      if (known.requestedBy !== this.requester()) {
        throw new ApexError(`Request ${requestId} is not one of yours.`);
      }
      return dtoOf(known);
    }
    if (this.options.readOnlyCopyOf) {
      throw new ApexError(
        readOnlyCopyMessage(this.options.readOnlyCopyOf, 'saves reclaim policies')
      );
    }
    const input = inputOf(params?.policy);
    const metadata = this.options.metadata();
    const errors = validatePolicyEdit(
      input,
      metadata.policies.map((policy) => policy.name)
    );
    if (errors.length) throw new ApexError(saveRefusal(errors));
    const policyName = input.policyName.trim();
    const exclusions = plannedExclusions(
      input,
      metadata.exclusions.map((record) => ({ ...record, recordName: record.name }))
    ).map((planned) => ({
      name: planned.recordName,
      policy: planned.policy,
      kind: planned.kind,
      value: planned.value
    }));
    const row: PolicyChangeRow = {
      requestId,
      policyName,
      deploymentId: `0Af${String(this.nextDeployment++).padStart(15, '0')}`,
      status: 'Queued',
      message: QUEUED_MESSAGE,
      requestedBy: this.requester(),
      requestedAt: new Date(this.options.clock()).toISOString(),
      completedAt: null,
      policy: {
        name: policyName,
        label: input.label.trim(),
        licenseKey: input.licenseKey.trim(),
        inactivityDays: input.inactivityDays,
        noticeDays: input.noticeDays,
        deactivateAfterFrozenDays: input.deactivateAfterFrozenDays,
        maxActionsPerRun: input.maxActionsPerRun,
        dryRun: input.dryRun,
        active: input.active
      },
      exclusions
    };
    this.changes.set(requestId, row);
    return dtoOf(row);
  }

  /**
   * LL_PolicyEditController.getPolicySaveStatus: the save's state; a queued
   * one completes here (the records change), as the org's deployment would
   * have by the time the page asks again.
   */
  getPolicySaveStatus(params: PolicySaveStatusParams | undefined): PolicySaveResultDto {
    this.requireEdit();
    const requestId = requestIdOf(params?.requestId);
    const row = this.changes.get(requestId);
    if (!row || row.requestedBy !== this.requester()) {
      throw new ApexError(`No policy save of yours with request id ${requestId}.`);
    }
    if (row.status === 'Queued') this.complete(row);
    return dtoOf(row);
  }

  /** Every save, oldest first (the PolicyChange audit rows). */
  changeLog(): PolicyChangeRow[] {
    return [...this.changes.values()].map((row) => ({ ...row }));
  }

  private complete(row: PolicyChangeRow): void {
    const metadata = this.options.metadata();
    const at = metadata.policies.findIndex((policy) => policy.name === row.policyName);
    if (at >= 0) metadata.policies[at] = { ...row.policy };
    else metadata.policies.push({ ...row.policy });
    for (const exclusion of row.exclusions) {
      const existing = metadata.exclusions.findIndex((record) => record.name === exclusion.name);
      if (existing >= 0) metadata.exclusions[existing] = { ...exclusion };
      else metadata.exclusions.push({ ...exclusion });
    }
    row.status = 'Succeeded';
    row.completedAt = new Date(this.options.clock()).toISOString();
    row.message = `Deployed: reclaim policy ${row.policyName} and ${row.exclusions.length} exclusion ${row.exclusions.length === 1 ? 'record' : 'records'}.`;
  }

  private requester(): string {
    return this.options.actingUserId ?? 'preview-admin';
  }
}

function dtoOf(row: PolicyChangeRow): PolicySaveResultDto {
  return {
    requestId: row.requestId,
    policyName: row.policyName,
    deploymentId: row.deploymentId,
    status: row.status,
    message: row.message,
    requestedBy: row.requestedBy
  };
}

/** LL_PolicyEditRequest.requestIdOf. */
function requestIdOf(value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_REQUEST_ID_LENGTH ||
    !REQUEST_ID.test(value)
  ) {
    throw new ApexError(
      `requestId must be 1 to ${MAX_REQUEST_ID_LENGTH} letters, digits, "-" or "_"; got "${String(value).slice(0, 20)}".`
    );
  }
  return value;
}

/** The input as Apex would deserialize LL_PolicyEditDto: missing fields are null/false. */
function inputOf(value: unknown): PolicyEditDto {
  if (!value || typeof value !== 'object') throw new ApexError('policy is required.');
  const raw = value as Record<string, unknown>;
  const str = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  const num = (key: string) => (typeof raw[key] === 'number' ? (raw[key] as number) : null);
  const exclusions = Array.isArray(raw.exclusions) ? raw.exclusions : [];
  return {
    policyName: str('policyName'),
    label: str('label'),
    licenseKey: str('licenseKey'),
    inactivityDays: num('inactivityDays'),
    noticeDays: num('noticeDays'),
    deactivateAfterFrozenDays: num('deactivateAfterFrozenDays'),
    maxActionsPerRun: num('maxActionsPerRun'),
    dryRun: raw.dryRun !== false,
    active: raw.active === true,
    isNew: raw.isNew === true,
    exclusions: exclusions.map((entry) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      return {
        kind: e.kind as PolicyEditDto['exclusions'][number]['kind'],
        value: typeof e.value === 'string' ? e.value : '',
        recordName: typeof e.recordName === 'string' ? e.recordName : null,
        allPolicies: e.allPolicies === true
      };
    })
  };
}
