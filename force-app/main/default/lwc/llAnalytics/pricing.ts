import type { LicensePriceDto } from '../../../../types/contract';

/** Months in a year, for annual figures. */
export const MONTHS_PER_YEAR = 12;

/** UserLicense.Name of the Salesforce Integration user license. */
export const INTEGRATION_LICENSE_NAME = 'Salesforce Integration';

/** PermissionSetLicense.DeveloperName of the Salesforce API Integration PSL. */
export const INTEGRATION_PSL_NAME = 'SalesforceAPIIntegrationPsl';

/** The price found for a license. */
export interface PriceLookup {
  /** Monthly list price per seat; 0 when unpriced. */
  monthlyPrice: number;
  /** False when no LicensePriceDto matched: the license counts 0 and is reported. */
  priced: boolean;
  /** The LicensePriceDto.licenseKey that matched, null when unpriced. */
  matchedKey: string | null;
}

/** Finds prices for licenses; build one per run (it memoises). */
export interface PriceBook {
  /**
   * The price of a license: a LicensePriceDto whose licenseKey equals the
   * definition key, else the name; exact match first, then case-insensitive.
   */
  priceOf(licenseName: string | null, licenseDefinitionKey: string | null): PriceLookup;
  /** Monthly price of one Salesforce Integration seat (user license, then PSL). */
  integrationPrice(): PriceLookup;
}

/**
 * A price book over the org's list prices. Negative or non-finite prices are
 * treated as missing.
 */
export function createPriceBook(prices: readonly LicensePriceDto[]): PriceBook {
  throw new Error(`not implemented: ${prices.length}`);
}

/** True when a license (by name or definition key) is the Salesforce Integration license. */
export function isIntegrationLicense(
  licenseName: string | null,
  licenseDefinitionKey: string | null
): boolean {
  throw new Error(`not implemented: ${licenseName} ${licenseDefinitionKey}`);
}

/** Rounds money to cents. */
export function roundMoney(amount: number): number {
  throw new Error(`not implemented: ${amount}`);
}
