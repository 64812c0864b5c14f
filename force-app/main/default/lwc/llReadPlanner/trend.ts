/**
 * Reads the login trend over the whole window in calls that each fit one Apex
 * transaction (LL_InsightsController.getLoginTrend): the whole window first;
 * a slice answered `tooBig` is asked again as two smaller slices (split at
 * rolledUpThroughDay, else in halves), with bounded concurrency; a single day
 * still too big becomes a gap. The slices' days are disjoint, so merging is
 * putting them side by side.
 */
import type { LoginTrendDto } from '../../../../types/contract';
import { dayCount, daysOf } from './days';
import type { DaySlice } from './days';
import type { ReadHooks } from './hooks';
import { createLimiter } from './limiter';
import { runSliceRound } from './slices';
import { WindowAccumulator } from './window';

/** Reads the trend over a day slice of the window (null = the whole window). */
export type TrendReader = (slice: DaySlice | null) => Promise<LoginTrendDto>;

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
        return readSlice(slice);
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

  read.cancelled = round.stopped;
  read.gaps = round.gaps.map((gap) => ({
    day: gap.slice.firstDay,
    reason: gap.answer.tooBigReason
  }));
  for (const slice of round.unanswered) {
    const known = slice ?? round.whole;
    if (known) read.unreadDays.push(...daysOf(known));
  }
  read.unreadDays.sort();

  const answered = round.answered.map((entry) => entry.answer);
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
