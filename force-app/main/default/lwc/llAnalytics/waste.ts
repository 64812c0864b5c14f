import type { LicenseSeatDto, SettingsDto } from '../../../../types/contract';
import type { UserInsight } from './activity';
import {
  INTEGRATION_LICENSE_NAME,
  INTEGRATION_PSL_NAME,
  MONTHS_PER_YEAR,
  isIntegrationLicense,
  roundMoney
} from './pricing';
import type { PriceBook, PriceLookup } from './pricing';

/** Seats paid for and not used, for one license. */
export interface LicenseWasteRow {
  /** Stable key: "UserLicense:<name>", "PermissionSetLicense:<name>", or "UserLicense:(none)" for users without a license name. */
  key: string;
  /** License name (UserLicense.Name, PSL DeveloperName, or the users' license name). */
  licenseName: string;
  /** What Setup shows (seat label, else the name). */
  label: string;
  monthlyPrice: number;
  priced: boolean;
  /** Users with activity `inactive` (integrations on human seats are `integration`, not counted). */
  inactiveSeats: number;
  /** Active, unfrozen users who never logged in (past the grace days). */
  neverLoggedInSeats: number;
  /** Frozen users still holding a seat. */
  frozenSeats: number;
  /**
   * Paid seats assigned to nobody: total - used, less the org's free allowance
   * for the Salesforce Integration license. Only when unassignedIncluded.
   */
  unassignedSeats: number;
  /** Sum of the four seat counts above. */
  wastedSeats: number;
  monthlyWaste: number;
  annualWaste: number;
}

/** Money spent on unused seats. */
export interface WasteReport {
  currencyIsoCode: string;
  /** Per-license rows, largest annual waste first, then by label. */
  rows: LicenseWasteRow[];
  wastedSeats: number;
  monthlyWaste: number;
  annualWaste: number;
  /** Names of licenses with wasted seats but no price (counted as 0). */
  unpricedLicenses: string[];
  /** False when user filters narrow the view: pool-level unassigned seats are left out. */
  unassignedIncluded: boolean;
}

/** How computeWaste treats seat pools. */
export interface WasteOptions {
  /** Include unassigned paid seats (default true). */
  includeUnassigned?: boolean;
  /** When set, only pools whose name is in this list count (license filter). */
  licenseNames?: readonly string[] | null;
}

/** License name used for users whose license is not known. */
export const UNKNOWN_LICENSE_NAME = '(none)';

/**
 * Paid seats of a pool assigned to nobody. For the Salesforce Integration
 * license and PSL the first `freeIntegrationSeats` seats are free, and users
 * fill free seats first.
 */
export function unassignedPaidSeats(seat: LicenseSeatDto, freeIntegrationSeats: number): number {
  const allowance = isIntegrationLicense(seat.name, seat.licenseDefinitionKey)
    ? Math.max(0, freeIntegrationSeats)
    : 0;
  const paidSeats = Math.max(0, seat.total - allowance);
  const paidUsed = Math.max(0, seat.used - allowance);
  return Math.max(0, paidSeats - paidUsed);
}

function emptyRow(
  key: string,
  licenseName: string,
  label: string,
  price: PriceLookup
): LicenseWasteRow {
  return {
    key,
    licenseName,
    label,
    monthlyPrice: price.monthlyPrice,
    priced: price.priced,
    inactiveSeats: 0,
    neverLoggedInSeats: 0,
    frozenSeats: 0,
    unassignedSeats: 0,
    wastedSeats: 0,
    monthlyWaste: 0,
    annualWaste: 0
  };
}

function poolKey(seat: LicenseSeatDto): string {
  return `${seat.source}:${seat.name}`;
}

/** The PSL duplicates the Salesforce Integration user license's seats when both are listed. */
function duplicatesIntegrationLicense(
  seat: LicenseSeatDto,
  seats: readonly LicenseSeatDto[]
): boolean {
  return (
    seat.source === 'PermissionSetLicense' &&
    seat.name === INTEGRATION_PSL_NAME &&
    seats.some((other) => other.source === 'UserLicense' && other.name === INTEGRATION_LICENSE_NAME)
  );
}

/** Wasted user seats per user license name, counted one insight at a time. */
export class WasteTally {
  private readonly byLicense = new Map<string | null, LicenseWasteRow>();

