import { LightningElement, api, wire } from 'lwc';
import getLicenseSeats from '@salesforce/apex/LL_LicenseController.getLicenseSeats';
import { toLicenseUsageRows, type LicenseUsageRow } from 'c/llAnalytics';
import type { LicenseSeatDto } from '../../../../types/contract';

type WireResult = { data?: LicenseSeatDto[]; error?: unknown };

/** A license row with the presentation bits the template needs. */
interface DisplayRow extends LicenseUsageRow {
  barStyle: string;
  barClass: string;
  summary: string;
  sourceLabel: string;
}

const BAND_CLASS: Record<LicenseUsageRow['band'], string> = {
  full: 'slds-progress-bar__value ll-bar ll-bar_full',
  healthy: 'slds-progress-bar__value ll-bar ll-bar_healthy',
  low: 'slds-progress-bar__value ll-bar ll-bar_low'
};

const SOURCE_LABEL: Record<LicenseUsageRow['source'], string> = {
  UserLicense: 'User license',
  PermissionSetLicense: 'Permission set license'
};

/**
 * License utilization: seats bought vs used for every active license, sorted by
 * waste. Rendering only; the arithmetic lives in c/llAnalytics.
 */
export default class LlLicenseUtilization extends LightningElement {
  /** Card title. */
  @api cardTitle = 'License utilization';

  rows: DisplayRow[] = [];
  error: unknown;
  isLoading = true;

  @wire(getLicenseSeats)
  wiredSeats({ data, error }: WireResult): void {
    if (data) {
      this.rows = toLicenseUsageRows(data).map((row) => ({
        ...row,
        barStyle: `width: ${row.barPercent}%`,
        barClass: BAND_CLASS[row.band],
        summary: `${row.used} of ${row.total} used, ${row.free} free (${row.percentUsed}%)`,
        sourceLabel: SOURCE_LABEL[row.source]
      }));
      this.error = undefined;
      this.isLoading = false;
    } else if (error) {
      this.error = error;
      this.rows = [];
      this.isLoading = false;
    }
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  get isEmpty(): boolean {
    return !this.isLoading && !this.error && this.rows.length === 0;
  }
}
