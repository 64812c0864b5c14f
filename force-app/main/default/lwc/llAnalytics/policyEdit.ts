/**
 * Creating and editing a reclaim policy from the page: the input rules, once.
 * The editor (c/llPolicyEditor) checks a field as it is typed, the preview's
 * controller (scripts/preview/controller/policy-controller.ts) refuses what
 * breaks a rule, and the Apex LL_PolicyEditRequest applies the same rules in
 * the same order with the same words. Pure: no DOM, no Apex.
 *
 * The value ranges are LL_ReclaimPolicyConfig's (the nightly job refuses a
 * record out of range); the lengths are the custom metadata fields' own
 * (License_Key__c 80, Value__c 255, Policy__c 40) and a record's DeveloperName
 * and label (40 each, the limits Setup enforces for custom metadata records:
 * unverified here, the Metadata API answers with its own message otherwise).
 * The rest are License Lens's choices, each said where it is made: a new
 * policy is created inactive and in dry run; at most MAX_EXCLUSIONS own
 * exclusions; the integration user's permission set is always excluded and
 * is not written again.
 */
import type {
  PolicyEditDto,
  PolicyExclusionDto,
  PolicyExclusionKind
} from '../../../../types/contract';

/** LL_ReclaimPolicyConfig.MAX_DAYS. */
export const POLICY_MAX_DAYS = 3650;
/** LL_ReclaimPolicyConfig.MAX_NOTICE_DAYS. */
export const POLICY_MAX_NOTICE_DAYS = 365;
/** LL_ReclaimPolicyConfig.MAX_ACTIONS_PER_RUN. */
export const POLICY_MAX_ACTIONS_PER_RUN = 1000;
/** Longest DeveloperName of a custom metadata record. */
export const POLICY_MAX_NAME_LENGTH = 40;
/** Longest label of a custom metadata record. */
export const POLICY_MAX_LABEL_LENGTH = 40;
/** LL_Reclaim_Policy__mdt.License_Key__c length. */
export const POLICY_MAX_LICENSE_KEY_LENGTH = 80;
/** LL_Reclaim_Policy_Exclusion__mdt.Value__c length. */
export const POLICY_MAX_EXCLUSION_VALUE_LENGTH = 255;
/** Own exclusions one policy may hold when saved from the page (License Lens's cap: one deployment stays small). */
export const POLICY_MAX_EXCLUSIONS = 50;
/** LL_ReclaimFacts.INTEGRATION_PERMISSION_SET: always excluded by every policy. */
export const INTEGRATION_PERMISSION_SET = 'LL_Integration_User';
/** LL_ReclaimPolicyConfig.ALL_POLICIES: Policy__c of an exclusion of every policy. */
export const ALL_POLICIES = '*';
/**
 * Policy__c of an exclusion removed from the page. Apex can create and update
 * custom metadata records but not delete them, so a removed exclusion is
 * pointed at no policy (LL_ReclaimPolicyConfig.exclusionsOf ignores it) and
 * stays in Setup, where it can be deleted.
 */
export const DETACHED_POLICY = '(removed)';

/** The exclusion kinds, in the order the editor offers them. */
export const POLICY_EXCLUSION_KINDS: readonly PolicyExclusionKind[] = [
  'PermissionSet',
  'Profile',
  'PublicGroup',
  'User'
];

/** What each kind names, for labels and messages. */
export const EXCLUSION_KIND_LABELS: Readonly<Record<PolicyExclusionKind, string>> = {
  PermissionSet: 'Permission set (API name)',
  Profile: 'Profile (name)',
  PublicGroup: 'Public group (API name)',
  User: 'User (username)'
};

/** A field of the form, or `exclusions.N` for the N-th exclusion (0-based). */
export type PolicyField =
  | 'policyName'
  | 'label'
  | 'licenseKey'
  | 'inactivityDays'
  | 'noticeDays'
  | 'deactivateAfterFrozenDays'
  | 'maxActionsPerRun'
  | 'active'
  | 'dryRun'
  | 'exclusions'
  | `exclusions.${number}`;

/** One broken rule, with the field it belongs to. */
export interface PolicyFieldError {
  field: PolicyField;
  message: string;
}

const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const USERNAME = /^[^\s@]+@[^\s@]+$/;

/** The form's starting values for a new policy: inactive and in dry run. */
export function newPolicyDefaults(): PolicyEditDto {
  return {
    policyName: '',
    label: '',
    licenseKey: 'Salesforce',
    inactivityDays: 90,
    noticeDays: 14,
    deactivateAfterFrozenDays: null,
    maxActionsPerRun: 25,
    dryRun: true,
    active: false,
    isNew: true,
    exclusions: []
  };
}

/**
 * A DeveloperName suggested from a label: letters and digits kept, every run
 * of anything else one underscore, none at either end, a leading letter, at
 * most POLICY_MAX_NAME_LENGTH characters. Empty for a label with no letter or digit.
 */
export function developerNameOf(label: string): string {
  let name = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') return '';
  if (!/^[A-Za-z]/.test(name)) name = `P_${name}`;
  return name.slice(0, POLICY_MAX_NAME_LENGTH).replace(/_+$/, '');
}

