/**
 * Reclaim policies in the local preview: LL_ReclaimController.previewPolicy
 * and the nightly LL_ReclaimPolicyJob, implemented over an OrgData with the
 * same rules as the Apex (LL_PolicyCandidateSelector's filter and keyset
 * pages, LL_ReclaimPolicyService's exclusions and steps, LL_ReclaimLadder via
 * policy-ladder.ts), reading the policies from the same custom metadata
 * records that deploy (custom-metadata.ts readPolicyMetadata).
 *
 * Freeze and Deactivate go through a ReclaimController (the manual reclaim's
 * stand-in, reused, not copied): its guardrails, its unique request keys, its
 * audit rows, its job. That ReclaimController is the policy controller's own,
 * on the policy controller's clock, so that the clock can be advanced: the
 * preview can run the nightly job "N days later" (runNightlyDaysLater) and
 * show the ladder walking, notice, freeze, deactivation, over the demo org.
 * Changes land in the same OrgData, so the dashboard shows them.
 *
 * What the data cannot tell, said here and in each answer:
 * - the export holds no permission set assignments nor public group members:
 *   without `permissionSetsByUser` / `groupsByUser`, a policy with such
 *   exclusions is not run (the nightly job skips it, naming why) and its
 *   preview carries a note; the License Lens integration user
 *   (LL_Integration_User) can only be recognised through `permissionSetsByUser`;
 * - there is no async budget in the preview (LL_AsyncBudgetGuard is not
 *   mirrored);
 * - nightly rollups: `rollupLastLoginByUser` (newest successful login per
 *   user) when given, else none;
 * - notices go into an in-memory EmailOutbox with the org's email limits
 *   (per-transaction sendEmail invocations, the daily single-email limit, the
 *   deliverability setting): notice-notifier.ts mirrors LL_ReclaimNotifier.
 *   The export holds no User.Email or ManagerId: managers come from
 *   `managerByUser`, and recipients are named by username.
 */
import type { PolicyCandidateDto, PolicyPreviewDto } from '../../../force-app/types/contract';
import { orgTimeZone, type OrgData } from '../data/org-data';
import type { UserRow } from '../data/schemas';
import { ApexError } from './apex-error';
import { compareCodeUnits, readPolicyMetadata, type PolicyMetadata } from './custom-metadata';
import {
  ALL_LICENSES,
  dayOf,
  nextStep,
  policyOf,
  type LadderAction,
  type LadderRow,
  type LadderStep,
  type ReclaimPolicy
} from './policy-ladder';
import { ReclaimController, readOnlyCopyMessage, type ReclaimAuditRow } from './reclaim-controller';
import {
  DELIVERABILITY_VALUES,
  EmailOutbox,
  type Deliverability,
  type EmailOutboxOptions,
  type SentMessage
} from './email-outbox';
import { EmailNotifier, NOT_SENT, TRIED_AGAIN, type PolicyNotice } from './notice-notifier';
import {
  PolicyEditor,
  type GetPolicyEditParams,
  type PolicySaveStatusParams,
  type SavePolicyParams
} from './policy-editor';

/** LL_PolicyCandidateSelector.MAX_PAGE_SIZE (= one reclaim request's maximum). */
export const MAX_PAGE_SIZE = 200;
/** LL_PolicyCandidateSelector.MAX_LADDER_ROWS_PER_USER. */
export const MAX_LADDER_ROWS_PER_USER = 20;
/** LL_ReclaimFacts.INTEGRATION_PERMISSION_SET. */
export const INTEGRATION_PERMISSION_SET = 'LL_Integration_User';
/** LL_ReclaimPolicyService messages. */
export const SELF_MESSAGE = 'This is you: License Lens never acts on the admin who runs it.';
export const INTEGRATION_MESSAGE =
  'The License Lens integration user (LL_Integration_User permission set) is always excluded.';
export const ROLLUP_MESSAGE =
  'The nightly rollup (LL_User_Activity__c) holds a successful login newer than the threshold.';
/** LL_ReclaimNotifier.NOT_SENT: how the message of every live notice that was not sent begins. */
export { NOT_SENT };
export type { PolicyNotice };
/** LL_ReclaimPolicyService.LIVE_RUN_STOPS: what a dry-run Notify row adds when the notifier sends nothing. */
export const LIVE_RUN_STOPS =
  'A live run would stop here: the notifier in use sends no notice, so no freeze or deactivation would follow.';

/**
 * LL_ReclaimNotifier, the notice seam: a live notice is Succeeded only when
 * notifyAll() answers sent, Skipped when deferred (tried again next night),
 * otherwise Failed (the ladder stops there). The default is EmailNotifier over
 * the controller's EmailOutbox.
 */
