import type { DailyLoginBucketDto, UserLoginGroupDto } from '../../../../types/contract';
import { GROUP_API, GROUP_CLIENT_CREDENTIALS, GROUP_INTERACTIVE, GROUP_OTHER } from './accumulate';
import type { GroupLedger } from './accumulate';
import { NO_OWNER } from './joins';
import { createLoginClassifier, isSuccessfulLogin } from './logins';
import type { LoginClassifier } from './logins';

/** How much one application was used in the window. */
export interface ApplicationUsage {
  /** LoginHistory.Application; NO_APPLICATION_LABEL when null. */
  application: string;
  /** Successful logins by class. */
  interactiveLogins: number;
  apiLogins: number;
  clientCredentialsLogins: number;
  otherLogins: number;
  failedLogins: number;
  /** All logins, successful or not. */
  totalLogins: number;
  /** Distinct users with any login through it (only from per-user groups). */
  users: number;
}

/** Label used for logins without an Application value. */
export const NO_APPLICATION_LABEL = '(none)';

/** Default number of applications `topApplications` returns. */
export const DEFAULT_TOP_APPLICATIONS = 10;

type AnyGroup = UserLoginGroupDto | DailyLoginBucketDto;

function isUserGroup(group: AnyGroup): group is UserLoginGroupDto {
  return typeof (group as UserLoginGroupDto).userId === 'string';
}

/** The top `limit` rows by total logins, then name. */
function rankUsage(rows: ApplicationUsage[], limit: number): ApplicationUsage[] {
  rows.sort(
    (a, b) =>
      b.totalLogins - a.totalLogins ||
      (a.application < b.application ? -1 : a.application > b.application ? 1 : 0)
  );
  return rows.slice(0, Math.max(0, Math.floor(limit)));
}

/** An application's figures while counting, with the last user counted for it. */
interface ApplicationTally extends ApplicationUsage {
  lastUser: string | number | null;
}

/** Tallies per application name, with the classifier of one run. */
class ApplicationTallies {
  private readonly byName = new Map<string, ApplicationTally>();
  private readonly classifier: LoginClassifier = createLoginClassifier();

  /** Adds a group's logins; returns its tally so the caller can count the user. */
  add(group: AnyGroup): ApplicationTally {
    const name = group.application ?? NO_APPLICATION_LABEL;
    let tally = this.byName.get(name);
    if (!tally) {
      tally = {
        application: name,
        interactiveLogins: 0,
        apiLogins: 0,
        clientCredentialsLogins: 0,
        otherLogins: 0,
        failedLogins: 0,
        totalLogins: 0,
        users: 0,
        lastUser: null
      };
      this.byName.set(name, tally);
    }
    const logins = group.logins > 0 && Number.isFinite(group.logins) ? group.logins : 0;
    tally.totalLogins += logins;
    if (!isSuccessfulLogin(group.status)) {
      tally.failedLogins += logins;
      return tally;
    }
    const loginClass = this.classifier(group.loginType, group.loginSubType, group.application);
    if (loginClass === 'interactive') tally.interactiveLogins += logins;
    else if (loginClass === 'api') tally.apiLogins += logins;
    else if (loginClass === 'clientCredentials') tally.clientCredentialsLogins += logins;
    else tally.otherLogins += logins;
    return tally;
  }

  /** Counts `user` for the tally unless it was the last user counted there. */
  static countUser(tally: ApplicationTally, user: string | number): void {
    if (tally.lastUser !== user) {
      tally.lastUser = user;
      tally.users++;
    }
  }

  all(): ApplicationTally[] {
    return [...this.byName.values()];
  }

  /** The top `limit` by total logins, then name, without the bookkeeping field. */
  ranked(limit: number): ApplicationUsage[] {
    return rankUsage(
      this.all().map(({ lastUser: _lastUser, ...usage }) => usage),
      limit
    );
  }
}

/**
 * Distinct users per application, exactly, with a set per application: used
 * only when one user's groups are not adjacent in the input.
 */
function countUsersWithSets(
  groups: readonly AnyGroup[],
  tallies: ApplicationTally[],
  includeUser: ((userId: string) => boolean) | undefined
): void {
  const usersByApplication = new Map<string, Set<string>>();
  for (const group of groups) {
    if (!isUserGroup(group) || (includeUser && !includeUser(group.userId))) continue;
    const name = group.application ?? NO_APPLICATION_LABEL;
    let users = usersByApplication.get(name);
    if (!users) {
      users = new Set();
      usersByApplication.set(name, users);
    }
    users.add(group.userId);
  }
  for (const tally of tallies) tally.users = usersByApplication.get(tally.application)?.size ?? 0;
}

