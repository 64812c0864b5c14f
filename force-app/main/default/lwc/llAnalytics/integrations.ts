import type { LicenseSeatDto, SettingsDto } from '../../../../types/contract';
import type { UserInsight } from './activity';
import type { PriceBook, PriceLookup } from './pricing';

/** One integration running on a human (full-license) seat, and what moving it saves. */
export interface IntegrationFinding {
  id: string;
  insight: UserInsight;
  /** The user has an administrator profile: the riskiest case. */
  adminProfile: boolean;
  /** Monthly price of the user's current license (0 when unpriced). */
  currentMonthlyPrice: number;
  /** Monthly price of the integration seat it would take: 0 on a free seat. */
  integrationMonthlyPrice: number;
  /** True when an available Salesforce Integration seat covers this user. */
  usesFreeSeat: boolean;
  /** (current - integration) × 12, never negative. */
  annualSaving: number;
}

/** Integrations on human seats and the saving of moving them to integration seats. */
export interface IntegrationReport {
  /** Findings, largest saving first, admins first on ties, then by name. */
  findings: IntegrationFinding[];
  /** Findings whose user has an administrator profile. */
  adminFindings: number;
  /**
   * Salesforce Integration seats available now: free seats in the
   * "Salesforce Integration" user license and SalesforceAPIIntegrationPsl pools
   * (the smaller of the two when both are listed); without either pool,
   * settings.freeIntegrationSeats minus users already on the integration license.
   */
  availableIntegrationSeats: number;
  /** Price of an integration seat once the available ones run out. */
  integrationPrice: PriceLookup;
  monthlySaving: number;
  annualSaving: number;
}

/**
 * Finds integrations on human seats among the insights (flag
 * integrationOnHumanSeat) and prices their move: available integration seats
 * go to the largest savings first; beyond them each move costs the
 * integration price.
 * @param allUsers every analysed user (to count integration seats in use when
 *   no seat pool is listed); defaults to `insights`.
 */
export function findIntegrations(
  insights: readonly UserInsight[],
  seats: readonly LicenseSeatDto[],
  settings: SettingsDto,
  priceBook: PriceBook,
  allUsers?: readonly UserInsight[]
): IntegrationReport {
  throw new Error(
    `not implemented: ${insights.length} ${seats.length} ${String(settings)} ${String(priceBook)} ${String(allUsers)}`
  );
}
