/**
 * The read planner: how the dashboard reads the org in calls that each fit
 * inside one Apex transaction's limits. Pure (no DOM, no Apex import): the
 * component hands it the call to make, tests hand it fakes.
 *
 * Today it plans the user set: users are read in keyset pages, and a page whose
 * users hold more login groups than one aggregate for-loop may return (Apex
 * answers `tooManyLoginGroups`, see LL_LoginHistorySelector) is asked again
 * with half as many users; after a page that fits, the next page is sized from
 * the login groups per user just seen, so a dense stretch of users costs a
 * retry or two, not one per page.
 */
import type {
  LoginWindowDto,
  UserDto,
  UserLoginGroupDto,
  UserPageDto
} from '../../../../types/contract';

/** Reads one page of users after a cursor (null = from the start). */
export type UserPageReader = (afterUserId: string | null, pageSize: number) => Promise<UserPageDto>;

/** How the user set is split. */
export interface UserPagePlan {
  /** Users asked for per call while pages fit (the server's maximum). */
  pageSize: number;
  /** The smallest page asked for before giving up on a part of the user set. */
  minPageSize: number;
  /** Stop after this many users (a load never reads more). */
  maxUsers: number;
  /** Stop after this many Apex calls, retries included. */
  maxCalls: number;
  /**
   * Login groups one call may answer with (LL_LoginHistorySelector.MAX_GROUPS_PER_READ);
   * DEFAULT_GROUPS_PER_CALL when absent.
   */
  groupsPerCall?: number;
}

/** LL_LoginHistorySelector.MAX_GROUPS_PER_READ: one less than the 2,000-row LIMIT. */
export const DEFAULT_GROUPS_PER_CALL = 1999;

/** The share of groupsPerCall a page is sized to fill, leaving room for denser users. */
export const TARGET_FILL = 0.85;

/**
 * The next page size after a page that fitted: as many users as fill TARGET_FILL of
 * the group capacity at the density just seen, within [minPageSize, pageSize].
 */
export function nextPageSize(plan: UserPagePlan, usersRead: number, groupsRead: number): number {
  if (usersRead === 0 || groupsRead === 0) return plan.pageSize;
  const capacity = plan.groupsPerCall ?? DEFAULT_GROUPS_PER_CALL;
  const fit = Math.floor((capacity * TARGET_FILL * usersRead) / groupsRead);
  return Math.min(plan.pageSize, Math.max(plan.minPageSize, fit));
}

/** Progress after each answered call. */
export interface UserReadProgress {
  usersRead: number;
  calls: number;
  /** Page size of the next call. */
  pageSize: number;
}

/** What reading the user set brought. */
export interface UserPagesRead {
  users: UserDto[];
  loginGroups: UserLoginGroupDto[];
  /** The login window of each answered page. */
  windows: LoginWindowDto[];
  /** Apex calls made, retries included. */
  calls: number;
  /** Calls answered `tooManyLoginGroups` (each retried with fewer users). */
  splits: number;
  /** Cursor after the last user read when maxUsers or maxCalls stopped the read; null when every user was read. */
  nextAfterUserId: string | null;
}

/** Why a part of the user set cannot be read; names where. */
export class UnreadableUsersError extends Error {
  constructor(
    message: string,
    readonly afterUserId: string | null
  ) {
    super(message);
    this.name = 'UnreadableUsersError';
  }
}

function checkPlan(plan: UserPagePlan): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  if (![plan.pageSize, plan.minPageSize, plan.maxUsers, plan.maxCalls].every(whole)) {
    throw new RangeError(
      'pageSize, minPageSize, maxUsers and maxCalls must be whole numbers of at least 1.'
    );
  }
  if (plan.minPageSize > plan.pageSize) {
    throw new RangeError('minPageSize cannot exceed pageSize.');
  }
}

/**
 * Reads every user page in order. A page answered `tooManyLoginGroups` is
 * asked again from the same cursor with half the users (never below
 * minPageSize); after a page that fits, the next size comes from that page's
 * login groups per user (nextPageSize). Sequential: keyset paging needs the previous page's cursor.
 * @throws UnreadableUsersError when even minPageSize users hold too many groups,
 * or the server repeats a cursor
 */
export async function readUserPages(
  readPage: UserPageReader,
  plan: UserPagePlan,
  onProgress?: (progress: UserReadProgress) => void
): Promise<UserPagesRead> {
  checkPlan(plan);
  const read: UserPagesRead = {
    users: [],
    loginGroups: [],
    windows: [],
    calls: 0,
    splits: 0,
    nextAfterUserId: null
  };
  let cursor: string | null = null;
  let size = plan.pageSize;
  for (;;) {
    if (read.calls >= plan.maxCalls) {
      read.nextAfterUserId = cursor;
      return read;
    }
    const asked = Math.min(size, plan.maxUsers - read.users.length);
    // Sequential on purpose: keyset paging needs the previous page's cursor.
    // eslint-disable-next-line no-await-in-loop
    const page = await readPage(cursor, asked);
    read.calls++;
    if (page.tooManyLoginGroups) {
      if (asked <= plan.minPageSize) {
        throw new UnreadableUsersError(
          `${asked} user${asked === 1 ? '' : 's'} after ${cursor ?? 'the first'} hold more login ` +
            'groups than one Apex call may read in this window. Choose a shorter login window.',
          cursor
        );
      }
      read.splits++;
      size = Math.max(plan.minPageSize, Math.floor(asked / 2));
      onProgress?.({ usersRead: read.users.length, calls: read.calls, pageSize: size });
      continue;
    }
    for (const user of page.users) read.users.push(user);
    for (const group of page.loginGroups) read.loginGroups.push(group);
    if (page.window) read.windows.push(page.window);
    const next = page.nextAfterUserId;
    if (next !== null && next === cursor) {
      throw new UnreadableUsersError(
        `The server returned the same page of users twice (after ${cursor}); loading stopped.`,
        cursor
      );
    }
    size = nextPageSize(plan, page.users.length, page.loginGroups.length);
    onProgress?.({ usersRead: read.users.length, calls: read.calls, pageSize: size });
    if (next === null || read.users.length >= plan.maxUsers) {
      read.nextAfterUserId = next;
      return read;
    }
    cursor = next;
  }
}
