/**
 * Per-user login counters in flat arrays, indexed by the user's position: the
 * group pass writes numbers into typed arrays instead of growing objects, so
 * millions of groups allocate nothing. Only summarizeUserLogins is
 * re-exported from llAnalytics.ts; the accumulator is internal.
 */
import type { UserLoginGroupDto } from '../../../../types/contract';
import { createLoginClassifier, isSuccessfulLogin } from './logins';
import type { LoginClassifier, LoginTotals, UserLoginSummary } from './logins';
import { parseInstant } from './time';

/** Counters of `size` users; instants are NaN until a login sets them. */
export class LoginAccumulator {
  readonly interactive: Float64Array;
  readonly api: Float64Array;
  readonly clientCredentials: Float64Array;
  readonly other: Float64Array;
  readonly failed: Float64Array;
  readonly lastInteractive: Float64Array;
  readonly lastApi: Float64Array;
  readonly lastSuccessful: Float64Array;
  readonly mainApplicationLogins: Float64Array;
  readonly mainApplication: (string | null)[];

  constructor(size: number) {
    this.interactive = new Float64Array(size);
    this.api = new Float64Array(size);
    this.clientCredentials = new Float64Array(size);
    this.other = new Float64Array(size);
    this.failed = new Float64Array(size);
    this.lastInteractive = new Float64Array(size).fill(NaN);
    this.lastApi = new Float64Array(size).fill(NaN);
    this.lastSuccessful = new Float64Array(size).fill(NaN);
    this.mainApplicationLogins = new Float64Array(size);
    this.mainApplication = new Array<string | null>(size).fill(null);
  }

  /**
   * Adds one group to user `owner`. Negative or non-finite login counts count
   * as 0; an unparseable lastLoginTime leaves the "last" instants alone.
   */
  add(owner: number, group: UserLoginGroupDto, classifier: LoginClassifier): void {
    const logins = group.logins > 0 && Number.isFinite(group.logins) ? group.logins : 0;
    if (!isSuccessfulLogin(group.status)) {
      this.failed[owner] += logins;
      return;
    }
    const loginClass = classifier(group.loginType, group.loginSubType, group.application);
    const time = logins > 0 ? (parseInstant(group.lastLoginTime) ?? NaN) : NaN;
    switch (loginClass) {
      case 'interactive':
        this.interactive[owner] += logins;
        keepLater(this.lastInteractive, owner, time);
        break;
      case 'api':
        this.api[owner] += logins;
        keepLater(this.lastApi, owner, time);
        break;
      case 'clientCredentials':
        this.clientCredentials[owner] += logins;
        keepLater(this.lastApi, owner, time);
        break;
      default:
        this.other[owner] += logins;
    }
    keepLater(this.lastSuccessful, owner, time);
    if (logins > this.mainApplicationLogins[owner]) {
      this.mainApplicationLogins[owner] = logins;
      this.mainApplication[owner] = group.application;
    }
  }

  /** The totals of user `owner` as a fresh object. */
  totals(owner: number): LoginTotals {
    return {
      interactiveLogins: this.interactive[owner],
      apiLogins: this.api[owner],
      clientCredentialsLogins: this.clientCredentials[owner],
      otherLogins: this.other[owner],
      failedLogins: this.failed[owner],
      lastInteractiveLogin: instantOrNull(this.lastInteractive[owner]),
      lastApiLogin: instantOrNull(this.lastApi[owner]),
      lastSuccessfulLogin: instantOrNull(this.lastSuccessful[owner]),
      mainApplication: this.mainApplication[owner],
      mainApplicationLogins: this.mainApplicationLogins[owner]
    };
  }
}

function keepLater(instants: Float64Array, owner: number, time: number): void {
  if (!Number.isNaN(time) && !(instants[owner] >= time)) instants[owner] = time;
}

/** NaN (no instant) as null. */
export function instantOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** Summaries keyed by userId, built in one pass over the groups. */
export function summarizeUserLogins(
  groups: readonly UserLoginGroupDto[],
  classifier: LoginClassifier = createLoginClassifier()
): Map<string, UserLoginSummary> {
  const indexById = new Map<string, number>();
  const owners = new Int32Array(groups.length);
  for (let index = 0; index < groups.length; index++) {
    const userId = groups[index].userId;
    let owner = indexById.get(userId);
    if (owner === undefined) {
      owner = indexById.size;
      indexById.set(userId, owner);
    }
    owners[index] = owner;
  }
  const accumulator = new LoginAccumulator(indexById.size);
  for (let index = 0; index < groups.length; index++) {
    accumulator.add(owners[index], groups[index], classifier);
  }
  const summaries = new Map<string, UserLoginSummary>();
  for (const [userId, owner] of indexById) {
    summaries.set(userId, { userId, ...accumulator.totals(owner) });
  }
  return summaries;
}
