import { LightningElement, api } from 'lwc';
import previewReclaim from '@salesforce/apex/LL_ReclaimController.previewReclaim';
import reclaim from '@salesforce/apex/LL_ReclaimController.reclaim';
import getReclaimStatus from '@salesforce/apex/LL_ReclaimController.getReclaimStatus';
import {
  MAX_RECLAIM_REASON_LENGTH,
  RECLAIM_ACTIONS,
  RECLAIM_ACTION_LABELS,
  countEligible,
  countOutcomes,
  createReclaimRequestId,
  inactivityFacts,
  irreversibleWarning,
  needsPermissionSetLicense,
  outcomeSummary,
  permissionSetLicenseChoices,
  reasonProblem,
  reclaimAcknowledgement,
  reclaimOffer,
  reclaimPermissionNote
} from 'c/llAnalytics';
import type { ReclaimOffer, ReclaimOutcomeCounts, UserInsight } from 'c/llAnalytics';
import { missingPermission, reduceErrors } from 'c/llErrors';
import type {
  ReclaimAction,
  ReclaimOutcome,
  ReclaimResultDto,
  ReclaimUserResultDto
} from '../../../../types/contract';

/** Wait between two getReclaimStatus calls while the background job runs (ms). */
export const RECLAIM_POLL_INTERVAL_MS = 3000;
/** getReclaimStatus calls before the dialog stops waiting (with the interval: one minute). */
export const RECLAIM_MAX_POLL_ATTEMPTS = 20;

/** Detail of the `reclaimcomplete` event: a request was accepted by the server. */
export interface ReclaimCompleteDetail {
  action: ReclaimAction;
  auditBatchId: string;
  /** False when the dialog closed while the background job was still running. */
  finished: boolean;
  counts: ReclaimOutcomeCounts;
}

type Step = 'choose' | 'preview' | 'result';
type Stage = 'preview' | 'reclaim' | 'status';

const STEP_LABELS: Readonly<Record<Step, string>> = Object.freeze({
  choose: 'Step 1 of 3: choose the action and give a reason',
  preview: 'Step 2 of 3: check what would happen',
  result: 'Step 3 of 3: outcome'
});

const ERROR_MESSAGES: Readonly<Record<Stage, string>> = Object.freeze({
  preview: 'The preview could not be run. Nothing has changed.',
  reclaim: 'The reclaim request was not accepted. Nothing has changed.',
  status: 'License Lens could not read how the reclaim request is going.'
});

const OUTCOME_BADGES: Readonly<Record<ReclaimOutcome, string>> = Object.freeze({
  Ready: 'slds-badge slds-badge_lightest',
  Requested: 'slds-badge',
  Succeeded: 'slds-badge slds-theme_success',
  Failed: 'slds-badge slds-theme_error',
  Blocked: 'slds-badge slds-theme_warning',
  Skipped: 'slds-badge slds-badge_lightest'
});

export const DEACTIVATE_WARNING = irreversibleWarning('Deactivate')?.summary ?? '';

export const PERMISSION_SET_HINT =
  'Reclaim actions need the License Lens Reclaim Admin permission set (Manage Internal Users, View Setup and Configuration). Freeze, Unfreeze and removing a permission set license also need Manage Users, which License Lens does not grant.';

/** A selected user the dialog does not offer for the action, and why. */
interface HeldRow {
  key: string;
  userName: string;
  reason: string;
}

/** One row of the outcome table. */
interface ResultRow {
  key: string;
  userName: string;
  username: string;
  outcome: ReclaimOutcome;
  badgeClass: string;
  message: string;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The reclaim dialog: choose an action and a reason, preview the server's
 * per-user outcome (nothing changes), confirm, then follow the background job
 * until every user has an outcome. SLDS modal markup in the component: focus
 * moves in on open and stays inside, Escape closes. Raises `close` when it
 * closes, after `reclaimcomplete` when a request was accepted.
 */
export default class LlReclaimDialog extends LightningElement {
  /** The selected users, as the table shows them. */
  @api users: readonly UserInsight[] = [];

