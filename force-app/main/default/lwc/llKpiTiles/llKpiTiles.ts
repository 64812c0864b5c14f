import { LightningElement, api } from 'lwc';
import type { DashboardKpis } from 'c/llAnalytics';

/** One tile as the template renders it. */
interface Tile {
  key: string;
  label: string;
  /** Null when the figure cannot be shown (its data failed to load). */
  value: number | null;
  /** False when value is null. */
  hasValue: boolean;
  isMoney: boolean;
  detail: string;
}

/** Shown instead of a figure whose data could not be read. */
const UNAVAILABLE_TEXT = 'Not available';
/** Whole currency units are enough for a yearly estimate. */
const MONEY_FRACTION_DIGITS = 0;

/**
 * The dashboard's headline figures for the users in view: seats bought and
 * used, active / inactive / never logged in, integrations on human seats and
 * the estimated annual waste. Every figure comes from the analytics' KPIs.
 */
export default class LlKpiTiles extends LightningElement {
  /** The KPIs (analysis.kpis); null while loading or after an error. */
  @api kpis: DashboardKpis | null = null;
  /** True when the license seats could not be read: seat figures are not shown. */
  @api seatsUnavailable = false;
  @api loading = false;
  /** The error that kept the figures from loading. */
  @api errors: unknown;

  readonly unavailableText = UNAVAILABLE_TEXT;
  readonly moneyFractionDigits = MONEY_FRACTION_DIGITS;

  get showSpinner(): boolean {
    return this.loading && !this.errors;
  }

  get hasTiles(): boolean {
    return !this.loading && !this.errors && this.kpis !== null;
  }

  get currencyCode(): string {
    return this.kpis?.currencyIsoCode ?? '';
  }

  get tiles(): Tile[] {
    const kpis = this.kpis;
    if (!kpis) return [];
    const seat = (value: number): number | null => (this.seatsUnavailable ? null : value);
    const tiles: Omit<Tile, 'hasValue'>[] = [
      {
        key: 'seatsBought',
        label: 'Seats bought',
        value: seat(kpis.seatsBought),
        isMoney: false,
        detail: 'User licenses in the org'
      },
      {
        key: 'seatsUsed',
        label: 'Seats used',
        value: seat(kpis.seatsUsed),
        isMoney: false,
        detail: 'Assigned to users'
      },
      {
        key: 'activeWithinThreshold',
        label: 'Active',
        value: kpis.activeWithinThreshold,
        isMoney: false,
        detail: `Logged in within ${kpis.inactivityDays} days`
      },
      {
        key: 'inactive',
        label: 'Inactive',
        value: kpis.inactive,
        isMoney: false,
        detail: `No login for ${kpis.inactivityDays} days or more`
      },
      {
        key: 'neverLoggedIn',
        label: 'Never logged in',
        value: kpis.neverLoggedIn,
        isMoney: false,
        detail: `Plus ${kpis.newUsers} new users still in their grace period`
      },
      {
        key: 'integrationsOnHumanSeats',
        label: 'Integrations on human seats',
        value: kpis.integrationsOnHumanSeats,
        isMoney: false,
        detail: `${kpis.adminIntegrations} on an administrator profile`
      },
      {
        key: 'estimatedAnnualWaste',
        label: 'Estimated annual waste',
        value: kpis.estimatedAnnualWaste,
        isMoney: true,
        detail: 'Unused seats and integrations at list price'
      }
    ];
    return tiles.map((tile) => ({ ...tile, hasValue: tile.value !== null }));
  }
}
