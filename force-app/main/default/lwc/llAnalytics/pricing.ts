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

const UNPRICED: Readonly<PriceLookup> = Object.freeze({
  monthlyPrice: 0,
  priced: false,
  matchedKey: null
});
const CENTS = 100;
const INTEGRATION_LICENSE_NAME_LOWER = INTEGRATION_LICENSE_NAME.toLowerCase();
const INTEGRATION_PSL_NAME_LOWER = INTEGRATION_PSL_NAME.toLowerCase();

function validPrice(price: LicensePriceDto): boolean {
  return (
    typeof price.licenseKey === 'string' &&
    price.licenseKey.trim() !== '' &&
    typeof price.monthlyPrice === 'number' &&
    Number.isFinite(price.monthlyPrice) &&
    price.monthlyPrice >= 0
  );
}

/**
 * A price book over the org's list prices. Prices with a blank key or a
 * negative or non-finite amount are ignored; on duplicate keys the first wins.
 */
export function createPriceBook(prices: readonly LicensePriceDto[]): PriceBook {
  const exact = new Map<string, PriceLookup>();
  const folded = new Map<string, PriceLookup>();
  for (const price of prices) {
    if (!validPrice(price)) continue;
    const lookup = { monthlyPrice: price.monthlyPrice, priced: true, matchedKey: price.licenseKey };
    if (!exact.has(price.licenseKey)) exact.set(price.licenseKey, lookup);
    const foldedKey = price.licenseKey.trim().toLowerCase();
    if (!folded.has(foldedKey)) folded.set(foldedKey, lookup);
  }
  const memo = new Map<string, PriceLookup>();
  const find = (licenseName: string | null, definitionKey: string | null): PriceLookup =>
    (definitionKey !== null ? exact.get(definitionKey) : undefined) ??
    (licenseName !== null ? exact.get(licenseName) : undefined) ??
    (definitionKey !== null ? folded.get(definitionKey.trim().toLowerCase()) : undefined) ??
    (licenseName !== null ? folded.get(licenseName.trim().toLowerCase()) : undefined) ??
    UNPRICED;
  const priceOf = (licenseName: string | null, definitionKey: string | null): PriceLookup => {
    const memoKey = `${definitionKey ?? ''}\u0000${licenseName ?? ''}`;
    let lookup = memo.get(memoKey);
    if (!lookup) {
      lookup = find(licenseName ?? null, definitionKey ?? null);
      memo.set(memoKey, lookup);
    }
    return lookup;
  };
  return {
    priceOf,
    integrationPrice(): PriceLookup {
      const license = priceOf(INTEGRATION_LICENSE_NAME, null);
      return license.priced ? license : priceOf(INTEGRATION_PSL_NAME, null);
    }
  };
}

/** True when a license (by name or definition key) is the Salesforce Integration license or PSL. */
export function isIntegrationLicense(
  licenseName: string | null,
  licenseDefinitionKey: string | null
): boolean {
  const name = licenseName?.trim().toLowerCase();
  const key = licenseDefinitionKey?.trim().toLowerCase();
  return (
    name === INTEGRATION_LICENSE_NAME_LOWER ||
    name === INTEGRATION_PSL_NAME_LOWER ||
    key === INTEGRATION_PSL_NAME_LOWER
  );
}

/** Significant digits kept before rounding, so 1.005 × 100 = 100.49999… counts as 100.5. */
const MONEY_PRECISION = 15;

/** Rounds money to cents (half away from zero, after removing binary floating-point noise). */
export function roundMoney(amount: number): number {
  const sign = amount < 0 ? -1 : 1;
  const cents = Number((Math.abs(amount) * CENTS).toPrecision(MONEY_PRECISION));
  return (sign * Math.round(cents)) / CENTS;
}

const MONEY_LOCALE = 'en-US';
const PLAIN_AMOUNT = new Intl.NumberFormat(MONEY_LOCALE, { maximumFractionDigits: 2 });
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/**
 * An amount in the org's currency ("€1,234.50"); a plain number ("1,234.5")
 * when there is no code or it is not ISO 4217. One formatter per code, kept:
 * every card and table that shows money formats it here.
 */
export function formatMoney(amount: number, currencyIsoCode: string | null | undefined): string {
  if (currencyIsoCode) {
    if (!moneyFormats.has(currencyIsoCode)) {
      let format: Intl.NumberFormat | null = null;
      try {
        format = new Intl.NumberFormat(MONEY_LOCALE, {
          style: 'currency',
          currency: currencyIsoCode
        });
      } catch {
        // Not an ISO 4217 code: a plain number below.
        format = null;
      }
      moneyFormats.set(currencyIsoCode, format);
    }
    const format = moneyFormats.get(currencyIsoCode);
    if (format) return format.format(amount);
  }
  return PLAIN_AMOUNT.format(amount);
}
