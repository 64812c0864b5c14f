/**
 * Reads every user with their login groups over the whole login window, in
 * calls that each fit one Apex transaction (LL_InsightsController.getUserPage).
 *
 * Users come in keyset pages, one page after the other (a page needs the
 * previous page's cursor); the next page is asked for as soon as a page is
 * answered, before that page is merged, so the server reads one page while
 * the browser takes in the one before. Each page first asks the whole window. A page
 * answered `tooBig` is asked again for the same users in day slices (split at
 * rolledUpThroughDay, else in halves), with bounded concurrency, and the
 * slices' groups are merged. A single day still too big, or a call that
 * failed on a governor limit (System.LimitException: heap, CPU), restarts the
 * page with half the users; one user on one day still too big becomes a recorded
 * gap and the read goes on.
 */
import type {
  Instant,
  LoginWindowDto,
  UserDto,
  UserLoginGroupDto
} from '../../../../types/contract';
import { dayCount } from './days';
import type { DaySlice } from './days';
import type { ReadHooks } from './hooks';
import { createLimiter } from './limiter';
import { isGovernorLimitError } from './limits';
import { runSliceRound } from './slices';
import type { AnsweredSlice, SliceRoundResult } from './slices';
import { WindowAccumulator } from './window';
import type { UserPage } from './wire';
import { loginGroupKey } from './groupKey';

/**
 * Reads one page of users after a cursor (null = from the start) over a day
 * slice of the window (null = the whole window), decoded from the compact
 * wire shape (decodeUserPage).
 */
export type UserPageReader = (
  afterUserId: string | null,
  pageSize: number,
  slice: DaySlice | null
) => Promise<UserPage>;

/** How the user set is split. */
export interface UserPagePlan {
  /** Users asked for per call while pages fit (the server's maximum). */
  pageSize: number;
  /** The smallest page asked for; at this size a day still too big becomes a gap. */
  minPageSize: number;
  /** Stop after this many users (a load never reads more). */
  maxUsers: number;
  /** Stop after this many Apex calls, too-big answers included. */
  maxCalls: number;
  /**
   * Login-group rows one call may read for its users (the rollup rows it
   * touches); DEFAULT_GROUPS_PER_CALL when absent.
   */
  groupsPerCall?: number;
}

/**
 * The planner's estimate of the rollup rows (one per user and login group)
 * one getUserPage call may touch: what is left of the 50,000 query rows after
 * the page's users, licence assignments and frozen states. Only sizes pages:
 * a wrong estimate costs a `tooBig` answer, never a failed call.
 */
export const DEFAULT_GROUPS_PER_CALL = 30_000;

/** The share of groupsPerCall a page is sized to fill, leaving room for denser users. */
export const TARGET_FILL = 0.85;

/** Times a page is read again when its slices disagree about its users. */
export const MAX_PAGE_REREADS = 2;

/**
 * The page size the login groups per user just seen allow: as many users as
 * fill TARGET_FILL of groupsPerCall, within [minPageSize, pageSize].
 */
export function nextPageSize(plan: UserPagePlan, usersRead: number, groupsRead: number): number {
  if (usersRead === 0 || groupsRead === 0) return plan.pageSize;
  const capacity = plan.groupsPerCall ?? DEFAULT_GROUPS_PER_CALL;
  const fit = Math.floor((capacity * TARGET_FILL * usersRead) / groupsRead);
  return Math.min(plan.pageSize, Math.max(plan.minPageSize, fit));
}

/** A day whose logins could not be read for some users. */
export interface UserDayGap {
  /** Cursor of the page: the users concerned come right after it. */
  afterUserId: string | null;
  /** The page's users (known from its other days); empty when no other day answered. */
  userIds: string[];
  /** The org-local day ("YYYY-MM-DD"). */
  day: string;
  /** Why Apex could not read it (tooBigReason). */
  reason: string | null;
}

/** Why a read ended before the last user. */
export type UserReadStop = 'maxUsers' | 'maxCalls' | 'cancelled' | 'unreadable';

/** What reading the user set brought. */
export interface UserPagesRead {
  users: UserDto[];
  /** Login groups over the whole window, one per user and group (slices merged). */
  loginGroups: UserLoginGroupDto[];
  /**
   * The whole window: coveredDays = days with no gap for any user, truncated
   * when there is a gap. Null when no call was answered.
   */
  window: LoginWindowDto | null;
  /** Apex calls made, too-big answers included. */
  calls: number;
  /** Calls answered `tooBig` (each followed by smaller slices or fewer users). */
  splits: number;
  /** Pages asked again with half the users because a single day was too big. */
  halvings: number;
  /** Pages read again because their slices disagreed about the users. */
  rereads: number;
  gaps: UserDayGap[];
  /**
   * Where the read stopped: the users after this cursor are not read (the
   * very first users when null and `stoppedBy` is set); null when all were read.
   */
  nextAfterUserId: string | null;
  /** Why the read ended early; null when every user was read. */
  stoppedBy: UserReadStop | null;
  /** shouldStop() ended the read. */
  cancelled: boolean;
}