export interface PolicyNotifier {
  /** False: every live notice is unsent (dry runs say a live run would stop). */
  sendsNotices(): boolean;
  /** A new Apex transaction (one job chunk): per-transaction state resets. */
  beginTransaction?(): void;
  /** One answer per user Id; the run's instant `now` (the freeze is announced for now + Notice Days). */
  notifyAll(
    users: readonly UserRow[],
    policy: ReclaimPolicy,
    now: number
  ): Map<string, PolicyNotice>;
  /** Why the org refused email in this transaction (the job then stops the Notify pass), or null. */
  getRefusal?(): string | null;
}

/** A notifier that sends nothing, and says so (a replaced seam; tests). */
export const UNSENT_NOTIFIER: PolicyNotifier = {
  sendsNotices: () => false,
  notifyAll: (users) =>
    new Map(
      users.map((user) => [
        user.id,
        { sent: false, message: `${NOT_SENT}: the notifier in use sends no email.` }
      ])
    )
};
/** LL_ReclaimPolicyJob.PASSES: the order of one policy's passes in a run. */
export const PASSES: readonly LadderAction[] = ['Deactivate', 'Freeze', 'Notify'];
/** Largest clock advance one call accepts (LL_ReclaimPolicyConfig.MAX_DAYS). */
export const MAX_ADVANCE_DAYS = 3650;
const PLATFORM_USER_TYPES: readonly string[] = ['Guest', 'AutomatedProcess'];
const DAY_MS = 86_400_000;
const KILL_SWITCH_OFF =
  'Reclaim policies are switched off (LL_Setting Default, Reclaim Policies Enabled): nothing was read.';

/** LL_PolicyCandidateDto and LL_PolicyPreviewDto: the contract's (force-app/types/contract.ts). */
export type { PolicyCandidateDto, PolicyPreviewDto };

/** A policy's row of LL_Reclaim_Audit__c (its own, or the manual path's for its requests). */
export interface PolicyAuditRow {
  batchId: string;
  policy: string;
  action: LadderAction;
  /** DryRun; Succeeded (a sent notice) or Failed (an unsent one); or the reclaim outcome (Requested, Succeeded, Skipped, ...). */
  status: string;
  userId: string;
  username: string | null;
  message: string | null;
  reason: string;
  /** CreatedDate (ISO instant). */
  createdAt: string;
  /** Completed_At__c (ISO instant); null while Requested. */
  completedAt: string | null;
}

/** What one nightly run did (the Apex keeps it in the audit rows and the debug log). */
export interface NightlyRunResult {
  ranAt: string;
  policiesEnabled: boolean;
  stopReason: string | null;
  policies: { name: string; steps: Record<LadderAction, number>; stopReason: string | null }[];
}

export interface PolicyControllerOptions {
  data: OrgData;
  /** "Now" in epoch ms before any advance. */
  clock: () => number;
  /** The policies, exclusions and kill switch; default: readPolicyMetadata(). */
  metadata?: PolicyMetadata;
  /**
   * The kill switch as `npm start -- --policies-enabled` sets it, in place of
   * LL_Setting Default's Reclaim_Policies_Enabled__c (false in the records
   * that deploy); absent: the records decide. In an org an admin switches it
   * in Setup (Custom Metadata Types, LL_Setting, Default).
   */
  policiesEnabled?: boolean;
  /** The admin's permissions, for the ReclaimController (its default when absent). */
  granted?: ReadonlySet<string>;
  /** Users with API Only User (see ReclaimControllerOptions). */
  apiOnlyUserIds?: ReadonlySet<string>;
  /** The admin running the preview or the job ("yourself"); none by default. */
  actingUserId?: string | null;
  /** PermissionSet.Name values per user; absent: the data cannot tell. */
  permissionSetsByUser?: ReadonlyMap<string, readonly string[]>;
  /** Public group DeveloperNames per user (direct members); absent: the data cannot tell. */
  groupsByUser?: ReadonlyMap<string, readonly string[]>;
  /** Newest successful login per user in the nightly rollups (epoch ms). */
  rollupLastLoginByUser?: ReadonlyMap<string, number>;
  /** The notice seam (LL_ReclaimNotifier); default an EmailNotifier over `outbox`, as the Apex. */
  notifier?: PolicyNotifier;
  /** The in-memory outbox's settings (on the controller's clock); default: 5,000 a day, All email. */
  email?: Omit<EmailOutboxOptions, 'clock'>;
  /** User.ManagerId per user (the export holds none); absent: no manager. */
  managerByUser?: ReadonlyMap<string, string>;
  /**
   * Set when the data is a copy of real orgs read through the API
   * (`npm start -- --target-org`; see ReclaimControllerOptions.readOnlyCopyOf):
   * the nightly run refuses (nothing changes), previewPolicy still answers,
   * read-only, with a note that the policies are this repository's records.
   */
  readOnlyCopyOf?: string;
}

