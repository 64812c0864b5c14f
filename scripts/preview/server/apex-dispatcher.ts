/**
 * Routes `POST /apex/<Class>.<method>` to the local controllers: the read side
 * (LocalController), reclaim (ReclaimController) and, when given, reclaim
 * policies (PolicyController), over the same OrgData.
 */
import { ApexError } from '../controller/apex-error';
import { APEX_METHODS, type LocalController } from '../controller/local-controller';
import { RECLAIM_APEX_METHODS, type ReclaimController } from '../controller/reclaim-controller';
import {
  EMPTY_HISTORY_STORE,
  HISTORY_APEX_METHODS,
  HistoryController
} from '../controller/history-controller';
import { COLLECTION_APEX_METHODS, CollectionController } from '../controller/collection-controller';
import { POLICY_APEX_METHODS, type PolicyController } from '../controller/policy-controller';
import { OUTCOME_APEX_METHODS, type OutcomeController } from '../controller/outcome-controller';

/** Calls one Apex method by `<Class>.<method>` with its JSON params. */
export type ApexDispatcher = (qualifiedName: string, params: unknown) => unknown;

/** Controllers beyond the two every preview has; each defaults to an empty org's answer. */
export interface ExtraControllers {
  /** LL_HistoryController; by default nothing is kept ("No history yet"). */
  history?: HistoryController;
  /** LL_CollectionController; by default nothing collected, nothing scheduled, the real clock. */
  collection?: CollectionController;
  /**
   * Reclaim policies (LL_ReclaimController.previewPolicy and the preview-only
   * nightly run on an advanced clock); without it those methods answer 404.
   */
  policy?: PolicyController;
  /**
   * Reclaim outcomes and policy simulation (LL_ReclaimController.getReclaimOutcomes,
   * simulatePolicy); without it those methods answer 404.
   */
  outcomes?: OutcomeController;
}

/**
 * A dispatcher over the controllers.
 * @throws ApexError (404) for a method the preview does not implement.
 */
export function createApexDispatcher(
  local: LocalController,
  reclaim: ReclaimController,
  extra: ExtraControllers = {}
): ApexDispatcher {
  const history = extra.history ?? new HistoryController({ store: EMPTY_HISTORY_STORE });
  const collection =
    extra.collection ?? new CollectionController({ clock: Date.now, seedHistory: false });
  return (qualifiedName, params) => {
    const body = (params && typeof params === 'object' ? params : {}) as never;
    if (Object.hasOwn(APEX_METHODS, qualifiedName)) return APEX_METHODS[qualifiedName](local, body);
    if (Object.hasOwn(RECLAIM_APEX_METHODS, qualifiedName)) {
      return RECLAIM_APEX_METHODS[qualifiedName](reclaim, body);
    }
    if (Object.hasOwn(HISTORY_APEX_METHODS, qualifiedName)) {
      return HISTORY_APEX_METHODS[qualifiedName](history, body);
    }
    if (Object.hasOwn(COLLECTION_APEX_METHODS, qualifiedName)) {
      return COLLECTION_APEX_METHODS[qualifiedName](collection, body);
    }
    if (extra.policy && Object.hasOwn(POLICY_APEX_METHODS, qualifiedName)) {
      return POLICY_APEX_METHODS[qualifiedName](extra.policy, body);
    }
    if (extra.outcomes && Object.hasOwn(OUTCOME_APEX_METHODS, qualifiedName)) {
      return OUTCOME_APEX_METHODS[qualifiedName](extra.outcomes, body);
    }
    throw new ApexError(
      `The local preview has no Apex method ${qualifiedName}.`,
      404,
      'System.NoSuchMethodException'
    );
  };
}