/** A part of the user set could not be read; names where, and carries what was read before it. */
export class UnreadableUsersError extends Error {
  constructor(
    message: string,
    readonly afterUserId: string | null,
    readonly partial: UserPagesRead | null = null
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

/** Epoch ms of an Instant (epoch ms as they are, an ISO text parsed); -Infinity when unreadable. */
function instantMs(value: Instant): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : -Infinity;
}

/**
 * The groups of several slices of the same users as one list: same user and
 * group -> logins summed, newest lastLoginTime kept. Order of first appearance.
 */
export function mergeLoginGroups(
  lists: ReadonlyArray<readonly UserLoginGroupDto[]>
): UserLoginGroupDto[] {
  const merged = new Map<string, UserLoginGroupDto>();
  for (const list of lists) {
    for (const group of list) {
      const key = loginGroupKey(group.userId, group);
      const seen = merged.get(key);
      if (!seen) {
        merged.set(key, { ...group });
        continue;
      }
      seen.logins += group.logins;
      if (instantMs(group.lastLoginTime) > instantMs(seen.lastLoginTime)) {
        seen.lastLoginTime = group.lastLoginTime;
      }
    }
  }
  return [...merged.values()];
}

function userIdsOf(page: UserPage): string {
  return page.users.map((user) => user.id).join('\n');
}

/** True when every answer names the same users and the same next cursor. */
function answersAgree(answers: readonly UserPage[]): boolean {
  const [first, ...rest] = answers;
  const ids = userIdsOf(first);
  return rest.every(
    (answer) => answer.nextAfterUserId === first.nextAfterUserId && userIdsOf(answer) === ids
  );
}

function byFirstDay(a: AnsweredSlice<UserPage>, b: AnsweredSlice<UserPage>): number {
  const [x, y] = [a.slice?.firstDay ?? '', b.slice?.firstDay ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}

function usersText(count: number, cursor: string | null): string {
  const who = count === 1 ? 'The user' : `The ${count} users`;
  return `${who} after ${cursor ?? 'the start'}`;
}

/** One page read in full (its slices merged) or not at all. */
type PageOutcome =
  | { kind: 'stopped' }
  | {
      kind: 'read';
      answers: UserPage[];
      gaps: Array<{ slice: DaySlice; answer: UserPage }>;
      pageSize: number;
      halved: boolean;
    };

/**
 * Reads every user page in order (see the module comment). After a page, the
 * next size comes from that page's login groups per user (nextPageSize) and,
 * after a page that had to halve, from the size that fitted (doubling back
 * page by page).
 * @throws UnreadableUsersError (with `partial`) when a page's slices keep
 * disagreeing, no day of a page can be read even at minPageSize, or the
 * server repeats a cursor; RangeError for an impossible plan; an Apex error as it came
 */
export async function readUserPages(
  readPage: UserPageReader,
  plan: UserPagePlan,
  hooks: ReadHooks = {}
): Promise<UserPagesRead> {
  checkPlan(plan);
  const limiter = hooks.limiter ?? createLimiter();
  const windows = new WindowAccumulator();
  const gapDays = new Set<string>();
  const read: UserPagesRead = {
    users: [],
    loginGroups: [],
    window: null,
    calls: 0,
    splits: 0,
    halvings: 0,
    rereads: 0,
    gaps: [],
    nextAfterUserId: null,
    stoppedBy: null,
    cancelled: false
  };
  let stopReason: UserReadStop | null = null;

  const finish = (stoppedBy: UserReadStop | null, next: string | null): UserPagesRead => {
    read.stoppedBy = stoppedBy;
    read.cancelled = stoppedBy === 'cancelled';
    read.nextAfterUserId = next;
    read.window = windows.build(gapDays.size);
    return read;
  };
  const report = (daysRead: number) =>
    hooks.onProgress?.({
      phase: 'users',
      usersRead: read.users.length,
      daysRead,
      daysTotal: windows.whole ? dayCount(windows.whole) : 0,
      calls: read.calls
    });

  const call = (
    cursor: string | null,
    size: number,
    slice: DaySlice | null,
    wanted: () => boolean
  ) =>
    limiter.run(async () => {
      if (!wanted()) return null;
      if (hooks.shouldStop?.()) {
        stopReason = stopReason ?? 'cancelled';
        return null;
      }
      if (read.calls >= plan.maxCalls) {
        stopReason = stopReason ?? 'maxCalls';
        return null;
      }
      read.calls++;
      return readPage(cursor, size, slice);
    });

  const readOnePage = async (cursor: string | null, asked: number): Promise<PageOutcome> => {
    let size = asked;
    let partition: Array<DaySlice | null> = [null];
    let rereads = 0;
    /** Gap days of earlier reads of this page: never asked again at the same size. */
    let knownGaps: Array<{ slice: DaySlice; answer: UserPage }> = [];
    let halved = false;
    for (;;) {
      let daysRead = 0;
      const pageSize = size;
      let round: SliceRoundResult<UserPage>;
      try {
        // Sequential on purpose: a retry depends on how the previous round ended.
        // eslint-disable-next-line no-await-in-loop
        round = await runSliceRound<UserPage>({
          initial: partition,
          ask: (slice, wanted) => call(cursor, pageSize, slice, wanted),
          onAnswer: (slice, answer) => {
            windows.see(answer.window);
            if (answer.tooBig) read.splits++;
            else daysRead += slice ? dayCount(slice) : dayCount(windows.whole!);
            report(daysRead);
          },
          onSingleDayTooBig: () => (pageSize > plan.minPageSize ? 'abort' : 'gap')
        });
      } catch (error) {
        // Apex ran out of a governor limit (heap, CPU) on this many users: ask again with half.
        if (!isGovernorLimitError(error) || pageSize <= plan.minPageSize) throw error;
        read.halvings++;
        halved = true;
        size = Math.max(plan.minPageSize, Math.floor(pageSize / 2));
        continue;
      }
      if (round.stopped) return { kind: 'stopped' };
      if (round.abortedAt) {
        read.halvings++;
        halved = true;
        size = Math.max(plan.minPageSize, Math.floor(pageSize / 2));
        partition = round.partition;
        continue;
      }
      const answered = [...round.answered].sort(byFirstDay).map((entry) => entry.answer);
      const gaps = [...knownGaps, ...round.gaps];
      if (!answered.length) {
        const reason = gaps[0].answer.tooBigReason ?? 'too big';
        throw new UnreadableUsersError(
          `${usersText(pageSize, cursor)} could not be read on any day of the window ` +
            `(${reason}); the users after ${cursor ?? 'the start'} were not read.`,
          cursor,
          finish('unreadable', cursor)
        );
      }
      if (!answersAgree(answered)) {
        rereads++;
        read.rereads++;
        if (rereads > MAX_PAGE_REREADS) {
          throw new UnreadableUsersError(
            `The day slices of the page after ${cursor ?? 'the start'} kept naming different ` +
              `users (read ${rereads} times; users may be changing); loading stopped there.`,
            cursor,
            finish('unreadable', cursor)
          );
        }
        // Ask the slices that answered again; a gap day stays a gap (it was too big at this size).
        knownGaps = gaps;
        const pageGapDays = new Set(gaps.map((gap) => gap.slice.firstDay));
        partition = round.partition.filter(
          (slice) => !(slice && slice.firstDay === slice.lastDay && pageGapDays.has(slice.firstDay))
        );
        continue;
      }
      return { kind: 'read', answers: answered, gaps, pageSize, halved };
    }
  };

  let cursor: string | null = null;
  let size = plan.pageSize;
  /** Users a single day is known to fit after a halving; doubles back after each page. */
  let dayFit = Infinity;
  let pending = readOnePage(cursor, Math.min(size, plan.maxUsers));
  for (;;) {
    // Sequential on purpose: keyset paging needs the previous page's cursor.
    // eslint-disable-next-line no-await-in-loop
    const page = await pending;
    if (page.kind === 'stopped') return finish(stopReason, cursor);
    const first = page.answers[0];
    const next = first.nextAfterUserId;
    if (next !== null && next === cursor) {
      throw new UnreadableUsersError(
        `The server returned the same page of users twice (after ${cursor}); loading stopped.`,
        cursor,
        finish('unreadable', cursor)
      );
    }
    const groups =
      page.answers.length === 1
        ? page.answers[0].loginGroups
        : mergeLoginGroups(page.answers.map((answer) => answer.loginGroups));
    dayFit = page.halved ? page.pageSize : dayFit * 2;
    size = Math.min(nextPageSize(plan, first.users.length, groups.length), dayFit);
    const usersAfterPage = read.users.length + first.users.length;
    // Ask for the next page before taking this one in: the server reads it
    // while the page merges and renders this one.
    if (next !== null && usersAfterPage < plan.maxUsers) {
      pending = readOnePage(next, Math.min(size, plan.maxUsers - usersAfterPage));
    }
    for (const user of first.users) read.users.push(user);
    for (const group of groups) read.loginGroups.push(group);
    for (const answer of page.answers) windows.addRows(answer.window.rowsRead);
    const userIds = first.users.map((user) => user.id);
    for (const gap of page.gaps) {
      gapDays.add(gap.slice.firstDay);
      read.gaps.push({
        afterUserId: cursor,
        userIds,
        day: gap.slice.firstDay,
        reason: gap.answer.tooBigReason
      });
    }
    report(0);
    if (next === null) return finish(null, null);
    if (read.users.length >= plan.maxUsers) return finish('maxUsers', next);
    cursor = next;
  }
}