/** Parameters of previewPolicy. */
export interface PreviewPolicyParams {
  policyName?: unknown;
  afterUserId?: unknown;
}

interface Candidate {
  user: UserRow;
  excludedBecause: string | null;
  step: LadderStep | null;
}

interface Exclusions {
  permissionSetNames: Set<string>;
  profileNames: Set<string>;
  groupNames: Set<string>;
  usernames: Set<string>;
}

const USER_ID = /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

/** Apex String.abbreviate(maxWidth). */
function abbreviate(text: string, maxWidth: number): string {
  return text.length <= maxWidth ? text : `${text.slice(0, maxWidth - 3)}...`;
}

function isoOrNull(instant: number | null): string | null {
  return instant === null ? null : new Date(instant).toISOString();
}

/** LL_ReclaimPolicyService.batchIdOf. */
export function batchIdOf(
  policy: ReclaimPolicy,
  action: LadderAction,
  now: number,
  firstUserId: string
): string {
  const day = dayOf(now).replace(/-/g, '');
  return `P${day}${action.slice(0, 1)}${policy.dryRun ? 'd' : 'l'}-${firstUserId}-${policy.name.slice(0, 30)}`;
}

/** LL_ReclaimPolicyService.reasonOf. */
export function reasonOf(policy: ReclaimPolicy): string {
  return `Reclaim policy ${policy.name}: no successful login of any type for ${policy.inactivityDays} days or more.`;
}

/** Local implementation of previewPolicy and of the nightly policy job. */
export class PolicyController {
  /** The manual path's stand-in the policy steps go through, on this controller's clock. */
  readonly reclaim: ReclaimController;
  /** Creating and editing policies (LL_PolicyEditController), writing the records read here. */
  readonly editor: PolicyEditor;
  private readonly data: OrgData;
  private readonly baseClock: () => number;
  private loadedMetadata: PolicyMetadata | null;
  private readonly options: PolicyControllerOptions;
  private offsetMs = 0;
  private readonly rows: PolicyAuditRow[] = [];
  /** The unique index on Request_Key__c for the policy's own rows. */
  private readonly keys = new Set<string>();
  /** Which policy sent each reclaim request (LL_Reclaim_Audit__c.Policy__c). */
  private readonly policyOfBatch = new Map<string, string>();
  /** Where the notices go (Preview.reclaimNoticeOutbox lists it). */
  readonly outbox: EmailOutbox;
  private readonly notifier: PolicyNotifier;

  constructor(options: PolicyControllerOptions) {
    this.options = options;
    this.data = options.data;
    this.baseClock = options.clock;
    this.loadedMetadata = options.metadata ?? null;
    this.reclaim = new ReclaimController({
      data: options.data,
      clock: () => this.now(),
      granted: options.granted,
      apiOnlyUserIds: options.apiOnlyUserIds,
      readOnlyCopyOf: options.readOnlyCopyOf
    });
    this.editor = new PolicyEditor({
      metadata: () => this.metadata,
      clock: () => this.now(),
      granted: options.granted,
      actingUserId: options.actingUserId,
      readOnlyCopyOf: options.readOnlyCopyOf
    });
    this.outbox = new EmailOutbox({ ...options.email, clock: () => this.now() });
    this.notifier =
      options.notifier ??
      new EmailNotifier(this.outbox, {
        userOf: (userId) => this.data.users.find((user) => user.id === userId),
        managerOf: (userId) => options.managerByUser?.get(userId) ?? null,
        frozenOf: (userId) => this.frozenOfId(userId),
        timeZoneId: () => orgTimeZone(this.data)
      });
  }

  /** Preview.reclaimNoticeOutbox: the notices sent, and the outbox's limits and use. */
  noticeOutbox(): {
    deliverability: Deliverability;
    dailyLimit: number;
    usedToday: number;
    messages: SentMessage[];
  } {
    return {
      deliverability: this.outbox.deliverability,
      dailyLimit: this.outbox.dailyLimit,
      usedToday: this.outbox.usedToday(),
      messages: this.outbox.sent()
    };
  }

  /** Preview.setEmailDeliverability: Setup, Deliverability, Access level. */
  setEmailDeliverability(params: { access?: unknown }): { deliverability: Deliverability } {
    const access = params?.access;
    if (!DELIVERABILITY_VALUES.includes(access as Deliverability)) {
      throw new ApexError(
        `access must be one of ${DELIVERABILITY_VALUES.join(', ')}; got ${abbreviate(String(access), 40)}.`
      );
    }
    this.outbox.deliverability = access as Deliverability;
    return { deliverability: this.outbox.deliverability };
  }