  step: Step = 'choose';
  reason = '';
  permissionSetLicense: string | null = null;
  validationMessage = '';
  busy = false;
  busyLabel = '';
  error: unknown = null;
  errorStage: Stage | null = null;
  preview: ReclaimResultDto | null = null;
  outcome: ReclaimResultDto | null = null;
  polling = false;
  stillRunning = false;
  /** The admin ticked the acknowledgement the action asks for (permission set license removal). */
  acknowledged = false;
  /** Announced to screen readers at each turn of the flow. */
  liveMessage = '';

  readonly maxReasonLength = MAX_RECLAIM_REASON_LENGTH;
  readonly permissionSetHint = PERMISSION_SET_HINT;

  private chosenAction: ReclaimAction = 'Freeze';
  private requestId: string | null = null;
  private pollAttempts = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private focusPending = true;

  /** The action the dialog opens with; the admin can change it in step 1. */
  @api
  get action(): ReclaimAction {
    return this.chosenAction;
  }
  set action(value: ReclaimAction) {
    this.chosenAction = RECLAIM_ACTIONS.includes(value) ? value : 'Freeze';
    this.resetPermissionSetLicense();
  }

  connectedCallback(): void {
    this.closed = false;
    this.resetPermissionSetLicense();
  }

  renderedCallback(): void {
    if (!this.focusPending) return;
    const heading = this.template?.querySelector<HTMLElement>('[data-id="heading"]');
    if (heading) {
      heading.focus();
      this.focusPending = false;
    }
  }

  disconnectedCallback(): void {
    this.closed = true;
    this.stopPolling();
  }

  // ---- what the template reads ----

  get actionLabel(): string {
    return RECLAIM_ACTION_LABELS[this.chosenAction];
  }

  get heading(): string {
    return `${this.actionLabel}: ${plural(this.users.length, 'selected user')}`;
  }

  get stepLabel(): string {
    return STEP_LABELS[this.step];
  }

  get isChoose(): boolean {
    return this.step === 'choose';
  }

  get isPreview(): boolean {
    return this.step === 'preview';
  }

  get isResult(): boolean {
    return this.step === 'result';
  }

  /** Deactivate and permission set license removal: License Lens cannot undo them. */
  get isDestructive(): boolean {
    return irreversibleWarning(this.chosenAction) !== null;
  }

  /** The selected users split into those offered for the action and those held back (one rule: reclaimOffer). */
  get offer(): ReclaimOffer {
    return reclaimOffer(this.chosenAction, this.users);
  }

  get heldRows(): HeldRow[] {
    return this.offer.held.map(({ insight, reason }) => ({
      key: insight.id,
      userName: insight.user.name,
      reason
    }));
  }

  get hasHeld(): boolean {
    return this.isChoose && this.offer.held.length > 0;
  }

  get heldSummary(): string {
    const held = this.offer.held.length;
    const verb = held === 1 ? 'is' : 'are';
    return `${plural(held, 'selected user')} ${verb} not offered for ${this.actionLabel}: a recent successful login of any type (API and OAuth included) means someone or something still uses the account.`;
  }

  /** Before the preview: the action needs Manage Users, which no License Lens permission set grants. */
  get permissionNote(): string | null {
    return this.isChoose ? reclaimPermissionNote(this.chosenAction) : null;
  }

  get showIrreversibleWarning(): boolean {
    return this.isDestructive && this.step !== 'result';
  }

  get irreversibleSummary(): string {
    return irreversibleWarning(this.chosenAction)?.summary ?? '';
  }

  get reassignSteps(): { key: string; text: string }[] {
    const steps = irreversibleWarning(this.chosenAction)?.steps ?? [];
    return steps.map((text, index) => ({ key: `step-${index}`, text }));
  }

  get hasReassignSteps(): boolean {
    return this.reassignSteps.length > 0;
  }

