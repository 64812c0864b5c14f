import { LightningElement, api } from 'lwc';
import getPolicyEdit from '@salesforce/apex/LL_PolicyEditController.getPolicyEdit';
import savePolicy from '@salesforce/apex/LL_PolicyEditController.savePolicy';
import getPolicySaveStatus from '@salesforce/apex/LL_PolicyEditController.getPolicySaveStatus';
import {
  createReclaimRequestId,
  developerNameOf,
  fieldLabel,
  validatePolicyEdit,
  type PolicyField,
  type PolicyFieldError
} from 'c/llAnalytics';
import type {
  PolicyEditDto,
  PolicyExclusionKind,
  PolicySaveResultDto
} from '../../../../types/contract';
import {
  MAX_POLLS,
  MAX_REQUEST_ID_LENGTH,
  POLL_MS,
  errorsByField,
  exclusionRows,
  fixedExclusions,
  numberOf,
  saveStatusText,
  textOfNumber,
  type ExclusionRow,
  INPUT_FIELDS,
  type NumberField,
  type TextField
} from './policyForm';

export { POLL_MS, MAX_POLLS } from './policyForm';

const FIELD_ORDER: readonly PolicyField[] = [
  'label',
  'policyName',
  'licenseKey',
  'inactivityDays',
  'noticeDays',
  'deactivateAfterFrozenDays',
  'maxActionsPerRun',
  'active',
  'dryRun'
];

/**
 * The reclaim policy editor: a form for a new policy (policyName null) or
 * an existing one, with its exclusions. It checks each field as it changes
 * (llAnalytics/policyEdit.ts, the rules the server applies again), saves
 * through LL_PolicyEditController.savePolicy (a Metadata API deployment from
 * Apex, asynchronous) and follows the deployment with getPolicySaveStatus
 * until it succeeds or fails. Raises `saved` (detail: { policyName }) once
 * the records are deployed, and `cancel`. A refusal (missing permission,
 * input the server refuses, a failed deployment) is shown with the server's
 * words; nothing here decides a rule.
 */
export default class LlPolicyEditor extends LightningElement {
  /** DeveloperName of the policy to edit; null for a new policy. */
  @api policyName: string | null = null;
  /** DeveloperNames of the policies in the org (names a new policy may not take). */
  @api existingNames: string[] = [];

  loading = true;
  loadError: unknown = null;
  form: PolicyEditDto | null = null;
  /** Fields changed since the form opened: their errors show as the admin types. */
  private touched = new Set<string>();
  /** True after a save was tried: every error shows. */
  submitted = false;
  /** True while the admin has not typed an API name of their own (new policies). */
  private nameFollowsLabel = true;
  saving = false;
  saveError: unknown = null;
  result: PolicySaveResultDto | null = null;
  polling = false;
  private requestId: string | null = null;
  private polls = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private focusTarget: string | null = 'heading';

  connectedCallback(): void {
    this.load().catch(() => undefined);
  }

  disconnectedCallback(): void {
    this.stopPolling();
  }