  /** Counts the insight when its seat is wasted (inactive, never logged in, frozen). */
  add(insight: UserInsight): void {
    const { activity } = insight;
    // Integrations on human seats have activity 'integration' (never 'inactive'): not waste.
    const wasted = activity === 'frozen' || activity === 'neverLoggedIn' || activity === 'inactive';
    if (!wasted) return;
    const licenseName = insight.user.licenseName;
    let row = this.byLicense.get(licenseName);
    if (!row) {
      const name = licenseName ?? UNKNOWN_LICENSE_NAME;
      const price = {
        monthlyPrice: insight.monthlyPrice,
        priced: insight.priced,
        matchedKey: null
      };
      row = emptyRow(`UserLicense:${name}`, name, name, price);
      this.byLicense.set(licenseName, row);
    }
    if (activity === 'frozen') row.frozenSeats++;
    else if (activity === 'neverLoggedIn') row.neverLoggedInSeats++;
    else row.inactiveSeats++;
  }

  /** The report: counted users plus the pools' unassigned seats (see computeWaste). */
  report(
    seats: readonly LicenseSeatDto[],
    settings: SettingsDto,
    priceBook: PriceBook,
    options: WasteOptions = {}
  ): WasteReport {
    const labels = new Map(seats.map((seat) => [poolKey(seat), seat.label || seat.name]));
    const rows = new Map<string, LicenseWasteRow>();
    for (const counted of this.byLicense.values()) {
      rows.set(counted.key, { ...counted, label: labels.get(counted.key) ?? counted.label });
    }
    const unassignedIncluded = options.includeUnassigned ?? true;
    if (unassignedIncluded) {
      addUnassignedSeats(rows, seats, settings, priceBook, options.licenseNames);
    }
    return summarize([...rows.values()], settings.currencyIsoCode, unassignedIncluded);
  }
}

function addUnassignedSeats(
  rows: Map<string, LicenseWasteRow>,
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  priceBook: PriceBook,
  licenseNames: readonly string[] | null | undefined
): void {
  for (const seat of seats) {
    if (licenseNames && !licenseNames.includes(seat.name)) continue;
    if (duplicatesIntegrationLicense(seat, seats)) continue;
    const unassigned = unassignedPaidSeats(seat, settings.freeIntegrationSeats);
    if (unassigned === 0) continue;
    const key = poolKey(seat);
    let row = rows.get(key);
    if (!row) {
      const price = priceBook.priceOf(seat.name, seat.licenseDefinitionKey);
      row = emptyRow(key, seat.name, seat.label || seat.name, price);
      rows.set(key, row);
    }
    row.unassignedSeats += unassigned;
  }
}

/** Totals, money and order of the rows. */
function summarize(
  rows: LicenseWasteRow[],
  currencyIsoCode: string,
  unassignedIncluded: boolean
): WasteReport {
  let wastedSeats = 0;
  let monthlyWaste = 0;
  const unpriced = new Set<string>();
  for (const row of rows) {
    row.wastedSeats =
      row.inactiveSeats + row.neverLoggedInSeats + row.frozenSeats + row.unassignedSeats;
    const monthly = row.wastedSeats * row.monthlyPrice;
    row.monthlyWaste = roundMoney(monthly);
    row.annualWaste = roundMoney(monthly * MONTHS_PER_YEAR);
    wastedSeats += row.wastedSeats;
    monthlyWaste += monthly;
    if (!row.priced) unpriced.add(row.licenseName);
  }
  rows.sort(
    (a, b) =>
      b.annualWaste - a.annualWaste ||
      b.wastedSeats - a.wastedSeats ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)
  );
  return {
    currencyIsoCode,
    rows,
    wastedSeats,
    monthlyWaste: roundMoney(monthlyWaste),
    annualWaste: roundMoney(monthlyWaste * MONTHS_PER_YEAR),
    unpricedLicenses: [...unpriced].sort(),
    unassignedIncluded
  };
}

/**
 * Prices the seats nobody uses: per user license, inactive + never-logged-in +
 * frozen users (integrations on human seats have activity `integration` and
 * are excluded: their cost is the integration saving; new and unknown users
 * are not waste yet), plus
 * unassigned paid seats of every pool (the Salesforce API Integration PSL is
 * skipped when the Salesforce Integration user license is listed: same seats).
 * Rows without wasted seats are left out.
 */
export function computeWaste(
  insights: readonly UserInsight[],
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  priceBook: PriceBook,
  options: WasteOptions = {}
): WasteReport {
  const tally = new WasteTally();
  for (const insight of insights) tally.add(insight);
  return tally.report(seats, settings, priceBook, options);
}