function isWhole(value: unknown, lowest: number, highest: number): boolean {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= lowest && value <= highest
  );
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The rule broken by one exclusion's value, or null. */
export function exclusionProblem(kind: unknown, value: unknown): string | null {
  if (!POLICY_EXCLUSION_KINDS.includes(kind as PolicyExclusionKind)) {
    return 'Choose what the exclusion names: permission set, profile, public group or user.';
  }
  const trimmed = text(value);
  if (trimmed === '') return 'Enter the name to exclude.';
  if (trimmed.length > POLICY_MAX_EXCLUSION_VALUE_LENGTH) {
    return `At most ${POLICY_MAX_EXCLUSION_VALUE_LENGTH} characters.`;
  }
  if ((kind === 'PermissionSet' || kind === 'PublicGroup') && !API_NAME.test(trimmed)) {
    return 'An API name: letters, digits and underscores, starting with a letter.';
  }
  if (kind === 'User' && !USERNAME.test(trimmed)) {
    return 'A username, in the form of an email address (name@example.com).';
  }
  if (kind === 'PermissionSet' && trimmed === INTEGRATION_PERMISSION_SET) {
    return `Every policy already leaves out holders of ${INTEGRATION_PERMISSION_SET} (the integration user).`;
  }
  return null;
}

/** How an exclusion is compared for duplicates (usernames and profiles without regard to case, as the selector). */
function exclusionKey(kind: PolicyExclusionKind, value: string): string {
  const trimmed = value.trim();
  return `${kind}:${kind === 'User' || kind === 'Profile' ? trimmed.toLowerCase() : trimmed}`;
}

/**
 * Every rule the input breaks, in form order (LL_PolicyEditRequest.problems
 * applies the same ones in the same order).
 * @param input what the editor sends
 * @param existingNames DeveloperNames of the policy records in the org
 */
export function validatePolicyEdit(
  input: PolicyEditDto,
  existingNames: readonly string[]
): PolicyFieldError[] {
  const errors: PolicyFieldError[] = [];
  const add = (field: PolicyField, message: string) => errors.push({ field, message });
  const name = text(input.policyName);
  if (name === '') {
    add('policyName', 'Enter an API name.');
  } else if (name.length > POLICY_MAX_NAME_LENGTH) {
    add('policyName', `At most ${POLICY_MAX_NAME_LENGTH} characters.`);
  } else if (!DEVELOPER_NAME.test(name) || name.endsWith('_')) {
    add(
      'policyName',
      'Letters, digits and single underscores, starting with a letter and not ending with an underscore.'
    );
  } else if (input.isNew && existingNames.includes(name)) {
    add('policyName', `A policy named ${name} exists already: edit it instead.`);
  } else if (!input.isNew && !existingNames.includes(name)) {
    add('policyName', `No policy named ${name}: it may have been renamed or deleted in Setup.`);
  }
  const label = text(input.label);
  if (label === '') add('label', 'Enter a label.');
  else if (label.length > POLICY_MAX_LABEL_LENGTH) {
    add('label', `At most ${POLICY_MAX_LABEL_LENGTH} characters.`);
  }
  const licenseKey = text(input.licenseKey);
  if (licenseKey === '') add('licenseKey', 'Enter a license name or key, or * for every license.');
  else if (licenseKey.length > POLICY_MAX_LICENSE_KEY_LENGTH) {
    add('licenseKey', `At most ${POLICY_MAX_LICENSE_KEY_LENGTH} characters.`);
  }
  if (!isWhole(input.inactivityDays, 1, POLICY_MAX_DAYS)) {
    add('inactivityDays', `A whole number of days from 1 to ${POLICY_MAX_DAYS}.`);
  }
  if (!isWhole(input.noticeDays, 0, POLICY_MAX_NOTICE_DAYS)) {
    add('noticeDays', `A whole number of days from 0 to ${POLICY_MAX_NOTICE_DAYS}.`);
  }
  if (
    input.deactivateAfterFrozenDays !== null &&
    !isWhole(input.deactivateAfterFrozenDays, 1, POLICY_MAX_DAYS)
  ) {
    add(
      'deactivateAfterFrozenDays',
      `Blank (never deactivate) or a whole number of days from 1 to ${POLICY_MAX_DAYS}.`
    );
  }
  if (!isWhole(input.maxActionsPerRun, 1, POLICY_MAX_ACTIONS_PER_RUN)) {
    add('maxActionsPerRun', `A whole number from 1 to ${POLICY_MAX_ACTIONS_PER_RUN}.`);
  }
  if (input.isNew && input.active === true) {
    add(
      'active',
      'A new policy is created inactive: preview its candidates first, then edit it to switch it on.'
    );
  }
  if (input.isNew && input.dryRun === false) {
    add(
      'dryRun',
      'A new policy is created in dry run: read its dry-run audit rows first, then edit it to run live.'
    );
  }
  const own = (input.exclusions ?? []).filter((exclusion) => !exclusion.allPolicies);
  if (own.length > POLICY_MAX_EXCLUSIONS) {
    add('exclusions', `At most ${POLICY_MAX_EXCLUSIONS} exclusions per policy from this page.`);
  }
  const seen = new Set<string>();
  (input.exclusions ?? []).forEach((exclusion, index) => {
    if (exclusion.allPolicies) return;
    const problem = exclusionProblem(exclusion.kind, exclusion.value);
    if (problem !== null) {
      add(`exclusions.${index}`, problem);
      return;
    }
    const key = exclusionKey(exclusion.kind, exclusion.value);
    if (seen.has(key)) add(`exclusions.${index}`, 'Listed twice.');
    seen.add(key);
  });
  return errors;
}

