import type { LicenseSeatDto, SettingsDto } from '../../../../types/contract';
import type { UserInsight } from './activity';
import type { PriceBook } from './pricing';

/** Seats paid for and not used, for one license. */
export interface LicenseWasteRow {
  /** Stable key: "UserLicense:<name>" / "PermissionSetLicense:<name>" / "User:<name>". */
  key: string;
  /** License name (UserLicense.Name, PSL DeveloperName, or the users' license name). */
  licenseName: string;
  /** What Setup shows (seat label, else the name). */
  label: string;
  monthlyPrice: number;
  priced: boolean;
  /** Active, unfrozen users with no interactive login within the threshold (not integrations). */
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

/**
 * Prices the seats nobody uses: per user license, inactive + never-logged-in +
 * frozen users (integrations on human seats are excluded: their cost is the
 * integration saving), plus unassigned paid seats of every pool with a price
 * or with unassigned seats.
 */
export function computeWaste(
  insights: readonly UserInsight[],
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  priceBook: PriceBook,
  options?: WasteOptions
): WasteReport {
  throw new Error(
    `not implemented: ${insights.length} ${seats.length} ${String(settings)} ${String(priceBook)} ${String(options)}`
  );
}

/**
 * Paid seats of a pool assigned to nobody. For the Salesforce Integration
 * license and PSL the first `freeIntegrationSeats` seats are free, and users
 * fill free seats first.
 */
export function unassignedPaidSeats(seat: LicenseSeatDto, freeIntegrationSeats: number): number {
  throw new Error(`not implemented: ${seat.name} ${freeIntegrationSeats}`);
}
