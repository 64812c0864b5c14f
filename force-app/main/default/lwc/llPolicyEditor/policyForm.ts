/**
 * Pure view rules of the policy editor (llPolicyEditor): what each field and
 * exclusion row shows, from the form's values and the rules in
 * llAnalytics/policyEdit.ts. No DOM, no Apex.
 */
import {
  EXCLUSION_KIND_LABELS,
  INTEGRATION_PERMISSION_SET,
  POLICY_EXCLUSION_KINDS,
  POLICY_MAX_ACTIONS_PER_RUN,
  POLICY_MAX_DAYS,
  POLICY_MAX_LABEL_LENGTH,
  POLICY_MAX_LICENSE_KEY_LENGTH,
  POLICY_MAX_NAME_LENGTH,
  POLICY_MAX_NOTICE_DAYS,
  type PolicyField,
  type PolicyFieldError
} from 'c/llAnalytics';
import type {
  PolicyEditDto,
  PolicyExclusionKind,
  PolicySaveResultDto
} from '../../../../types/contract';

/** How long the editor waits between two status reads of a deployment. */
export const POLL_MS = 2000;
/** Status reads before the editor stops following (2 minutes). */
export const MAX_POLLS = 60;
/** Longest request id LL_PolicyEditRequest accepts. */
export const MAX_REQUEST_ID_LENGTH = 40;

/** A numeric field of the form. */
export type NumberField =
  | 'inactivityDays'
  | 'noticeDays'
  | 'deactivateAfterFrozenDays'
  | 'maxActionsPerRun';

/** A text field of the form. */
export type TextField = 'label' | 'policyName' | 'licenseKey';

/** One text or number input of the form, as the template draws it. */
export interface InputFieldSpec {
  field: TextField | NumberField;
  /** The input's id (`pe-…`); its help and error are `<id>-help` / `<id>-error`. */
  id: string;
  label: string;
  required: boolean;
  /** Text (with a length limit) or a whole number (between min and max). */
  kind: 'text' | 'number';
  maxLength?: number;
  min?: number;
  max?: number;
  help?: string;
  /** The grid column's width classes. */
  column: string;
}

const WIDE = 'slds-col slds-size_1-of-1 slds-medium-size_1-of-2';
const NARROW = 'slds-col slds-size_1-of-2 slds-medium-size_1-of-4';

/**
 * The form's inputs in order, with the limits validatePolicyEdit checks
 * (llAnalytics/policyEdit.ts).
 */
export const INPUT_FIELDS: readonly InputFieldSpec[] = [
  {
    field: 'label',
    id: 'pe-label',
    label: 'Label',
    required: true,
    kind: 'text',
    maxLength: POLICY_MAX_LABEL_LENGTH,
    column: WIDE
  },
  {
    field: 'policyName',
    id: 'pe-name',
    label: 'API name',
    required: true,
    kind: 'text',
    maxLength: POLICY_MAX_NAME_LENGTH,
    help: "The record's DeveloperName; it cannot change once created.",
    column: WIDE
  },
  {
    field: 'licenseKey',
    id: 'pe-license',
    label: 'License',
    required: true,
    kind: 'text',
    maxLength: POLICY_MAX_LICENSE_KEY_LENGTH,
    help: 'User license name (Salesforce) or key (SFDC); * for every license.',
    column: WIDE
  },
  {
    field: 'inactivityDays',
    id: 'pe-inactivity',
    label: 'Inactivity days',
    required: true,
    kind: 'number',
    min: 1,
    max: POLICY_MAX_DAYS,
    column: NARROW
  },
  {
    field: 'noticeDays',
    id: 'pe-notice',
    label: 'Notice days',
    required: true,
    kind: 'number',
    min: 0,
    max: POLICY_MAX_NOTICE_DAYS,
    column: NARROW
  },
  {
    field: 'deactivateAfterFrozenDays',
    id: 'pe-deactivate',
    label: 'Deactivate after frozen days',
    required: false,
    kind: 'number',
    min: 1,
    max: POLICY_MAX_DAYS,
    help: 'Blank: the policy never deactivates.',
    column: NARROW
  },
  {
    field: 'maxActionsPerRun',
    id: 'pe-cap',
    label: 'Cap per run',
    required: true,
    kind: 'number',
    min: 1,
    max: POLICY_MAX_ACTIONS_PER_RUN,
    help: 'Most steps one nightly run takes.',
    column: NARROW
  }
];