/** The refusal a save answers with: every broken rule, one sentence. */
export function saveRefusal(errors: readonly PolicyFieldError[]): string {
  const parts = errors.map((error) => `${fieldLabel(error.field)}: ${error.message}`);
  return `Reclaim policy not saved. ${parts.join(' ')}`;
}

/** A field's name as the form labels it. */
export function fieldLabel(field: PolicyField): string {
  const labels: Record<string, string> = {
    policyName: 'API name',
    label: 'Label',
    licenseKey: 'License',
    inactivityDays: 'Inactivity days',
    noticeDays: 'Notice days',
    deactivateAfterFrozenDays: 'Deactivate after frozen days',
    maxActionsPerRun: 'Cap per run',
    active: 'Active',
    dryRun: 'Dry run',
    exclusions: 'Exclusions'
  };
  const exclusion = /^exclusions\.(\d+)$/.exec(field);
  return exclusion ? `Exclusion ${Number(exclusion[1]) + 1}` : labels[field];
}

/** One exclusion record a save writes. */
export interface PlannedExclusion {
  /** DeveloperName of the record (existing, or a new free one). */
  recordName: string;
  /** The policy it belongs to, or DETACHED_POLICY for one removed. */
  policy: string;
  kind: PolicyExclusionKind;
  value: string;
}

/**
 * The DeveloperName of a new exclusion record of a policy: the policy's name
 * cut to leave room, then _X1, _X2 ... the first one not taken.
 */
export function exclusionRecordName(policyName: string, taken: ReadonlySet<string>): string {
  const stem = policyName.slice(0, POLICY_MAX_NAME_LENGTH - 5).replace(/_+$/, '');
  for (let n = 1; ; n++) {
    const name = `${stem}_X${n}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * The exclusion records one save writes (LL_PolicyEditService.exclusionRecordsOf
 * plans the same): the policy's own exclusions as sent (existing records
 * keep their name; a changed one is updated), a new record for each one
 * added, and each existing own record no longer listed pointed at
 * DETACHED_POLICY. Exclusions of every policy are never written here.
 * @param input the validated input
 * @param current the exclusion records in the org (all policies)
 */
export function plannedExclusions(
  input: PolicyEditDto,
  current: readonly {
    recordName: string;
    policy: string | null;
    kind: string | null;
    value: string | null;
  }[]
): PlannedExclusion[] {
  const policyName = input.policyName.trim();
  const taken = new Set(current.map((record) => record.recordName));
  const own = new Set(
    current
      .filter((record) => (record.policy ?? '').trim() === policyName)
      .map((record) => record.recordName)
  );
  const planned: PlannedExclusion[] = [];
  const kept = new Set<string>();
  for (const exclusion of input.exclusions ?? []) {
    if (exclusion.allPolicies) continue;
    let recordName = exclusion.recordName;
    if (recordName === null || !own.has(recordName) || kept.has(recordName)) {
      recordName = exclusionRecordName(policyName, taken);
      taken.add(recordName);
    }
    kept.add(recordName);
    planned.push({
      recordName,
      policy: policyName,
      kind: exclusion.kind,
      value: exclusion.value.trim()
    });
  }
  for (const record of current) {
    if (own.has(record.recordName) && !kept.has(record.recordName)) {
      planned.push({
        recordName: record.recordName,
        policy: DETACHED_POLICY,
        kind: (record.kind ?? 'User') as PolicyExclusionKind,
        value: record.value ?? ''
      });
    }
  }
  return planned;
}

/** The exclusions of a policy as the editor lists them: its own, then those of every policy. */
export function exclusionsOfPolicy(
  policyName: string,
  current: readonly {
    recordName: string;
    policy: string | null;
    kind: string | null;
    value: string | null;
  }[]
): PolicyExclusionDto[] {
  const rows = current
    .filter((record) => {
      const target = (record.policy ?? '').trim();
      return (
        (target === policyName || target === ALL_POLICIES) && (record.value ?? '').trim() !== ''
      );
    })
    .map((record) => ({
      kind: record.kind as PolicyExclusionKind,
      value: (record.value ?? '').trim(),
      recordName: record.recordName,
      allPolicies: (record.policy ?? '').trim() === ALL_POLICIES
    }))
    .filter((row) => POLICY_EXCLUSION_KINDS.includes(row.kind));
  return [...rows.filter((row) => !row.allPolicies), ...rows.filter((row) => row.allPolicies)];
}
