/**
 * Reclaim answers for component tests, shaped as LL_ReclaimController returns
 * them (force-app/types/contract.ts, Reclaim section), and the analysed users
 * of licenseLensFixtures the reclaim UI acts on.
 */
import { analyzeOrg } from 'c/llAnalytics';
import type { UserInsight } from 'c/llAnalytics';
import type {
  ReclaimAction,
  ReclaimOutcome,
  ReclaimResultDto,
  ReclaimUserResultDto,
  UserDto
} from '../../types/contract';
import {
  GENERATED_AT,
  loginGroups,
  loginWindow,
  orgContext,
  seats,
  users
} from './licenseLensFixtures';

/** The users of `list` with every dashboard rule applied, keyed as the table keys them. */
export function insightsOf(list: UserDto[] = users()): UserInsight[] {
  return [
    ...analyzeOrg({
      users: list,
      loginGroups: loginGroups(),
      seats: seats(),
      context: orgContext(),
      window: loginWindow(),
      now: GENERATED_AT
    }).filtered
  ];
}

/** The insight of one fixture user. */
export function insightOf(userId: string, list: UserDto[] = users()): UserInsight {
  const found = insightsOf(list).find((insight) => insight.id === userId);
  if (!found) throw new Error(`No fixture user ${userId}.`);
  return found;
}

/** One user's outcome. */
export function userResult(
  userId: string,
  outcome: ReclaimOutcome,
  message: string | null = null,
  fields: Partial<ReclaimUserResultDto> = {}
): ReclaimUserResultDto {
  return {
    userId,
    username: `${userId.toLowerCase()}@example.com`,
    permissionSetLicense: null,
    outcome,
    message,
    ...fields
  };
}

/** A preview answer (dryRun, no batch id, nothing pending). */
export function previewResult(
  action: ReclaimAction,
  results: ReclaimUserResultDto[]
): ReclaimResultDto {
  return { action, dryRun: true, auditBatchId: null, pending: 0, results };
}

/** A reclaim / status answer; pending counts the Requested results. */
export function requestResult(
  action: ReclaimAction,
  auditBatchId: string,
  results: ReclaimUserResultDto[]
): ReclaimResultDto {
  return {
    action,
    dryRun: false,
    auditBatchId,
    pending: results.filter((result) => result.outcome === 'Requested').length,
    results
  };
}

/** How the server says a permission is missing (LL_MissingPermissionException.messageFor). */
export function missingPermissionError(permission: string, purpose: string): unknown {
  return {
    status: 500,
    body: {
      message: `License Lens needs the "${permission}" permission to ${purpose}. Ask your Salesforce admin for a permission set that grants it.`
    }
  };
}