/**
 * The most used applications, by total logins (then name). Accepts per-user
 * groups (users counted) or daily buckets (users stay 0: buckets hold no ids).
 * Users are counted in the same pass when each user's groups are adjacent (as
 * the controller returns them, by user); otherwise a second pass counts them.
 * @param includeUser optional filter on userId (per-user groups only).
 */
export function topApplications(
  groups: readonly AnyGroup[],
  limit: number = DEFAULT_TOP_APPLICATIONS,
  includeUser?: (userId: string) => boolean
): ApplicationUsage[] {
  const tallies = new ApplicationTallies();
  const usersSeen = new Set<string>();
  let runs = 0;
  let currentUser: string | null = null;
  for (const group of groups) {
    const userGroup = isUserGroup(group);
    if (userGroup && includeUser && !includeUser(group.userId)) continue;
    const tally = tallies.add(group);
    if (!userGroup) continue;
    if (group.userId !== currentUser) {
      currentUser = group.userId;
      runs++;
      usersSeen.add(currentUser);
    }
    ApplicationTallies.countUser(tally, group.userId);
  }
  if (runs !== usersSeen.size) countUsersWithSets(groups, tallies.all(), includeUser);
  return tallies.ranked(limit);
}

/** Group indexes ordered by owner (a stable counting sort), or null when already in order. */
function orderByOwner(owners: Int32Array, userCount: number): Int32Array | null {
  let previous = NO_OWNER;
  let ordered = true;
  for (let index = 0; index < owners.length && ordered; index++) {
    const owner = owners[index];
    if (owner === NO_OWNER) continue;
    if (owner < previous) ordered = false;
    previous = owner;
  }
  if (ordered) return null;
  const starts = new Int32Array(userCount + 1);
  for (const owner of owners) if (owner !== NO_OWNER) starts[owner + 1]++;
  for (let owner = 1; owner <= userCount; owner++) starts[owner] += starts[owner - 1];
  const order = new Int32Array(starts[userCount]);
  for (let index = 0; index < owners.length; index++) {
    const owner = owners[index];
    if (owner !== NO_OWNER) order[starts[owner]++] = index;
  }
  return order;
}

function emptyUsage(application: string): ApplicationUsage {
  return {
    application,
    interactiveLogins: 0,
    apiLogins: 0,
    clientCredentialsLogins: 0,
    otherLogins: 0,
    failedLogins: 0,
    totalLogins: 0,
    users: 0
  };
}

/**
 * topApplications from a ledger of classified groups (see GroupLedger): reads
 * flat arrays only; `kept` (1 per kept user index; null: all) filters users
 * and users are counted by index. Internal to the bundle (used by analyzeOrg).
 */
export function topApplicationsFromLedger(
  ledger: GroupLedger,
  userCount: number,
  kept: Uint8Array | null,
  limit: number = DEFAULT_TOP_APPLICATIONS
): ApplicationUsage[] {
  // One row per label: a null Application and one named "(none)" share a row.
  const rowIndexByLabel = new Map<string, number>();
  const rowOfApplication = ledger.applicationNames.map((name) => {
    const label = name ?? NO_APPLICATION_LABEL;
    let rowIndex = rowIndexByLabel.get(label);
    if (rowIndex === undefined) {
      rowIndex = rowIndexByLabel.size;
      rowIndexByLabel.set(label, rowIndex);
    }
    return rowIndex;
  });
  const usage = [...rowIndexByLabel.keys()].map(emptyUsage);
  const lastOwner = new Int32Array(usage.length).fill(NO_OWNER);
  const { owners, codes, logins, applications } = ledger;
  const order = orderByOwner(owners, userCount);
  const count = order ? order.length : owners.length;
  for (let position = 0; position < count; position++) {
    const index = order ? order[position] : position;
    const owner = owners[index];
    if (owner === NO_OWNER || (kept !== null && kept[owner] === 0)) continue;
    const rowIndex = rowOfApplication[applications[index]];
    const row = usage[rowIndex];
    const groupLogins = logins[index];
    row.totalLogins += groupLogins;
    switch (codes[index]) {
      case GROUP_INTERACTIVE:
        row.interactiveLogins += groupLogins;
        break;
      case GROUP_API:
        row.apiLogins += groupLogins;
        break;
      case GROUP_CLIENT_CREDENTIALS:
        row.clientCredentialsLogins += groupLogins;
        break;
      case GROUP_OTHER:
        row.otherLogins += groupLogins;
        break;
      default:
        row.failedLogins += groupLogins;
    }
    if (lastOwner[rowIndex] !== owner) {
      lastOwner[rowIndex] = owner;
      row.users++;
    }
  }
  return rankUsage(
    usage.filter((row, rowIndex) => lastOwner[rowIndex] !== NO_OWNER),
    limit
  );
}
