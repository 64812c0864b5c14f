/**
 * Folds the login windows of many slice answers into the one whole-window
 * LoginWindowDto the analytics and the coverage line read.
 */
import type { LoginWindowDto } from '../../../../types/contract';
import { dayCount, rollupDaysOf } from './days';
import type { DaySlice } from './days';

function instantMs(value: string | null | undefined): number {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * Collects the windows of the answers of one read. The whole window (firstDay,
 * lastDay, requestedDays, rolledUpThroughDay) is the one of the first answer;
 * windowStart comes from an answer starting at firstDay and windowEnd is the
 * latest of the answers ending at lastDay (each call's "now").
 */
export class WindowAccumulator {
  private first: LoginWindowDto | null = null;
  private start: string | null = null;
  private end: string | null = null;
  private rows = 0;

  /** Takes in the window of an answer (too big or not). */
  see(window: LoginWindowDto): void {
    if (!this.first) this.first = window;
    const whole = this.first;
    if (this.start === null && window.sliceFirstDay === whole.firstDay) {
      this.start = window.windowStart;
    }
    if (
      window.sliceLastDay === whole.lastDay &&
      instantMs(window.windowEnd) > instantMs(this.end)
    ) {
      this.end = window.windowEnd;
    }
  }

  /** Adds the logins of answers that are part of the result. */
  addRows(rowsRead: number): void {
    this.rows += rowsRead;
  }

  /** The whole window as a slice; null before the first answer. */
  get whole(): DaySlice | null {
    return this.first ? { firstDay: this.first.firstDay, lastDay: this.first.lastDay } : null;
  }

  /**
   * The whole-window answer: every day of the window except `missingDays`
   * counted as covered; truncated when any day is missing. Null before the
   * first answer.
   */
  build(missingDays: number): LoginWindowDto | null {
    const first = this.first;
    if (!first) return null;
    const whole = { firstDay: first.firstDay, lastDay: first.lastDay };
    const days = dayCount(whole);
    const rollupDays = rollupDaysOf(whole, first.rolledUpThroughDay);
    const coveredDays = Math.max(0, days - missingDays);
    return {
      requestedDays: first.requestedDays,
      coveredDays,
      truncated: coveredDays < days,
      windowStart: this.start ?? first.windowStart,
      windowEnd: this.end ?? first.windowEnd,
      rowsRead: this.rows,
      firstDay: whole.firstDay,
      lastDay: whole.lastDay,
      sliceFirstDay: whole.firstDay,
      sliceLastDay: whole.lastDay,
      rolledUpThroughDay: first.rolledUpThroughDay,
      rollupDays,
      liveDays: days - rollupDays
    };
  }
}