  /**
   * The policy records, read on first use (a broken record then fails that
   * call with HTTP 500 naming the file, not the whole preview).
   */
  private get metadata(): PolicyMetadata {
    if (this.loadedMetadata === null) {
      try {
        const read = readPolicyMetadata();
        this.loadedMetadata =
          this.options.policiesEnabled === undefined
            ? read
            : { ...read, policiesEnabled: this.options.policiesEnabled };
      } catch (error) {
        throw new ApexError((error as Error).message, 500, 'System.UnexpectedException');
      }
    }
    return this.loadedMetadata;
  }

  /** The controller's "now": the clock plus every advance. */
  now(): number {
    return this.baseClock() + this.offsetMs;
  }

  /** Moves the clock on by whole days (0..MAX_ADVANCE_DAYS). */
  advanceDays(days: unknown): void {
    if (
      typeof days !== 'number' ||
      !Number.isInteger(days) ||
      days < 0 ||
      days > MAX_ADVANCE_DAYS
    ) {
      throw new ApexError(
        `days must be a whole number from 0 to ${MAX_ADVANCE_DAYS}; got ${String(days)}.`
      );
    }
    this.offsetMs += days * DAY_MS;
  }

  /**
   * LL_ReclaimController.listReclaimPolicies (LL_ReclaimPolicyService.listPolicies):
   * every policy record with its values and the kill switch, by name, no
   * candidates; a record out of range is listed with the problem in note.
   */
  listPolicies(): PolicyPreviewDto[] {
    const policiesEnabled = this.metadata.policiesEnabled;
    return [...this.metadata.policies]
      .sort((a, b) => compareCodeUnits(a.name, b.name))
      .map((record) => {
        try {
          return this.headerOf(policyOf(record), policiesEnabled, null);
        } catch (error) {
          return {
            policyName: record.name,
            label: record.label ?? record.name,
            licenseKey: null,
            inactivityDays: null,
            noticeDays: null,
            deactivateAfterFrozenDays: null,
            maxActionsPerRun: null,
            dryRun: null,
            active: null,
            policiesEnabled,
            candidates: [],
            nextAfterUserId: null,
            note: (error as Error).message
          };
        }
      });
  }

  private headerOf(
    policy: ReclaimPolicy,
    policiesEnabled: boolean,
    note: string | null
  ): PolicyPreviewDto {
    return {
      policyName: policy.name,
      label: policy.label,
      licenseKey: policy.licenseKey,
      inactivityDays: policy.inactivityDays,
      noticeDays: policy.noticeDays,
      deactivateAfterFrozenDays: policy.deactivateAfterFrozenDays,
      maxActionsPerRun: policy.maxActionsPerRun,
      dryRun: policy.dryRun,
      active: policy.active,
      policiesEnabled,
      candidates: [],
      nextAfterUserId: null,
      note
    };
  }

  /** LL_ReclaimController.previewPolicy: one keyset page of candidates and their next step. */
  previewPolicy(params: PreviewPolicyParams): PolicyPreviewDto {
    const policy = this.policyNamed(params?.policyName);
    const after = this.afterUserIdOf(params?.afterUserId);
    const now = this.now();
    const page = this.candidates(policy, now)
      .filter((user) => after === null || user.id > after)
      .slice(0, MAX_PAGE_SIZE);
    const notes = [this.unsupportedExclusions(policy), this.readOnlyCopyNote()].filter(
      (note): note is string => note !== null
    );
    return {
      ...this.headerOf(
        policy,
        this.metadata.policiesEnabled,
        notes.length ? notes.join(' ') : null
      ),
      candidates: this.evaluate(policy, page, now).map((candidate) => ({
        userId: candidate.user.id,
        username: candidate.user.username,
        lastLoginDate: isoOrNull(candidate.user.lastLoginDate),
        excludedBecause: candidate.excludedBecause,
        step: candidate.step?.action ?? null,
        stepMessage: candidate.step?.message ?? null,
        dueAt: isoOrNull(candidate.step?.dueAt ?? null),
        guardrail: null,
        guardrailMessage: null
      })),
      nextAfterUserId: page.length === MAX_PAGE_SIZE ? page[page.length - 1].id : null
    };
  }

