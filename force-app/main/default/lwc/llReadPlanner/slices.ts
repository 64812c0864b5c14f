/**
 * The slice tree both reads share: ask slices, split every multi-day slice
 * answered `tooBig` in two and ask the halves (each through the caller's
 * bounded `ask`), and hand a single-day slice still too big to the caller,
 * who records a gap or aborts the round. A slice is only ever followed by
 * slices inside it: no call asks more than one that was already too big.
 */
import type { LoginWindowDto } from '../../../../types/contract';
import { dayCount, splitSlice } from './days';
import type { DaySlice } from './days';

/** What every slice answer carries. */
export interface SliceAnswer {
  tooBig: boolean;
  tooBigReason: string | null;
  window: LoginWindowDto;
}

/** A slice asked (null = the whole window, before its days are known) and its answer. */
export interface AnsweredSlice<A> {
  slice: DaySlice | null;
  answer: A;
}

/** One round over a set of slices. */
export interface SliceRound<A extends SliceAnswer> {
  /** Slices to start from; null is the whole window. */
  initial: ReadonlyArray<DaySlice | null>;
  /**
   * Makes one call; resolves null when it declined to (cancelled, out of
   * calls, or `wanted()` turned false while it waited for a free slot).
   */
  ask(slice: DaySlice | null, wanted: () => boolean): Promise<A | null>;
  /** After every answer, too big or not. */
  onAnswer?(slice: DaySlice | null, answer: A): void;
  /** A single day still too big: record it as a gap, or abort the round. */
  onSingleDayTooBig(day: DaySlice, answer: A): 'gap' | 'abort';
}

/** How a round ended. */
export interface SliceRoundResult<A extends SliceAnswer> {
  /** Slices answered in full, in the order they were answered. */
  answered: Array<AnsweredSlice<A>>;
  /** Single days still too big, recorded as gaps. */
  gaps: Array<{ slice: DaySlice; answer: A }>;
  /** Slices never answered (the round was stopped, aborted or failed first). */
  unanswered: Array<DaySlice | null>;
  /** An ask declined (cancel or call cap). */
  stopped: boolean;
  /** The single day that aborted the round; null when none did. */
  abortedAt: DaySlice | null;
  /**
   * The leaves of the tree: every slice answered, recorded as a gap, left
   * unanswered or aborting, oldest first; null only when the window is still unknown.
   */
  partition: Array<DaySlice | null>;
  /** The whole window, once an answer named it. */
  whole: DaySlice | null;
}

function byFirstDay(a: DaySlice | null, b: DaySlice | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a.firstDay < b.firstDay ? -1 : a.firstDay > b.firstDay ? 1 : 0;
}

/**
 * Runs a round: concurrency is whatever `ask` allows (the caller runs it
 * through a limiter). Once an ask declines, the round aborts, or an ask
 * fails, no further slice is asked; answers still in flight are kept, except
 * after an abort (the round is void). Rejects with the first failure once
 * every call in flight has settled.
 */
export async function runSliceRound<A extends SliceAnswer>(
  round: SliceRound<A>
): Promise<SliceRoundResult<A>> {
  const result: SliceRoundResult<A> = {
    answered: [],
    gaps: [],
    unanswered: [],
    stopped: false,
    abortedAt: null,
    partition: [],
    whole: null
  };
  let halted = false;
  let failure: { error: unknown } | null = null;

  const visit = async (slice: DaySlice | null): Promise<void> => {
    let answer: A | null;
    try {
      answer = await round.ask(slice, () => !halted);
    } catch (error) {
      failure = failure ?? { error };
      halted = true;
      result.unanswered.push(slice);
      return;
    }
    if (answer === null) {
      if (!halted) result.stopped = true;
      halted = true;
      result.unanswered.push(slice);
      return;
    }
    if (!answer.window) {
      failure = failure ?? { error: new TypeError('An answer came without its login window.') };
      halted = true;
      result.unanswered.push(slice);
      return;
    }
    if (!result.whole) {
      result.whole = { firstDay: answer.window.firstDay, lastDay: answer.window.lastDay };
    }
    if (result.abortedAt) {
      result.unanswered.push(slice);
      return;
    }
    round.onAnswer?.(slice, answer);
    if (!answer.tooBig) {
      result.answered.push({ slice, answer });
      return;
    }
    const asked = slice ?? { firstDay: answer.window.firstDay, lastDay: answer.window.lastDay };
    if (dayCount(asked) > 1) {
      if (halted) {
        result.unanswered.push(asked);
        return;
      }
      const [older, newer] = splitSlice(asked, answer.window.rolledUpThroughDay);
      await Promise.all([visit(older), visit(newer)]);
      return;
    }
    if (round.onSingleDayTooBig(asked, answer) === 'gap') {
      result.gaps.push({ slice: asked, answer });
    } else {
      result.abortedAt = asked;
      halted = true;
    }
  };

  await Promise.all(round.initial.map(visit));
  const settled = failure as { error: unknown } | null;
  if (settled) throw settled.error;

  const explicit = (slice: DaySlice | null) => slice ?? result.whole;
  const leaves: Array<DaySlice | null> = [
    ...result.answered.map((entry) => explicit(entry.slice)),
    ...result.gaps.map((entry) => entry.slice),
    ...result.unanswered.map(explicit),
    ...(result.abortedAt ? [result.abortedAt] : [])
  ];
  result.partition = leaves.sort(byFirstDay);
  return result;
}
