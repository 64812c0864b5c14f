/**
 * Per-user login counters in flat arrays, indexed by the user's position: the
 * group pass writes numbers into typed arrays instead of growing objects, so
 * millions of groups allocate nothing. Only summarizeUserLogins is
 * re-exported from llAnalytics.ts; the accumulator is internal.
 */
import type { UserLoginGroupDto } from '../../../../types/contract';
import { createLoginClassifier, isSuccessfulLogin } from './logins';
import type { LoginClass, LoginClassifier, LoginTotals, UserLoginSummary } from './logins';
import { NO_OWNER } from './joins';
import { parseInstant } from './time';

/** What the accumulator made of a group: a login class, or a failure. */
export const GROUP_INTERACTIVE = 0;
export const GROUP_API = 1;
export const GROUP_CLIENT_CREDENTIALS = 2;
export const GROUP_OTHER = 3;
export const GROUP_FAILED = 4;

const CODE_OF_CLASS: Record<LoginClass, number> = {
  interactive: GROUP_INTERACTIVE,
  api: GROUP_API,
  clientCredentials: GROUP_CLIENT_CREDENTIALS,
  other: GROUP_OTHER
};

/** Login count of a group: negative or non-finite counts are 0. */
export function loginCount(group: { logins: number }): number {
  return group.logins > 0 && Number.isFinite(group.logins) ? group.logins : 0;
}

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
   * Adds one group to user `owner` and says what it was (GROUP_*). Negative or
   * non-finite login counts count as 0; an unparseable lastLoginTime leaves
   * the "last" instants alone.
   */
  add(owner: number, group: UserLoginGroupDto, classifier: LoginClassifier): number {
    const logins = loginCount(group);
    if (!isSuccessfulLogin(group.status)) {
      this.failed[owner] += logins;
      return GROUP_FAILED;
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
    return CODE_OF_CLASS[loginClass];
  }

  /** Clears user `owner`'s counters, so one slot can serve user after user. */
  reset(owner: number): void {
    this.interactive[owner] = 0;
    this.api[owner] = 0;
    this.clientCredentials[owner] = 0;
    this.other[owner] = 0;
    this.failed[owner] = 0;
    this.lastInteractive[owner] = NaN;
    this.lastApi[owner] = NaN;
    this.lastSuccessful[owner] = NaN;
    this.mainApplicationLogins[owner] = 0;
    this.mainApplication[owner] = null;
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

/**
 * Receives the login groups of the users a caller keeps, owner by owner (in
 * the users' order) and, within an owner, in input order; `code` says what the
 * group was (GROUP_*).
 */
export interface KeptGroupSink {
  add(owner: number, code: number, group: UserLoginGroupDto): void;
}

/**
 * Owner and GROUP_* code of every group by position (5 bytes a group), so the
 * groups of kept users can be replayed in owner order once every user has
 * been judged. Used only when the groups do not come in the users' order.
 */
export class GroupLedger {
  readonly owners: Int32Array;
  readonly codes: Uint8Array;

  constructor(size: number) {
    this.owners = new Int32Array(size);
    this.codes = new Uint8Array(size);
  }

  record(index: number, owner: number, code: number): void {
    this.owners[index] = owner;
    this.codes[index] = code;
  }

  /**
   * Feeds `sink` the groups whose owner is kept (`kept[owner]` is 1), in owner
   * order (a stable counting sort by owner), skipping groups of unknown users.
   */
  replay(
    groups: readonly UserLoginGroupDto[],
    userCount: number,
    kept: Uint8Array,
    sink: KeptGroupSink
  ): void {
    const { owners, codes } = this;
    const starts = new Int32Array(userCount + 1);
    for (let index = 0; index < owners.length; index++) {
      const owner = owners[index];
      if (owner !== NO_OWNER && kept[owner] === 1) starts[owner + 1]++;
    }
    for (let owner = 1; owner <= userCount; owner++) starts[owner] += starts[owner - 1];
    const order = new Int32Array(starts[userCount]);
    for (let index = 0; index < owners.length; index++) {
      const owner = owners[index];
      if (owner !== NO_OWNER && kept[owner] === 1) order[starts[owner]++] = index;
    }
    for (let position = 0; position < order.length; position++) {
      const index = order[position];
      sink.add(owners[index], codes[index], groups[index]);
    }
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
