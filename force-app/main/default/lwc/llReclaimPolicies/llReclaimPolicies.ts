import { LightningElement } from 'lwc';
import listReclaimPolicies from '@salesforce/apex/LL_ReclaimController.listReclaimPolicies';
import previewPolicy from '@salesforce/apex/LL_ReclaimController.previewPolicy';
import { reduceErrors } from 'c/llErrors';
import type { PolicyPreviewDto } from '../../../../types/contract';
import {
  NOTICE_NOTE,
  candidateRowsOf,
  killSwitchText,
  pageSummary,
  policyRowsOf
} from './policyCard';
import type { CandidateRow, PolicyRow } from './policyCard';

export {
  NOTICE_NOTE,
  candidateRowsOf,
  dayOf,
  killSwitchText,
  ladderText,
  pageSummary,
  policyRowsOf,
  stepText
} from './policyCard';

/** What the card shows instead of itself when the admin may not read policies. */
export const UNAVAILABLE_PREFIX =
  'Reclaim policies are not shown (they need License Lens Reclaim Admin):';

/**
 * The reclaim policy card: the policies (listReclaimPolicies), the kill
 * switch, and one policy's candidates a page at a time (previewPolicy), with
 * each one's next ladder step and its due date. Reads only. When the list
 * cannot be read (no access to LL_ReclaimController), the card shows a
 * one-line note instead of itself: an @AuraEnabled method runs only for users
 * whose profile or permission set grants its class
 * (https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apex/apex_classes_security.htm);
 * the exact wording of that refusal is unverified, so the note shows whatever
 * message comes back.
 */
export default class LlReclaimPolicies extends LightningElement {
  loading = true;
  policies: PolicyPreviewDto[] = [];
  /** Why the list could not be read; null when it was (or is loading). */
  unavailableMessages: string[] | null = null;
  preview: PolicyPreviewDto | null = null;
  previewLoading = false;
  previewError: unknown = null;
  /** The policy whose candidates are shown or loading. */
  selectedName: string | null = null;
  /** afterUserId of each page read so far for the selected policy (first: null). */
  private pageStarts: Array<string | null> = [];
  /** Answers of older requests are ignored. */
  private requestSeq = 0;
  private focusPreview = false;
  /** True while the policy editor (c/llPolicyEditor) is open. */
  editorOpen = false;
  /** The policy the editor edits; null for a new policy. */
  editingName: string | null = null;

  connectedCallback(): void {
    this.loadPolicies().catch(() => undefined);
  }

  renderedCallback(): void {
    if (!this.focusPreview) return;
    const heading = this.template?.querySelector<HTMLElement>('[data-id="preview-heading"]');
    if (heading) {
      this.focusPreview = false;
      heading.focus();
    }
  }

  private async loadPolicies(): Promise<void> {
    this.loading = true;
    try {
      const answer = await listReclaimPolicies();
      this.policies = Array.isArray(answer) ? answer : [];
      this.unavailableMessages = null;
    } catch (error) {
      this.policies = [];
      this.unavailableMessages = reduceErrors(error);
    } finally {
      this.loading = false;
    }
  }

  private async loadPage(afterUserId: string | null): Promise<void> {
    const policyName = this.selectedName;
    if (policyName === null) return;
    const seq = ++this.requestSeq;
    this.previewLoading = true;
    this.previewError = null;
    try {
      const page = await previewPolicy({ policyName, afterUserId });
      if (seq !== this.requestSeq) return;
      this.preview = page;
      this.focusPreview = true;
    } catch (error) {
      if (seq !== this.requestSeq) return;
      this.preview = null;
      this.previewError = error;
    } finally {
      if (seq === this.requestSeq) this.previewLoading = false;
    }
  }

  // ---- the list ----

  get unavailable(): boolean {
    return this.unavailableMessages !== null;
  }

  get unavailableNote(): string {
    return `${UNAVAILABLE_PREFIX} ${(this.unavailableMessages ?? []).join(' ')}`;
  }

  get showCard(): boolean {
    return !this.unavailable;
  }

  get hasPolicies(): boolean {
    return !this.loading && this.policies.length > 0;
  }

  get isEmpty(): boolean {
    return !this.loading && !this.unavailable && this.policies.length === 0;
  }

  get policyRows(): PolicyRow[] {
    return policyRowsOf(this.policies);
  }

  get killSwitch(): string {
    return killSwitchText(this.killSwitchOn);
  }

  get killSwitchOn(): boolean {
    return this.policies.length > 0 && this.policies[0].policiesEnabled === true;
  }

