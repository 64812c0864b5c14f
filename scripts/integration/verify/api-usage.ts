/** The org's daily API request usage, from the REST limits resource. */
import type { Connection } from '@jsforce/jsforce-node';

/** Daily API requests: the limit and how much of it is used. */
export interface ApiUsage {
  max: number;
  remaining: number;
  used: number;
  /** used / max, 0..1. */
  ratioUsed: number;
}

/** Above this share of the daily limit, verify warns (a common collector cut-off). */
export const API_USAGE_WARNING_RATIO = 0.75;

/** GET /services/data/vXX.X/limits → DailyApiRequests. */
export async function readApiUsage(conn: Connection): Promise<ApiUsage> {
  const limits = await conn.request<Record<string, { Max: number; Remaining: number }>>('/limits');
  const daily = limits.DailyApiRequests;
  if (!daily) throw new Error('The limits response has no DailyApiRequests.');
  const used = Math.max(0, daily.Max - daily.Remaining);
  return {
    max: daily.Max,
    remaining: daily.Remaining,
    used,
    ratioUsed: daily.Max ? used / daily.Max : 0
  };
}

/** "1,234 of 100,000 daily API requests used (1.2%)". */
export function formatApiUsage(usage: ApiUsage): string {
  const percent = (usage.ratioUsed * 100).toFixed(1);
  return `${usage.used.toLocaleString('en-US')} of ${usage.max.toLocaleString('en-US')} daily API requests used (${percent}%)`;
}
