/**
 * The read planner: how the dashboard (and the preview's tests and bench)
 * read the org in calls that each fit inside one Apex transaction's limits.
 * Pure (no DOM, no Apex import): the caller hands it the call to make, tests
 * hand it fakes.
 *
 * - readUserPages: users in keyset pages, each page over the whole window,
 *   split into day slices (and then fewer users) only when Apex answers tooBig;
 * - readTrend: the login trend over the whole window, split the same way;
 * - both run their calls through a bounded-concurrency limiter (default 4),
 *   report progress, stop on request, and name every day or user they could
 *   not read (gaps, cancel) instead of returning a narrower window;
 * - decodeUserPage: the compact user page Apex sends, as users and login
 *   groups (readUserPages' reader returns pages decoded).
 */
export {
  addDays,
  dayCount,
  dayKey,
  dayNumber,
  daySlice,
  daysOf,
  describeDays,
  rollupDaysOf,
  sliceContains,
  splitSlice
} from './days';
export type { DaySlice } from './days';
export { DEFAULT_CONCURRENCY, createLimiter } from './limiter';
export { isGovernorLimitError } from './limits';
export type { Limiter } from './limiter';
export type { ReadHooks, ReadProgress } from './hooks';
export { PROGRESS_INTERVAL_MS, throttleProgress } from './hooks';
export {
  DEFAULT_GROUPS_PER_CALL,
  MAX_PAGE_REREADS,
  TARGET_FILL,
  UnreadableUsersError,
  mergeLoginGroups,
  nextPageSize,
  readUserPages
} from './userPages';
export type {
  UserDayGap,
  UserPagePlan,
  UserPageReader,
  UserPagesRead,
  UserReadStop
} from './userPages';
export { MIN_DAY_PART_MS, mergeDayParts, normalizeTrend, readTrend } from './trend';
export { decodeUserPage, emptyLoginCounts, emptyUserColumns, normalizeWindow } from './wire';
export type { UserPage } from './wire';
export type { DayPart, TrendDayGap, TrendRead, TrendReader } from './trend';
