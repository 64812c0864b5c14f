/**
 * One live LoginHistory window, as LL_LoginWindow keeps it: N days cover
 * today (the org-local day of windowEnd, partly) and the N - 1 days before,
 * from the midnight starting the oldest (inclusive) to windowEnd (exclusive).
 * Narrowing drops whole days from the old end.
 */
import type { LoginWindowDto } from '../../../force-app/types/contract';
import type { OrgCalendar } from '../../../force-app/main/default/lwc/llAnalytics/time';

export class LoginWindow {
  /** Org-local day number of windowEnd. */
  private readonly newestDay: number;
  coveredDays: number;
  truncated = false;

  constructor(
    private readonly calendar: OrgCalendar,
    /** End of the window (exclusive, epoch ms): when it is read. */
    readonly windowEnd: number,
    /** Days asked for, already clamped. */
    readonly requestedDays: number
  ) {
    this.newestDay = calendar.dayNumber(windowEnd);
    this.coveredDays = requestedDays;
  }

  /** Midnight of the oldest covered day, or windowEnd when no day is covered. */
  windowStart(): number {
    return this.coveredDays === 0
      ? this.windowEnd
      : this.calendar.startOfDay(this.newestDay + 1 - this.coveredDays);
  }

  /** Day numbers of the covered days, oldest first. */
  coveredDayNumbers(): number[] {
    return Array.from(
      { length: this.coveredDays },
      (_, i) => this.newestDay + 1 - this.coveredDays + i
    );
  }

  /** The budget ran out at a row of boundaryTime: keep only the days strictly after its day. */
  keepDaysAfter(boundaryTime: number): void {
    const daysAfter = Math.max(0, this.newestDay - this.calendar.dayNumber(boundaryTime));
    this.coveredDays = Math.min(this.coveredDays, daysAfter);
    this.truncated = true;
  }

  /** No row could be read at all. */
  coverNothing(): void {
    this.coveredDays = 0;
    this.truncated = true;
  }

  toDto(rowsRead: number): LoginWindowDto {
    return {
      requestedDays: this.requestedDays,
      coveredDays: this.coveredDays,
      truncated: this.truncated,
      windowStart: new Date(this.windowStart()).toISOString(),
      windowEnd: new Date(this.windowEnd).toISOString(),
      rowsRead
    };
  }
}