  /**
   * LL_ReclaimPolicyJob, one night: the kill switch first (off: nothing is
   * read), then every active policy in name order, three passes each
   * (Deactivate, Freeze, Notify) over chunks of MAX_PAGE_SIZE candidates,
   * within the policy's cap for the whole run.
   */
  runNightly(): NightlyRunResult {
    this.refuseOnReadOnlyCopy();
    const now = this.now();
    const result: NightlyRunResult = {
      ranAt: new Date(now).toISOString(),
      policiesEnabled: this.metadata.policiesEnabled,
      stopReason: null,
      policies: []
    };
    if (!this.metadata.policiesEnabled) {
      result.stopReason = KILL_SWITCH_OFF;
      return result;
    }
    const names = this.metadata.policies
      .filter((record) => record.active === 'true' || record.active === true)
      .map((record) => record.name)
      .sort(compareCodeUnits);
    for (const name of names) result.policies.push(this.runPolicy(name, now));
    return result;
  }

  /** Advances the clock by `days`, then runs the nightly job: "the job N days later". */
  runNightlyDaysLater(params: { days?: unknown }): NightlyRunResult {
    this.refuseOnReadOnlyCopy();
    this.advanceDays(params?.days);
    return this.runNightly();
  }

  /** The policies' audit rows (their own and their reclaim requests'), oldest first. */
  auditTrail(): PolicyAuditRow[] {
    const fromReclaim = this.reclaim
      .auditTrail()
      .filter((row) => this.policyOfBatch.has(row.batchId))
      .map((row) => this.policyRowOf(row));
    return [...this.rows.map((row) => ({ ...row })), ...fromReclaim].sort((a, b) =>
      compareCodeUnits(a.createdAt, b.createdAt)
    );
  }

  // ---- the run ----

  /** Refuses to run policies over a copy of real orgs (readOnlyCopyOf); nothing changes. */
  private refuseOnReadOnlyCopy(): void {
    if (this.options.readOnlyCopyOf !== undefined) {
      throw new ApexError(
        readOnlyCopyMessage(this.options.readOnlyCopyOf, 'runs reclaim policies')
      );
    }
  }

  /** What a preview over a copy of real orgs shows, or null. */
  private readOnlyCopyNote(): string | null {
    if (this.options.readOnlyCopyOf === undefined) return null;
    return `This preview shows a copy of ${this.options.readOnlyCopyOf} read through the API, with the policies of this repository (force-app/main/default/customMetadata), not the org's own records; nothing runs here.`;
  }

  private runPolicy(name: string, now: number): NightlyRunResult['policies'][number] {
    const steps: Record<LadderAction, number> = { Notify: 0, Freeze: 0, Deactivate: 0 };
    const outcome = { name, steps, stopReason: null as string | null };
    let policy: ReclaimPolicy;
    try {
      policy = this.policyNamed(name);
    } catch (error) {
      outcome.stopReason = (error as Error).message;
      return outcome;
    }
    const unsupported = this.unsupportedExclusions(policy);
    if (unsupported !== null) {
      outcome.stopReason = unsupported;
      return outcome;
    }
    let taken = 0;
    for (const action of PASSES) {
      // Each pass is its own batch: its locator reads the candidates when it starts.
      const users = this.candidates(policy, now);
      for (let start = 0; start < users.length; start += MAX_PAGE_SIZE) {
        const capLeft = policy.maxActionsPerRun - taken;
        if (capLeft <= 0) break;
        // Each chunk is its own Apex transaction (one execute of the batch).
        this.notifier.beginTransaction?.();
        try {
          const done = this.runStep(
            policy,
            action,
            users.slice(start, start + MAX_PAGE_SIZE),
            capLeft,
            now
          );
          steps[action] += done;
          taken += done;
        } catch (error) {
          outcome.stopReason = `${(error as ApexError).exceptionType ?? 'Error'}: ${(error as Error).message}`;
          return outcome;
        }
        const refusal = this.notifier.getRefusal?.() ?? null;
        if (refusal !== null) {
          // LL_ReclaimPolicyJob: the org refused email; the rest of the pass would only defer.
          outcome.stopReason = `Notices stopped: ${refusal}.`;
          return outcome;
        }
      }
    }
    return outcome;
  }

  /** LL_ReclaimPolicyService.runStep. */
  private runStep(
    policy: ReclaimPolicy,
    action: LadderAction,
    users: UserRow[],
    capLeft: number,
    now: number
  ): number {
    const due = this.evaluate(policy, users, now)
      .filter((candidate) => candidate.step?.action === action)
      .slice(0, capLeft);
    if (!due.length) return 0;
    const batchId = batchIdOf(policy, action, now, due[0].user.id);
    if (policy.dryRun || action === 'Notify') {
      const rows = this.stepRows(policy, action, due, batchId, now);
      // One insert, all or none: a key already there means this chunk ran today.
      if (rows.some((row) => this.keys.has(`${row.batchId}:${row.userId}:${row.action}`))) return 0;
      for (const row of rows) {
        this.keys.add(`${row.batchId}:${row.userId}:${row.action}`);
        this.rows.push(row);
      }
      // LL_ReclaimPolicyService.giveNotice: the rows first (Requested), then the emails, then each outcome.
      if (!policy.dryRun) this.giveNotice(policy, due, rows, now);
      return rows.length;
    }
    this.policyOfBatch.set(batchId, policy.name);
    this.reclaim.reclaim({ ...this.requestOf(policy, action, due), requestId: batchId });
    return due.length;
  }