  get reassignSource(): string | null {
    return irreversibleWarning(this.chosenAction)?.source ?? null;
  }

  /** The statement to tick before Confirm (permission set license removal); null otherwise. */
  get acknowledgementLabel(): string | null {
    return this.isPreview ? reclaimAcknowledgement(this.chosenAction) : null;
  }

  get actionOptions(): { label: string; value: ReclaimAction }[] {
    return RECLAIM_ACTIONS.map((value) => ({ label: RECLAIM_ACTION_LABELS[value], value }));
  }

  get needsLicense(): boolean {
    return needsPermissionSetLicense(this.chosenAction);
  }

  get licenseOptions(): { label: string; value: string }[] {
    const total = this.users.length;
    return permissionSetLicenseChoices(this.users.map((insight) => insight.user)).map((choice) => ({
      label: `${choice.developerName} (${choice.holders} of ${total} selected)`,
      value: choice.developerName
    }));
  }

  get hasLicenseOptions(): boolean {
    return this.licenseOptions.length > 0;
  }

  get expectation(): string {
    const offered = this.offer.offered;
    const total = offered.length;
    const eligible = countEligible(
      this.chosenAction,
      offered.map((insight) => insight.user),
      this.permissionSetLicense
    );
    const others = total - eligible;
    const rest = others ? `; ${plural(others, 'user')} would likely be skipped` : '';
    return `As far as this page can tell, ${eligible} of ${total} would change${rest}. The preview asks the server, which checks every guardrail.`;
  }

  get reasonCounter(): string {
    return `${this.reason.length}/${MAX_RECLAIM_REASON_LENGTH} characters`;
  }

  get previewSummary(): string {
    const preview = this.preview;
    if (!preview) return '';
    const summary = outcomeSummary(countOutcomes(preview.results));
    return `Preview of ${this.actionLabel} for ${plural(preview.results.length, 'user')}: ${summary}. Nothing has changed yet.`;
  }

  get readyCount(): number {
    return this.preview ? countOutcomes(this.preview.results).Ready : 0;
  }

  get confirmLabel(): string {
    return `${this.actionLabel}: ${plural(this.readyCount, 'user')}`;
  }

  get confirmClass(): string {
    return this.isDestructive
      ? 'slds-button slds-button_destructive'
      : 'slds-button slds-button_brand';
  }

  get confirmDisabled(): boolean {
    const unacknowledged = reclaimAcknowledgement(this.chosenAction) !== null && !this.acknowledged;
    return this.busy || this.readyCount === 0 || unacknowledged;
  }

  get nothingReady(): boolean {
    return !!this.preview && this.readyCount === 0;
  }

  get previewRows(): ResultRow[] {
    return this.rowsOf(this.preview?.results ?? []);
  }

  get resultRows(): ResultRow[] {
    return this.rowsOf(this.outcome?.results ?? []);
  }

  get resultSummary(): string {
    const outcome = this.outcome;
    if (!outcome) return '';
    const summary = outcomeSummary(countOutcomes(outcome.results));
    if (outcome.pending > 0) {
      return `${this.actionLabel} requested: ${summary}.`;
    }
    return `${this.actionLabel} finished: ${summary}.`;
  }

  get pendingMessage(): string {
    const pending = this.outcome?.pending ?? 0;
    return `Working in the background: ${plural(pending, 'user')} still pending…`;
  }

  get stillRunningMessage(): string {
    const id = this.outcome?.auditBatchId ?? '';
    return `Still running — see the License Lens Reclaim Audit tab or report (request id ${id}). The outcome of every user is recorded there when the job ends.`;
  }

  get canCheckAgain(): boolean {
    return this.isResult && !this.polling && (this.stillRunning || this.errorStage === 'status');
  }

  get errorMessage(): string {
    return this.errorStage ? ERROR_MESSAGES[this.errorStage] : '';
  }

  get showPermissionHint(): boolean {
    return !!this.error && missingPermission(reduceErrors(this.error)) !== null;
  }