/** The number a number input holds: null when blank, NaN when not a number. */
export function numberOf(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

/** The text a number input shows. */
export function textOfNumber(value: number | null): string {
  return value === null || Number.isNaN(value) ? '' : String(value);
}

/** The first error of each field, by field. */
export function errorsByField(errors: readonly PolicyFieldError[]): Map<PolicyField, string> {
  const map = new Map<PolicyField, string>();
  for (const error of errors) if (!map.has(error.field)) map.set(error.field, error.message);
  return map;
}

/** One option of the exclusion kind picker. */
export interface KindOption {
  value: PolicyExclusionKind;
  label: string;
  selected: boolean;
}

/** The kind options, with the current one selected. */
export function kindOptions(current: PolicyExclusionKind): KindOption[] {
  return POLICY_EXCLUSION_KINDS.map((kind) => ({
    value: kind,
    label: EXCLUSION_KIND_LABELS[kind],
    selected: kind === current
  }));
}

/** One exclusion row of the form. */
export interface ExclusionRow {
  key: string;
  index: number;
  /** "Exclusion 2" for labels. */
  title: string;
  kindOptions: KindOption[];
  value: string;
  error: string | null;
  /** Wrapper class: slds-has-error when the row breaks a rule. */
  cssClass: string;
  removeLabel: string;
  /** data-focus of the row's name input. */
  focusKey: string;
  /** Ids tying each label and error to its control. */
  kindId: string;
  valueId: string;
  errorId: string;
}

/** The editable rows (own exclusions), keeping each one's index in form.exclusions. */
export function exclusionRows(
  form: PolicyEditDto,
  errors: ReadonlyMap<PolicyField, string>,
  showErrors: boolean
): ExclusionRow[] {
  return form.exclusions.flatMap((exclusion, index) => {
    if (exclusion.allPolicies) return [];
    const error = showErrors ? (errors.get(`exclusions.${index}`) ?? null) : null;
    const title = `Exclusion ${index + 1}`;
    return [
      {
        key: `${exclusion.recordName ?? 'new'}-${index}`,
        index,
        title,
        kindOptions: kindOptions(exclusion.kind),
        value: exclusion.value,
        error,
        cssClass: `slds-form-element${error ? ' slds-has-error' : ''}`,
        focusKey: `exclusion-${index}`,
        kindId: `pe-kind-${index}`,
        valueId: `pe-value-${index}`,
        errorId: `pe-value-error-${index}`,
        removeLabel: `Remove ${title} (${EXCLUSION_KIND_LABELS[exclusion.kind] ?? exclusion.kind} ${exclusion.value})`
      }
    ];
  });
}

/** What the editor lists as exclusions it cannot change here. */
export function fixedExclusions(form: PolicyEditDto): string[] {
  return [
    `Permission set ${INTEGRATION_PERMISSION_SET}: always excluded (the License Lens integration user).`,
    ...form.exclusions
      .filter((exclusion) => exclusion.allPolicies)
      .map(
        (exclusion) =>
          `${EXCLUSION_KIND_LABELS[exclusion.kind] ?? exclusion.kind} ${exclusion.value}: excluded by every policy (record ${exclusion.recordName ?? '?'}; change it in Setup).`
      )
  ];
}

/** What the status line says about a save. */
export function saveStatusText(result: PolicySaveResultDto | null, stillPolling: boolean): string {
  if (result === null) return '';
  if (result.status === 'Succeeded') return `Saved. ${result.message ?? ''}`.trim();
  if (result.status === 'Failed') return `Not saved. ${result.message ?? ''}`.trim();
  return stillPolling
    ? `Deploying ${result.policyName} (deployment ${result.deploymentId ?? 'pending'})…`
    : `Still deploying ${result.policyName} after ${(MAX_POLLS * POLL_MS) / 60_000} minutes. Setup, Deployment Status shows it; check again later.`;
}