  /**
   * LL_ReclaimPolicyService.giveNotice: sends, then completes each Requested
   * Notify row; a notifier that throws completes them Skipped, then rethrows.
   */
  private giveNotice(
    policy: ReclaimPolicy,
    due: Candidate[],
    rows: PolicyAuditRow[],
    now: number
  ): void {
    let notices: Map<string, PolicyNotice>;
    try {
      notices = this.notifier.notifyAll(
        due.map((candidate) => candidate.user),
        policy,
        now
      );
    } catch (error) {
      // The Apex job catches the exception and commits: complete the rows first (Skipped), then rethrow.
      const type = (error as ApexError).exceptionType ?? 'Error';
      const message = `${NOT_SENT}: the notices of this run failed (${type}: ${(error as Error).message}). ${TRIED_AGAIN}`;
      for (const row of rows) {
        row.status = 'Skipped';
        row.message = abbreviate(message, 4000);
      }
      throw error;
    }
    for (const row of rows) {
      const notice = notices.get(row.userId) ?? {
        sent: false,
        message: `${NOT_SENT}: the notifier gave no answer for this user.`
      };
      row.status = notice.sent ? 'Succeeded' : notice.deferred ? 'Skipped' : 'Failed';
      row.message = abbreviate(notice.message, 4000);
    }
  }

  /** LL_ReclaimPolicyService.requestOf: the reclaim request for the users due a step. */
  private requestOf(policy: ReclaimPolicy, action: LadderAction, due: Candidate[]) {
    return {
      action,
      userIds: due.map((candidate) => candidate.user.id),
      reason: reasonOf(policy),
      inactivity: due.map((candidate) => this.baselineOf(candidate.user))
    };
  }

  private baselineOf(user: UserRow) {
    const shown = isoOrNull(user.lastLoginDate);
    return { userId: user.id, lastLoginTime: shown, daysInactive: null, lastActivityTime: shown };
  }

  private stepRows(
    policy: ReclaimPolicy,
    action: LadderAction,
    due: Candidate[],
    batchId: string,
    now: number
  ): PolicyAuditRow[] {
    const freezeOn = dayOf(now + policy.noticeDays * DAY_MS);
    let guardrails = new Map<string, { outcome: string; message: string | null }>();
    let guardrailNote = '';
    if (policy.dryRun && action !== 'Notify') {
      try {
        const preview = this.reclaim.previewReclaim(this.requestOf(policy, action, due));
        guardrails = new Map(preview.results.map((result) => [result.userId, result]));
      } catch (error) {
        guardrailNote = ` The guardrails were not checked: ${(error as Error).message}`;
      }
    }
    const createdAt = new Date(now).toISOString();
    const notifier = this.notifier;
    return due.map((candidate) => {
      let message: string;
      let status = 'DryRun';
      if (!policy.dryRun) {
        // Live steps written here are notices only (runStep), Requested until giveNotice sends.
        status = 'Requested';
        message = 'Sending the notice.';
      } else {
        message = `Dry run: ${action} (${candidate.step!.message}) Nothing changed.`;
        if (action === 'Notify') {
          message += notifier.sendsNotices()
            ? ` A live run would email the user and their manager that the freeze comes on or after ${freezeOn} (GMT; the email names the day in the org's time zone).`
            : ` ${LIVE_RUN_STOPS}`;
        } else {
          const decision = guardrails.get(candidate.user.id);
          if (decision) {
            message += ` The guardrails would answer ${decision.outcome === 'Ready' ? 'Ready' : `${decision.outcome}: ${decision.message}`}`;
          }
        }
        message += guardrailNote;
      }
      return {
        batchId,
        policy: policy.name,
        action,
        status,
        userId: candidate.user.id,
        username: candidate.user.username,
        message: abbreviate(message, 4000),
        reason: reasonOf(policy),
        createdAt,
        completedAt: createdAt
      };
    });
  }

  // ---- the selector and the evaluation (LL_PolicyCandidateSelector, LL_ReclaimPolicyService.evaluate) ----

