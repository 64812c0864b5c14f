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

/**
 * Complete, valid settings: every missing or invalid field (not a finite,
 * non-negative number; empty currency) takes its DEFAULT_SETTINGS value.
 * Day counts are rounded down to whole days; inactivityDays is at least 1;
 * apiBudgetPercent is capped at 100; maxWindowDays is at least defaultWindowDays.
 */
export function resolveSettings(settings?: Partial<SettingsDto> | null): SettingsDto {
  throw new Error(`not implemented: ${String(settings)}`);
}