  renderedCallback(): void {
    if (this.focusTarget === null || this.loading) return;
    const target = this.template?.querySelector<HTMLElement>(`[data-focus="${this.focusTarget}"]`);
    if (target) {
      this.focusTarget = null;
      target.focus();
    }
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      this.form = await getPolicyEdit({ policyName: this.policyName });
      this.nameFollowsLabel = this.form.isNew && this.form.policyName === '';
    } catch (error) {
      this.loadError = error;
    } finally {
      this.loading = false;
    }
  }

  // ---- what the template shows ----

  get isNew(): boolean {
    return this.form?.isNew ?? this.policyName === null;
  }

  get isEditing(): boolean {
    return !this.isNew;
  }

  get cancelLabel(): string {
    return this.succeeded ? 'Close' : 'Cancel';
  }

  get heading(): string {
    return this.isNew ? 'New reclaim policy' : `Edit reclaim policy ${this.policyName ?? ''}`;
  }

  get hasForm(): boolean {
    return !this.loading && this.form !== null;
  }

  private get errors(): PolicyFieldError[] {
    return this.form ? validatePolicyEdit(this.form, this.existingNames ?? []) : [];
  }

  private errorOf(field: PolicyField): string | null {
    if (!this.submitted && !this.touched.has(field)) return null;
    return errorsByField(this.errors).get(field) ?? null;
  }

  private fieldView(field: PolicyField) {
    const error = this.errorOf(field);
    return {
      error,
      invalid: error ? 'true' : 'false',
      cssClass: `slds-form-element${error ? ' slds-has-error' : ''}`
    };
  }

  /** The text and number inputs, in order, each with its value and error. */
  get inputFields() {
    return INPUT_FIELDS.map((spec) => {
      const value = this.form?.[spec.field] ?? null;
      const help = spec.help ? `${spec.id}-help` : null;
      return {
        ...spec,
        ...this.fieldView(spec.field),
        value: spec.kind === 'number' ? textOfNumber(value as number | null) : (value ?? ''),
        isNumber: spec.kind === 'number',
        inputMode: spec.kind === 'number' ? 'numeric' : undefined,
        step: spec.kind === 'number' ? 1 : undefined,
        disabled: spec.field === 'policyName' && this.isEditing,
        helpId: help,
        errorId: `${spec.id}-error`,
        describedBy: [help, `${spec.id}-error`].filter(Boolean).join(' ')
      };
    });
  }
  get activeField() {
    return { ...this.fieldView('active'), checked: this.form?.active === true };
  }
  get dryRunField() {
    return { ...this.fieldView('dryRun'), checked: this.form?.dryRun !== false };
  }
  get exclusionsError(): string | null {
    return this.errorOf('exclusions');
  }

  get exclusionRows(): ExclusionRow[] {
    if (!this.form) return [];
    const errors = errorsByField(this.errors);
    return exclusionRows(this.form, errors, true).map((row) => {
      const shown = this.submitted || this.touched.has(`exclusions.${row.index}`);
      return shown ? row : { ...row, error: null, cssClass: 'slds-form-element' };
    });
  }

  get hasExclusionRows(): boolean {
    return this.exclusionRows.length > 0;
  }

  get fixedExclusions(): string[] {
    return this.form ? fixedExclusions(this.form) : [];
  }

  /** The errors a save attempt found, for the summary at the top of the form. */
  get errorSummary(): string[] {
    if (!this.submitted) return [];
    return this.errors.map((error) => `${fieldLabel(error.field)}: ${error.message}`);
  }

  get hasErrorSummary(): boolean {
    return this.errorSummary.length > 0;
  }

  get busy(): boolean {
    return this.saving || this.polling;
  }

  get saveLabel(): string {
    if (this.saving) return 'Saving…';
    if (this.polling) return 'Deploying…';
    return this.isNew ? 'Create policy' : 'Save changes';
  }

  get statusText(): string {
    return this.saving ? 'Saving the policy…' : saveStatusText(this.result, this.polling);
  }

  get succeeded(): boolean {
    return this.result?.status === 'Succeeded';
  }

  get failed(): boolean {
    return this.result?.status === 'Failed';
  }

  get stalled(): boolean {
    return this.result?.status === 'Queued' && !this.polling;
  }

  get showStatus(): boolean {
    return this.statusText !== '' && !this.failed;
  }

  get newPolicyNote(): boolean {
    return this.isNew;
  }

  // ---- edits ----

  private touch(field: string): void {
    this.touched = new Set([...this.touched, field]);
  }

  private update(changes: Partial<PolicyEditDto>): void {
    if (!this.form) return;
    this.form = { ...this.form, ...changes };
    this.result = null;
    this.saveError = null;
  }

  /** A text or number input changed (its type says which). */
  handleInput(event: Event): void {
    if ((event.target as HTMLInputElement).type === 'number') this.handleNumber(event);
    else this.handleText(event);
  }

  handleText(event: Event): void {
    const input = event.target as HTMLInputElement;
    const field = input.dataset.field as TextField;
    const changes: Partial<PolicyEditDto> = { [field]: input.value };
    if (field === 'policyName') this.nameFollowsLabel = false;
    if (field === 'label' && this.isNew && this.nameFollowsLabel) {
      changes.policyName = developerNameOf(input.value);
    }
    this.update(changes);
    this.touch(field);
  }

  handleNumber(event: Event): void {
    const input = event.target as HTMLInputElement;
    const field = input.dataset.field as NumberField;
    this.update({ [field]: numberOf(input.value) });
    this.touch(field);
  }

  handleCheckbox(event: Event): void {
    const input = event.target as HTMLInputElement;
    const field = input.dataset.field as 'active' | 'dryRun';
    this.update({ [field]: input.checked });
    this.touch(field);
  }

  handleExclusionKind(event: Event): void {
    const select = event.target as HTMLSelectElement;
    this.changeExclusion(Number(select.dataset.index), {
      kind: select.value as PolicyExclusionKind
    });
  }

  handleExclusionValue(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.changeExclusion(Number(input.dataset.index), { value: input.value });
  }

  private changeExclusion(
    index: number,
    changes: { kind?: PolicyExclusionKind; value?: string }
  ): void {
    if (!this.form) return;
    const exclusions = this.form.exclusions.map((exclusion, i) => {
      return i === index ? { ...exclusion, ...changes } : exclusion;
    });
    this.update({ exclusions });
    this.touch(`exclusions.${index}`);
  }

  handleAddExclusion(): void {
    if (!this.form) return;
    const exclusions = [
      ...this.form.exclusions,
      { kind: 'PermissionSet' as const, value: '', recordName: null, allPolicies: false }
    ];
    this.update({ exclusions });
    this.focusTarget = `exclusion-${exclusions.length - 1}`;
  }

  handleRemoveExclusion(event: Event): void {
    if (!this.form) return;
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    this.update({ exclusions: this.form.exclusions.filter((_, i) => i !== index) });
    this.touched = new Set([...this.touched].filter((field) => !field.startsWith('exclusions.')));
    this.focusTarget = 'add-exclusion';
  }

  handleCancel(): void {
    this.stopPolling();
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  // ---- saving ----

  handleSave(event?: Event): void {
    event?.preventDefault();
    if (!this.form || this.busy) return;
    this.submitted = true;
    const errors = this.errors;
    if (errors.length) {
      const first = FIELD_ORDER.find((field) => errors.some((e) => e.field === field));
      this.focusTarget = first ?? 'error-summary';
      return;
    }
    this.save().catch(() => undefined);
  }

  private async save(): Promise<void> {
    if (!this.form) return;
    this.saving = true;
    this.saveError = null;
    this.requestId ??= createReclaimRequestId().slice(0, MAX_REQUEST_ID_LENGTH);
    try {
      this.result = await savePolicy({ policy: this.form, requestId: this.requestId });
      this.afterAnswer();
    } catch (error) {
      this.saveError = error;
      this.requestId = null;
      this.focusTarget = 'save-error';
    } finally {
      this.saving = false;
    }
  }

  private afterAnswer(): void {
    const result = this.result;
    if (result === null) return;
    if (result.status === 'Queued') {
      this.polling = this.polls < MAX_POLLS;
      if (this.polling) this.schedulePoll();
      return;
    }
    this.polling = false;
    this.requestId = null;
    if (result.status === 'Succeeded') {
      this.focusTarget = 'status';
      this.dispatchEvent(new CustomEvent('saved', { detail: { policyName: result.policyName } }));
    } else {
      this.focusTarget = 'save-failed';
    }
  }

  private schedulePoll(): void {
    // The deployment has no push channel to the page: asking again after a pause is the way.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.poll().catch(() => undefined);
    }, POLL_MS);
  }

  private async poll(): Promise<void> {
    const requestId = this.requestId;
    if (requestId === null) return;
    this.polls++;
    try {
      this.result = await getPolicySaveStatus({ requestId });
      this.afterAnswer();
    } catch (error) {
      this.polling = false;
      this.saveError = error;
    }
  }

  /** Follows a deployment again after the editor stopped waiting. */
  handleCheckAgain(): void {
    if (this.requestId === null) return;
    this.polls = 0;
    this.polling = true;
    this.poll().catch(() => undefined);
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.polling = false;
  }
}