  /** Active users of the license, not run by Salesforce, whose last login and creation are older than the cutoff; by Id. */
  private candidates(policy: ReclaimPolicy, now: number): UserRow[] {
    const cutoff = now - policy.inactivityDays * DAY_MS;
    return this.data.users.filter(
      (user) =>
        user.isActive &&
        !PLATFORM_USER_TYPES.includes(user.userType) &&
        user.createdDate < cutoff &&
        (user.lastLoginDate === null || user.lastLoginDate < cutoff) &&
        (policy.licenseKey === ALL_LICENSES ||
          user.licenseName === policy.licenseKey ||
          user.licenseDefinitionKey === policy.licenseKey)
    );
  }

  private evaluate(policy: ReclaimPolicy, users: UserRow[], now: number): Candidate[] {
    const exclusions = this.exclusionsOf(policy.name);
    const cutoff = now - policy.inactivityDays * DAY_MS;
    const rowsByUser = this.ladderRowsOf(policy.name, users);
    return users.map((user) => {
      const excludedBecause = this.excludedBecause(user, exclusions);
      if (excludedBecause !== null) return { user, excludedBecause, step: null };
      const rollup = this.options.rollupLastLoginByUser?.get(user.id);
      if (rollup !== undefined && rollup >= cutoff) {
        return { user, excludedBecause: ROLLUP_MESSAGE, step: null };
      }
      return {
        user,
        excludedBecause: null,
        step: nextStep(
          policy,
          user.lastLoginDate,
          this.frozenOf(user),
          rowsByUser.get(user.id) ?? [],
          now
        )
      };
    });
  }

  private excludedBecause(user: UserRow, exclusions: Exclusions): string | null {
    if (user.id === this.options.actingUserId) return SELF_MESSAGE;
    if (exclusions.usernames.has(user.username.toLowerCase())) {
      return 'Excluded by name (User exclusion).';
    }
    if (user.profileName !== null && exclusions.profileNames.has(user.profileName.toLowerCase())) {
      return `Excluded: profile ${user.profileName}.`;
    }
    const permissionSets = this.options.permissionSetsByUser?.get(user.id) ?? [];
    if (permissionSets.includes(INTEGRATION_PERMISSION_SET)) return INTEGRATION_MESSAGE;
    const excludedSet = permissionSets.find((name) => exclusions.permissionSetNames.has(name));
    if (excludedSet !== undefined) return `Excluded: permission set ${excludedSet}.`;
    const group = (this.options.groupsByUser?.get(user.id) ?? []).find((name) =>
      exclusions.groupNames.has(name)
    );
    if (group !== undefined) return `Excluded: member of public group ${group}.`;
    return null;
  }

  /** LL_ReclaimPolicyConfig.exclusionsOf. */
  private exclusionsOf(policyName: string): Exclusions {
    const exclusions: Exclusions = {
      permissionSetNames: new Set(),
      profileNames: new Set(),
      groupNames: new Set(),
      usernames: new Set()
    };
    for (const record of this.metadata.exclusions) {
      const target = record.policy?.trim() ?? '';
      if ((target !== policyName && target !== '*') || !record.value?.trim()) continue;
      const value = record.value.trim();
      if (record.kind === 'PermissionSet') exclusions.permissionSetNames.add(value);
      else if (record.kind === 'Profile') exclusions.profileNames.add(value.toLowerCase());
      else if (record.kind === 'PublicGroup') exclusions.groupNames.add(value);
      else if (record.kind === 'User') exclusions.usernames.add(value.toLowerCase());
    }
    return exclusions;
  }

  /** Why the data cannot apply a policy's exclusions, or null when it can. */
  private unsupportedExclusions(policy: ReclaimPolicy): string | null {
    const exclusions = this.exclusionsOf(policy.name);
    const missing: string[] = [];
    if (exclusions.permissionSetNames.size && !this.options.permissionSetsByUser) {
      missing.push('permission set');
    }
    if (exclusions.groupNames.size && !this.options.groupsByUser) missing.push('public group');
    return missing.length
      ? `This preview's data holds no ${missing.join(' or ')} assignments, so the policy's ${missing.join(' and ')} exclusions cannot be applied; the nightly job does not run this policy here.`
      : null;
  }

  /** UserLogin.IsFrozen as LL_UserLoginSelector reads it: null when unknown. */
  private frozenOf(user: UserRow): boolean | null {
    return this.frozenOfId(user.id);
  }

  private frozenOfId(userId: string): boolean | null {
    if (this.data.unavailable.has('UserLogin') || !this.data.userLoginIds.has(userId)) return null;
    return this.data.frozenUserIds.has(userId);
  }

