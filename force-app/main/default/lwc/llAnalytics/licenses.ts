import type { LicenseSeatDto } from '../../../../types/contract';

/** A license row ready to render: seats plus what they cost when unused. */
export interface LicenseUsageRow extends LicenseSeatDto {
  /** Stable key for template iteration. */
  key: string;
  /** Share of seats paid for but unused (0-100, one decimal). */
  percentFree: number;
  /** Percent used, clamped to 0-100 for drawing a bar. */
  barPercent: number;
  /** Utilization band: full (>= 95%), healthy (>= 70%), low (< 70%). */
  band: UtilizationBand;
}

export type UtilizationBand = 'full' | 'healthy' | 'low';

/** Percent used from which a license counts as fully used. */
export const FULL_UTILIZATION_PERCENT = 95;
/** Percent used below which a license is flagged as under-used. */
export const LOW_UTILIZATION_PERCENT = 70;

const ONE_DECIMAL = 10;

function roundOneDecimal(value: number): number {
  return Math.round(value * ONE_DECIMAL) / ONE_DECIMAL;
}

function clampPercent(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value > 100 ? 100 : value;
}

/** The band a percent-used figure falls in. */
export function utilizationBand(percentUsed: number): UtilizationBand {
  if (percentUsed >= FULL_UTILIZATION_PERCENT) return 'full';
  if (percentUsed >= LOW_UTILIZATION_PERCENT) return 'healthy';
  return 'low';
}

/**
 * Turns seat DTOs into rows sorted by waste: most free seats first, then the
 * lowest utilization, then label. Pools with no seats are dropped.
 */
export function toLicenseUsageRows(seats: readonly LicenseSeatDto[]): LicenseUsageRow[] {
  return seats
    .filter((seat) => seat.total > 0)
    .map((seat) => {
      const free = Math.max(0, seat.total - seat.used);
      const percentUsed = roundOneDecimal((seat.used / seat.total) * 100);
      return {
        ...seat,
        free,
        percentUsed,
        key: `${seat.source}:${seat.id}`,
        percentFree: roundOneDecimal(100 - clampPercent(percentUsed)),
        barPercent: clampPercent(percentUsed),
        band: utilizationBand(percentUsed)
      };
    })
    .sort(
      (a, b) => b.free - a.free || a.percentUsed - b.percentUsed || a.label.localeCompare(b.label)
    );
}

/** Seats bought and used across the given pools. */
export function totalSeats(rows: readonly LicenseSeatDto[]): {
  total: number;
  used: number;
  free: number;
} {
  let total = 0;
  let used = 0;
  for (const row of rows) {
    total += row.total;
    used += row.used;
  }
  return { total, used, free: Math.max(0, total - used) };
}
