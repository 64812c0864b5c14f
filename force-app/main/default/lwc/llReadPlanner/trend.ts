/**
 * Reads the login trend over the whole window in calls that each fit one Apex
 * transaction (LL_InsightsController.getLoginTrend): the whole window first;
 * a slice answered `tooBig` is asked again as two smaller slices (split at
 * rolledUpThroughDay, else in halves), with bounded concurrency. A single day
 * still too big is read in parts of the day (halves of its time, down to
 * MIN_DAY_PART_MS), whose logins add up and whose distinct users give a lower
 * bound (the same user may log in in several parts): the day is then shown
 * with "at least" that many users (uniqueUsersCapped). A part of
 * MIN_DAY_PART_MS still too big leaves the day a gap. The slices' days are
 * disjoint, so merging is putting them side by side.
 */
import type { DailyLoginBucketDto, LoginTrendDto } from '../../../../types/contract';
import { dayCount, daysOf } from './days';
import type { DaySlice } from './days';
import type { ReadHooks } from './hooks';
import { createLimiter } from './limiter';
import { runSliceRound } from './slices';
import { WindowAccumulator } from './window';
import { normalizeWindow } from './wire';
import { loginGroupKey } from './groupKey';

/** A part of one org-local day: [start, end) as ISO instants. */
export interface DayPart {
  start: string;
  end: string;
}

/**
 * Reads the trend over a day slice of the window (null = the whole window),
 * or over a part of a one-day slice.
 */
export type TrendReader = (slice: DaySlice | null, part?: DayPart) => Promise<LoginTrendDto>;

/** The shortest part of a day asked for: one this short still too big leaves its day a gap. */
export const MIN_DAY_PART_MS = 15 * 60 * 1000;

const MINUTE_MS = 60 * 1000;

/**
 * A trend answer with its nullable fields as null when Apex left them out
 * (see wire.ts: the serializer's handling of null Apex fields is undocumented).
 */
export function normalizeTrend(answer: LoginTrendDto): LoginTrendDto {
  if (answer === null || typeof answer !== 'object') {
    throw new TypeError('A login trend answer must be an object.');
  }
  return {
    window: normalizeWindow(answer.window),
    daily: (answer.daily ?? []).map((bucket) => ({
      ...bucket,
      loginSubType: bucket.loginSubType ?? null,
      application: bucket.application ?? null
    })),
    dailyUniqueUsers: (answer.dailyUniqueUsers ?? []).map((day) => ({
      ...day,
      uniqueUsersCapped: day.uniqueUsersCapped === true
    })),
    tooBig: answer.tooBig === true,
    tooBigReason: answer.tooBigReason ?? null
  };
}

function instant(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`Not an instant: "${value}".`);
  return ms;
}

/**
 * One day's answer from the answers of its parts: logins added per group;
 * distinct users (per group and per day) the most any part had, a lower bound
 * flagged uniqueUsersCapped when there was more than one part; the window
 * spans the parts and covers the day.
 * @throws RangeError without parts
 */
export function mergeDayParts(parts: readonly LoginTrendDto[]): LoginTrendDto {
  if (!parts.length) throw new RangeError('A day is merged from at least one part.');
  const buckets = new Map<string, DailyLoginBucketDto>();
  const users = new Map<string, { uniqueUsers: number; capped: boolean }>();
  let rowsRead = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const part of parts) {
    rowsRead += part.window.rowsRead;
    start = Math.min(start, instant(part.window.windowStart));
    end = Math.max(end, instant(part.window.windowEnd));
    for (const bucket of part.daily) {
      const key = loginGroupKey(bucket.day, bucket);
      const seen = buckets.get(key);
      if (!seen) {
        buckets.set(key, { ...bucket });
        continue;
      }
      seen.logins += bucket.logins;
      seen.uniqueUsers = Math.max(seen.uniqueUsers, bucket.uniqueUsers);
    }
    for (const day of part.dailyUniqueUsers) {
      const seen = users.get(day.day) ?? { uniqueUsers: 0, capped: false };
      users.set(day.day, {
        uniqueUsers: Math.max(seen.uniqueUsers, day.uniqueUsers),
        capped: seen.capped || day.uniqueUsersCapped
      });
    }
  }
  const several = parts.length > 1;
  return {
    window: {
      ...parts[0].window,
      coveredDays: 1,
      truncated: false,
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(end).toISOString(),
      rowsRead
    },
    daily: [...buckets.values()],
    dailyUniqueUsers: [...users].map(([day, counted]) => ({
      day,
      uniqueUsers: counted.uniqueUsers,
      uniqueUsersCapped: several || counted.capped
    })),
    tooBig: false,
    tooBigReason: null
  };
}

/** How reading one day in parts ended. */
type DayPartsOutcome =
  | { kind: 'read'; parts: LoginTrendDto[] }
  | { kind: 'gap'; reason: string | null }
  | { kind: 'stopped' };

function combineParts(outcomes: readonly DayPartsOutcome[]): DayPartsOutcome {
  const stopped = outcomes.find((outcome) => outcome.kind === 'stopped');
  if (stopped) return stopped;
  const gap = outcomes.find((outcome) => outcome.kind === 'gap');
  if (gap) return gap;
  return {
    kind: 'read',
    parts: outcomes.flatMap((outcome) => (outcome.kind === 'read' ? outcome.parts : []))
  };
}