  /** LL_PolicyCandidateSelector.getLadderRows: the policy's rows of these users, newest first, capped. */
  private ladderRowsOf(policyName: string, users: UserRow[]): Map<string, LadderRow[]> {
    const ids = new Set(users.map((user) => user.id));
    const rows = this.auditTrail()
      .filter((row) => row.policy === policyName && ids.has(row.userId))
      .sort((a, b) => compareCodeUnits(b.createdAt, a.createdAt))
      .slice(0, users.length * MAX_LADDER_ROWS_PER_USER);
    const byUser = new Map<string, LadderRow[]>();
    for (const row of rows) {
      const list = byUser.get(row.userId) ?? [];
      list.push({
        action: row.action,
        status: row.status,
        message: row.message,
        createdAt: Date.parse(row.createdAt),
        completedAt: row.completedAt === null ? null : Date.parse(row.completedAt)
      });
      byUser.set(row.userId, list);
    }
    return byUser;
  }

  private policyRowOf(row: ReclaimAuditRow): PolicyAuditRow {
    return {
      batchId: row.batchId,
      policy: this.policyOfBatch.get(row.batchId) as string,
      action: row.action as LadderAction,
      status: row.outcome,
      userId: row.userId,
      username: row.username,
      message: row.message,
      reason: row.reason,
      createdAt: row.requestedAt,
      // The preview's job completes a row in the same instant it was requested.
      completedAt: row.outcome === 'Requested' ? null : row.requestedAt
    };
  }

  // ---- the simulation's scope (LL_PolicySimulationService) ----

  /**
   * What the simulation needs of a policy: the checked record, who its
   * exclusions (and yourself, and the integration user) leave out, and why the
   * data cannot apply them (null when it can), as evaluate() decides them.
   * @throws ApexError for an unknown policy or a value out of range
   */
  simulationScopeOf(policyName: unknown): {
    policy: ReclaimPolicy;
    excludedBecause: (user: UserRow) => string | null;
    note: string | null;
  } {
    const policy = this.policyNamed(policyName);
    const exclusions = this.exclusionsOf(policy.name);
    return {
      policy,
      excludedBecause: (user) => this.excludedBecause(user, exclusions),
      note: this.unsupportedExclusions(policy)
    };
  }

  // ---- arguments ----

  /** LL_ReclaimPolicyConfig.getPolicy: the named record, checked. */
  private policyNamed(name: unknown): ReclaimPolicy {
    const record = this.metadata.policies.find((candidate) => candidate.name === name);
    if (!record) {
      throw new ApexError(
        `No reclaim policy named "${abbreviate(String(name ?? 'null'), 64)}" (Setup, Custom Metadata Types, License Lens Reclaim Policy).`
      );
    }
    try {
      return policyOf(record);
    } catch (error) {
      throw new ApexError((error as Error).message);
    }
  }

  private afterUserIdOf(value: unknown): string | null {
    if (
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '')
    ) {
      return null;
    }
    if (typeof value === 'string' && USER_ID.test(value)) return value;
    throw new ApexError(`afterUserId must be a user Id; got "${abbreviate(String(value), 20)}".`);
  }
}

/**
 * The policy methods the preview answers, by `<Class>.<method>`. The
 * `Preview.*` ones exist only in the preview (there is no such Apex): they run
 * the nightly job over the demo org on an advanced clock, list its rows and
 * the notices its in-memory outbox accepted, and flip the org's email
 * deliverability ("System email only") to see notices refused.
 */
export const POLICY_APEX_METHODS: Readonly<
  Record<string, (controller: PolicyController, params: never) => unknown>
> = {
  'LL_ReclaimController.previewPolicy': (controller, params: PreviewPolicyParams) =>
    controller.previewPolicy(params),
  'LL_ReclaimController.listReclaimPolicies': (controller) => controller.listPolicies(),
  'LL_PolicyEditController.getPolicyEdit': (controller, params: GetPolicyEditParams) =>
    controller.editor.getPolicyEdit(params),
  'LL_PolicyEditController.savePolicy': (controller, params: SavePolicyParams) =>
    controller.editor.savePolicy(params),
  'LL_PolicyEditController.getPolicySaveStatus': (controller, params: PolicySaveStatusParams) =>
    controller.editor.getPolicySaveStatus(params),
  'Preview.runReclaimPoliciesDaysLater': (controller, params: { days?: unknown }) =>
    controller.runNightlyDaysLater(params),
  'Preview.reclaimPolicyAuditTrail': (controller) => controller.auditTrail(),
  'Preview.reclaimNoticeOutbox': (controller) => controller.noticeOutbox(),
  'Preview.setEmailDeliverability': (controller, params: { access?: unknown }) =>
    controller.setEmailDeliverability(params)
};
