/**
 * The reclaim policy ladder for the preview: the same pure rule as the Apex
 * LL_ReclaimLadder (and LL_ReclaimPolicyConfig.policyOf for the values), so
 * the preview shows what the org would do. Keep the two in step: every branch
 * has a jest test in scripts/preview/__tests__/policy-ladder.test.ts and an
 * Apex test in LL_ReclaimLadderTest.
 */

/** LL_Reclaim_Policy__mdt, as validated (LL_ReclaimPolicyConfig.Policy). */
export interface ReclaimPolicy {
  /** DeveloperName; LL_Reclaim_Audit__c.Policy__c. */
  name: string;
  label: string;
  /** UserLicense.Name or LicenseDefinitionKey; `*` for every license. */
  licenseKey: string;
  inactivityDays: number;
  noticeDays: number;
  /** null: the policy never deactivates. */
  deactivateAfterFrozenDays: number | null;
  maxActionsPerRun: number;
  dryRun: boolean;
  active: boolean;
}

/** License_Key__c value covering every license. */
export const ALL_LICENSES = '*';
/** LL_ReclaimPolicyConfig.MAX_DAYS. */
export const MAX_DAYS = 3650;
/** LL_ReclaimPolicyConfig.MAX_NOTICE_DAYS. */
export const MAX_NOTICE_DAYS = 365;
/** LL_ReclaimPolicyConfig.MAX_ACTIONS_PER_RUN. */
export const MAX_ACTIONS_PER_RUN = 1000;
const DAY_MS = 86_400_000;
/** LL_ReclaimService.ORPHAN_WITHOUT_JOB_HOURS, in ms: a Requested row older than this no longer holds the ladder. */
export const ORPHAN_AFTER_MS = 24 * 3_600_000;

/** The raw field values of a policy record (custom metadata). */
export interface PolicyRecordValues {
  name: string;
  label: string | null;
  licenseKey: unknown;
  inactivityDays: unknown;
  noticeDays: unknown;
  deactivateAfterFrozenDays: unknown;
  maxActionsPerRun: unknown;
  dryRun: unknown;
  active: unknown;
}

function inRange(value: unknown, lowest: number, highest: number): value is number {
  return (
    typeof value === 'number' && Number.isInteger(value) && value >= lowest && value <= highest
  );
}

/**
 * LL_ReclaimPolicyConfig.policyOf: checks a record's values in the same order
 * and refuses the first one out of range with the same message.
 * @throws Error "Reclaim policy NAME: ... ." for a value out of range.
 */
export function policyOf(record: PolicyRecordValues): ReclaimPolicy {
  const { licenseKey, inactivityDays, noticeDays, deactivateAfterFrozenDays, maxActionsPerRun } =
    record;
  let problem: string | null = null;
  if (typeof licenseKey !== 'string' || licenseKey.trim() === '') {
    problem = 'License Key is blank (use * for every license)';
  } else if (!inRange(inactivityDays, 1, MAX_DAYS)) {
    problem = `Inactivity Days must be a whole number from 1 to ${MAX_DAYS}`;
  } else if (!inRange(noticeDays, 0, MAX_NOTICE_DAYS)) {
    problem = `Notice Days must be a whole number from 0 to ${MAX_NOTICE_DAYS}`;
  } else if (
    deactivateAfterFrozenDays !== null &&
    !inRange(deactivateAfterFrozenDays, 1, MAX_DAYS)
  ) {
    problem = `Deactivate After Frozen Days must be blank or a whole number from 1 to ${MAX_DAYS}`;
  } else if (!inRange(maxActionsPerRun, 1, MAX_ACTIONS_PER_RUN)) {
    problem = `Max Actions Per Run must be a whole number from 1 to ${MAX_ACTIONS_PER_RUN}`;
  }
  if (problem !== null) throw new Error(`Reclaim policy ${record.name}: ${problem}.`);
  return {
    name: record.name,
    label: record.label ?? record.name,
    licenseKey: (licenseKey as string).trim(),
    inactivityDays: inactivityDays as number,
    noticeDays: noticeDays as number,
    deactivateAfterFrozenDays: deactivateAfterFrozenDays as number | null,
    maxActionsPerRun: maxActionsPerRun as number,
    // Dry_Run__c != false: only an explicit false runs live.
    dryRun: record.dryRun !== false && record.dryRun !== 'false',
    active: record.active === true || record.active === 'true'
  };
}

