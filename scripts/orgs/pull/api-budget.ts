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
 * - Between /limits reads, the Sforce-Limit-Info response header, "returned in
 *   each request to REST API ... api-usage—Specifies the daily API usage for the
 *   organization against which the call was made. The first number is the number
 *   of API calls used, and the second number is the API limit for the organization"
 *   (Limit Info Header, https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm),
 *   is a fresh reading too (recordHeader), so other integrations' spending is seen
 *   at once and /limits is read again only when answers lack the header (whether
 *   Bulk API 2.0 answers carry it is unverified).
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

  /**
   * A reading from an answer's Sforce-Limit-Info header (api-usage=used/max).
   * Whether `used` counts the request it answers is not documented: it is
   * counted once more (sinceRead 1), the safe side.
   */
  recordHeader(used: number, max: number): void {
    this.max = max;
    this.usedAtRead = used;
    this.sinceRead = 1;
    this.reads += 1;
  }

  /**
   * Throws BudgetReachedError when one more request would pass the cap, or
   * would leave fewer than `reserve` requests under it (kept for aborting a
   * Bulk API 2.0 query job the pull started).
   */
  check(reserve = 0): void {
    if (!this.hasRead) return;
    if (this.projectedUsed + 1 + reserve > this.cap) {
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