/** Settles every promise, then rejects with the first failure or resolves the values. */
async function allSettledOrThrow<T>(promises: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((entry) => entry.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((entry) => (entry as PromiseFulfilledResult<T>).value);
}

/** A day the trend could not read. */
export interface TrendDayGap {
  day: string;
  /** Why Apex could not read it (tooBigReason). */
  reason: string | null;
}

/** What reading the trend brought. */
export interface TrendRead {
  /**
   * The trend over the whole window: every answered day, the window's
   * coveredDays counting neither gaps nor unread days. Null when no call was
   * answered (cancelled before the first answer).
   */
  trend: LoginTrendDto | null;
  calls: number;
  /** Calls answered `tooBig`. */
  splits: number;
  /** Single days still too big. */
  gaps: TrendDayGap[];
  /** Days never answered because the read was cancelled, oldest first. */
  unreadDays: string[];
  cancelled: boolean;
}

function byDay<T extends { day: string }>(a: T, b: T): number {
  return a.day < b.day ? -1 : a.day > b.day ? 1 : 0;
}

/**
 * Reads the trend (see the module comment).
 * @throws an Apex error as it came (after the calls in flight settle)
 */
export async function readTrend(readSlice: TrendReader, hooks: ReadHooks = {}): Promise<TrendRead> {
  const limiter = hooks.limiter ?? createLimiter();
  const windows = new WindowAccumulator();
  const read: TrendRead = {
    trend: null,
    calls: 0,
    splits: 0,
    gaps: [],
    unreadDays: [],
    cancelled: false
  };
  let daysRead = 0;

  const round = await runSliceRound<LoginTrendDto>({
    initial: [null],
    ask: (slice, wanted) =>
      limiter.run(async () => {
        if (!wanted() || hooks.shouldStop?.()) return null;
        read.calls++;
        return readSlice(slice).then(normalizeTrend);
      }),
    onAnswer: (slice, answer) => {
      windows.see(answer.window);
      const asked = slice ?? windows.whole!;
      if (answer.tooBig) {
        read.splits++;
        if (dayCount(asked) === 1) daysRead++;
      } else {
        daysRead += dayCount(asked);
      }
      hooks.onProgress?.({
        phase: 'logins',
        usersRead: 0,
        daysRead,
        daysTotal: dayCount(windows.whole!),
        calls: read.calls
      });
    },
    onSingleDayTooBig: () => 'gap'
  });

  const ask = (slice: DaySlice, part: DayPart) =>
    limiter.run(async () => {
      if (hooks.shouldStop?.()) return null;
      read.calls++;
      return readSlice(slice, part).then(normalizeTrend);
    });

  /** Reads [from, to) of a one-day slice, halving a part that is too big. */
  const readPart = async (slice: DaySlice, from: number, to: number): Promise<DayPartsOutcome> => {
    const answer = await ask(slice, {
      start: new Date(from).toISOString(),
      end: new Date(to).toISOString()
    });
    if (answer === null) return { kind: 'stopped' };
    hooks.onProgress?.({
      phase: 'logins',
      usersRead: 0,
      daysRead,
      daysTotal: round.whole ? dayCount(round.whole) : 0,
      calls: read.calls
    });
    if (!answer.tooBig) return { kind: 'read', parts: [answer] };
    read.splits++;
    const middle = from + Math.floor((to - from) / 2 / MINUTE_MS) * MINUTE_MS;
    if (to - from <= MIN_DAY_PART_MS || middle <= from) {
      return { kind: 'gap', reason: answer.tooBigReason };
    }
    return combineParts(
      await allSettledOrThrow([readPart(slice, from, middle), readPart(slice, middle, to)])
    );
  };

  // A single day too big as a whole: read it in parts (unless the read was stopped).
  const dayOutcomes = round.stopped
    ? round.gaps.map((): DayPartsOutcome => ({ kind: 'stopped' }))
    : await allSettledOrThrow(
        round.gaps.map((gap) =>
          readPart(
            gap.slice,
            instant(gap.answer.window.windowStart),
            instant(gap.answer.window.windowEnd)
          )
        )
      );
  const partDays: LoginTrendDto[] = [];
  round.gaps.forEach((gap, index) => {
    const outcome = dayOutcomes[index];
    if (outcome.kind === 'read') partDays.push(mergeDayParts(outcome.parts));
    else if (outcome.kind === 'stopped') read.unreadDays.push(gap.slice.firstDay);
    else read.gaps.push({ day: gap.slice.firstDay, reason: outcome.reason });
  });

  read.cancelled = round.stopped || dayOutcomes.some((outcome) => outcome.kind === 'stopped');
  for (const slice of round.unanswered) {
    const known = slice ?? round.whole;
    if (known) read.unreadDays.push(...daysOf(known));
  }
  read.unreadDays.sort();
  read.gaps.sort(byDay);

  const answered = [...round.answered.map((entry) => entry.answer), ...partDays];
  for (const answer of answered) windows.addRows(answer.window.rowsRead);
  const window = windows.build(read.gaps.length + read.unreadDays.length);
  if (!window) return read;
  read.trend = {
    window,
    daily: answered.flatMap((answer) => answer.daily).sort(byDay),
    dailyUniqueUsers: answered.flatMap((answer) => answer.dailyUniqueUsers).sort(byDay),
    tooBig: false,
    tooBigReason: null
  };
  return read;
}
