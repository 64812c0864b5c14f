/**
 * Pure rules of the reclaim policy card (llReclaimPolicies): what each policy
 * row and each candidate row shows, from the answers of
 * LL_ReclaimController.listReclaimPolicies and previewPolicy. No DOM, no Apex.
 */
import type { PolicyCandidateDto, PolicyPreviewDto, PolicyStep } from '../../../../types/contract';

/** Shown in place of a value that is not there. */
export const NONE = '—';

/**
 * What the card says about notices (LL_ReclaimNotifier): sent by email, a
 * deferred one (Skipped) tried again the next night, a refused one (Failed)
 * the end of the ladder for that user.
 */
export const NOTICE_NOTE =
  "A live policy emails each candidate and their manager before any freeze, within the org's daily email limit. A notice the org defers (Skipped) is sent again the next night; one refused for the user (Failed) stops the ladder there: no freeze, no deactivation. Dry runs walk the whole ladder on paper.";

/** The kill switch, in words. */
export function killSwitchText(policiesEnabled: boolean): string {
  return policiesEnabled
    ? 'Reclaim policies are switched on: active policies run nightly.'
    : 'Reclaim policies are switched off (kill switch): no policy runs, whatever each one says.';
}

/** One policy of the list, as the card shows it. */
export interface PolicyRow {
  key: string;
  policyName: string;
  label: string;
  license: string;
  /** "90 days inactive, 14 days notice, deactivate after 30 days frozen". */
  ladder: string;
  cap: string;
  /** "Dry run" or "Live"; NONE for a record out of range. */
  mode: string;
  active: string;
  /** Why the record cannot run (value out of range); null when it can. */
  problem: string | null;
  canPreview: boolean;
  /** The preview button's accessible name. */
  previewLabel: string;
  /** The Simulate button's accessible name (c/llPolicySimulation). */
  simulateLabel: string;
  /** The edit button's accessible name. */
  editLabel: string;
}

function licenseText(licenseKey: string | null): string {
  if (licenseKey === null) return NONE;
  return licenseKey === '*' ? 'Every license' : licenseKey;
}

/** "90 days inactive, 14 days notice, ..." for a policy read without problem. */
export function ladderText(policy: PolicyPreviewDto): string {
  if (policy.inactivityDays === null || policy.noticeDays === null) return NONE;
  const deactivate =
    policy.deactivateAfterFrozenDays === null
      ? 'never deactivates'
      : `deactivates after ${policy.deactivateAfterFrozenDays} days frozen`;
  return `${policy.inactivityDays} days inactive, ${policy.noticeDays} days notice, ${deactivate}`;
}

/** The rows of the policy list, in the order the server sorted them. */
export function policyRowsOf(policies: readonly PolicyPreviewDto[]): PolicyRow[] {
  return policies.map((policy) => {
    const broken = policy.dryRun === null || policy.active === null;
    const problem = broken ? (policy.note ?? 'A value of this record is out of range.') : null;
    return {
      key: policy.policyName,
      policyName: policy.policyName,
      label: policy.label,
      license: licenseText(policy.licenseKey),
      ladder: ladderText(policy),
      cap: policy.maxActionsPerRun === null ? NONE : `${policy.maxActionsPerRun} steps a night`,
      mode: broken ? NONE : policy.dryRun ? 'Dry run' : 'Live',
      active: broken ? NONE : policy.active ? 'Active' : 'Inactive',
      problem,
      canPreview: !broken,
      previewLabel: `Preview the candidates of ${policy.label}`,
      simulateLabel: `Simulate ${policy.label} over the last 180 days`,
      editLabel: `Edit ${policy.label}`
    };
  });
}

/** Words for a ladder step. */
export function stepText(step: PolicyStep | null): string {
  switch (step) {
    case 'Notify':
      return 'Give notice';
    case 'Freeze':
      return 'Freeze';
    case 'Deactivate':
      return 'Deactivate';
    case 'Wait':
      return 'Wait';
    case 'Done':
      return 'Nothing more';
    default:
      return 'Left out';
  }
}

/** The UTC day of an ISO instant ("2026-12-07"); NONE for null. */
export function dayOf(instant: string | null): string {
  return instant === null ? NONE : instant.slice(0, 10);
}

/** One candidate of a preview page, as the card shows it. */
export interface CandidateRow {
  key: string;
  username: string;
  lastLogin: string;
  step: string;
  /** Why: the exclusion, or the ladder's message. */
  why: string;
  /** When the next step is due (UTC day), or NONE. */
  due: string;
}

/** The rows of one preview page, in page order (by user Id). */
export function candidateRowsOf(candidates: readonly PolicyCandidateDto[]): CandidateRow[] {
  return candidates.map((candidate) => ({
    key: candidate.userId,
    username: candidate.username,
    lastLogin: candidate.lastLoginDate === null ? 'Never' : dayOf(candidate.lastLoginDate),
    step: stepText(candidate.excludedBecause === null ? candidate.step : null),
    why: candidate.excludedBecause ?? candidate.stepMessage ?? NONE,
    due: dayOf(candidate.dueAt)
  }));
}

/** "12 candidates on this page (3 left out); more on the next page." */
export function pageSummary(preview: PolicyPreviewDto): string {
  const leftOut = preview.candidates.filter((c) => c.excludedBecause !== null).length;
  const count = preview.candidates.length;
  const users = `${count} ${count === 1 ? 'user' : 'users'} on this page`;
  const left = leftOut ? ` (${leftOut} left out)` : '';
  const more = preview.nextAfterUserId === null ? '.' : '; more on the next page.';
  return `${users}${left}${more}`;
}