  get killSwitchBadge(): string {
    return this.killSwitchOn ? 'Switched on' : 'Switched off';
  }

  get noticeNote(): string {
    return NOTICE_NOTE;
  }

  /**
   * What the card announces politely. A loaded page is not repeated here: focus
   * moves to its heading and c/llPager announces its summary.
   */
  get statusMessage(): string {
    if (this.loading) return 'Loading reclaim policies…';
    if (this.previewLoading) return `Loading the candidates of ${this.selectedName ?? ''}…`;
    return '';
  }

  // ---- one policy's candidates ----

  get showPreviewSection(): boolean {
    return this.selectedName !== null;
  }

  get hasPreview(): boolean {
    return this.preview !== null && !this.previewLoading;
  }

  get previewTitle(): string {
    const label = this.preview?.label ?? this.selectedName ?? '';
    return `Candidates of ${label}, page ${Math.max(this.pageStarts.length, 1)}`;
  }

  get previewNote(): string | null {
    return this.preview?.note ?? null;
  }

  get hasPreviewNote(): boolean {
    return this.hasPreview && this.previewNote !== null;
  }

  get candidateRows(): CandidateRow[] {
    return this.preview ? candidateRowsOf(this.preview.candidates) : [];
  }

  get hasCandidates(): boolean {
    return this.hasPreview && (this.preview?.candidates.length ?? 0) > 0;
  }

  get noCandidates(): boolean {
    return this.hasPreview && (this.preview?.candidates.length ?? 0) === 0;
  }

  /** The pager's line; empty while a page loads, so an old page's count is never shown. */
  get summary(): string {
    return this.hasPreview && this.preview ? pageSummary(this.preview) : '';
  }

  get nextDisabled(): boolean {
    return this.previewLoading || !this.preview || this.preview.nextAfterUserId === null;
  }

  get previousDisabled(): boolean {
    return this.previewLoading || this.pageStarts.length <= 1;
  }

  handlePreview(event: Event): void {
    const name = (event.currentTarget as HTMLElement).dataset.policy ?? null;
    if (name === null) return;
    this.selectedName = name;
    this.preview = null;
    this.pageStarts = [null];
    this.loadPage(null).catch(() => undefined);
  }

  handleNextPage(): void {
    const next = this.preview?.nextAfterUserId ?? null;
    if (next === null) return;
    this.pageStarts = [...this.pageStarts, next];
    this.loadPage(next).catch(() => undefined);
  }

  handlePreviousPage(): void {
    if (this.pageStarts.length <= 1) return;
    this.pageStarts = this.pageStarts.slice(0, -1);
    this.loadPage(this.pageStarts[this.pageStarts.length - 1]).catch(() => undefined);
  }

  // ---- creating and editing (c/llPolicyEditor) ----

  get existingNames(): string[] {
    return this.policies.map((policy) => policy.policyName);
  }

  /**
   * One key: the editor is rendered in a keyed loop of one, so that switching
   * to another policy replaces it with a fresh editor (a new load) instead of
   * keeping the old one's form.
   */
  get editorKeys(): string[] {
    return [this.editingName ?? '(new)'];
  }

  handleNewPolicy(): void {
    this.editingName = null;
    this.editorOpen = true;
  }

  handleEditPolicy(event: Event): void {
    const name = (event.currentTarget as HTMLElement).dataset.policy ?? null;
    if (name === null) return;
    this.editingName = name;
    this.editorOpen = true;
  }

  handleEditorCancel(): void {
    this.editorOpen = false;
    this.editingName = null;
  }

  /** The records are deployed: read the list again (the editor stays open, saying so). */
  handleEditorSaved(): void {
    this.loadPolicies().catch(() => undefined);
  }

  handleClosePreview(): void {
    this.requestSeq++;
    this.selectedName = null;
    this.preview = null;
    this.previewError = null;
    this.previewLoading = false;
    this.pageStarts = [];
  }

  // ---- the simulation (c/llPolicySimulation) ----

  /** The policy being simulated; null when none. */
  simulatedName: string | null = null;
  simulatedLabel: string | null = null;

  handleSimulate(event: Event): void {
    const target = event.currentTarget as HTMLElement;
    const name = target.dataset.policy ?? null;
    if (name === null) return;
    // A new name remounts the child (its key), which starts a new simulation.
    this.simulatedName = name;
    this.simulatedLabel = target.dataset.label ?? name;
  }

  handleCloseSimulation(): void {
    this.simulatedName = null;
    this.simulatedLabel = null;
  }
}
