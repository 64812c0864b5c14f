import { LightningElement, api } from 'lwc';
import { toLicenseUsageRows, type LicenseUsageRow } from 'c/llAnalytics';
import type { LicenseSeatDto, SeatSource } from '../../../../types/contract';

/** A license row with the presentation bits the template needs. */
interface DisplayRow extends LicenseUsageRow {
  barStyle: string;
  barClass: string;
  summary: string;
}

/** One group of rows: user licenses or permission set licenses. */
interface Section {
  source: SeatSource;
  title: string;
  rows: DisplayRow[];
}

const BAND_CLASS: Record<LicenseUsageRow['band'], string> = {
  full: 'slds-progress-bar__value ll-bar ll-bar_full',
  healthy: 'slds-progress-bar__value ll-bar ll-bar_healthy',
  low: 'slds-progress-bar__value ll-bar ll-bar_low'
};

/** Sections in display order. */
const SECTIONS: readonly { source: SeatSource; title: string }[] = [
  { source: 'UserLicense', title: 'User licenses' },
  { source: 'PermissionSetLicense', title: 'Permission set licenses' }
];

function toDisplayRow(row: LicenseUsageRow): DisplayRow {
  return {
    ...row,
    barStyle: `width: ${row.barPercent}%`,
    barClass: BAND_CLASS[row.band],
    summary: `${row.used} of ${row.total} used, ${row.free} free (${row.percentUsed}%)`
  };
}

/**
 * License utilization: seats bought vs used for every user license and
 * permission set license with seats, each group sorted by waste. Rendering
 * only; the arithmetic lives in c/llAnalytics. The parent reads the seats.
 */
export default class LlLicenseUtilization extends LightningElement {
  /** Card title. */
  @api cardTitle = 'License utilization';
  @api loading = false;
  /** The error that kept the seats from loading. */
  @api errors: unknown;

  sections: Section[] = [];
  private seatPools: readonly LicenseSeatDto[] | null = null;

  /** Seat pools from getLicenseSeats; null while loading. */
  @api
  get seats(): readonly LicenseSeatDto[] | null {
    return this.seatPools;
  }
  set seats(value: readonly LicenseSeatDto[] | null) {
    this.seatPools = value ?? null;
    const rows = toLicenseUsageRows(value ?? []).map(toDisplayRow);
    this.sections = SECTIONS.map(({ source, title }) => ({
      source,
      title,
      rows: rows.filter((row) => row.source === source)
    })).filter((section) => section.rows.length > 0);
  }

  get isLoading(): boolean {
    return this.loading && !this.errors;
  }

  get hasRows(): boolean {
    return !this.isLoading && !this.errors && this.sections.length > 0;
  }

  get isEmpty(): boolean {
    return !this.isLoading && !this.errors && this.seats !== null && this.sections.length === 0;
  }
}
