import type { SettingsDto } from '../../../../types/contract';

/**
 * Settings used when the org has none: mirrors the LL_Setting.Default custom
 * metadata record field for field. Keep the two in step.
 */
export const DEFAULT_SETTINGS: Readonly<SettingsDto> = Object.freeze({
  inactivityDays: 90,
  neverLoggedInGraceDays: 14,
  defaultWindowDays: 30,
  maxWindowDays: 90,
  freeIntegrationSeats: 5,
  apiBudgetPercent: 75,
  currencyIsoCode: 'USD'
});

/**
 * Inactivity thresholds (days) the dashboard offers: 30 (Salesforce admin
 * guidance), 60, 90 (Security Center, most vendors), 180 (sfdx-hardis).
 */
export const INACTIVITY_THRESHOLD_CHOICES: readonly number[] = Object.freeze([30, 60, 90, 180]);

/** A threshold or window never goes below one day. */
const MIN_INACTIVITY_DAYS = 1;
const MAX_PERCENT = 100;

type WholeNumberSetting =
  | 'inactivityDays'
  | 'neverLoggedInGraceDays'
  | 'defaultWindowDays'
  | 'maxWindowDays'
  | 'freeIntegrationSeats';

function validNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function wholeDays(value: unknown, field: WholeNumberSetting): number {
  const valid = validNumber(value);
  return valid === null ? DEFAULT_SETTINGS[field] : Math.floor(valid);
}

/**
 * Complete, valid settings: every missing or invalid field (not a finite,
 * non-negative number; empty currency) takes its DEFAULT_SETTINGS value.
 * Day counts are rounded down to whole days; inactivityDays is at least 1;
 * apiBudgetPercent is capped at 100; maxWindowDays is at least defaultWindowDays.
 */
export function resolveSettings(settings?: Partial<SettingsDto> | null): SettingsDto {
  const given = settings ?? {};
  const inactivityDays = Math.max(
    MIN_INACTIVITY_DAYS,
    wholeDays(given.inactivityDays, 'inactivityDays')
  );
  const defaultWindowDays = wholeDays(given.defaultWindowDays, 'defaultWindowDays');
  const currency =
    typeof given.currencyIsoCode === 'string' ? given.currencyIsoCode.trim().toUpperCase() : '';
  return {
    inactivityDays,
    neverLoggedInGraceDays: wholeDays(given.neverLoggedInGraceDays, 'neverLoggedInGraceDays'),
    defaultWindowDays,
    maxWindowDays: Math.max(defaultWindowDays, wholeDays(given.maxWindowDays, 'maxWindowDays')),
    freeIntegrationSeats: wholeDays(given.freeIntegrationSeats, 'freeIntegrationSeats'),
    apiBudgetPercent: Math.min(
      MAX_PERCENT,
      validNumber(given.apiBudgetPercent) ?? DEFAULT_SETTINGS.apiBudgetPercent
    ),
    currencyIsoCode: currency || DEFAULT_SETTINGS.currencyIsoCode
  };
}