/** The ladder's steps (LL_ReclaimLadder). */
export type LadderAction = 'Notify' | 'Freeze' | 'Deactivate';
export type StepAction = LadderAction | 'Wait' | 'Done';
/** The actions a policy writes, in ladder order. */
export const LADDER_ACTIONS: readonly LadderAction[] = ['Notify', 'Freeze', 'Deactivate'];

/** One audit row of the policy, as the ladder reads it. */
export interface LadderRow {
  action: string;
  status: string;
  message: string | null;
  /** CreatedDate, epoch ms. */
  createdAt: number;
  /** Completed_At__c, epoch ms; null while Requested. */
  completedAt: number | null;
}

export interface LadderStep {
  action: StepAction;
  message: string;
  /** When the next step is due (Wait); else null. */
  dueAt: number | null;
}

/** Apex Datetime.formatGmt('yyyy-MM-dd'). */
export function dayOf(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * LL_ReclaimNotifier.LEGACY_UNSENT_PREFIX: how an earlier version's live
 * Notify rows began (recorded Succeeded although no email was sent).
 */
export const LEGACY_UNSENT_PREFIX = 'Notice recorded; no email was sent';

/**
 * LL_ReclaimLadder.isUnsentNotice: a live notice nobody received (a Failed
 * Notify row, or an earlier version's Succeeded one that sent nothing).
 */
export function isUnsentNotice(row: Pick<LadderRow, 'action' | 'status' | 'message'>): boolean {
  if (row.action !== 'Notify') return false;
  return (
    row.status === 'Failed' ||
    (row.status === 'Succeeded' && (row.message ?? '').startsWith(LEGACY_UNSENT_PREFIX))
  );
}

/** LL_ReclaimLadder.counts. */
export function countsInLadder(status: string, dryRun: boolean): boolean {
  return dryRun
    ? status === 'DryRun'
    : status === 'Succeeded' || status === 'Requested' || status === 'Blocked';
}

interface Round {
  noticedAt: number | null;
  frozenAt: number | null;
  deactivatedAt: number | null;
  pending: string | null;
  blocked: LadderRow | null;
  /** The newest live notice nobody received (isUnsentNotice). */
  unsent: LadderRow | null;
}

function newer(known: number | null, candidate: number): number {
  return known === null || candidate > known ? candidate : known;
}

function roundOf(
  dryRun: boolean,
  lastLogin: number | null,
  rows: readonly LadderRow[],
  now: number
): Round {
  const round: Round = {
    noticedAt: null,
    frozenAt: null,
    deactivatedAt: null,
    pending: null,
    blocked: null,
    unsent: null
  };
  for (const row of rows) {
    if (lastLogin !== null && row.createdAt <= lastLogin) continue;
    if (!dryRun && isUnsentNotice(row)) {
      if (round.unsent === null || row.createdAt > round.unsent.createdAt) round.unsent = row;
      continue;
    }
    const orphaned = row.status === 'Requested' && row.createdAt < now - ORPHAN_AFTER_MS;
    if (!countsInLadder(row.status, dryRun) || orphaned) continue;
    if (row.status === 'Requested') {
      round.pending = row.action;
    } else if (row.status === 'Blocked') {
      if (round.blocked === null || row.createdAt > round.blocked.createdAt) round.blocked = row;
    } else {
      const at = row.completedAt ?? row.createdAt;
      if (row.action === 'Notify') round.noticedAt = newer(round.noticedAt, row.createdAt);
      else if (row.action === 'Freeze') round.frozenAt = newer(round.frozenAt, at);
      else if (row.action === 'Deactivate') round.deactivatedAt = newer(round.deactivatedAt, at);
    }
  }
  return round;
}

/**
 * LL_ReclaimLadder.next: the next step of one candidate.
 * @param lastLogin newest successful login of any type (epoch ms), null for none
 * @param frozen UserLogin.IsFrozen, null when unknown
 */
export function nextStep(
  policy: ReclaimPolicy,
  lastLogin: number | null,
  frozen: boolean | null,
  rows: readonly LadderRow[],
  now: number
): LadderStep {
  const round = roundOf(policy.dryRun, lastLogin, rows, now);
  if (round.pending !== null) {
    return {
      action: 'Wait',
      message: `A ${round.pending} request of this policy is still running.`,
      dueAt: null
    };
  }
  if (round.blocked !== null) {
    return {
      action: 'Done',
      message: `The ${round.blocked.action} step was blocked by the guardrails on ${dayOf(round.blocked.createdAt)} (${round.blocked.message}); the policy stops here until the user logs in again.`,
      dueAt: null
    };
  }
  if (round.deactivatedAt !== null) {
    return {
      action: 'Done',
      message: `${policy.dryRun ? 'Dry run: would have deactivated' : 'Deactivated'} by this policy on ${dayOf(round.deactivatedAt)}.`,
      dueAt: null
    };
  }
  if (round.unsent !== null && round.noticedAt === null) {
    return {
      action: 'Done',
      message: `No notice was sent on ${dayOf(round.unsent.createdAt)} (Notify ${round.unsent.status}): the ladder stops here for this user; no freeze or deactivation follows a notice nobody received.`,
      dueAt: null
    };
  }
  if (round.frozenAt !== null) return afterFreeze(policy, frozen, round.frozenAt, now);
  if (!policy.dryRun && frozen === true) {
    return {
      action: 'Done',
      message: 'Already frozen, not by this policy: the policy leaves the user alone.',
      dueAt: null
    };
  }
  if (round.noticedAt !== null) {
    const freezeAt = round.noticedAt + policy.noticeDays * DAY_MS;
    if (now >= freezeAt) {
      return {
        action: 'Freeze',
        message: `Noticed on ${dayOf(round.noticedAt)}; ${policy.noticeDays} notice days have passed.`,
        dueAt: null
      };
    }
    return {
      action: 'Wait',
      message: `Noticed on ${dayOf(round.noticedAt)}; freeze due on ${dayOf(freezeAt)}.`,
      dueAt: freezeAt
    };
  }
  return {
    action: 'Notify',
    message: `No successful login for ${policy.inactivityDays} days or more.`,
    dueAt: null
  };
}

function afterFreeze(
  policy: ReclaimPolicy,
  frozen: boolean | null,
  frozenAt: number,
  now: number
): LadderStep {
  const frozenOn = `${policy.dryRun ? 'Dry run: would have frozen on ' : 'Frozen on '}${dayOf(frozenAt)}`;
  if (policy.deactivateAfterFrozenDays === null) {
    return {
      action: 'Done',
      message: `${frozenOn}; this policy does not deactivate.`,
      dueAt: null
    };
  }
  if (!policy.dryRun && frozen !== true) {
    return {
      action: 'Done',
      message: `${frozenOn} by this policy, but not frozen now (unfrozen by an admin, or the state cannot be read): the policy does not deactivate.`,
      dueAt: null
    };
  }
  const deactivateAt = frozenAt + policy.deactivateAfterFrozenDays * DAY_MS;
  if (now >= deactivateAt) {
    return {
      action: 'Deactivate',
      message: `${frozenOn}; ${policy.deactivateAfterFrozenDays} days frozen have passed.`,
      dueAt: null
    };
  }
  return {
    action: 'Wait',
    message: `${frozenOn}; deactivation due on ${dayOf(deactivateAt)}.`,
    dueAt: deactivateAt
  };
}
