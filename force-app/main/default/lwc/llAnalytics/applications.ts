import type { DailyLoginBucketDto, UserLoginGroupDto } from '../../../../types/contract';
import {
  GROUP_API,
  GROUP_CLIENT_CREDENTIALS,
  GROUP_INTERACTIVE,
  GROUP_OTHER,
  loginCount
} from './accumulate';
import type { KeptGroupSink } from './accumulate';
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
      tally = { ...emptyUsage(name), lastUser: null };
      this.byName.set(name, tally);
    }
    const logins = loginCount(group);
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

/**
 * Top applications of the kept users, fed group by group (see KeptGroupSink):
 * groups whose Application is null and those named "(none)" share one row;
 * users are counted by owner index, each owner's groups arriving together.
 * Internal to the bundle (analyzeOrg uses it).
 */
export class KeptApplicationsTally implements KeptGroupSink {
  private readonly byLabel = new Map<string, ApplicationTally>();

  add(owner: number, code: number, group: UserLoginGroupDto): void {
    const label = group.application ?? NO_APPLICATION_LABEL;
    let row = this.byLabel.get(label);
    if (!row) {
      row = { ...emptyUsage(label), lastUser: null };
      this.byLabel.set(label, row);
    }
    const logins = loginCount(group);
    row.totalLogins += logins;
    switch (code) {
      case GROUP_INTERACTIVE:
        row.interactiveLogins += logins;
        break;
      case GROUP_API:
        row.apiLogins += logins;
        break;
      case GROUP_CLIENT_CREDENTIALS:
        row.clientCredentialsLogins += logins;
        break;
      case GROUP_OTHER:
        row.otherLogins += logins;
        break;
      default:
        row.failedLogins += logins;
    }
    ApplicationTallies.countUser(row, owner);
  }

  /** The top `limit` by total logins, then name. */
  ranked(limit: number = DEFAULT_TOP_APPLICATIONS): ApplicationUsage[] {
    return rankUsage(
      [...this.byLabel.values()].map(({ lastUser: _lastUser, ...usage }) => usage),
      limit
    );
  }
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
