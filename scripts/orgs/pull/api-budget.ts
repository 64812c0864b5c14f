/**
 * The pull's API budget: DailyApiRequests from the REST `/limits` resource
 * (used = Max - Remaining), read before the pull and again every
 * LIMITS_REFRESH_CALLS requests, since other integrations spend the same
 * daily allocation meanwhile. A request is sent only while the used count,
 * plus the requests sent since the last read, stays within `maxApiShare` of
 * Max; otherwise BudgetReachedError stops the pull.
 *
 * - /limits: "Lists information about limits in your org ... the maximum
 *   allocation and the remaining allocation based on usage ... for API users
 *   with the View Setup and Configuration permission"
 *   (https://developer.salesforce.com/docs/atlas.en-us.224.0.api_rest.meta/api/resources_limits.htm).
 * - "Each org is only able to handle a certain number of API requests within
 *   a 24-hour period. Budget your overall API consumption"
 *   (Bulk API 2.0 Limits, https://developer.salesforce.com/docs/platform/api-asynch/guide/bulk-common-limits.md).
 * Whether the /limits request and each Bulk API 2.0 request count toward
 * DailyApiRequests is not stated on those pages: the budget counts every
 * request it sends (unverified, the safe side).
 */
import { BudgetReachedError } from './pull-errors';

/** Requests between two reads of /limits. */
export const LIMITS_REFRESH_CALLS = 25;

export interface DailyApiRequests {
  max: number;
  remaining: number;
}

export class ApiBudget {
  private max = 0;
  private usedAtRead = 0;
  private sinceRead = 0;
  private reads = 0;

  constructor(readonly maxShare: number) {}

  /** The most DailyApiRequests used the pull lets the org reach. */
  get cap(): number {
    return Math.floor(this.max * this.maxShare);
  }

  /** Used requests as last read plus the pull's requests since. */
  get projectedUsed(): number {
    return this.usedAtRead + this.sinceRead;
  }

  get hasRead(): boolean {
    return this.reads > 0;
  }

  /** Whether /limits should be read again before the next request. */
  get dueForRead(): boolean {
    return this.sinceRead >= LIMITS_REFRESH_CALLS;
  }

  /** Takes a fresh /limits reading. */
  record(limits: DailyApiRequests): void {
    this.max = limits.max;
    this.usedAtRead = Math.max(0, limits.max - limits.remaining);
    this.sinceRead = 0;
    this.reads += 1;
  }

  /** Throws BudgetReachedError when one more request would pass the cap. */
  check(): void {
    if (!this.hasRead) return;
    if (this.projectedUsed + 1 > this.cap) {
      throw new BudgetReachedError(
        `${this.projectedUsed.toLocaleString('en-US')} of ${this.max.toLocaleString('en-US')} daily API requests used; ` +
          `the pull stops at ${Math.round(this.maxShare * 100)}% (${this.cap.toLocaleString('en-US')})`
      );
    }
  }

  /** Counts one request sent. */
  spend(): void {
    this.sinceRead += 1;
  }

  describe(): string {
    return `${this.projectedUsed.toLocaleString('en-US')} of ${this.max.toLocaleString('en-US')} daily API requests used; stopping at ${this.cap.toLocaleString('en-US')} (${Math.round(this.maxShare * 100)}%)`;
  }
}