  get previewDisabled(): boolean {
    return this.busy || this.offer.offered.length === 0;
  }

  get cancelLabel(): string {
    return this.isResult ? 'Close' : 'Cancel';
  }

  get cancelClass(): string {
    return this.isResult ? 'slds-button slds-button_brand' : 'slds-button slds-button_neutral';
  }

  // ---- events ----

  handleActionChange(event: CustomEvent<{ value: ReclaimAction }>): void {
    this.chosenAction = event.detail.value;
    this.resetPermissionSetLicense();
    this.choicesChanged();
  }

  handleLicenseChange(event: CustomEvent<{ value: string }>): void {
    this.permissionSetLicense = event.detail.value || null;
    this.choicesChanged();
  }

  handleReasonChange(event: CustomEvent<{ value: string }>): void {
    this.reason = event.detail.value ?? '';
    this.choicesChanged();
  }

  handleAcknowledge(event: Event): void {
    this.acknowledged = (event.target as HTMLInputElement).checked === true;
  }

  handlePreview(): void {
    const problem = this.problemWithChoices();
    this.validationMessage = problem ?? '';
    if (problem) {
      this.reportFieldValidity();
      return;
    }
    this.startCall('Asking the server what would happen…');
    previewReclaim({
      action: this.chosenAction,
      userIds: this.userIds(),
      reason: this.reason,
      permissionSetLicense: this.licenseToSend(),
      inactivity: inactivityFacts(this.offer.offered)
    })
      .then((result) => {
        if (this.closed) return;
        this.preview = result;
        this.acknowledged = false;
        this.goTo('preview');
        this.liveMessage = this.previewSummary;
      })
      .catch((error: unknown) => this.fail('preview', error))
      .finally(() => this.endCall());
  }

  handleBack(): void {
    this.preview = null;
    this.acknowledged = false;
    this.requestId = null;
    this.clearError();
    this.goTo('choose');
  }

  handleConfirm(): void {
    if (this.confirmDisabled) return;
    // One id per confirmed preview: a retry after a lost answer acts no further.
    this.requestId ??= createReclaimRequestId();
    this.startCall('Sending the request…');
    reclaim({
      action: this.chosenAction,
      userIds: this.userIds(),
      reason: this.reason,
      requestId: this.requestId,
      permissionSetLicense: this.licenseToSend(),
      inactivity: inactivityFacts(this.offer.offered)
    })
      .then((result) => {
        if (this.closed) return;
        this.outcome = result;
        this.goTo('result');
        this.followUp();
      })
      .catch((error: unknown) => this.fail('reclaim', error))
      .finally(() => this.endCall());
  }

  handleCheckAgain(): void {
    this.pollAttempts = 0;
    this.stillRunning = false;
    this.clearError();
    this.poll();
  }

  handleCancel(): void {
    this.close();
  }

  handleKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape' || event.key === 'Esc') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
      return;
    }
    if (event.key === 'Tab') this.keepFocusInside(event);
  }

  // ---- the flow ----

  private problemWithChoices(): string | null {
    if (this.needsLicense && !this.permissionSetLicense) {
      return this.hasLicenseOptions
        ? 'Choose the permission set license to remove.'
        : 'None of the selected users holds a permission set license.';
    }
    return reasonProblem(this.reason);
  }

  private reportFieldValidity(): void {
    const fields = this.template?.querySelectorAll<HTMLElement & { reportValidity?: () => void }>(
      '[data-validate]'
    );
    fields?.forEach((field) => field.reportValidity?.());
  }

  /** Decides what follows an accepted request: wait for the job, or it is over. */
  private followUp(): void {
    const outcome = this.outcome;
    if (outcome && outcome.pending > 0 && outcome.auditBatchId) {
      this.liveMessage = `${this.resultSummary} Waiting for the background job.`;
      this.pollAttempts = 0;
      this.schedulePoll();
    } else {
      this.liveMessage = this.resultSummary;
    }
  }

  private schedulePoll(): void {
    this.stopPolling();
    this.polling = true;
    // The background job has no push channel to the page: asking again after a pause is the way.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll();
    }, RECLAIM_POLL_INTERVAL_MS);
  }

  private poll(): void {
    const auditBatchId = this.outcome?.auditBatchId;
    if (!auditBatchId || this.closed) return;
    this.pollAttempts++;
    this.polling = true;
    getReclaimStatus({ auditBatchId })
      .then((result) => {
        if (this.closed) return;
        this.outcome = result;
        if (result.pending === 0) {
          this.polling = false;
          this.liveMessage = this.resultSummary;
        } else if (this.pollAttempts >= RECLAIM_MAX_POLL_ATTEMPTS) {
          this.polling = false;
          this.stillRunning = true;
          this.liveMessage = this.stillRunningMessage;
        } else {
          this.schedulePoll();
        }
      })
      .catch((error: unknown) => {
        this.polling = false;
        this.fail('status', error);
      });
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopPolling();
    const outcome = this.outcome;
    if (outcome?.auditBatchId) {
      this.dispatchEvent(
        new CustomEvent<ReclaimCompleteDetail>('reclaimcomplete', {
          detail: {
            action: outcome.action,
            auditBatchId: outcome.auditBatchId,
            finished: outcome.pending === 0,
            counts: countOutcomes(outcome.results)
          }
        })
      );
    }
    this.dispatchEvent(new CustomEvent('close'));
  }

  /** Keeps Tab and Shift+Tab inside the dialog: from the last control to the first and back. */
  private keepFocusInside(event: KeyboardEvent): void {
    const first = this.template?.querySelector<HTMLElement>('[data-id="close"]');
    const footer = [
      ...(this.template?.querySelectorAll<HTMLButtonElement>(
        '[data-id="footer"] button:not([disabled])'
      ) ?? [])
    ];
    const last = footer.length ? footer[footer.length - 1] : first;
    if (!first || !last) return;
    const active = this.template?.activeElement;
    const atStart =
      active === first || active === this.template?.querySelector('[data-id="heading"]');
    if (event.shiftKey && atStart) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  // ---- small helpers ----

  private choicesChanged(): void {
    this.validationMessage = '';
    this.acknowledged = false;
    this.requestId = null;
  }

  private resetPermissionSetLicense(): void {
    const options = this.needsLicense ? this.licenseOptions : [];
    this.permissionSetLicense = options.length === 1 ? options[0].value : null;
  }

  private licenseToSend(): string | null {
    return this.needsLicense ? this.permissionSetLicense : null;
  }

  /** The users offered for the action (reclaimOffer): held users are never sent. */
  private userIds(): string[] {
    return this.offer.offered.map((insight) => insight.id);
  }

  private goTo(step: Step): void {
    this.step = step;
    this.focusPending = true;
  }

  private startCall(label: string): void {
    this.busy = true;
    this.busyLabel = label;
    this.clearError();
  }

  private endCall(): void {
    this.busy = false;
    this.busyLabel = '';
  }

  private fail(stage: Stage, error: unknown): void {
    if (this.closed) return;
    this.error = error;
    this.errorStage = stage;
    this.liveMessage = ERROR_MESSAGES[stage];
  }

  private clearError(): void {
    this.error = null;
    this.errorStage = null;
  }

  private rowsOf(results: readonly ReclaimUserResultDto[]): ResultRow[] {
    const byId = new Map(this.users.map((insight) => [insight.id, insight.user]));
    return results.map((result, index) => {
      const user = byId.get(result.userId);
      return {
        key: `${result.userId}-${index}`,
        userName: user?.name ?? result.userId,
        username: result.username ?? user?.username ?? '',
        outcome: result.outcome,
        badgeClass: OUTCOME_BADGES[result.outcome] ?? 'slds-badge',
        message: result.message ?? ''
      };
    });
  }
}
